"""Who is signed in, for this browser session. Pages read `current_person()`.

Only the account id is kept between runs; the person is read afresh from the database on every
run, so a deactivated account is signed out at its next click.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from core.auth import SignedInPerson, signed_in_person
from core.sessions import revoke_sessions
from db.engine import read_session, session_scope
from db.models import User
from ui.db import app_engine

USER_ID = "relais_user_id"
PERSON = "relais_person"
LOGGED_OUT = "relais_logged_out"  # a login cookie still sent by this tab is not honoured again
COOKIE_CHANGE = "relais_cookie_change"  # "set" or "delete", done on the next run (see ui.login_cookie)
COOKIE_USERNAME = "username"  # streamlit-authenticator signs this session key into its cookie


def sign_in(user: User, *, remember: bool = True) -> None:
    st.session_state[USER_ID] = user.id
    st.session_state[COOKIE_USERNAME] = user.public_id
    st.session_state.pop(LOGGED_OUT, None)
    if remember:
        st.session_state[COOKIE_CHANGE] = "set"


def sign_out(revoke: bool = True) -> None:
    """Forget everything of this session; the login cookie is deleted on the next run.

    With `revoke` (« Déconnexion »), every login cookie of the person issued until now is
    refused by the server too, wherever it was copied (logout everywhere).
    """
    user_id = st.session_state.get(USER_ID)
    if revoke and user_id is not None:
        _revoke_sessions(user_id)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[LOGGED_OUT] = True
    st.session_state[COOKIE_CHANGE] = "delete"


def _revoke_sessions(user_id: int) -> None:
    with session_scope(app_engine()) as session:
        user = session.get(User, user_id)
        if user is not None:
            revoke_sessions(session=session, user=user, reason="logout")


def is_signed_in() -> bool:
    return st.session_state.get(USER_ID) is not None


def signed_out_in_this_session() -> bool:
    return bool(st.session_state.get(LOGGED_OUT))


def refresh_person(engine: Engine) -> SignedInPerson | None:
    """Read the signed-in person for this run; sign out an account that is gone or inactive."""
    person = None
    if is_signed_in():
        with read_session(engine) as session:
            person = signed_in_person(session=session, user_id=st.session_state[USER_ID])
        if person is None:
            sign_out()
    st.session_state[PERSON] = person
    return person


def current_person() -> SignedInPerson:
    """The signed-in person. The entry point runs a page only for a signed-in person."""
    person = st.session_state.get(PERSON)
    if person is None:
        st.stop()
    return person
