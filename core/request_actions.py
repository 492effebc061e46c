"""One service per workflow action: check, apply its effects, record the transition.

Each takes the session and leaves committing to the caller (one transaction per user action).
A concurrent save of the same request surfaces as ConcurrentModification, never half-applied.
"""
from __future__ import annotations

from datetime import datetime, time
from typing import Any, Iterable

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from core.errors import ConcurrentModification, TransitionNotAllowed, ValidationFailed
from core.notifications import notify_requester_accepted, notify_requester_cancelled_by_bi
from core.numbering import next_request_number
from core.roles import Role
from core.settings import TIMEZONE
from core.statuses import Status
from core.text_rules import TextRule, check_texts
from core.workflow import Action, Facts, check, facts_for, record_transition
from db.models import Request, RequestOffer, User
from db.types import utcnow

OFFER_OPEN, OFFER_ACCEPTED, OFFER_REFUSED, OFFER_WITHDRAWN = "ouverte", "acceptee", "refusee", "retiree"
TEXT_RULES = {  # the free texts typed along an action (core.text_rules), keyed by form field
    "reason": TextRule("Raison du refus", 500),
    "note": TextRule("Note sur le service", 2000, multiline=True),
    "comment": TextRule("Commentaire pour l'interprète", 2000, multiline=True),
    "global_reason": TextRule("Raison globale", 60),
    "detailed_reason": TextRule("Raison détaillée", 200),
}


def checked_texts(**values: str | None) -> dict[str, str | None]:
    """The cleaned texts, or ValidationFailed before anything changes."""
    cleaned, errors = check_texts({name: TEXT_RULES[name] for name in values}, values)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _flush(session: Session, message: str | None = None) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        raise ConcurrentModification(message) if message else ConcurrentModification() from exc


def _lock(session: Session, request: Request) -> None:
    """Serialises writers of one request: the row is re-read under a lock (SELECT … FOR UPDATE).

    Without it two interpreters accepting at once would update the offers in opposite orders
    and deadlock; with it the second one waits, then sees the request already reserved.
    SQLite needs nothing more: a unit of work already holds the database's write lock.
    """
    session.flush()
    if session.get_bind().dialect.name != "sqlite":
        session.refresh(request, with_for_update=True)


def _check(session: Session, request: Request, actor: User, action: Action,
           now: datetime | None, expected_version: int | None = None) -> tuple[Status, Facts]:
    """The target status; refuses a save based on a version of the request that is now stale.

    A page passes the version it displayed: between reading and saving, someone else may have
    changed the request (the version column then differs), and the person must reload.
    """
    _lock(session, request)
    if expected_version is not None and request.version != expected_version:
        raise ConcurrentModification()
    facts = facts_for(session=session, request=request, now=now)
    return check(request, actor, action, facts), facts


def _offers(session: Session, request: Request, status: str = OFFER_OPEN) -> list[RequestOffer]:
    return list(session.exec(select(RequestOffer).where(RequestOffer.request_id == request.id,
                                                        RequestOffer.status == status)).all())


def _close_open_offers(session: Session, request: Request, *, except_id: int | None = None) -> None:
    for offer in _offers(session, request):
        if offer.interpreter_id != except_id:
            offer.status, offer.responded_at = OFFER_WITHDRAWN, utcnow()
            session.add(offer)


def _interpreters(session: Session, ids: Iterable[int]) -> list[User]:
    ids = list(dict.fromkeys(ids))
    found = session.exec(select(User).where(User.id.in_(ids), User.role == Role.INTERPRETE,
                                            User.is_active)).all() if ids else []
    if not ids or len(found) != len(ids):
        raise TransitionNotAllowed("Choisissez au moins un interprète actif.")
    return list(found)


def submit(*, session: Session, request: Request, actor: User, now: datetime | None = None,
           expected_version: int | None = None) -> Request:
    """« Sauvegarder »: transmits a draft to the BI and gives it its number."""
    target, facts = _check(session, request, actor, Action.SOUMETTRE, now, expected_version)
    request.number = next_request_number(session=session, year=facts.now.astimezone(TIMEZONE).year)
    request.submitted_at = facts.now
    record_transition(session=session, request=request, actor=actor, action=Action.SOUMETTRE,
                      to_status=target, detail=f"Numéro {request.number}")
    _flush(session)
    return request


def offer(*, session: Session, request: Request, actor: User, interpreter_ids: Iterable[int],
          now: datetime | None = None,
          expected_version: int | None = None) -> Request:
    target, _ = _check(session, request, actor, Action.OFFRIR, now, expected_version)
    interpreters = _interpreters(session, interpreter_ids)
    earlier = {o.interpreter_id: o for o in session.exec(
        select(RequestOffer).where(RequestOffer.request_id == request.id)).all()}
    for interpreter in interpreters:
        # One offer row per interpreter and request: offering again (after a withdrawal or a
        # refused modification) reopens it.
        row = earlier.get(interpreter.id) or RequestOffer(request_id=request.id, interpreter_id=interpreter.id)
        row.status, row.responded_at, row.refusal_reason, row.created_at = OFFER_OPEN, None, None, utcnow()
        session.add(row)
    record_transition(session=session, request=request, actor=actor, action=Action.OFFRIR,
                      to_status=target, detail="Offerte à : " + ", ".join(i.full_name for i in interpreters))
    _flush(session)
    return request


