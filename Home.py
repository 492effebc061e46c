"""Relais entry point: start-up, login gate, header, and the pages of the person's role."""
import streamlit as st

from ui.db import app_engine, app_settings
from ui.errors import run_page
from ui.header import show_header
from ui.login_cookie import LoginCookie
from ui.navigation import login_navigation, navigation_for
from ui.session import refresh_person

st.set_page_config(page_title="Relais", layout="wide")

settings = app_settings()
engine = app_engine()
login_cookie = LoginCookie(settings)
login_cookie.sign_in_from_cookie(engine)
person = refresh_person(engine)
login_cookie.apply_pending_change()

if person is None:
    page = login_navigation()
else:
    page = navigation_for(person)
    show_header(person)
run_page(page)
