"""What a coordinator does on one request: its offers, then offer, confirm, close, return.

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
from core.notifications import notify_requester_accepted
from core.workflow import Action, actions_for
from db.models import Request, RequestOffer, User

OFFER_LABELS = {"ouverte": "En attente de réponse", "acceptee": "Acceptée", "refusee": "Refusée",
                "retiree": "Retirée"}


@dataclass
class RequestFile:
    """What the BI adds to a request's detail (`core.request_detail`): its offers and actions."""

    request: Request
    seen: Visibility
    offers: list[dict] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def _offers(session: Session, request: Request) -> list[dict]:
    rows = session.execute(
        select(User.first_name, User.last_name, RequestOffer.status, RequestOffer.refusal_reason,
               RequestOffer.created_at)
        .join(User, User.id == RequestOffer.interpreter_id)
        .where(RequestOffer.request_id == request.id).order_by(RequestOffer.id)).all()
    return [{"Interprète": f"{first} {last}", "Offre": OFFER_LABELS.get(status, status),
             "Raison du refus": reason or "", "Offerte le": created} for first, last, status, reason, created in rows]


def request_file(*, session: Session, user: User, request_id: int) -> RequestFile:
    """The offers (for those who see the BI's side) and the actions this reader may take."""
    request, seen = get_request_for(session=session, request_id=request_id, user=user)
    return RequestFile(request=request, seen=seen,
                       offers=_offers(session, request) if seen.note_to_coordinators else [],
                       actions=actions_for(session=session, request=request, user=user))


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
