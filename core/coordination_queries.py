"""Lists of requests: the filters of « Mes demandes » plus the BI's, counts per status, pages.

One SELECT builds every list (`table_statement`), scoped by core.access so a list never holds
a row its reader may not open; the pages, the queue counts and the exports all start from it.
Filters become SQL conditions over indexed columns; pages use LIMIT/OFFSET with a COUNT.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from core.access import Scope, scope_clause
from core.errors import AccessDenied
from core.request_queries import Filters, Period, period_range
from core.roles import Role
from core.settings import TIMEZONE
from core.statuses import Status
from core.text_rules import search_condition
from db.models import Etablissement, Installation, Language, Request, RequestType, User
from db.types import utcnow

SCOPES_BY_ROLE = {
    Role.DEMANDEUR: (Scope.MES_DEMANDES, Scope.PAR_EMPLACEMENT),
    Role.COORDONNATEUR: (Scope.COORDINATION,),
    Role.INTERPRETE: (Scope.MES_MANDATS,),
}
PAGE_SIZES = (25, 50, 100)


class DatePreset(StrEnum):
    """The guide's calendar shortcuts (section 5)."""

    AUJOURDHUI = "aujourdhui"
    DEMAIN = "demain"
    MOIS_EN_COURS = "mois_en_cours"
    MOIS_PRECEDENT = "mois_precedent"
    MOIS_PROCHAIN = "mois_prochain"
    PERSONNALISEE = "personnalisee"

    @property
    def label(self) -> str:
        return PRESET_LABELS[self]


PRESET_LABELS = {
    DatePreset.AUJOURDHUI: "Aujourd'hui", DatePreset.DEMAIN: "Le lendemain",
    DatePreset.MOIS_EN_COURS: "Le mois en cours", DatePreset.MOIS_PRECEDENT: "Le mois précédent",
    DatePreset.MOIS_PROCHAIN: "Le mois prochain", DatePreset.PERSONNALISEE: "Gamme personnalisée",
}


def local_today() -> date:
    return utcnow().astimezone(TIMEZONE).date()


# The same periods as « Mes demandes » (core.request_queries), one rule for both.
_PERIODS = {DatePreset.AUJOURDHUI: Period.AUJOURDHUI, DatePreset.DEMAIN: Period.DEMAIN,
            DatePreset.MOIS_EN_COURS: Period.CE_MOIS, DatePreset.MOIS_PRECEDENT: Period.MOIS_PRECEDENT,
            DatePreset.MOIS_PROCHAIN: Period.MOIS_PROCHAIN}


def preset_range(preset: DatePreset | str, today: date) -> tuple[date | None, date | None]:
    """First and last local dates of a preset; (None, None) for the custom range."""
    preset = DatePreset(preset)
    if preset == DatePreset.PERSONNALISEE:
        return None, None
    return period_range(_PERIODS[preset], today)


@dataclass(frozen=True)
class RequestFilters:
    """What a person can filter a list on; every field is optional."""

    number: str | None = None
    statuses: tuple[str, ...] = ()
    language_id: int | None = None  # langue d'arrivée
    interpreter_name: str | None = None
    request_type: str | None = None
    installation_id: int | None = None
    etablissement_id: int | None = None
    cost_center: str | None = None
    preset: str | None = None  # a DatePreset; PERSONNALISEE uses date_from / date_to
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_list_filters(cls, filters: Filters) -> "RequestFilters":
        """The filters of « Mes demandes » / « Par emplacement », to export what the list shows."""
        return cls(number=filters.number, statuses=(filters.status,) if filters.status else (),
                   language_id=filters.language_id, interpreter_name=filters.interpreter_name,
                   request_type=filters.request_type, installation_id=filters.installation_id,
                   preset=DatePreset.PERSONNALISEE, date_from=filters.start, date_to=filters.end)

    def date_range(self, today: date | None = None) -> tuple[date | None, date | None]:
        if self.preset and self.preset != DatePreset.PERSONNALISEE:
            return preset_range(self.preset, today or local_today())
        return self.date_from, self.date_to

    def as_record(self, today: date | None = None) -> dict:
        """The filters actually applied, for the audit history (no empty values)."""
        first, last = self.date_range(today)
        record = {**asdict(self), "date_from": first, "date_to": last}
        record.pop("preset")
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in record.items()
                if v not in (None, "", ())}


def _contains(column, text: str):
    return search_condition(column, text)


