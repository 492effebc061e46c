"""Who sees what (DESIGN.md), enforced here on every read, not by hiding buttons.

`Visibility` answers for one request; `scope_clause` gives the SQL condition of each list so
that a list can never show a row its reader may not open.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import and_, exists, false, or_, select as sa_select
from sqlmodel import Session, select

from core.errors import AccessDenied, NotFound
from core.roles import Role
from core.statuses import Status
from db.models import Request, RequestOffer, User, UserInstallation


class Scope(StrEnum):
    MES_DEMANDES = "mes_demandes"  # the requester's own requests
    PAR_EMPLACEMENT = "par_emplacement"  # colleagues' requests at the same installation(s)
    COORDINATION = "coordination"  # every transmitted request
    MES_MANDATS = "mes_mandats"  # offered to or assigned to the interpreter


@dataclass(frozen=True)
class Visibility:
    """What one person may see of one request."""

    request: bool = False
    read_only: bool = True
    note_to_coordinators: bool = False
    attachments: bool = False
    history: bool = False


NOTHING = Visibility()


def installation_ids_of(*, session: Session, user: User) -> frozenset[int]:
    rows = session.exec(select(UserInstallation.installation_id)
                        .where(UserInstallation.user_id == user.id)).all()
    return frozenset(rows)


def has_open_offer(*, session: Session, request: Request, user: User) -> bool:
    return session.exec(select(RequestOffer.id).where(
        RequestOffer.request_id == request.id, RequestOffer.interpreter_id == user.id,
        RequestOffer.status == "ouverte")).first() is not None


def visibility(*, session: Session, request: Request, user: User) -> Visibility:
    if not user.is_active:
        return NOTHING
    if user.role == Role.DEMANDEUR:
        if request.requested_by_id == user.id:
            return Visibility(True, False, True, True, True)
        if (request.status != Status.BROUILLON
                and request.installation_id in installation_ids_of(session=session, user=user)):
            return Visibility(request=True, read_only=True, attachments=True)
        return NOTHING
    if user.role == Role.COORDONNATEUR:
        if request.status == Status.BROUILLON:
            return NOTHING
        return Visibility(True, False, True, True, True)
    if user.role == Role.INTERPRETE:
        if (request.assigned_interpreter_id == user.id
                or has_open_offer(session=session, request=request, user=user)):
            return Visibility(request=True, read_only=True, attachments=True)
    return NOTHING


def get_request_for(*, session: Session, request_id: int, user: User) -> tuple[Request, Visibility]:
    """The request and what this person may see of it; refuses in French otherwise."""
    request = session.get(Request, request_id)
    if request is None:
        raise NotFound("Cette demande n'existe pas.")
    seen = visibility(session=session, request=request, user=user)
    if not seen.request:
        raise AccessDenied("Vous n'avez pas accès à cette demande.")
    return request, seen


def scope_clause(*, user: User, scope: Scope):
    """SQL condition on Request for a list; `false()` when the scope is not this person's."""
    scope = Scope(scope)
    if scope == Scope.MES_DEMANDES and user.role == Role.DEMANDEUR:
        return Request.requested_by_id == user.id
    if scope == Scope.PAR_EMPLACEMENT and user.role == Role.DEMANDEUR:
        my_installations = sa_select(UserInstallation.installation_id).where(
            UserInstallation.user_id == user.id)
        return and_(Request.installation_id.in_(my_installations),
                    Request.status != Status.BROUILLON)
    if scope == Scope.COORDINATION and user.role == Role.COORDONNATEUR:
        return Request.status != Status.BROUILLON
    if scope == Scope.MES_MANDATS and user.role == Role.INTERPRETE:
        offered = exists().where(RequestOffer.request_id == Request.id,
                                 RequestOffer.interpreter_id == user.id,
                                 RequestOffer.status == "ouverte")
        return or_(Request.assigned_interpreter_id == user.id, offered)
    return false()
