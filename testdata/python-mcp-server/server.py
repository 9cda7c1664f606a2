"""Weather MCP server: forecasts for the assistant, over stdio."""
import httpx
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("weather")

API = "https://api.open-meteo.com/v1/forecast"


@mcp.tool()
async def forecast(latitude: float, longitude: float) -> str:
    """Get the weather forecast for a location.

    Args:
        latitude: Latitude of the location
        longitude: Longitude of the location
    """
    async with httpx.AsyncClient() as client:
        r = await client.get(API, params={"latitude": latitude, "longitude": longitude, "hourly": "temperature_2m"})
        r.raise_for_status()
        return r.text


if __name__ == "__main__":
    mcp.run(transport="stdio")
