"""Tests of the forecast tool against the weather stub."""
from server import forecast


def test_forecast_against_stub(stub_client):
    assert forecast(stub_client, "Berlin")["city"] == "Berlin"
