"""« Mes mandats »: what an interpreter sees and does (accept, refuse, report the service).

Lists select the columns an interpreter may see, scoped by core.access (offered or assigned to
them); the « Note aux coordonnateurs » is never selected. Each action re-reads the request
through core.access, runs the workflow service, and queues the mails of that step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from types import SimpleNamespace

from sqlalchemy import select
from sqlmodel import Session

from core import bi_notifications as mails
from core import request_actions as actions
from core.access import Scope, get_request_for, scope_clause
from core.errors import ValidationFailed
from core.statuses import Status
from core.workflow import service_start
from db.models import Installation, Language, Request, RequestType, User
from db.types import utcnow

# What an interpreter sees of a request (never the note to the coordinators).
MANDATE_FIELDS = (
    "id", "version", "number", "status", "service_date", "service_time", "duration_minutes",
    "location", "context", "context_detail", "professional_name", "professional_contact",
    "call_patient", "message_to_interpreter", "patient_name", "patient_phone", "preferred_gender",
    "reported_start", "reported_end", "report_note", "return_comment",
)


@dataclass
class Mandates:
    offers: list[dict] = field(default_factory=list)  # En attente, offered to me
    modified: list[dict] = field(default_factory=list)  # Modifié: accept or refuse again
    upcoming: list[dict] = field(default_factory=list)  # Réservé, not started yet
    to_report: list[dict] = field(default_factory=list)  # Réservé, started: « Service fourni »
    awaiting_validation: list[dict] = field(default_factory=list)  # Service fourni


def mandate_statement(interpreter: User):
    return (select(*(getattr(Request, name) for name in MANDATE_FIELDS),
                   RequestType.label.label("request_type"), Language.label.label("language"),
                   Installation.nom.label("installation"), Installation.adresse.label("address"))
            .join(RequestType, RequestType.code == Request.request_type)
            .join(Language, Language.id == Request.target_language_id)
            .join(Installation, Installation.id == Request.installation_id)
            .where(scope_clause(user=interpreter, scope=Scope.MES_MANDATS))
            .order_by(Request.service_date, Request.service_time, Request.id))


def _started(row: dict, now: datetime) -> bool:
    return now >= service_start(SimpleNamespace(**row))


def mandates(*, session: Session, interpreter: User, now: datetime | None = None) -> Mandates:
    """The interpreter's mandates by what they have to do with them (closed ones are left out)."""
    now = now or utcnow()
    open_statuses = [Status.EN_ATTENTE, Status.MODIFIE, Status.RESERVE, Status.SERVICE_FOURNI]
    statement = mandate_statement(interpreter).where(Request.status.in_([str(s) for s in open_statuses]))
    found = Mandates()
    for row in session.execute(statement).mappings():
        row = dict(row)
        if row["status"] == Status.EN_ATTENTE:
            found.offers.append(row)
        elif row["status"] == Status.MODIFIE:
            found.modified.append(row)
        elif row["status"] == Status.SERVICE_FOURNI:
            found.awaiting_validation.append(row)
        else:
            (found.to_report if _started(row, now) else found.upcoming).append(row)
    return found


def _mine(session: Session, interpreter: User, request_id: int) -> Request:
    request, _ = get_request_for(session=session, request_id=request_id, user=interpreter)
    return request


def accept_offer(*, session: Session, interpreter: User, request_id: int,
                 expected_version: int | None = None, now: datetime | None = None) -> Request:
    """Accepts an offer or a Modifié request; request_actions.accept sends the requester the
    invitation (core.notifications.notify_requester_accepted)."""
    request = _mine(session, interpreter, request_id)
    actions.accept(session=session, request=request, actor=interpreter, now=now,
                   expected_version=expected_version)  # it mails the requester (with the .ics)
    return request


def refuse_offer(*, session: Session, interpreter: User, request_id: int, reason: str,
                 expected_version: int | None = None, now: datetime | None = None) -> Request:
    reason = actions.checked_texts(reason=reason)["reason"]
    if not reason:
        raise ValidationFailed({"reason": "Indiquez la raison du refus."},
                               "Indiquez la raison du refus : rien n'a été enregistré.")
    request = _mine(session, interpreter, request_id)
    actions.refuse(session=session, request=request, actor=interpreter, reason=reason,
                   now=now, expected_version=expected_version)
    mails.notify_refused(session=session, request=request, interpreter=interpreter, reason=reason)
    return request


def report_service(*, session: Session, interpreter: User, request_id: int, start: time, end: time,
                   note: str | None = None, expected_version: int | None = None,
                   now: datetime | None = None) -> Request:
    """« Service fourni » with the actual start and end; refused before the service starts."""
    request = _mine(session, interpreter, request_id)
    actions.report_service(session=session, request=request, actor=interpreter, start=start,
                           end=end, note=note, now=now,
                           expected_version=expected_version)
    mails.notify_service_reported(session=session, request=request, interpreter=interpreter)
    return request


def calendar_events(rows: list[dict]) -> list[dict]:
    """Events for streamlit-calendar (local times, no zone: the calendar shows them as is)."""
    events = []
    for row in rows:
        start = datetime.combine(row["service_date"], row["service_time"])
        end = start + timedelta(minutes=row["duration_minutes"])
        events.append({"id": str(row["id"]), "title": f"{row['number']} · {row['language']} · "
                       f"{row['installation']}", "start": start.isoformat(), "end": end.isoformat()})
    return events
