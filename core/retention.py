"""Retention of patients' information (Quebec's Law 25): what is kept, and for how long.

A request closed (« Service fermé ») or cancelled (« Annulé ») before the cut-off keeps what the
BI needs for billing and statistics (number, dates, duration, languages, installation, requester,
interpreter, reasons of cancellation chosen from lists, reported times) and loses:

- the patient's fields: name, phone, other information;
- the free texts that may describe the patient: reason, context detail, message to the
  interpreter, note to the coordinators, the interpreter's report note, the return comment,
  interpreters' reasons for refusing an offer;
- the same values inside the request's history (old and new values of a modification, the
  text of a return to the interpreter or of a refusal);
- its attachments, metadata and bytes.

The location (« Lieu de rendez-vous ») is kept: it names a place of the installation, needed to
bill travel. One audit row (entity "retention") records the counts, never the data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, select

from core.errors import ValidationFailed
from core.history import record_history
from core.statuses import Status
from core.workflow import Action
from db.models import Attachment, AttachmentContent, History, Request, RequestOffer, User
from db.types import utcnow

ERASED_FIELDS = ("patient_name", "patient_phone", "patient_info", "reason", "context_detail",
                 "message_to_interpreter", "note_to_coordinators", "report_note", "return_comment")
ERASED_MARK = "[anonymisé]"
FREE_TEXT_ACTIONS = (str(Action.RETOURNER), str(Action.REFUSER))  # history detail = free text


@dataclass(frozen=True)
class RetentionReport:
    cutoff: datetime
    requests: int
    attachments: int
    attachment_bytes: int
    applied: bool

    def summary(self) -> str:
        verb = ("anonymisées" if self.applied else "à anonymiser")
        gone = ("supprimées" if self.applied else "à supprimer")
        return (f"Demandes fermées ou annulées avant le {self.cutoff:%Y-%m-%d} {verb} : {self.requests}; "
                f"pièces jointes {gone} : {self.attachments} ({self.attachment_bytes} octets).")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` earlier (the last day of a shorter month)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def _closed_at():
    """When a request was closed or cancelled (its updated_at if no such history row exists)."""
    closed = (select(func.max(History.at))
              .where(History.entity == "request", History.entity_id == Request.id,
                     History.to_status == str(Status.SERVICE_FERME))
              .correlate(Request).scalar_subquery())
    return func.coalesce(Request.cancelled_at, closed, Request.updated_at)


def _still_identifying():
    has_attachment = select(Attachment.id).where(Attachment.request_id == Request.id).exists()
    return or_(has_attachment, *[getattr(Request, name).is_not(None) for name in ERASED_FIELDS])


def _expired_request_ids(session: Session, cutoff: datetime) -> list[int]:
    statement = (select(Request.id)
                 .where(Request.status.in_([str(Status.SERVICE_FERME), str(Status.ANNULE)]),
                        _closed_at() < cutoff, _still_identifying())
                 .order_by(Request.id))
    return list(session.exec(statement).all())


def _attachment_totals(session: Session, ids: list[int]) -> tuple[int, int]:
    count, size = 0, 0
    for chunk in _chunks(ids):
        row = session.exec(select(func.count(Attachment.id), func.coalesce(func.sum(Attachment.size), 0))
                           .where(Attachment.request_id.in_(chunk))).one()
        count, size = count + row[0], size + row[1]
    return count, size


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _scrub_history(session: Session, ids: list[int]) -> None:
    rows = session.exec(select(History).where(History.entity == "request", History.entity_id.in_(ids)))
    for row in rows:
        if row.changes:
            changes = json.loads(row.changes)
            for name in ERASED_FIELDS:
                if name in changes:
                    changes[name] = [ERASED_MARK, ERASED_MARK]
            row.changes = json.dumps(changes, ensure_ascii=False)
        if row.action in FREE_TEXT_ACTIONS and row.detail:
            row.detail = ERASED_MARK
        session.add(row)


def _erase(session: Session, ids: list[int]) -> None:
    for chunk in _chunks(ids):
        attachment_ids = select(Attachment.id).where(Attachment.request_id.in_(chunk))
        session.execute(delete(AttachmentContent).where(AttachmentContent.attachment_id.in_(attachment_ids)))
        session.execute(delete(Attachment).where(Attachment.request_id.in_(chunk)))
        session.execute(update(RequestOffer).where(RequestOffer.request_id.in_(chunk))
                        .values(refusal_reason=None))
        for request in session.exec(select(Request).where(Request.id.in_(chunk))):
            for name in ERASED_FIELDS:
                setattr(request, name, None)
            request.updated_at = utcnow()
            session.add(request)
        _scrub_history(session, chunk)
        session.flush()


def purge_closed_requests(*, session: Session, actor: User | None, older_than_months: int,
                          apply: bool, now: datetime | None = None) -> RetentionReport:
    """Counts (apply=False) or erases (apply=True) what the retention period no longer allows."""
    if older_than_months < 1:
        raise ValidationFailed({"older_than_months": "La durée de conservation doit être d'au moins 1 mois."},
                               "Durée de conservation invalide : rien n'a été modifié.")
    cutoff = months_before(now or utcnow(), older_than_months)
    ids = _expired_request_ids(session, cutoff)
    attachments, size = _attachment_totals(session, ids)
    report = RetentionReport(cutoff=cutoff, requests=len(ids), attachments=attachments,
                             attachment_bytes=size, applied=apply)
    if apply:
        _erase(session, ids)
        record_history(session=session, actor_id=actor.id if actor else None, entity="retention",
                       entity_id=None, action="purge",
                       detail=f"Conservation {older_than_months} mois. {report.summary()}")
    return report
