"""Relais entry point: start-up, login gate, header, and the pages of the person's role."""
import streamlit as st

from ui.db import app_engine, app_settings
from ui.errors import run_page
from ui.header import show_header
from ui.login_cookie import apply_pending_cookie_change, login_cookie_controller, sign_in_from_cookie
from ui.navigation import login_navigation, navigation_for
from ui.session import refresh_person

st.set_page_config(page_title="Relais", layout="wide")

settings = app_settings()
engine = app_engine()
cookie_controller = login_cookie_controller(settings)
sign_in_from_cookie(engine, settings)
person = refresh_person(engine)
apply_pending_cookie_change(cookie_controller)

if person is None:
    page = login_navigation()
else:
    page = navigation_for(person)
    show_header(person)
run_page(page)