def filter_conditions(filters: RequestFilters, *, today: date | None = None,
                      with_status: bool = True) -> list:
    """SQL conditions on Request for these filters (shared by every list of requests)."""
    f, conditions = filters, []
    if f.number and f.number.strip():
        conditions.append(_contains(Request.number, f.number))
    if with_status and f.statuses:
        conditions.append(Request.status.in_([str(s) for s in f.statuses]))
    if f.language_id:
        conditions.append(Request.target_language_id == f.language_id)
    if f.request_type:
        conditions.append(Request.request_type == f.request_type)
    if f.installation_id:
        conditions.append(Request.installation_id == f.installation_id)
    if f.etablissement_id:
        conditions.append(Request.installation_id.in_(
            select(Installation.id).where(Installation.etablissement_id == f.etablissement_id)))
    if f.interpreter_name and f.interpreter_name.strip():
        conditions.append(Request.assigned_interpreter_id.in_(select(User.id).where(
            _contains(User.first_name + " " + User.last_name, f.interpreter_name))))
    if f.cost_center and f.cost_center.strip():
        conditions.append(Request.requested_by_id.in_(
            select(User.id).where(_contains(User.cost_center, f.cost_center))))
    first, last = f.date_range(today)
    if first:
        conditions.append(Request.service_date >= first)
    if last:
        conditions.append(Request.service_date <= last)
    return conditions


def require_scope(user: User, scope: Scope | str) -> Scope:
    """The list asked for, if it is one of this person's lists; refuses otherwise."""
    scope = Scope(scope)
    if not user.is_active or scope not in SCOPES_BY_ROLE.get(Role(user.role), ()):
        raise AccessDenied("Vous n'avez pas accès à cette liste de demandes.")
    return scope


def _where(user: User, scope: Scope | str, filters: RequestFilters, today, with_status=True) -> list:
    return [scope_clause(user=user, scope=require_scope(user, scope)),
            *filter_conditions(filters, today=today, with_status=with_status)]


Requester, Interpreter, Target = aliased(User), aliased(User), aliased(Language)

# The table's columns: (key, French header). The same order on screen and in exports.
COLUMNS = (
    ("number", "Numéro"), ("status", "Statut"), ("service_date", "Date"),
    ("service_time", "Heure"), ("duration_minutes", "Durée (min)"), ("request_type", "Type"),
    ("language", "Langue"), ("etablissement", "Établissement"), ("installation", "Installation"),
    ("location", "Lieu"), ("requester", "Demandeur"), ("cost_center", "Centre de coût"),
    ("interpreter", "Interprète"),
)


def table_statement(*, user: User, scope: Scope | str, filters: RequestFilters,
                    today: date | None = None) -> Select:
    """The scoped, filtered, ordered SELECT of a list (without paging)."""
    return (select(Request.id, Request.version, Request.number, Request.status,
                   Request.service_date, Request.service_time, Request.duration_minutes,
                   RequestType.label.label("request_type"), Target.label.label("language"),
                   Etablissement.sigle.label("etablissement"),
                   Installation.nom.label("installation"), Request.location,
                   (Requester.first_name + " " + Requester.last_name).label("requester"),
                   Requester.cost_center.label("cost_center"),
                   (Interpreter.first_name + " " + Interpreter.last_name).label("interpreter"))
            .join(Installation, Installation.id == Request.installation_id)
            .join(Etablissement, Etablissement.id == Installation.etablissement_id)
            .join(Target, Target.id == Request.target_language_id)
            .join(RequestType, RequestType.code == Request.request_type)
            .join(Requester, Requester.id == Request.requested_by_id)
            .outerjoin(Interpreter, Interpreter.id == Request.assigned_interpreter_id)
            .where(*_where(user, scope, filters, today))
            .order_by(Request.service_date, Request.service_time, Request.id))


@dataclass
class RequestPage:
    rows: list[dict] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = 50

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


def count_requests(*, session: Session, user: User, scope: Scope | str, filters: RequestFilters,
                   today: date | None = None) -> int:
    statement = select(func.count(Request.id)).where(*_where(user, scope, filters, today))
    return session.execute(statement).scalar_one()


def list_requests(*, session: Session, user: User, scope: Scope | str, filters: RequestFilters,
                  page: int = 1, page_size: int = 50, today: date | None = None) -> RequestPage:
    """One page of the list (1-based) and the total number of matching requests."""
    page_size = max(1, min(int(page_size), 500))
    total = count_requests(session=session, user=user, scope=scope, filters=filters, today=today)
    page = max(1, min(int(page), max(1, -(-total // page_size))))
    statement = (table_statement(user=user, scope=scope, filters=filters, today=today)
                 .limit(page_size).offset((page - 1) * page_size))
    rows = [dict(row) for row in session.execute(statement).mappings()]
    return RequestPage(rows=rows, total=total, page=page, page_size=page_size)


def status_counts(*, session: Session, user: User, scope: Scope | str,
                  filters: RequestFilters | None = None, today: date | None = None) -> dict[Status, int]:
    """The queue: how many requests per status under the other filters (every status listed)."""
    conditions = _where(user, scope, filters or RequestFilters(), today, with_status=False)
    statement = (select(Request.status, func.count(Request.id)).where(*conditions)
                 .group_by(Request.status))
    found = dict(session.execute(statement).all())
    shown = [s for s in Status if s != Status.BROUILLON or scope != Scope.COORDINATION]
    return {status: int(found.get(str(status), 0)) for status in shown}


__all__ = ["COLUMNS", "DatePreset", "RequestFilters", "RequestPage", "count_requests",
           "filter_conditions", "list_requests", "preset_range", "require_scope", "status_counts",
           "table_statement"]
