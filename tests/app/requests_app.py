"""AppTest helpers for the requester's pages: a fresh database per test and a signed-in person."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from core.request_lists import local_today
from core.settings import PROJECT_ROOT, reset_settings_cache
from db.engine import build_engine
from db.models import Language
from tests.request_world import make_world
from db.migrate import upgrade_database
from tests.app.page_text import texts  # noqa: F401  (re-exported to the page tests)

NEXT_WEEK = local_today() + timedelta(days=7)


@pytest.fixture
def world_db(tmp_path, monkeypatch):
    """A migrated SQLite file with the people and reference rows of tests.request_world."""
    url = f"sqlite:///{tmp_path / 'relais-requests.db'}"
    engine = build_engine(url)
    upgrade_database(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = make_world(session)
        session.add(Language(code="en", label="anglais"))
        session.commit()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RELAIS_DEMO", "0")
    reset_settings_cache()
    yield engine, world
    engine.dispose()
    reset_settings_cache()


def open_as(person, page: str | None = None) -> AppTest:
    """The app signed in as `person` (no login form: the session holds the account id)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=30)
    at.session_state["relais_user_id"] = person.id
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def fill_valid_form(at: AppTest, world: dict, prefix: str = "new_request", when: date = NEXT_WEEK) -> AppTest:
    at.text_input(key=f"{prefix}_location").input("Clinique externe, local 2.114")
    at.selectbox(key=f"{prefix}_request_type").select("presence")
    at.date_input(key=f"{prefix}_service_date").set_value(when)
    at.time_input(key=f"{prefix}_service_time").set_value(time(10, 0))
    at.selectbox(key=f"{prefix}_target_language_id").select(world["es"].id)
    return at.run()


__all__ = ["count", "errors", "fill_valid_form", "open_as", "texts", "world_db"]
