"""Interpretation requests (the guide's section 4), offers, priorities and attachments."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow


class Request(SQLModel, table=True):
    __table_args__ = (
        Index("ix_request_status_date", "status", "service_date"),
        Index("ix_request_installation_date", "installation_id", "service_date"),
        Index("ix_request_requester_date", "requested_by_id", "service_date"),
        Index("ix_request_interpreter_date", "assigned_interpreter_id", "service_date"),
        Index("ix_request_target_language_date", "target_language_id", "service_date"),
        # Every list is ordered by (service_date, service_time, id): a page of 50 reads 50 index
        # entries instead of sorting a whole day. Status last: the queue counts and the COUNT of
        # a period read the index alone (status != brouillon checked without the table's rows).
        Index("ix_request_date_order", "service_date", "service_time", "id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str | None = Field(default=None, max_length=20, unique=True)  # given at submission
    status: str = Field(default="brouillon", max_length=20)
    installation_id: int = Field(foreign_key="installation.id")
    requested_by_id: int = Field(foreign_key="app_user.id")

    # Détails de la demande
    location: str = Field(max_length=300)  # lieu de rendez-vous
    request_type: str = Field(foreign_key="requesttype.code", max_length=20)
    service_date: date  # local date, America/Toronto (indexed by ix_request_date_order)
    service_time: time  # local time
    flexible_start: time | None = Field(default=None)  # optional flexible range
    flexible_end: time | None = Field(default=None)
    duration_minutes: int
    source_language_id: int = Field(foreign_key="language.id")  # langue de départ (professional)
    target_language_id: int = Field(foreign_key="language.id")  # langue d'arrivée (patient)
    context: str | None = Field(default=None, max_length=120)
    context_detail: str | None = Field(default=None, max_length=500)
    professional_name: str | None = Field(default=None, max_length=200)  # nom et fonction
    professional_contact: str | None = Field(default=None, max_length=200)
    priority_interpreter_type: str | None = Field(default=None, max_length=60)
    call_patient: bool = Field(default=False)
    reason: str | None = Field(default=None, max_length=1000)
    message_to_interpreter: str | None = Field(default=None, max_length=2000)
    note_to_coordinators: str | None = Field(default=None, max_length=2000)

    # Détails du patient
    patient_name: str | None = Field(default=None, max_length=200)
    patient_phone: str | None = Field(default=None, max_length=40)
    patient_info: str | None = Field(default=None, max_length=2000)
    preferred_gender: str | None = Field(default=None, max_length=20)

    # The BI's side
    assigned_interpreter_id: int | None = Field(default=None, foreign_key="app_user.id")
    cancel_global_reason: str | None = Field(default=None, max_length=60)
    cancel_detailed_reason: str | None = Field(default=None, max_length=200)
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    late_cancellation: bool = Field(default=False)
    reported_start: time | None = Field(default=None)
    reported_end: time | None = Field(default=None)
    report_note: str | None = Field(default=None, max_length=2000)
    return_comment: str | None = Field(default=None, max_length=2000)

    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    submitted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    version: int = Field(default=1)

    @declared_attr
    def __mapper_args__(cls):  # optimistic locking: the second concurrent save is refused
        return {"version_id_col": cls.__table__.c.version}


class RequestCounter(SQLModel, table=True):
    """Last number given per year; incremented in the submitting transaction."""

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = Field(default=0)


class RequestPriorityInterpreter(SQLModel, table=True):
    """« Interprètes à prioriser » named by the requester."""

    request_id: int = Field(foreign_key="request.id", primary_key=True)
    interpreter_id: int = Field(foreign_key="app_user.id", primary_key=True)


class RequestOffer(SQLModel, table=True):
    """An offer of a request to one interpreter (status: ouverte, acceptee, refusee, retiree)."""

    __table_args__ = (
        UniqueConstraint("request_id", "interpreter_id"),
        Index("ix_requestoffer_interpreter_status", "interpreter_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    interpreter_id: int = Field(foreign_key="app_user.id")
    status: str = Field(default="ouverte", max_length=20)
    refusal_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    responded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class Attachment(SQLModel, table=True):
    """Metadata of a file joined to a request; the bytes live in AttachmentContent."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=120)
    size: int
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class AttachmentContent(SQLModel, table=True):
    """The bytes, apart so that listing attachments never loads them."""

    attachment_id: int = Field(foreign_key="attachment.id", primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
