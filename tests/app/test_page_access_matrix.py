"""Every page opened by its address by every role (and by nobody signed in), through AppTest.

The expected audience of each page is DATA written from DESIGN.md (« Who uses it ») and the
guide, not read from ui/navigation.py; the test also fails if the registry gains a page this
matrix does not know.

A page is opened twice, as an attacker would try:
- by its URL in a fresh session (what typing « /coordination » sends: the page's name);
- by its script hash in a session already open (what a crafted rerun message sends).
Allowed: the page runs and shows its title. Refused: st.navigation never runs the page's
script; the person's own home page runs instead, exactly as when they open it normally (same
titles, texts and widgets), so nothing of the refused page is drawn, not even for a moment.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pytest
import streamlit.testing.v1.local_script_runner as local_runner
from sqlmodel import Session
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from core.roles import Role
from core.settings import PROJECT_ROOT, reset_settings_cache
from db.engine import build_engine
from tests.app.bi_world import NOTE, TOTP_SECRET, World, build_world
from tests.factories import make_user
from ui.navigation import (
    FORGOTTEN_PASSWORD_PAGE, LOGIN_PAGE, NEW_PASSWORD_PAGE, PAGE_REGISTRY, TWO_FACTOR_SETUP_PAGE,
)

# Who opens what (DESIGN.md « Who uses it »; the guide for the requester's pages). « setup_due »
# is a coordinator who has just signed in and must first set up two-factor authentication
# (mandatory for the BI outside the demo): only that page exists for them until it is done.
D, C, CA, I, A = "demandeur", "coordinator", "coordinator_admin", "interpreter", "admin"
ANON, SETUP = "anonymous", "setup_due"
SIGNED_IN = {D, C, CA, I, A}
EXPECTED_AUDIENCE = {
    "accueil": {D},  # « Mes demandes »
    "nouvelle_demande": {D},
    "par_emplacement": {D},
    "calendrier": {D},
    "coordination": {C, CA},
    "tableau_de_bord": {C, CA},
    "exportations": {C, CA},
    "mes_mandats": {I},
    "administration": {A, CA},
    "listes_de_reference": {A, CA},
    "courriels_sortants": {A, CA},  # mails may hold request details: administrators only
    "bonnes_pratiques": {D, C, CA},
    "lexique": {D, C, CA, I},
    "mon_profil": SIGNED_IN,
    "modifier_mot_de_passe": SIGNED_IN,
    "connexion": {ANON},
    "mot_de_passe_oublie": {ANON},
    "nouveau_mot_de_passe": {ANON},
    "authentification_securisee": {SETUP},
}
HOME = {D: "accueil", C: "coordination", CA: "coordination", I: "mes_mandats", A: "administration",
        ANON: "connexion", SETUP: "authentification_securisee"}
ROLES = (ANON, D, C, CA, I, A, SETUP)
TITLES = {"accueil": "Demandes de réservation – Mes demandes",
          "authentification_securisee": "Configuration de l'authentification sécurisée",
          "nouveau_mot_de_passe": "Choisir un nouveau mot de passe"}
ALL_PAGES = (*PAGE_REGISTRY, LOGIN_PAGE, FORGOTTEN_PASSWORD_PAGE, NEW_PASSWORD_PAGE,
             TWO_FACTOR_SETUP_PAGE)
CELLS = [(role, url) for role in ROLES for url in EXPECTED_AUDIENCE]
assert len(CELLS) == 7 * 19 == 133  # reported in the pull request


def _url(entry) -> str:
    return Path(entry.file).stem


def _title(url: str) -> str:
    entry = next(e for e in ALL_PAGES if _url(e) == url)
    return TITLES.get(url, entry.title)


def test_the_matrix_knows_every_registered_page():
    assert sorted(_url(e) for e in ALL_PAGES) == sorted(EXPECTED_AUDIENCE)
    assert sorted(p.stem for p in (PROJECT_ROOT / "app_pages").glob("*.py")) == sorted(EXPECTED_AUDIENCE)


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    """The BI world (people with two-factor set up, requests with a note), plus two accounts."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'pages.db'}"
    world: World = build_world(url)
    engine = build_engine(url)
    with Session(engine) as session:
        both = make_user(session, role=Role.COORDONNATEUR, is_admin=True, email="both@bi.test")
        both.totp_secret, both.totp_enabled = TOTP_SECRET, True
        due = make_user(session, role=Role.COORDONNATEUR, email="due@bi.test")
        session.commit()
        ids = {D: world.ids["owner"], C: world.ids["coord"], CA: both.id, I: world.ids["ana"],
               A: world.ids["admin"], SETUP: due.id, ANON: None}
    engine.dispose()
    return url, ids


@pytest.fixture
def database(people, monkeypatch):
    url, ids = people
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RELAIS_DEMO", "0")
    reset_settings_cache()
    yield ids
    reset_settings_cache()


def _app(user_id) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=30)
    if user_id is not None:
        at.session_state["relais_user_id"] = user_id
    return at


def open_url(user_id, url: str, monkeypatch) -> AppTest:
    """A fresh session opening http://…/<url>: the browser sends the page's name."""
    at = _app(user_id)
    with monkeypatch.context() as patch:
        patch.setattr(local_runner, "RerunData", functools.partial(local_runner.RerunData, page_name=url))
        at.run()
    return at


def rerun_with_hash(at: AppTest, url: str) -> AppTest:
    """An open session asking to run the page by its script hash (a crafted rerun)."""
    at._page_hash = calc_hash(url)
    return at.run()


def fingerprint(at: AppTest) -> list[tuple]:
    """What was drawn: each element's kind, key, and its text or label."""
    drawn = []
    for element in at._tree:
        text = getattr(element, "label", None)
        if text is None and element.type in ("title", "header", "subheader", "markdown", "caption",
                                             "alert", "text", "code"):
            text = element.value
        drawn.append((element.type, getattr(element, "key", None), str(text)))
    return drawn


@pytest.fixture(scope="module")
def homes():
    return {}


def home_of(role: str, user_id, homes: dict, monkeypatch) -> list[tuple]:
    if role not in homes:
        homes[role] = fingerprint(open_url(user_id, "", monkeypatch))
    return homes[role]


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


@pytest.mark.parametrize(("role", "url"), CELLS, ids=[f"{r}-{u}" for r, u in CELLS])
def test_page_by_url(database, homes, monkeypatch, role, url):
    user_id = database[role]
    at = open_url(user_id, url, monkeypatch)
    assert not at.exception
    home = home_of(role, user_id, homes, monkeypatch)
    if role in EXPECTED_AUDIENCE[url]:
        assert _title(url) in _titles(at)[0]
    else:
        assert not any(_title(url) in title for title in _titles(at))
        assert _title(HOME[role]) in _titles(at)[0]
        assert fingerprint(at) == home, "the refused page drew something"
    assert NOTE not in repr(fingerprint(at))  # no page lists the note to the coordinators
    # The same session then asks for the page by its hash.
    rerun_with_hash(at, url)
    assert not at.exception
    if role not in EXPECTED_AUDIENCE[url]:
        assert not any(_title(url) in title for title in _titles(at))
        assert fingerprint(at) == home, "the refused page drew something"
