# Not an MCP server: no tools, only the word mcp in a comment.
def mcp_version() -> str:
    return "1.0"
