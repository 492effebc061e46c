"""Real-browser fixtures: `streamlit run Home.py` on 127.0.0.1 and Debian's Chromium via Playwright."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app.demo_database import prepare_demo_database
from tests.e2e.app_server import server_environment, start_server, stop_server

CHROMIUM_MISSING = "Chromium absent : tests navigateur ignorés (installez le paquet Debian chromium)"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 30_000  # a generous ceiling for a page under load; waits end as soon as the page is ready


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    """The app served by `streamlit run` on a free local port, with its own demo database."""
    if chromium_path() is None:
        pytest.skip(CHROMIUM_MISSING)
    workdir = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{workdir / 'relais-e2e.db'}"
    prepare_demo_database(database_url)  # the server then finds its demo data ready
    server, url = start_server(server_environment(database_url), workdir / "streamlit.log")
    try:
        yield url
    finally:
        stop_server(server)


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
