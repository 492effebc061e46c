"""The running server answers the health check that the Docker HEALTHCHECK and the proxy poll."""
from __future__ import annotations

import urllib.request


def test_health_endpoint_answers_ok(base_url):
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=10) as answer:
        assert (answer.status, answer.read().decode().strip()) == (200, "ok")
