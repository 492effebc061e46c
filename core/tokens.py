"""One-time links for a forgotten password (« reset ») and a new account (« setup »).

A token has 256 bits from `secrets`; only its SHA-256 is stored. It serves once, expires (reset:
30 minutes; setup: 72 hours) and a new request voids the older ones. A person receives at most
3 reset mails per 15 minutes. Links are built from APP_BASE_URL, never from request headers.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import select

from core.audit import record_auth_event
from core.errors import RelaisError
from core.settings import get_settings
from db.models import SecurityToken, User
from db.types import utcnow

RESET, SETUP = "reset", "setup"
VALIDITY = {RESET: timedelta(minutes=30), SETUP: timedelta(hours=72)}
RESET_MAILS_PER_WINDOW = 3
RESET_WINDOW = timedelta(minutes=15)
LINK_PARAMETER = "jeton"

MSG_INVALID = ("Ce lien n'est plus valide : il a déjà servi, il a expiré ou il a été remplacé par "
               "un lien plus récent. Faites une nouvelle demande avec « J'ai oublié mon mot de passe ».")


class InvalidToken(RelaisError):
    def __init__(self, message: str = MSG_INVALID):
        super().__init__(message)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def build_link(raw: str) -> str:
    return f"{get_settings().app_base_url}/?{LINK_PARAMETER}={raw}"


def recent_reset_count(*, session, user: User, now: datetime | None = None) -> int:
    since = (now or utcnow()) - RESET_WINDOW
    query = select(func.count()).select_from(SecurityToken).where(
        SecurityToken.user_id == user.id, SecurityToken.purpose == RESET,
        SecurityToken.created_at > since)
    return int(session.exec(query).one())


def void_tokens(*, session, user: User, purpose: str | None = None, now: datetime | None = None) -> None:
    """Makes every unused token of the person (of that purpose) unusable."""
    now = now or utcnow()
    query = select(SecurityToken).where(SecurityToken.user_id == user.id,
                                        SecurityToken.used_at.is_(None))
    if purpose:
        query = query.where(SecurityToken.purpose == purpose)
    for token in session.exec(query).all():
        token.expires_at = min(token.expires_at, now)
        session.add(token)


def issue_token(*, session, user: User, purpose: str, now: datetime | None = None) -> str:
    """A new link token for `user`; returns the raw token (mailed, never stored)."""
    if purpose not in VALIDITY:
        raise ValueError(f"unknown token purpose {purpose!r}")
    now = now or utcnow()
    void_tokens(session=session, user=user, purpose=purpose, now=now)
    raw = secrets.token_urlsafe(32)
    session.add(SecurityToken(user_id=user.id, purpose=purpose, token_hash=token_hash(raw),
                              created_at=now, expires_at=now + VALIDITY[purpose]))
    record_auth_event(session=session, user=user, action=f"token_{purpose}",
                      detail="Lien à usage unique émis")
    session.flush()
    return raw


def find_valid_token(*, session, raw: str | None, now: datetime | None = None) -> SecurityToken | None:
    """The stored token matching `raw` if it is unused and unexpired (nothing is changed)."""
    if not raw or len(raw) > 200:
        return None
    token = session.exec(select(SecurityToken).where(SecurityToken.token_hash == token_hash(raw))).first()
    now = now or utcnow()
    if token is None or token.used_at is not None or token.expires_at <= now:
        return None
    return token


def consume_token(*, session, raw: str | None, purposes=(RESET, SETUP),
                  now: datetime | None = None) -> tuple[User, str]:
    """Uses the token once: returns its person and purpose, or raises InvalidToken."""
    now = now or utcnow()
    token = find_valid_token(session=session, raw=raw, now=now)
    user = session.get(User, token.user_id) if token else None
    if token is None or token.purpose not in purposes or user is None or not user.is_active:
        raise InvalidToken()
    token.used_at = now
    session.add(token)
    void_tokens(session=session, user=user, purpose=token.purpose, now=now)
    session.flush()
    return user, token.purpose
