"""What a coordinator does on one request: read it whole, offer, confirm, close, return.

Each action re-reads the request through core.access (object-level check), runs the workflow
service from core.request_actions with the version the page displayed (a stale save is
refused), and queues the mails of that step. The caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from sqlalchemy import select
from sqlmodel import Session

from core import bi_notifications as mails
from core import request_actions as actions
from core.access import Visibility, get_request_for
from core.history import history_of
from core.notifications import notify_requester_accepted
from core.workflow import Action, actions_for
from db.models import Installation, Language, Request, RequestOffer, RequestType, User

OFFER_LABELS = {"ouverte": "En attente de réponse", "acceptee": "Acceptée", "refusee": "Refusée",
                "retiree": "Retirée"}


@dataclass
class RequestFile:
    """A request as a coordinator sees it: the row, labels, offers, history and actions."""

    request: Request
    seen: Visibility
    labels: dict[str, str] = field(default_factory=dict)
    offers: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def _labels(session: Session, request: Request) -> dict[str, str]:
    installation = session.get(Installation, request.installation_id)
    requester = session.get(User, request.requested_by_id)
    interpreter = session.get(User, request.assigned_interpreter_id) if request.assigned_interpreter_id else None
    return {
        "installation": installation.nom if installation else "—",
        "request_type": (session.get(RequestType, request.request_type) or RequestType(label="—")).label,
        "source_language": (session.get(Language, request.source_language_id) or Language(label="—")).label,
        "target_language": (session.get(Language, request.target_language_id) or Language(label="—")).label,
        "requester": requester.full_name if requester else "—",
        "cost_center": (requester.cost_center if requester else None) or "—",
        "interpreter": interpreter.full_name if interpreter else "—",
    }


def _offers(session: Session, request: Request) -> list[dict]:
    rows = session.execute(
        select(User.first_name, User.last_name, RequestOffer.status, RequestOffer.refusal_reason,
               RequestOffer.created_at)
        .join(User, User.id == RequestOffer.interpreter_id)
        .where(RequestOffer.request_id == request.id).order_by(RequestOffer.id)).all()
    return [{"Interprète": f"{first} {last}", "Offre": OFFER_LABELS.get(status, status),
             "Raison du refus": reason or "", "Offerte le": created} for first, last, status, reason, created in rows]


def _history(session: Session, request: Request) -> list[dict]:
    rows = history_of(session=session, entity="request", entity_id=request.id)
    ids = {row.actor_id for row in rows if row.actor_id}
    names = {uid: f"{first} {last}" for uid, first, last in session.execute(
        select(User.id, User.first_name, User.last_name).where(User.id.in_(ids)))} if ids else {}
    return [{"Quand": row.at, "Qui": names.get(row.actor_id, "Système"), "Action": row.action,
             "De": row.from_status or "", "À": row.to_status or "", "Détail": row.detail or ""}
            for row in rows]


def request_file(*, session: Session, user: User, request_id: int) -> RequestFile:
    """The whole request for its reader; the note and history only when their visibility says so."""
    request, seen = get_request_for(session=session, request_id=request_id, user=user)
    history = _history(session, request) if seen.history else []
    return RequestFile(request=request, seen=seen, labels=_labels(session, request),
                       offers=_offers(session, request) if seen.note_to_coordinators else [],
                       history=history, actions=actions_for(session=session, request=request, user=user))


def offer_to(*, session: Session, coordinator: User, request_id: int, interpreter_ids: Iterable[int],
             expected_version: int | None = None, now: datetime | None = None) -> Request:
    """Offers a Nouveau request to one or several interpreters (→ En attente) and mails them."""
    request, _ = get_request_for(session=session, request_id=request_id, user=coordinator)
    ids = list(dict.fromkeys(interpreter_ids))
    actions.offer(session=session, request=request, actor=coordinator, interpreter_ids=ids, now=now,
                  expected_version=expected_version)
    offered = list(session.exec(select(User).where(User.id.in_(ids))).scalars()) if ids else []
    mails.notify_offered(session=session, request=request, interpreters=offered)
    return request


def confirm_for(*, session: Session, coordinator: User, request_id: int, interpreter_id: int,
                expected_version: int | None = None, now: datetime | None = None) -> Request:
    """The service was agreed by phone: reserved for this interpreter (→ Réservé)."""
    request, _ = get_request_for(session=session, request_id=request_id, user=coordinator)
    actions.confirm(session=session, request=request, actor=coordinator, interpreter_id=interpreter_id,
                    now=now, expected_version=expected_version)
    notify_requester_accepted(session=session, request=request)
    mails.notify_confirmed_to_interpreter(session=session, request=request)
    return request


def close_service(*, session: Session, coordinator: User, request_id: int,
                  expected_version: int | None = None, now: datetime | None = None) -> Request:
    request, _ = get_request_for(session=session, request_id=request_id, user=coordinator)
    return actions.close(session=session, request=request, actor=coordinator, now=now,
                         expected_version=expected_version)


def return_service(*, session: Session, coordinator: User, request_id: int, comment: str,
                   expected_version: int | None = None, now: datetime | None = None) -> Request:
    request, _ = get_request_for(session=session, request_id=request_id, user=coordinator)
    actions.return_to_interpreter(session=session, request=request, actor=coordinator,
                                  comment=comment, now=now, expected_version=expected_version)
    mails.notify_returned(session=session, request=request)
    return request
