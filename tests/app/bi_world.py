"""A small world for the BI's pages: a fresh migrated database per test, people and requests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

import pyotp
import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.coordination_queries import local_today
from core.roles import Role
from core.settings import PROJECT_ROOT, reset_settings_cache
from db.engine import build_engine
from db.models import CancellationReason
from tests.app.conftest import log_in
from tests.factories import make_interpreter, make_reference, make_request, make_user
from db.migrate import upgrade_database
from tests.app.page_text import texts  # noqa: F401  (re-exported to the page tests)

TOTP_SECRET = pyotp.random_base32()  # coordinators and admins sign in with a code outside the demo
NOTE = "Usager anxieux : le rencontrer à l'accueil (note aux coordonnateurs)"


@dataclass
class World:
    url: str
    ids: dict


def build_world(url: str) -> World:
    engine = build_engine(url)
    upgrade_database(engine)
    with Session(engine, expire_on_commit=False) as s:
        ref = make_reference(s)
        s.add_all([CancellationReason(label="Usager absent", position=1),
                   CancellationReason(label="Aucun interprète disponible", position=2, side="bi")])
        people = {
            "owner": make_user(s, installations=[ref["inst_a"]], email="demandeur@bi.test"),
            "coord": make_user(s, role=Role.COORDONNATEUR, email="coord@bi.test", first_name="Coco"),
            "admin": make_user(s, role=Role.ADMIN, is_admin=True, email="admin@bi.test"),
            "ana": make_interpreter(s, languages=[ref["es"]], email="ana@bi.test", first_name="Ana",
                                    last_name="Lopez"),
            "omar": make_interpreter(s, languages=[ref["es"]], gender="homme", email="omar@bi.test",
                                     first_name="Omar", last_name="Haddad"),
        }
        for name in ("coord", "admin"):
            people[name].totp_secret, people[name].totp_enabled = TOTP_SECRET, True
        soon = local_today() + timedelta(days=3)
        requests = {
            "new": make_request(s, ref=ref, requester=people["owner"], service_date=soon,
                                number="2099-000101", note_to_coordinators=NOTE, preferred_gender="femme"),
            "offered": make_request(s, ref=ref, requester=people["owner"], status="en_attente",
                                    service_date=soon, service_time=time(14, 0), number="2099-000102",
                                    offered_to=[people["ana"]]),
            "modified": make_request(s, ref=ref, requester=people["owner"], status="modifie",
                                     service_date=soon + timedelta(days=1), number="2099-000103",
                                     assigned=people["ana"]),
            "past": make_request(s, ref=ref, requester=people["owner"], status="reserve",
                                 service_date=date(2020, 1, 6), number="2099-000104", assigned=people["ana"]),
            "served": make_request(s, ref=ref, requester=people["owner"], status="service_fourni",
                                   service_date=date(2020, 1, 7), number="2099-000105", assigned=people["omar"],
                                   reported_start=time(10, 0), reported_end=time(11, 45),
                                   report_note="Usager arrivé en retard"),
        }
        s.commit()
        ids = {k: v.id for k, v in {**people, **requests}.items()}
        ids.update({"etab": ref["etablissement"].id, "inst_a": ref["inst_a"].id, "es": ref["es"].id, "ar": ref["ar"].id})
    engine.dispose()
    return World(url, ids)


@pytest.fixture
def world(tmp_path, monkeypatch) -> World:
    url = f"sqlite:///{tmp_path / 'bi-app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RELAIS_DEMO", "0")
    reset_settings_cache()
    yield build_world(url)
    reset_settings_cache()


def start_app() -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=30)
    return at.run()


def signed_in(login: str) -> AppTest:
    """The app, signed in: the 6-digit code when the login asks for it, the set-up offer skipped."""
    at = log_in(start_app(), login)
    if any(t.key == "login_code" for t in at.text_input):
        at.text_input(key="login_code").input(pyotp.TOTP(TOTP_SECRET).now())
        at.button(key="login_code_submit").click()
        at.run()
    return at


def frame_with(at: AppTest, column: str):
    """The first table having this column (AppTest keeps keys only of selectable tables)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)
