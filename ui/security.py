"""Session limits and the login's extra steps, for this browser session.

- Idle timeout and absolute limit (settings), and server-side revocation (logout elsewhere,
  password change): checked on every run by `enforce_session_limits`.
- The two-factor step: after a right password, the account waits here for its code.
- The offer « Configuration de l'authentification sécurisée » after login.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st
from sqlalchemy.engine import Engine

from core.auth import SignedInPerson
from core.sessions import session_is_current, touch, TOUCH_EVERY
from core.settings import get_settings
from core.totp import is_required
from db.engine import read_session, session_scope
from db.models import User
from db.types import utcnow
from ui.session import sign_in, sign_out

SIGNED_IN_AT = "relais_signed_in_at"
LAST_ACTIVITY = "relais_last_activity"
LAST_TOUCH = "relais_last_touch"
PENDING_CODE = "relais_pending_code"  # (user id, deadline) between the password and the code
TOTP_OFFER = "relais_totp_offer"  # show « Configuration de l'authentification sécurisée »
RECOVERY_CODES = "relais_recovery_codes"  # shown once, right after the set-up is confirmed
SESSION_ENDED = "relais_session_ended"  # why this session was closed, shown on the login page
PENDING_CODE_MINUTES = 5

MSG_IDLE = ("Votre session a été fermée après {minutes} minutes d'inactivité. "
            "Connectez-vous de nouveau.")
MSG_ENDED = "Votre session a été fermée. Connectez-vous de nouveau."


def begin_session(user: User, *, offer_two_factor: bool = True, signed_in_at: datetime | None = None,
                  remember: bool = True) -> None:
    """The login is complete (password, and code when enabled)."""
    sign_in(user, remember=remember)
    now = utcnow()
    st.session_state[SIGNED_IN_AT] = signed_in_at or now
    st.session_state[LAST_ACTIVITY] = now
    st.session_state.pop(PENDING_CODE, None)
    if offer_two_factor and not user.totp_enabled:
        st.session_state[TOTP_OFFER] = True


def await_code(user: User) -> None:
    st.session_state[PENDING_CODE] = (user.id, utcnow() + timedelta(minutes=PENDING_CODE_MINUTES))


def pending_code_user_id() -> int | None:
    pending = st.session_state.get(PENDING_CODE)
    if not pending or pending[1] <= utcnow():
        st.session_state.pop(PENDING_CODE, None)
        return None
    return pending[0]


def _end(reason: str) -> None:
    sign_out(revoke=False)
    st.session_state[SESSION_ENDED] = reason


def enforce_session_limits(engine: Engine, person: SignedInPerson | None) -> SignedInPerson | None:
    """Closes this session when idle too long, too old, or revoked; notes the activity."""
    if person is None:
        return None
    settings, now = get_settings(), utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    last = st.session_state.get(LAST_ACTIVITY, now)
    if now - last >= idle:
        _end(MSG_IDLE.format(minutes=settings.session_idle_minutes))
        return None
    signed_in_at = st.session_state.setdefault(SIGNED_IN_AT, now)
    with read_session(engine) as session:
        user = session.get(User, person.id)
        current = user is not None and session_is_current(user, signed_in_at, now)
    if not current:
        _end(MSG_ENDED)
        return None
    st.session_state[LAST_ACTIVITY] = now
    if now - st.session_state.get(LAST_TOUCH, now - TOUCH_EVERY) >= TOUCH_EVERY:
        with session_scope(engine) as session:
            touch(session=session, user=session.get(User, person.id), now=now)
        st.session_state[LAST_TOUCH] = now
    return person


def two_factor_setup_due(engine: Engine, person: SignedInPerson) -> bool:
    """After login: offered once to everyone without it; imposed where it is mandatory."""
    if st.session_state.get(RECOVERY_CODES):
        return True
    with read_session(engine) as session:
        user = session.get(User, person.id)
        if user.totp_enabled:
            st.session_state.pop(TOTP_OFFER, None)
            return False
        return bool(st.session_state.get(TOTP_OFFER)) or is_required(user)


def offer_two_factor_setup() -> None:
    """« Configurer » from the profile: the set-up page opens at the next run."""
    st.session_state[TOTP_OFFER] = True


def show_session_ended_notice() -> None:
    reason = st.session_state.pop(SESSION_ENDED, None)
    if reason:
        st.warning(reason, icon=":material/lock_clock:")


def load_user(engine: Engine, user_id: int) -> User | None:
    """The account as stored now, detached so that it can be read after the session ends."""
    with read_session(engine) as session:
        user = session.get(User, user_id)
        if user is not None:
            session.expunge(user)
        return user
