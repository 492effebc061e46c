"""Accounts: people, where they work, and interpreters' competencies."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=20, unique=True)  # the "Identifiant (ID)", never changes
    email: str = Field(max_length=254, unique=True)  # stored lower-case
    first_name: str = Field(max_length=100)  # prénom
    last_name: str = Field(max_length=100)  # nom
    phone: str | None = Field(default=None, max_length=40)
    cost_center: str | None = Field(default=None, max_length=120)  # centre de coût / unité administrative
    role: str = Field(max_length=20, index=True)  # see core.roles.Role
    is_admin: bool = Field(default=False)  # a coordinator may also administer
    is_active: bool = Field(default=True)
    notifications_disabled: bool = Field(default=False)
    password_hash: str | None = Field(default=None, max_length=100)  # None until set up
    password_changed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # Login cookies issued before this instant are refused (logout, password change).
    sessions_revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # Last activity of any of the person's sessions: a login cookie idle longer is refused.
    last_seen_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_enabled: bool = Field(default=False)
    totp_last_step: int | None = Field(default=None)  # refuses a code used twice
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1)

    @declared_attr
    def __mapper_args__(cls):  # optimistic locking: a stale save raises StaleDataError
        return {"version_id_col": cls.__table__.c.version}

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class UserInstallation(SQLModel, table=True):
    """A person may work at several installations (the guide's section 4)."""

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    installation_id: int = Field(foreign_key="installation.id", primary_key=True, index=True)


class InterpreterProfile(SQLModel, table=True):
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    interpreter_type: str = Field(default="BI du RSSS", max_length=60)
    gender: str = Field(max_length=20)  # "femme" or "homme"


class InterpreterLanguage(SQLModel, table=True):
    interpreter_id: int = Field(foreign_key="app_user.id", primary_key=True)
    language_id: int = Field(foreign_key="language.id", primary_key=True, index=True)


class RecoveryCode(SQLModel, table=True):
    """Two-factor recovery codes, stored hashed, each usable once."""

    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    code_hash: str = Field(max_length=128)
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
