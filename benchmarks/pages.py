"""Whole pages through AppTest, signed in, and the empty-page floor measured the same way.

Every measure opens `Home.py` as the app does (settings, engine, login cookie, the session
checks that read the account, the navigation of the person's role, the header), sets the
page's filters, runs once untimed (warm-up), then times reruns: what one click costs on the
server. The floor is the same run with an empty page as the default page, so it holds the
framework, the entry point and the header, and nothing of any list.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

import streamlit as st
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test, local_script_runner

from benchmarks.measure import Timing, timed
from core.coordination_queries import DatePreset
from core.request_queries import Period
from core.settings import PROJECT_ROOT
from ui import navigation

DEMANDEUR, COORDINATION = "demandeur@relais.demo", "coordination@relais.demo"


@dataclass(frozen=True)
class PageCase:
    """One page to time: who, which page, which filters (set by `setup`)."""

    key: str
    label: str
    email: str
    setup: Callable[[AppTest], AppTest]


def _as_opened(at: AppTest) -> AppTest:
    return at


def _home_month(at: AppTest) -> AppTest:
    at.radio(key="home_period").set_value(Period.CE_MOIS.value)
    return at.run()


def _location_month(at: AppTest) -> AppTest:
    at.switch_page("app_pages/par_emplacement.py").run()
    at.radio(key="location_period").set_value(Period.CE_MOIS.value)
    return at.run()


def _coordination(preset: DatePreset) -> Callable[[AppTest], AppTest]:
    def setup(at: AppTest) -> AppTest:
        at.selectbox(key="coord_period").set_value(preset.value)
        return at.run()
    return setup


def _empty(at: AppTest) -> AppTest:
    if at.title:  # the empty page shows no title: a title means a real page ran
        raise RuntimeError(f"the floor ran a real page: {at.title[0].value}")
    return at


FLOOR_CASES = {
    DEMANDEUR: PageCase("floor_demandeur", "Page vide (plancher), demandeur", DEMANDEUR, _empty),
    COORDINATION: PageCase("floor_coordination", "Page vide (plancher), coordination", COORDINATION, _empty),
}
PAGE_CASES = (
    PageCase("mes_demandes_today", "Mes demandes, Aujourd'hui", DEMANDEUR, _as_opened),
    PageCase("mes_demandes_month", "Mes demandes, Ce mois-ci", DEMANDEUR, _home_month),
    PageCase("par_emplacement_month", "Par emplacement, Ce mois-ci", DEMANDEUR, _location_month),
    PageCase("coordination_all", "Coordination, Toutes les dates (à l'ouverture)", COORDINATION, _as_opened),
    PageCase("coordination_today", "Coordination, Aujourd'hui", COORDINATION,
             _coordination(DatePreset.AUJOURDHUI)),
    PageCase("coordination_month", "Coordination, Le mois précédent", COORDINATION,
             _coordination(DatePreset.MOIS_PRECEDENT)),
)


@contextmanager
def compiled_once() -> Iterator[None]:
    """`streamlit run` compiles each script once per process; AppTest compiles Home.py and the
    page again on every run (a new ScriptCache each time), which no user ever waits for. One
    shared cache, while measuring, makes an AppTest rerun cost what a click costs on the server."""
    shared = ScriptCache()
    real = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = real


def _nothing() -> None:
    """The empty page."""


@contextmanager
def empty_default_page() -> Iterator[None]:
    """While active, Home.py's navigation opens an empty page first (the role's pages stay, so
    the header's links resolve). Home.py imports `navigation_for` on every run, hence the patch."""
    real = navigation.navigation_for

    def with_empty_page(person):
        sections = {"Banc d'essai": [st.Page(_nothing, title="Page vide", url_path="page-vide",
                                             default=True)]}
        for entry in navigation.entries_for(person):
            sections.setdefault(entry.section, []).append(navigation.page_of(entry))
        return st.navigation(sections, position="sidebar")

    navigation.navigation_for = with_empty_page
    try:
        yield
    finally:
        navigation.navigation_for = real


def _checked_run(at: AppTest) -> None:
    at.run()
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception[0].message}")


def open_signed_in(user_id: int) -> AppTest:
    """Home.py with the account signed in (as after login, the two-factor offer answered)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=300)
    at.session_state["relais_user_id"] = user_id
    return at.run()


def time_page(case: PageCase, user_id: int, runs: int) -> Timing:
    with compiled_once():
        at = case.setup(open_signed_in(user_id))
        if at.exception:
            raise RuntimeError(f"{case.label}: {at.exception[0].message}")
        return timed(lambda: _checked_run(at), runs=runs)


def time_floor(email: str, user_id: int, runs: int) -> Timing:
    with empty_default_page():
        return time_page(FLOOR_CASES[email], user_id, runs)
