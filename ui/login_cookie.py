"""The re-authentication cookie of streamlit-authenticator, checked by core.auth.

The cookie is a JWT `{username, exp_date}` signed with COOKIE_KEY; `username` holds the public
ID. Reading and trusting it is one function (`sign_in_from_cookie`) over core, so that
server-side revocation (accounts issue) is added in core without touching the pages.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine
from streamlit_authenticator.controllers import CookieController

from core.auth import user_for_login_token
from core.settings import Settings
from db.engine import read_session
from ui.session import COOKIE_CHANGE, is_signed_in, sign_in, signed_out_in_this_session

COOKIE_NAME = "relais_connexion"


def login_cookie_controller(settings: Settings) -> CookieController:
    """Create once per run, in the entry point (it renders an invisible component)."""
    return CookieController(COOKIE_NAME, settings.cookie_key, settings.session_max_hours / 24)


def sign_in_from_cookie(engine: Engine, settings: Settings) -> bool:
    """Sign the person in again from a valid cookie sent by the browser; True when done."""
    if is_signed_in() or signed_out_in_this_session():
        return False
    token = st.context.cookies.get(COOKIE_NAME)
    if not token:
        return False
    with read_session(engine) as session:
        user = user_for_login_token(session=session, token=token, cookie_key=settings.cookie_key)
        if user is None:
            return False
        sign_in(user, remember=False)
    return True


def apply_pending_cookie_change(controller: CookieController) -> None:
    """Write or delete the cookie in a run that is not cut short by st.rerun()."""
    change = st.session_state.pop(COOKIE_CHANGE, None)
    if change == "set":
        controller.set_cookie()
    elif change == "delete":
        controller.delete_cookie()
