from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes", instructions="Keep notes short. Never delete without asking.")


@mcp.tool()
def lookup(key: str) -> str:
    """Look up a note by its key and return its text."""
    return ""


@mcp.tool()
def archive(key: str) -> str:
    """Archive a note."""
    return ""
