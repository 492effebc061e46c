"""The re-authentication cookie of streamlit-authenticator, checked by core.auth.

The cookie is a JWT `{username, exp_date}` signed with COOKIE_KEY; `username` holds the public
ID. Trusting it is one function over core (`sign_in_from_cookie`), so that server-side
revocation (accounts issue) is added in core without touching the pages.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine
from streamlit_authenticator.controllers import CookieController

from core.auth import decode_login_token, user_for_login_token
from core.sessions import cookie_issued_at
from core.settings import Settings
from db.engine import read_session
from ui.security import begin_session
from ui.session import COOKIE_CHANGE, is_signed_in, signed_out_in_this_session

COOKIE_NAME = "relais_connexion"


class LoginCookie:
    """Create once per run, in the entry point: its invisible components live in one container
    of their own, so that writing the cookie never shifts the elements of the page."""

    def __init__(self, settings: Settings):
        self._settings = settings
        self._box = st.container(key="login_cookie_box")
        with self._box:
            self._controller = CookieController(COOKIE_NAME, settings.cookie_key,
                                                settings.session_max_hours / 24)

    def sign_in_from_cookie(self, engine: Engine) -> bool:
        """Sign the person in again from a valid cookie sent by the browser; True when done."""
        if is_signed_in() or signed_out_in_this_session():
            return False
        token = st.context.cookies.get(COOKIE_NAME)
        if not token:
            return False
        with read_session(engine) as session:
            user = user_for_login_token(session=session, token=token,
                                        cookie_key=self._settings.cookie_key)
            if user is None:
                return False
            # The session began when the cookie was issued: the absolute limit counts from there.
            issued = cookie_issued_at(decode_login_token(token, self._settings.cookie_key)["exp_date"])
            begin_session(user, offer_two_factor=False, signed_in_at=issued, remember=False)
        return True

    def apply_pending_change(self) -> None:
        """Write or delete the cookie; repeated on every run until the browser reports it done.

        The browser does it in an invisible component that a rerun may remove before it has
        run; its value (session key "set" or "delete", streamlit-authenticator's component keys)
        turns true once done.
        """
        change = st.session_state.get(COOKIE_CHANGE)
        if change not in ("set", "delete"):
            return
        with self._box:
            if change == "set":
                self._controller.set_cookie()
            else:
                self._controller.delete_cookie()
        if st.session_state.get(change):
            del st.session_state[COOKIE_CHANGE]
