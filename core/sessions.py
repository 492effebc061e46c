"""Server-side control of login sessions and of the stored password.

streamlit-authenticator's cookie is a JWT `{username, exp_date}` that stays valid wherever it is
copied. Relais refuses a cookie issued before the person's last logout or password change
(`User.sessions_revoked_at`), one older than the absolute limit (`session_max_hours`) and one
whose person has been idle longer than `session_idle_minutes` (`User.last_seen_at`).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.audit import record_auth_event
from core.settings import get_settings
from db.models import User
from db.types import utcnow


def cookie_expiry_days() -> float:
    """The cookie lives exactly as long as the absolute session limit."""
    return get_settings().session_max_hours / 24


def cookie_issued_at(exp_date: float, expiry_days: float | None = None) -> datetime:
    """When a cookie was issued: its expiry minus the configured lifetime."""
    days = cookie_expiry_days() if expiry_days is None else expiry_days
    return datetime.fromtimestamp(exp_date, tz=timezone.utc) - timedelta(days=days)


TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often


def session_is_current(user: User, issued_at: datetime, now: datetime | None = None) -> bool:
    """False when the session was revoked after it began, is older than the absolute limit,
    or its person has been idle too long."""
    now = now or utcnow()
    settings = get_settings()
    if not user.is_active:
        return False
    if issued_at + timedelta(hours=settings.session_max_hours) <= now:
        return False
    if user.last_seen_at and user.last_seen_at + timedelta(minutes=settings.session_idle_minutes) <= now:
        return False
    revoked = user.sessions_revoked_at
    return revoked is None or issued_at > revoked


def cookie_is_current(user: User, exp_date: float, now: datetime | None = None) -> bool:
    return session_is_current(user, cookie_issued_at(exp_date), now)


def touch(*, session, user: User, now: datetime | None = None) -> bool:
    """Records activity (at most once a minute); True when written."""
    now = now or utcnow()
    if user.last_seen_at is not None and now - user.last_seen_at < TOUCH_EVERY:
        return False
    user.last_seen_at = now
    session.add(user)
    session.flush()
    return True


def revoke_sessions(*, session, user: User, reason: str = "logout",
                    now: datetime | None = None) -> None:
    """Every session and cookie issued until now is refused from now on (logout everywhere)."""
    user.sessions_revoked_at = now or utcnow()
    session.add(user)
    record_auth_event(session=session, user=user, action=reason,
                      detail="Sessions ouvertes fermées")
    session.flush()
