"""Real-browser fixtures: `streamlit run Home.py` on 127.0.0.1 and Debian's Chromium via Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT
from tests.app.demo_database import prepare_demo_database

CHROMIUM_MISSING = "Chromium absent : tests navigateur ignorés (installez le paquet Debian chromium)"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 60
WAIT_MS = 30_000  # a generous ceiling for a page under load; waits end as soon as the page is ready


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not _healthy(url):
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)  # polling a condition, not waiting for a fixed time


def _server_environment(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "RELAIS_DEMO": "1",
           "COOKIE_KEY": "e2e-cookie-key-long-enough-for-hs256-signatures-0123456789"}
    env.pop("TEST_DATABASE_URL", None)
    return env


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    """The app served by `streamlit run` on a free local port, with its own demo database."""
    if chromium_path() is None:
        pytest.skip(CHROMIUM_MISSING)
    workdir = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{workdir / 'relais-e2e.db'}"
    prepare_demo_database(database_url)  # the server then finds its demo data ready
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / "streamlit.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true"],
            cwd=PROJECT_ROOT, env=_server_environment(database_url), stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_until_healthy(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip(CHROMIUM_MISSING)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh browser context (no cookies) on the app's login page."""
    context = browser.new_context(locale="fr-CA", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    tab.goto(base_url)
    yield tab
    context.close()
