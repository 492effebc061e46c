"""The status workflow of DESIGN.md as data: transitions, guards per role and ownership.

Pages ask `allowed_actions` which buttons to show; services call `check` before any change and
`record_transition` to apply it, so a refused action changes nothing and an accepted one always
leaves a history row in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import StrEnum
from typing import Callable, Mapping

from sqlmodel import Session, select

from core.errors import TransitionNotAllowed
from core.history import record_history
from core.roles import Role
from core.settings import TIMEZONE
from core.statuses import Status
from db.models import Request, RequestOffer, User
from db.types import utcnow


class Action(StrEnum):
    SOUMETTRE = "soumettre"
    OFFRIR = "offrir"
    CONFIRMER = "confirmer"
    ACCEPTER = "accepter"
    REFUSER = "refuser"
    MODIFIER = "modifier"
    ANNULER = "annuler"
    DECLARER_SERVICE = "declarer_service"
    FERMER = "fermer"
    RETOURNER = "retourner"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.SOUMETTRE: "Sauvegarder (transmettre à la BI)",
    Action.OFFRIR: "Offrir à des interprètes",
    Action.CONFIRMER: "Confirmer pour un interprète",
    Action.ACCEPTER: "Accepter",
    Action.REFUSER: "Refuser",
    Action.MODIFIER: "Modifier",
    Action.ANNULER: "Demande d'annulation",
    Action.DECLARER_SERVICE: "Service fourni",
    Action.FERMER: "Fermer le service",
    Action.RETOURNER: "Retourner à l'interprète",
}

# Infinitive phrases for refusals: « Vous ne pouvez pas <verb> ... ».
_VERBS = {
    Action.SOUMETTRE: "transmettre", Action.OFFRIR: "offrir", Action.CONFIRMER: "confirmer",
    Action.ACCEPTER: "accepter", Action.REFUSER: "refuser", Action.MODIFIER: "modifier",
    Action.ANNULER: "annuler", Action.DECLARER_SERVICE: "déclarer le service fourni pour",
    Action.FERMER: "fermer", Action.RETOURNER: "retourner à l'interprète",
}


@dataclass(frozen=True)
class Facts:
    """What the guards need beyond the request row: open offers, and the current instant."""

    offered_to: frozenset[int] = frozenset()
    now: datetime = field(default_factory=utcnow)


Guard = Callable[[Request, User, Facts], bool]


def is_owner(request: Request, user: User, facts: Facts) -> bool:
    return user.role == Role.DEMANDEUR and request.requested_by_id == user.id


def is_coordinator(request: Request, user: User, facts: Facts) -> bool:
    return user.role == Role.COORDONNATEUR


def is_owner_or_coordinator(request: Request, user: User, facts: Facts) -> bool:
    return is_owner(request, user, facts) or is_coordinator(request, user, facts)


def may_modify(request: Request, user: User, facts: Facts) -> bool:
    """The owner, or a coordinator once the request is transmitted (a draft is the owner's alone)."""
    if is_owner(request, user, facts):
        return True
    return is_coordinator(request, user, facts) and request.status != Status.BROUILLON


def is_invited_interpreter(request: Request, user: User, facts: Facts) -> bool:
    """An interpreter with an open offer; for a Modifié request, the one it was reserved for."""
    if user.role != Role.INTERPRETE:
        return False
    if request.status == Status.MODIFIE:
        return request.assigned_interpreter_id == user.id
    return user.id in facts.offered_to


def is_assigned_interpreter(request: Request, user: User, facts: Facts) -> bool:
    return user.role == Role.INTERPRETE and request.assigned_interpreter_id == user.id


def service_start(request: Request) -> datetime:
    """The appointment's start as an aware instant (date and time are local, America/Toronto)."""
    return datetime.combine(request.service_date, request.service_time, tzinfo=TIMEZONE)


def service_has_started(request: Request, facts: Facts) -> bool:
    return facts.now >= service_start(request)


@dataclass(frozen=True)
class Transition:
    action: Action
    moves: Mapping[Status, Status]
    guard: Guard
    guard_message: str
    condition: Callable[[Request, Facts], bool] | None = None
    condition_message: str = ""


TRANSITIONS: dict[Action, Transition] = {t.action: t for t in (
    Transition(Action.SOUMETTRE, {Status.BROUILLON: Status.NOUVEAU}, is_owner,
               "Seule la personne qui a créé la demande peut la transmettre."),
    Transition(Action.OFFRIR, {Status.NOUVEAU: Status.EN_ATTENTE}, is_coordinator,
               "Seul un coordonnateur de la BI peut offrir une demande aux interprètes."),
    Transition(Action.CONFIRMER, {Status.NOUVEAU: Status.RESERVE, Status.EN_ATTENTE: Status.RESERVE},
               is_coordinator, "Seul un coordonnateur de la BI peut confirmer un interprète."),
    Transition(Action.ACCEPTER, {Status.EN_ATTENTE: Status.RESERVE, Status.MODIFIE: Status.RESERVE},
               is_invited_interpreter, "Cette demande ne vous est pas offerte."),
    # From En attente the target depends on the other open offers: see `target_status`.
    Transition(Action.REFUSER, {Status.EN_ATTENTE: Status.EN_ATTENTE, Status.MODIFIE: Status.NOUVEAU},
               is_invited_interpreter, "Cette demande ne vous est pas offerte."),
    Transition(Action.MODIFIER, {Status.BROUILLON: Status.BROUILLON, Status.NOUVEAU: Status.NOUVEAU,
                                 Status.EN_ATTENTE: Status.EN_ATTENTE, Status.RESERVE: Status.MODIFIE,
                                 Status.MODIFIE: Status.MODIFIE},
               may_modify,
               "Seuls la personne qui a créé la demande et les coordonnateurs peuvent la modifier."),
    Transition(Action.ANNULER, {s: Status.ANNULE for s in (Status.NOUVEAU, Status.EN_ATTENTE,
                                                           Status.RESERVE, Status.MODIFIE)},
               is_owner_or_coordinator,
               "Seuls la personne qui a créé la demande et les coordonnateurs peuvent l'annuler."),
    Transition(Action.DECLARER_SERVICE, {Status.RESERVE: Status.SERVICE_FOURNI},
               is_assigned_interpreter, "Seul l'interprète assigné peut déclarer le service fourni.",
               condition=service_has_started,
               condition_message="Le service ne peut être déclaré fourni qu'à partir de son heure "
                                 "de début."),
    Transition(Action.FERMER, {Status.SERVICE_FOURNI: Status.SERVICE_FERME}, is_coordinator,
               "Seul un coordonnateur de la BI peut fermer un service."),
    Transition(Action.RETOURNER, {Status.SERVICE_FOURNI: Status.RESERVE}, is_coordinator,
               "Seul un coordonnateur de la BI peut retourner un service à l'interprète."),
)}


def check(request: Request, user: User, action: Action, facts: Facts | None = None) -> Status:
    """The status this action leads to; raises TransitionNotAllowed with the reason otherwise."""
    facts = facts or Facts()
    transition = TRANSITIONS[Action(action)]
    current = Status(request.status)
    if not transition.guard(request, user, facts):
        raise TransitionNotAllowed(transition.guard_message)
    if current not in transition.moves:
        raise TransitionNotAllowed(
            f"Vous ne pouvez pas {_VERBS[transition.action]} une demande au statut "
            f"« {current.label} »."
        )
    if transition.condition and not transition.condition(request, facts):
        raise TransitionNotAllowed(transition.condition_message)
    return target_status(request, user, transition.action, facts)


def target_status(request: Request, user: User, action: Action, facts: Facts) -> Status:
    current = Status(request.status)
    if action == Action.REFUSER and current == Status.EN_ATTENTE:
        others = facts.offered_to - {user.id}
        return Status.EN_ATTENTE if others else Status.NOUVEAU
    return TRANSITIONS[action].moves[current]


def allowed_actions(request: Request, user: User, facts: Facts | None = None) -> list[Action]:
    """The actions this person may take on this request now, in the table's order."""
    allowed = []
    for action in TRANSITIONS:
        try:
            check(request, user, action, facts)
        except TransitionNotAllowed:
            continue
        allowed.append(action)
    return allowed


def facts_for(*, session: Session, request: Request, now: datetime | None = None) -> Facts:
    offered = session.exec(select(RequestOffer.interpreter_id).where(
        RequestOffer.request_id == request.id, RequestOffer.status == "ouverte")).all()
    return Facts(offered_to=frozenset(offered), now=now or datetime.now(timezone.utc))


def actions_for(*, session: Session, request: Request, user: User) -> list[Action]:
    return allowed_actions(request, user, facts_for(session=session, request=request))


def record_transition(*, session: Session, request: Request, actor: User, action: Action,
                      to_status: Status, changes: dict | None = None,
                      detail: str | None = None) -> None:
    """Applies a checked transition and its history row; the caller's transaction commits both."""
    from_status = request.status
    request.status = str(to_status)
    request.updated_at = utcnow()
    session.add(request)
    record_history(session=session, actor_id=actor.id, entity="request", entity_id=request.id,
                   action=str(action), from_status=from_status, to_status=str(to_status),
                   changes=changes, detail=detail)
