from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

mcp = FastMCP("tasks")


@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True, openWorldHint=False))
def list_tasks(project: str) -> str:
    """List the open tasks of a project."""
    return ""


@mcp.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False))
def add_task(project: str, title: str) -> str:
    """Add a task to a project."""
    return ""


if __name__ == "__main__":
    mcp.run()
