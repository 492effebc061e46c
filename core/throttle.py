"""Login throttling kept in the database: survives reloads and server restarts.

`login_max_failures` failures (password or two-factor code) within `login_window_minutes` lock the
account for `login_lock_minutes`; the lock lifts by itself, or earlier with `unlock`.
The person sees the same generic message for a locked account as for a wrong password.
The caller audits each failed attempt; this module audits locks and unlocks.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select

from core.audit import record_auth_event
from core.errors import AccessDenied
from core.roles import is_admin
from core.settings import get_settings
from db.models import LoginThrottle, User
from db.types import utcnow


def _row(session, user: User) -> LoginThrottle:
    row = session.get(LoginThrottle, user.id)
    if row is None:
        row = LoginThrottle(user_id=user.id, failures=0)
        session.add(row)
    return row


def locked_until(*, session, user: User, now: datetime | None = None) -> datetime | None:
    """The end of the current lock, or None when the account may try to log in."""
    row = session.get(LoginThrottle, user.id)
    now = now or utcnow()
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    return row.locked_until


def is_locked(*, session, user: User, now: datetime | None = None) -> bool:
    return locked_until(session=session, user=user, now=now) is not None


def register_failure(*, session, user: User, reason: str = "mot de passe",
                     now: datetime | None = None) -> bool:
    """Counts one failed attempt; returns True when the account is (now) locked."""
    settings = get_settings()
    now = now or utcnow()
    row = _row(session, user)
    if row.locked_until is not None and row.locked_until > now:
        return True
    window = timedelta(minutes=settings.login_window_minutes)
    if row.window_started_at is None or now - row.window_started_at >= window or row.locked_until:
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= settings.login_max_failures:
        row.locked_until = now + timedelta(minutes=settings.login_lock_minutes)
        record_auth_event(session=session, user=user, action="lock",
                          detail=f"Compte verrouillé {settings.login_lock_minutes} minutes après "
                                 f"{row.failures} échecs (dernier : {reason})")
    session.flush()
    return row.locked_until is not None


def register_success(*, session, user: User) -> None:
    """A complete login (password and, when enabled, code) clears the failures."""
    row = session.get(LoginThrottle, user.id)
    if row is not None:
        row.failures, row.window_started_at, row.locked_until = 0, None, None
        session.flush()


def locked_accounts(*, session, actor: User, now: datetime | None = None) -> list[tuple[User, datetime]]:
    """Accounts locked right now, with the end of their lock (admins only)."""
    if not is_admin(actor):
        raise AccessDenied("Seuls les administrateurs peuvent voir les comptes verrouillés.")
    query = (select(User, LoginThrottle.locked_until).join(LoginThrottle, LoginThrottle.user_id == User.id)
             .where(LoginThrottle.locked_until > (now or utcnow())).order_by(User.email))
    return [tuple(row) for row in session.exec(query).all()]


def unlock(*, session, user: User, actor: User | None) -> bool:
    """Lifts a lock early (admin page, or `python -m db.admin unlock` with no actor).
    True if one was lifted."""
    if actor is not None and not is_admin(actor):
        raise AccessDenied("Seuls les administrateurs peuvent déverrouiller un compte.")
    row = session.get(LoginThrottle, user.id)
    was_locked = row is not None and row.locked_until is not None and row.locked_until > utcnow()
    if row is not None:
        row.failures, row.window_started_at, row.locked_until = 0, None, None
    record_auth_event(session=session, user=user, actor=actor, action="unlock",
                      detail="Verrouillage levé" if was_locked else "Compteur d'échecs remis à zéro")
    session.flush()
    return was_locked
