from mcp.server.fastmcp import FastMCP

mcp = FastMCP("mail")


@mcp.tool()
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email."""
    return "sent"


@mcp.tool()
def search(query: str) -> str:
    """Search the mailbox."""
    return ""
