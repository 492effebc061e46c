"""Lists of requests (« Mes demandes », « Par emplacement », the calendar), in SQL.

Each list is one paginated SELECT of the displayed columns plus one COUNT, both restricted by
`core.access.scope_clause`, so no page ever loads the whole table nor sees a row its reader may
not open. The « Note aux coordonnateurs » is never selected here.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from core.access import Scope, scope_clause
from core.statuses import STATUS_COLOURS, Status, status_badge
from core.text_rules import search_condition
from db.models import Installation, Language, Request, RequestType, User

PAGE_SIZE = 50
CALENDAR_LIMIT = 1000


class Period(StrEnum):
    AUJOURDHUI = "Aujourd'hui"
    DEMAIN = "Demain"
    CE_MOIS = "Ce mois-ci"
    MOIS_PRECEDENT = "Mois précédent"
    MOIS_PROCHAIN = "Mois prochain"
    PERSONNALISEE = "Période personnalisée"


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def period_range(period: Period | str, today: date, custom: tuple[date, date] | None = None
                 ) -> tuple[date, date]:
    """First and last day (inclusive) of a period preset."""
    period = Period(period)
    if period == Period.AUJOURDHUI:
        return today, today
    if period == Period.DEMAIN:
        return today + timedelta(days=1), today + timedelta(days=1)
    if period == Period.CE_MOIS:
        return _month(today.year, today.month)
    if period == Period.MOIS_PRECEDENT:
        previous = today.replace(day=1) - timedelta(days=1)
        return _month(previous.year, previous.month)
    if period == Period.MOIS_PROCHAIN:
        following = today.replace(day=28) + timedelta(days=4)
        return _month(following.year, following.month)
    start, end = custom or (today, today)
    return (start, end) if start <= end else (end, start)


@dataclass(frozen=True)
class Filters:
    """The filters of the guide's section 5; None means « tous »."""

    start: date
    end: date
    number: str | None = None
    status: str | None = None
    language_id: int | None = None
    interpreter_name: str | None = None
    request_type: str | None = None
    installation_id: int | None = None


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


Interpreter = aliased(User, name="interpreter")
Requester = aliased(User, name="requester")


def _full_name(person):
    return person.first_name + literal(" ") + person.last_name


def _conditions(user: User, scope: Scope, filters: Filters) -> list:
    conditions = [scope_clause(user=user, scope=scope),
                  Request.service_date >= filters.start, Request.service_date <= filters.end]
    if filters.number and filters.number.strip():
        conditions.append(search_condition(Request.number, filters.number))
    if filters.status:
        conditions.append(Request.status == filters.status)
    if filters.language_id:
        conditions.append(or_(Request.target_language_id == filters.language_id,
                              Request.source_language_id == filters.language_id))
    if filters.request_type:
        conditions.append(Request.request_type == filters.request_type)
    if filters.installation_id:
        conditions.append(Request.installation_id == filters.installation_id)
    if filters.interpreter_name and filters.interpreter_name.strip():
        conditions.append(search_condition(_full_name(Interpreter), filters.interpreter_name))
    return conditions


def _columns():
    return (Request.id, Request.number, Request.status, Request.service_date, Request.service_time,
            Request.duration_minutes, Language.label.label("language"),
            RequestType.label.label("type_label"), Installation.nom.label("installation"),
            _full_name(Interpreter).label("interpreter"), _full_name(Requester).label("requester"))


def _joined(statement):
    return (statement.join(Language, Language.id == Request.target_language_id)
            .join(RequestType, RequestType.code == Request.request_type)
            .join(Installation, Installation.id == Request.installation_id)
            .join(Requester, Requester.id == Request.requested_by_id)
            .outerjoin(Interpreter, Interpreter.id == Request.assigned_interpreter_id))


def _display(row) -> dict:
    return {
        "id": row.id,
        "Numéro": row.number or "—",
        "Statut": status_badge(row.status),
        "Date": row.service_date,
        "Heure": row.service_time.strftime("%H:%M"),
        "Durée": f"{row.duration_minutes // 60} h {row.duration_minutes % 60:02d}",
        "Langue d'arrivée": row.language,
        "Type": row.type_label,
        "Installation": row.installation,
        "Interprète": row.interpreter or "—",
        "Demandeur": row.requester,
    }


def list_requests(*, session: Session, user: User, scope: Scope, filters: Filters,
                  page: int = 1, page_size: int = PAGE_SIZE) -> Page:
    """One page of the list, ordered by date and time, with the total count."""
    conditions = _conditions(user, scope, filters)
    count_statement = select(func.count()).select_from(Request)
    if filters.interpreter_name and filters.interpreter_name.strip():
        count_statement = count_statement.outerjoin(
            Interpreter, Interpreter.id == Request.assigned_interpreter_id)
    total = session.execute(count_statement.where(and_(*conditions))).scalar_one()
    page = max(1, page)
    statement = (_joined(select(*_columns())).where(and_(*conditions))
                 .order_by(Request.service_date, Request.service_time, Request.id)
                 .limit(page_size).offset((page - 1) * page_size))
    rows = [_display(row) for row in session.execute(statement)]
    return Page(rows=rows, total=total, page=page, page_size=page_size)


def calendar_events(*, session: Session, user: User, scope: Scope, filters: Filters) -> list[dict]:
    """Events for streamlit-calendar: coloured by status and titled with the status text."""
    statement = (_joined(select(*_columns())).where(and_(*_conditions(user, scope, filters)))
                 .order_by(Request.service_date, Request.service_time).limit(CALENDAR_LIMIT))
    events = []
    for row in session.execute(statement):
        start = f"{row.service_date:%Y-%m-%d}T{row.service_time:%H:%M}:00"
        end_minutes = row.service_time.hour * 60 + row.service_time.minute + row.duration_minutes
        end_day = row.service_date + timedelta(days=end_minutes // (24 * 60))
        end = f"{end_day:%Y-%m-%d}T{(end_minutes // 60) % 24:02d}:{end_minutes % 60:02d}:00"
        colour = STATUS_COLOURS[Status(row.status)]
        events.append({"id": str(row.id), "start": start, "end": end,
                       "title": f"{status_badge(row.status)} · {row.number or 'Brouillon'} · {row.language}",
                       "backgroundColor": colour, "borderColor": colour})
    return events
