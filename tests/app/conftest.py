"""AppTest fixtures: one migrated SQLite database with the demo accounts, shared by the module."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.request_lists import local_today
from core.roles import Role
from core.settings import PROJECT_ROOT, reset_settings_cache
from db.engine import build_engine
from tests.factories import PASSWORD, make_reference, make_request, make_user
from ui._seed_shim import ensure_ready

DEMO_LOGINS = {  # email -> public ID, as the demo data defines them
    "demandeur@relais.demo": "R1000001",
    "collegue@relais.demo": "R1000002",
    "autre@relais.demo": "R1000003",
    "coordination@relais.demo": "R1000004",
    "interprete@relais.demo": "R1000005",
    "admin@relais.demo": "R1000006",
}
_ROLES = {"coordination": Role.COORDONNATEUR, "interprete": Role.INTERPRETE, "admin": Role.ADMIN}


TODAY_NUMBERS = {"mine": "2099-900001", "colleague": "2099-900002", "tomorrow": "2099-900003"}


def _demo_accounts(engine) -> None:
    with Session(engine) as session:
        ref = make_reference(session)
        users = {}
        for email, public_id in DEMO_LOGINS.items():
            role = _ROLES.get(email.split("@")[0], Role.DEMANDEUR)
            users[email] = make_user(session, role=role, email=email, installations=[ref["inst_a"]])
            users[email].public_id = public_id
        _requests_around_today(session, ref, users)
        session.commit()


def _requests_around_today(session, ref, users) -> None:
    """Today's requests of the demandeur and of a colleague, and one of the demandeur tomorrow."""
    today = local_today()
    make_request(session, ref=ref, requester=users["demandeur@relais.demo"], status="reserve",
                 service_date=today, number=TODAY_NUMBERS["mine"])
    make_request(session, ref=ref, requester=users["collegue@relais.demo"], status="nouveau",
                 service_date=today, number=TODAY_NUMBERS["colleague"])
    make_request(session, ref=ref, requester=users["demandeur@relais.demo"], status="nouveau",
                 service_date=today + timedelta(days=1), number=TODAY_NUMBERS["tomorrow"])


@pytest.fixture(scope="session")
def app_database_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('app') / 'relais-app.db'}"
    engine = build_engine(url)
    ensure_ready(engine, demo=False)
    _demo_accounts(engine)
    engine.dispose()
    return url


@pytest.fixture
def app(app_database_url, monkeypatch):
    """The app, started at its login page, on the shared demo database."""
    monkeypatch.setenv("DATABASE_URL", app_database_url)
    monkeypatch.setenv("RELAIS_DEMO", "1")
    reset_settings_cache()
    at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=30)
    at.run()
    yield at
    reset_settings_cache()


def log_in(at: AppTest, login: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_identifier").input(login)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    return at.run()
