"""What the platform records: history and audit, mail outbox, security tokens, login throttling."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow


class History(SQLModel, table=True):
    """One row per change or audited event: requests, accounts, logins, exports.

    Never holds a password, a token or a code.
    """

    __table_args__ = (Index("ix_history_entity", "entity", "entity_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    actor_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    entity: str = Field(max_length=20)  # "request", "user", "auth", "export", ...
    entity_id: int | None = Field(default=None)
    action: str = Field(max_length=40)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str | None = Field(default=None, max_length=20)
    changes: str | None = Field(default=None, sa_column=Column(Text))  # JSON: field -> [old, new]
    detail: str | None = Field(default=None, max_length=1000)


class MailOutbox(SQLModel, table=True):
    __table_args__ = (Index("ix_mailoutbox_pending", "sent_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    ics: str | None = Field(default=None, sa_column=Column(Text))
    kind: str = Field(default="notification", max_length=20)  # "security" ignores the opt-out
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=1000)
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class SecurityToken(SQLModel, table=True):
    """Password-reset and account set-up links; only the hash of the token is kept."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    purpose: str = Field(max_length=20)  # "reset" or "setup"
    token_hash: str = Field(max_length=128, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class LoginThrottle(SQLModel, table=True):
    """Failed logins per account, kept in the database so a restart does not reset them."""

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    failures: int = Field(default=0)
    window_started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    locked_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
