"""Relais entry point: start-up, login gate, header, and the pages of the person's role."""
import streamlit as st

from ui.db import app_engine, app_settings
from ui.errors import run_page, show_unexpected_error
from ui.header import show_header
from ui.login_cookie import LoginCookie
from ui.navigation import login_navigation, navigation_for, two_factor_setup_navigation
from ui.security import enforce_session_limits, two_factor_setup_due
from ui.session import refresh_person, sign_out
from ui.timing import timed_run

st.set_page_config(page_title="Relais", layout="wide")


def main(run: dict) -> None:
    settings = app_settings()
    engine = app_engine()
    login_cookie = LoginCookie(settings)
    login_cookie.sign_in_from_cookie(engine)
    person = enforce_session_limits(engine, refresh_person(engine))
    login_cookie.apply_pending_change()

    if person is None:
        page = login_navigation()
    elif two_factor_setup_due(engine, person):
        page = two_factor_setup_navigation()
        st.button("Déconnexion", key="header_logout", icon=":material/logout:", on_click=sign_out)
    else:
        page = navigation_for(person)
        show_header(person)
    run["page"] = page.title
    run_page(page)


with timed_run() as this_run:  # off unless RELAIS_TIMING_LOG is set (benchmarks.load)
    try:
        main(this_run)
    except Exception:  # st.stop/st.rerun are not Exceptions: they pass through
        show_unexpected_error("start")
