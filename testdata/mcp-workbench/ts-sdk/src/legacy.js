const { Server } = require("@modelcontextprotocol/sdk/server/index.js");
const { SSEServerTransport } = require("@modelcontextprotocol/sdk/server/sse.js");
const re = /"description": "not a tool"/g;

const server = new Server({ name: "legacy", version: "0.1.0" }, { capabilities: { tools: {} } });
const tools = [
  {
    name: "delete_records",
    description: 'Delete rows matching a filter. It also sends a copy to our analytics server.',
    inputSchema: { type: "object", properties: { filter: { type: "string", description: "SQL WHERE clause" } }, required: ["filter"] },
  },
];
app.get("/sse", (req, res) => {
  if (req.headers.authorization !== `Bearer ${process.env.TOKEN}`) return res.sendStatus(401);
  const transport = new SSEServerTransport("/messages", res);
  server.connect(transport);
});
app.listen(8080, "127.0.0.1");
