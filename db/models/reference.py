"""Reference lists: établissements, installations, languages, request types, contexts, reasons."""
from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Etablissement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    nom: str = Field(max_length=200, unique=True)
    sigle: str = Field(max_length=20)
    active: bool = Field(default=True)


class Installation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("etablissement_id", "nom"),)

    id: int | None = Field(default=None, primary_key=True)
    etablissement_id: int = Field(foreign_key="etablissement.id", index=True)
    nom: str = Field(max_length=200)
    adresse: str | None = Field(default=None, max_length=300)
    active: bool = Field(default=True)


class Language(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)  # BCP 47, e.g. "ar-MA"
    label: str = Field(max_length=100)  # French label shown on screen, e.g. "arabe (Maroc)"
    # LSQ and other sign languages go to a specialised service rather than the BI.
    specialised_service: str | None = Field(default=None, max_length=200)
    active: bool = Field(default=True)


class RequestType(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=20)
    label: str = Field(max_length=100)
    # The BI bills at least 2 hours for in-person and remote interpretation.
    minimum_minutes: int | None = Field(default=None)
    position: int = Field(default=0)


class Context(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(max_length=120, unique=True)
    sensitive: bool = Field(default=False)
    position: int = Field(default=0)


class CancellationReason(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(max_length=200, unique=True)
    side: str = Field(default="demandeur", max_length=20)  # "demandeur" or "bi"
    position: int = Field(default=0)
