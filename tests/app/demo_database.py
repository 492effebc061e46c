"""A database as the app prepares it in demo mode, plus three known requests around today.

Shared by the AppTest and browser fixtures: the demo data come from db.seed, as on a first start.
"""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from core.request_lists import local_today
from db.engine import build_engine
from db.models import Installation, Language, User, UserInstallation
from db.seed import ensure_ready
from tests.factories import make_request

KNOWN_NUMBERS = {"mine_today": "2099-900001", "colleague_today": "2099-900002",
                 "mine_tomorrow": "2099-900003"}


def _user(session: Session, email: str) -> User:
    return session.exec(select(User).where(User.email == email)).one()


def _reference_for(session: Session, user: User) -> dict:
    """The demandeur's installation and the languages make_request expects."""
    installation = session.exec(select(Installation).join(
        UserInstallation, UserInstallation.installation_id == Installation.id)
        .where(UserInstallation.user_id == user.id)).first()
    languages = {lang.code: lang for lang in session.exec(
        select(Language).where(Language.code.in_(["fr", "es"])))}
    return {"inst_a": installation, "fr": languages["fr"], "es": languages["es"]}


def _known_requests(session: Session) -> None:
    me, colleague = _user(session, "demandeur@relais.demo"), _user(session, "collegue@relais.demo")
    ref, today = _reference_for(session, me), local_today()
    make_request(session, ref=ref, requester=me, status="reserve", service_date=today,
                 number=KNOWN_NUMBERS["mine_today"])
    make_request(session, ref=ref, requester=colleague, status="nouveau", service_date=today,
                 number=KNOWN_NUMBERS["colleague_today"])
    make_request(session, ref=ref, requester=me, status="nouveau", service_date=today + timedelta(days=1),
                 number=KNOWN_NUMBERS["mine_tomorrow"])


def prepare_demo_database(database_url: str) -> None:
    engine = build_engine(database_url)
    try:
        ensure_ready(engine, demo=True)
        with Session(engine) as session:
            _known_requests(session)
            session.commit()
    finally:
        engine.dispose()