def confirm(*, session: Session, request: Request, actor: User, interpreter_id: int,
            now: datetime | None = None,
            expected_version: int | None = None) -> Request:
    """The service was agreed with an interpreter by phone: reserve it for them directly."""
    target, _ = _check(session, request, actor, Action.CONFIRMER, now, expected_version)
    interpreter = _interpreters(session, [interpreter_id])[0]
    _close_open_offers(session, request)
    request.assigned_interpreter_id = interpreter.id
    record_transition(session=session, request=request, actor=actor, action=Action.CONFIRMER,
                      to_status=target, detail=f"Interprète : {interpreter.full_name}")
    _flush(session)
    return request


def accept(*, session: Session, request: Request, actor: User, now: datetime | None = None,
           expected_version: int | None = None) -> Request:
    target, _ = _check(session, request, actor, Action.ACCEPTER, now, expected_version)
    for current in _offers(session, request):
        if current.interpreter_id == actor.id:
            current.status, current.responded_at = OFFER_ACCEPTED, utcnow()
            session.add(current)
    _close_open_offers(session, request, except_id=actor.id)
    request.assigned_interpreter_id = actor.id
    record_transition(session=session, request=request, actor=actor, action=Action.ACCEPTER,
                      to_status=target)
    _flush(session, "Cette demande vient d'être acceptée par un autre interprète.")
    notify_requester_accepted(session=session, request=request)
    return request


def refuse(*, session: Session, request: Request, actor: User, reason: str | None = None,
           now: datetime | None = None,
           expected_version: int | None = None) -> Request:
    reason = checked_texts(reason=reason)["reason"]
    target, _ = _check(session, request, actor, Action.REFUSER, now, expected_version)
    for current in _offers(session, request):
        if current.interpreter_id == actor.id:
            current.status, current.responded_at = OFFER_REFUSED, utcnow()
            current.refusal_reason = reason
            session.add(current)
    if request.status == Status.MODIFIE:
        request.assigned_interpreter_id = None  # released: the BI offers it again
    record_transition(session=session, request=request, actor=actor, action=Action.REFUSER,
                      to_status=target, detail=f"Raison : {reason}" if reason else None)
    _flush(session)
    return request


def modify(*, session: Session, request: Request, actor: User, changes: dict[str, Any],
           now: datetime | None = None, expected_version: int | None = None,
           related_changes: dict[str, tuple[Any, Any]] | None = None) -> dict[str, tuple[Any, Any]]:
    """Applies already-validated field values; returns and records what really changed.

    `related_changes` are (old, new) pairs the caller applies itself outside the request row
    (priority interpreters, new attachments): they are recorded and count as a modification.
    """
    target, _ = _check(session, request, actor, Action.MODIFIER, now, expected_version)
    changed = dict(related_changes or {})
    for name, value in changes.items():
        old = getattr(request, name)
        if old != value:
            changed[name] = (old, value)
            setattr(request, name, value)
    if not changed:
        return {}
    record_transition(session=session, request=request, actor=actor, action=Action.MODIFIER,
                      to_status=target, changes=changed)
    _flush(session)
    return changed


def cancel(*, session: Session, request: Request, actor: User, global_reason: str,
           detailed_reason: str, late: bool = False, now: datetime | None = None,
           expected_version: int | None = None) -> Request:
    texts = checked_texts(global_reason=global_reason, detailed_reason=detailed_reason)
    global_reason, detailed_reason = texts["global_reason"], texts["detailed_reason"]
    target, facts = _check(session, request, actor, Action.ANNULER, now, expected_version)
    _close_open_offers(session, request)
    request.cancel_global_reason, request.cancel_detailed_reason = global_reason, detailed_reason
    request.cancelled_at, request.late_cancellation = facts.now, late
    record_transition(session=session, request=request, actor=actor, action=Action.ANNULER,
                      to_status=target, detail=f"{global_reason} — {detailed_reason}"
                      + (" (annulation tardive, facturable)" if late else ""))
    _flush(session)
    if actor.role == Role.COORDONNATEUR:
        notify_requester_cancelled_by_bi(session=session, request=request)
    return request


def report_service(*, session: Session, request: Request, actor: User, start: time, end: time,
                   note: str | None = None, now: datetime | None = None,
                   expected_version: int | None = None) -> Request:
    note = checked_texts(note=note)["note"]
    target, _ = _check(session, request, actor, Action.DECLARER_SERVICE, now, expected_version)
    if end <= start:
        raise TransitionNotAllowed("L'heure de fin doit être après l'heure de début.")
    request.reported_start, request.reported_end, request.report_note = start, end, note
    record_transition(session=session, request=request, actor=actor, action=Action.DECLARER_SERVICE,
                      to_status=target, detail=f"De {start:%H:%M} à {end:%H:%M}")
    _flush(session)
    return request


def close(*, session: Session, request: Request, actor: User, now: datetime | None = None,
          expected_version: int | None = None) -> Request:
    target, _ = _check(session, request, actor, Action.FERMER, now, expected_version)
    record_transition(session=session, request=request, actor=actor, action=Action.FERMER,
                      to_status=target)
    _flush(session)
    return request


def return_to_interpreter(*, session: Session, request: Request, actor: User, comment: str,
                          now: datetime | None = None,
                          expected_version: int | None = None) -> Request:
    comment = checked_texts(comment=comment)["comment"]
    target, _ = _check(session, request, actor, Action.RETOURNER, now, expected_version)
    if not comment:
        raise TransitionNotAllowed("Expliquez à l'interprète ce qu'il doit corriger.")
    request.return_comment = comment
    record_transition(session=session, request=request, actor=actor, action=Action.RETOURNER,
                      to_status=target, detail=comment)
    _flush(session)
    return request
