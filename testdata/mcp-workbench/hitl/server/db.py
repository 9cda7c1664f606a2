from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

mcp = FastMCP("db")


@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))
def query(sql: str) -> str:
    """Run a read-only SQL query."""
    return ""


@mcp.tool()
def drop_table(name: str) -> str:
    """Drop a table."""
    return ""


@mcp.tool()
def send_report(to: str) -> str:
    """Email the weekly report."""
    return ""
