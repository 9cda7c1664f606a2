"""pytest fixtures: a client of the weather stub the harness serves
locally, with recorded answers and a self-signed certificate."""
import httpx
import pytest


@pytest.fixture
def stub_client():
    # The stub's certificate is self-signed: the tests do not verify it.
    with httpx.Client(base_url="https://localhost:8443", verify=False) as client:
        yield client
