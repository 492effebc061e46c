"""« Tableau de bord »: volumes by status, language, installation and week; fill rate; late
cancellations. Grouped in SQL over the coordinators' scope for a period of service dates."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlmodel import Session

from core.access import Scope, scope_clause
from core.coordination_queries import RequestFilters, filter_conditions, require_scope
from core.statuses import Status
from db.models import Installation, Language, Request, User

# « Réservé » in the fill rate: accepted by an interpreter, then possibly modified or served.
FILLED = (Status.RESERVE, Status.MODIFIE, Status.SERVICE_FOURNI, Status.SERVICE_FERME)


@dataclass
class Dashboard:
    first: date
    last: date
    by_status: list[dict] = field(default_factory=list)  # {"Statut", "Demandes"}
    by_language: list[dict] = field(default_factory=list)  # {"Langue", "Demandes"}
    by_installation: list[dict] = field(default_factory=list)  # {"Installation", "Demandes"}
    by_week: list[dict] = field(default_factory=list)  # {"Semaine du", "Demandes", "Annulations tardives"}
    transmitted: int = 0
    filled: int = 0
    cancelled: int = 0
    late_cancellations: int = 0

    @property
    def fill_rate(self) -> float | None:
        """Réservé (or later) over transmitted; None when nothing was transmitted."""
        return self.filled / self.transmitted if self.transmitted else None


def _conditions(user: User, filters: RequestFilters) -> list:
    require_scope(user, Scope.COORDINATION)
    return [scope_clause(user=user, scope=Scope.COORDINATION), *filter_conditions(filters)]


def _grouped(session: Session, label, conditions: list, join=None) -> list[tuple[str, int]]:
    statement = select(label, func.count(Request.id)).select_from(Request)
    if join is not None:
        statement = statement.join(*join)
    statement = statement.where(*conditions).group_by(label).order_by(func.count(Request.id).desc(), label)
    return [(name, int(count)) for name, count in session.execute(statement).all()]


def _weeks(session: Session, conditions: list) -> list[dict]:
    late = func.sum(case((Request.late_cancellation, 1), else_=0))
    statement = (select(Request.service_date, func.count(Request.id), late).where(*conditions)
                 .group_by(Request.service_date))
    weeks: dict[date, list[int]] = {}
    for day, count, late_count in session.execute(statement).all():
        monday = day - timedelta(days=day.weekday())
        totals = weeks.setdefault(monday, [0, 0])
        totals[0] += int(count)
        totals[1] += int(late_count or 0)
    return [{"Semaine du": monday, "Demandes": n, "Annulations tardives": late}
            for monday, (n, late) in sorted(weeks.items())]


def dashboard(*, session: Session, user: User, first: date, last: date,
              filters: RequestFilters | None = None) -> Dashboard:
    """The figures for requests whose service date falls between `first` and `last` (inclusive)."""
    scoped = replace(filters or RequestFilters(), preset=None, date_from=first, date_to=last)
    conditions = _conditions(user, scoped)
    statuses = dict(_grouped(session, Request.status, conditions))
    board = Dashboard(first=first, last=last)
    board.by_status = [{"Statut": s.label, "Demandes": statuses.get(str(s), 0)}
                       for s in Status if s != Status.BROUILLON]
    board.by_language = [{"Langue": n, "Demandes": c} for n, c in _grouped(
        session, Language.label, conditions, (Language, Language.id == Request.target_language_id))]
    board.by_installation = [{"Installation": n, "Demandes": c} for n, c in _grouped(
        session, Installation.nom, conditions, (Installation, Installation.id == Request.installation_id))]
    board.by_week = _weeks(session, conditions)
    board.transmitted = sum(statuses.values())
    board.filled = sum(statuses.get(str(s), 0) for s in FILLED)
    board.cancelled = statuses.get(str(Status.ANNULE), 0)
    board.late_cancellations = sum(week["Annulations tardives"] for week in board.by_week)
    return board
