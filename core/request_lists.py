"""Lists of requests as their readers see them, scoped by core.access (never by the page).

For now: the requests of one day (the home page's default, guide section 5). The requesters'
issue adds filters, periods and pagination here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, select

from core.access import Scope, scope_clause
from core.settings import TIMEZONE
from core.statuses import status_badge
from db.models import Installation, Language, Request, User


@dataclass(frozen=True)
class RequestRow:
    id: int
    number: str | None
    status: str
    service_date: date
    service_time: time
    target_language: str
    installation: str

    @property
    def status_badge(self) -> str:
        return status_badge(self.status)


def local_today() -> date:
    """Today in Quebec (America/Toronto), whatever the server's zone."""
    return datetime.now(TIMEZONE).date()


def requests_of_day(*, session: Session, user: User, scope: Scope, day: date) -> list[RequestRow]:
    query = (select(Request.id, Request.number, Request.status, Request.service_date,
                    Request.service_time, Language.label, Installation.nom)
             .join(Language, Language.id == Request.target_language_id)
             .join(Installation, Installation.id == Request.installation_id)
             .where(scope_clause(user=user, scope=scope), Request.service_date == day)
             .order_by(Request.service_time, Request.id))
    return [RequestRow(*row) for row in session.exec(query).all()]
