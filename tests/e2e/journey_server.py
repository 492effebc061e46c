"""A server for the requester journeys: its own database with people, references and requests."""
from __future__ import annotations

from datetime import time, timedelta

from sqlmodel import Session

from core import request_actions
from core.request_lists import local_today
from core.request_service import create_request
from db.engine import build_engine
from db.models import Language
from tests.e2e.app_server import server_environment, start_server
from tests.request_world import make_world, valid_form
from db.migrate import upgrade_database

EMAILS = {"owner": "demandeur@relais.demo", "colleague": "collegue@relais.demo",
          "other": "autre@relais.demo", "coord": "coordination@relais.demo"}


def _reserved(session, world, when, service_time, reason) -> str:
    saved = create_request(session=session, actor=world["owner"],
                           form=valid_form(world, service_date=when, service_time=service_time, reason=reason))
    request_actions.confirm(session=session, request=saved.request, actor=world["coord"],
                            interpreter_id=world["interpreter"].id)
    return saved.request.number


def prepare(database_url: str) -> dict:
    """People with the demo e-mails, plus two Réservé requests tomorrow (to modify, to cancel)."""
    engine = build_engine(database_url)
    upgrade_database(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = make_world(session)
        session.add(Language(code="en", label="anglais"))
        for name, email in EMAILS.items():
            world[name].email = email
            session.add(world[name])
        session.flush()
        tomorrow = local_today() + timedelta(days=1)
        numbers = {"to_modify": _reserved(session, world, tomorrow, time(14, 0), "Suivi"),
                   "to_cancel": _reserved(session, world, tomorrow, time(9, 0), "Bilan")}
        session.commit()
    engine.dispose()
    return numbers


def start(workdir, prepare_database=None):
    """(url, server process, numbers): `streamlit run Home.py` on a free local port.

    `prepare_database(url)` fills the database and returns the numbers the tests need
    (default: `prepare`)."""
    database_url = f"sqlite:///{workdir / 'relais-journeys.db'}"
    numbers = (prepare_database or prepare)(database_url)
    server, url = start_server(server_environment(database_url), workdir / "streamlit.log")
    return url, server, numbers, database_url
