"""The requester's services: create (draft or transmitted), modify, cancel, duplicate/repeat.

Each validates everything first and raises ValidationFailed (messages keyed by field) before
touching the database, then writes in the caller's transaction: the request, its attachments,
its priority interpreters, its history and its mails commit together or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from sqlmodel import Session, delete, select

from core import request_actions
from core.access import get_request_for, installation_ids_of
from core.attachments import Upload, add_attachments, check_uploads, existing_count
from core.business_hours import is_late_cancellation
from core.errors import AccessDenied, ValidationFailed
from core.history import record_history
from core.notifications import interpreters_concerned, notify_request_cancelled, notify_request_modified
from core.request_form import FormCheck, RequestForm, form_from_request, validate_form
from core.roles import Role
from core.statuses import Status
from core.workflow import Action, Facts, check, facts_for, is_owner, service_start
from db.models import CancellationReason, Request, RequestPriorityInterpreter, User

GLOBAL_CANCEL_REASON = "Annulée"
MAX_REPEATS = 52


@dataclass
class Saved:
    request: Request
    warnings: dict[str, str] = field(default_factory=dict)
    changed: dict = field(default_factory=dict)  # field -> (old, new), for a modification


def _validated(session: Session, actor: User, form: RequestForm, uploads: list[Upload],
               now: datetime | None, already: int = 0) -> FormCheck:
    result = validate_form(session=session, actor=actor, form=form, now=now)
    result.errors.update(check_uploads(uploads, already=already))
    if result.errors:
        raise ValidationFailed(result.errors)
    return result


def _set_priorities(session: Session, request: Request, ids: list[int]) -> None:
    session.exec(delete(RequestPriorityInterpreter)
                 .where(RequestPriorityInterpreter.request_id == request.id))
    for interpreter_id in ids:
        session.add(RequestPriorityInterpreter(request_id=request.id, interpreter_id=interpreter_id))


def priority_ids(*, session: Session, request_id: int) -> list[int]:
    return list(session.exec(select(RequestPriorityInterpreter.interpreter_id)
                             .where(RequestPriorityInterpreter.request_id == request_id)).all())


def _insert(session: Session, actor: User, result: FormCheck) -> Request:
    request = Request(**result.values, requested_by_id=actor.id, status=str(Status.BROUILLON))
    session.add(request)
    session.flush()
    _set_priorities(session, request, result.priority_interpreter_ids)
    record_history(session=session, actor_id=actor.id, entity="request", entity_id=request.id,
                   action="creer", to_status=str(Status.BROUILLON))
    return request


def create_request(*, session: Session, actor: User, form: RequestForm,
                   uploads: list[Upload] = (), transmit: bool = True,
                   now: datetime | None = None) -> Saved:
    """« Sauvegarder » (transmit=True: number, status Nouveau) or « Enregistrer le brouillon »."""
    uploads = list(uploads)
    _require_requester(actor)
    form = _with_own_installation(session, actor, form)
    result = _validated(session, actor, form, uploads, now)
    request = _insert(session, actor, result)
    add_attachments(session=session, request=request, uploads=uploads)
    if transmit:
        request_actions.submit(session=session, request=request, actor=actor, now=now)
    session.flush()
    return Saved(request, result.warnings)


def _require_requester(actor: User) -> None:
    """Requests are created by requesters (DESIGN.md, « Who uses it »): a draft made by anyone
    else would belong to nobody who can transmit it, and a copy would be made in their name."""
    if actor.role != Role.DEMANDEUR or not actor.is_active:
        raise AccessDenied("Seul un demandeur peut créer une demande d'interprète.")


def _with_own_installation(session: Session, actor: User, form: RequestForm) -> RequestForm:
    """A person who works at a single installation never has to choose it (guide, section 4:
    the profile's data are transferred automatically); only several installations need a choice."""
    if form.installation_id is not None:
        return form
    own = installation_ids_of(session=session, user=actor)
    return replace(form, installation_id=next(iter(own))) if len(own) == 1 else form


def _editable(session: Session, actor: User, request_id: int) -> Request:
    request, seen = get_request_for(session=session, request_id=request_id, user=actor)
    if seen.read_only:
        raise AccessDenied("Vous pouvez consulter cette demande, mais seule la personne qui l'a "
                           "créée (ou la BI) peut la modifier ou l'annuler.")
    return request


def update_request(*, session: Session, actor: User, request_id: int, form: RequestForm,
                   uploads: list[Upload] = (), expected_version: int | None = None,
                   transmit: bool = False, now: datetime | None = None) -> Saved:
    """« Modifier » then « Sauvegarder »: same validation; Réservé becomes Modifié.

    `transmit` also transmits a draft (its « Sauvegarder »). The interpreter of a Réservé
    request is told to accept or refuse it again.
    """
    uploads = list(uploads)
    request = _editable(session, actor, request_id)
    check(request, actor, Action.MODIFIER, facts_for(session=session, request=request, now=now))
    result = _validated(session, actor, form, uploads, now,
                        already=existing_count(session=session, request_id=request.id))
    related = _related_changes(session, request, result.priority_interpreter_ids, uploads)
    changed = request_actions.modify(session=session, request=request, actor=actor,
                                     changes=result.values, now=now,
                                     expected_version=expected_version, related_changes=related)
    if "interpretes_a_prioriser" in changed:
        _set_priorities(session, request, result.priority_interpreter_ids)
    add_attachments(session=session, request=request, uploads=uploads)
    if changed:
        notify_request_modified(session=session, request=request)
    if transmit and request.status == Status.BROUILLON:
        request_actions.submit(session=session, request=request, actor=actor, now=now)
    session.flush()
    return Saved(request, result.warnings, changed)


def submit_draft(*, session: Session, actor: User, request_id: int,
                 expected_version: int | None = None, now: datetime | None = None) -> Saved:
    """« Sauvegarder » on a draft found again in Mes demandes: validated again, then transmitted."""
    request = _editable(session, actor, request_id)
    form = form_from_request(request, priority_ids(session=session, request_id=request.id))
    result = _validated(session, actor, form, [], now)
    request_actions.submit(session=session, request=request, actor=actor, now=now,
                           expected_version=expected_version)
    return Saved(request, result.warnings)


def _related_changes(session: Session, request: Request, new_priorities: list[int],
                     uploads: list[Upload]) -> dict[str, tuple]:
    related = {}
    old_priorities = priority_ids(session=session, request_id=request.id)
    if sorted(old_priorities) != sorted(new_priorities):
        related["interpretes_a_prioriser"] = (sorted(old_priorities), sorted(new_priorities))
    if uploads:
        related["pieces_jointes_ajoutees"] = ([], [u.name for u in uploads])
    return related


def cancellation_reasons(*, session: Session, actor: User | None = None) -> list[str]:
    """The detailed reasons this person may choose (« raison détaillée »).

    The BI also cancels for its own reasons (no interpreter available, interpreter absent),
    which a requester never picks: they would blame the BI for the requester's cancellation.
    """
    bi_side = actor is not None and actor.role in (Role.COORDONNATEUR, Role.ADMIN)
    sides = ["demandeur", "bi"] if bi_side else ["demandeur"]
    return list(session.exec(select(CancellationReason.label)
                             .where(CancellationReason.side.in_(sides))
                             .order_by(CancellationReason.side == "bi", CancellationReason.position,
                                       CancellationReason.label)).all())


def cancellation_would_be_late(request: Request, now: datetime | None = None) -> bool:
    """Less than 48 business hours before the service: warn before confirming (billable)."""
    return is_late_cancellation(now or datetime.now(timezone.utc), service_start(request))


def cancel_request(*, session: Session, actor: User, request_id: int, detailed_reason: str,
                   global_reason: str = GLOBAL_CANCEL_REASON, expected_version: int | None = None,
                   now: datetime | None = None) -> Request:
    """« Demande d'annulation » then « Mettre à jour »: status Annulé, interpreter and BI told."""
    request = _editable(session, actor, request_id)
    errors = {}
    if global_reason != GLOBAL_CANCEL_REASON:
        errors["global_reason"] = f"Choisissez « {GLOBAL_CANCEL_REASON} » comme raison globale."
    if detailed_reason not in cancellation_reasons(session=session, actor=actor):
        errors["detailed_reason"] = "Choisissez une raison détaillée dans la liste."
    if errors:
        raise ValidationFailed(errors)
    interpreters = interpreters_concerned(session=session, request=request)  # before offers close
    request_actions.cancel(session=session, request=request, actor=actor,
                           global_reason=global_reason, detailed_reason=detailed_reason,
                           late=cancellation_would_be_late(request, now), now=now,
                           expected_version=expected_version)
    notify_request_cancelled(session=session, request=request, interpreters=interpreters)
    session.flush()
    return request


def weekly_dates(first: date, weeks: int) -> list[date]:
    """« Répéter »: the same weekday for the next `weeks` weeks after `first`."""
    return [first + timedelta(weeks=n) for n in range(1, weeks + 1)]


def repeat_request(*, session: Session, actor: User, request_id: int, dates: list[date],
                   transmit: bool = True, now: datetime | None = None) -> list[Request]:
    """« Dupliquer » / « Répéter »: copies for other dates, all created or none.

    The copies carry the details and the priority interpreters, not the attachments, the
    BI's side (interpreter, offers) or the status: each is a new request (Nouveau, or Brouillon).
    """
    source, _ = get_request_for(session=session, request_id=request_id, user=actor)
    if not is_owner(source, actor, Facts()):  # a coordinator may modify it, not copy it as theirs
        raise AccessDenied("Seule la personne qui a créé la demande peut la dupliquer.")
    dates = sorted(set(dates))
    if not dates or len(dates) > MAX_REPEATS:
        raise ValidationFailed({"dates": f"Choisissez de 1 à {MAX_REPEATS} dates."})
    base = form_from_request(source, priority_ids(session=session, request_id=source.id))
    checks = [validate_form(session=session, actor=actor, form=replace(base, service_date=d), now=now)
              for d in dates]
    errors = {f"{d:%Y-%m-%d}": " ".join(c.errors.values()) for d, c in zip(dates, checks) if c.errors}
    if errors:
        raise ValidationFailed({"dates": " ; ".join(f"{d} : {m}" for d, m in errors.items())})
    copies = []
    for result in checks:
        copy = _insert(session, actor, result)
        if transmit:
            request_actions.submit(session=session, request=copy, actor=actor, now=now)
        copies.append(copy)
    session.flush()
    return copies
