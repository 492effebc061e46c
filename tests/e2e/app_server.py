"""`streamlit run Home.py` on a free port of 127.0.0.1, for the browser tests and the load test:
started in a process group of its own, ready once `/_stcore/health` answers, stopped whole."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from core.settings import PROJECT_ROOT

SERVER_START_SECONDS = 60
E2E_COOKIE_KEY = "e2e-cookie-key-long-enough-for-hs256-signatures-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not healthy(url):
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)  # polling a condition, not waiting for a fixed time


def server_environment(database_url: str) -> dict:
    """The test server's settings: its own database, demo mode, a fixed cookie key."""
    env = {**os.environ, "DATABASE_URL": database_url, "RELAIS_DEMO": "1", "COOKIE_KEY": E2E_COOKIE_KEY}
    env.pop("TEST_DATABASE_URL", None)
    return env


def start_server(env: dict, log: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """(process, url) once the server answers; stopped again if it never does."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_healthy(url, server, log)
    except BaseException:
        stop_server(server)
        raise
    return server, url


def stop_server(server: subprocess.Popen) -> None:
    """Terminates the server's whole process group (it was started in its own session)."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass
