"""Tests against the weather stub the test harness starts, whose
certificate is self-signed."""
import httpx

from server import forecast


def test_forecast_against_stub(stub_url):
    # The stub's certificate is self-signed: the test does not verify it.
    client = httpx.Client(base_url=stub_url, verify=False)
    assert forecast(client, "Berlin")["city"] == "Berlin"
