"""AppTest fixtures: one demo database (db.seed) shared by the app tests."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT, reset_settings_cache
from tests.app.demo_database import prepare_demo_database
from tests.factories import PASSWORD


@pytest.fixture(scope="session")
def app_database_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('app') / 'relais-app.db'}"
    prepare_demo_database(url)
    return url


def start_app() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=30).run()


@pytest.fixture
def app(app_database_url, monkeypatch):
    """The app, started at its login page, on the shared demo database."""
    monkeypatch.setenv("DATABASE_URL", app_database_url)
    monkeypatch.setenv("RELAIS_DEMO", "1")
    reset_settings_cache()
    yield start_app()
    reset_settings_cache()


def log_in(at: AppTest, login: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_identifier").input(login)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    at.run()
    return skip_two_factor_offer(at)


def skip_two_factor_offer(at: AppTest) -> AppTest:
    """After login, « Configuration de l'authentification sécurisée » is offered: « Plus tard »."""
    if any(b.key == "totp_later" for b in at.button):
        at.button(key="totp_later").click()
        at.run()
    return at
