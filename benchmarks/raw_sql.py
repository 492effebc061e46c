"""The SQL of each list page, compiled from core's own statements and run on the bare driver.

This is the data's own floor: the same SELECTs and COUNTs the page sends, without the ORM, the
row conversions, Streamlit or the rest of the page.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from sqlalchemy import Select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from benchmarks.measure import Timing, timed
from core import coordination_queries as coordination
from core import request_queries as requests
from core.access import Scope
from core.coordination_queries import DatePreset, RequestFilters, local_today
from core.request_queries import Filters, Period, period_range
from db.models import User


def _requester_lists(user: User, scope: Scope, period: Period) -> list[Select]:
    start, end = period_range(period, local_today())
    return list(requests.list_statements(user=user, scope=scope, filters=Filters(start=start, end=end)))


def _coordination_lists(user: User, preset: DatePreset | None) -> list[Select]:
    """The queue counts (the list's total is their sum) and the first page of 50."""
    filters = RequestFilters(preset=preset)
    scope = Scope.COORDINATION
    return [coordination.status_counts_statement(user=user, scope=scope, filters=filters),
            coordination.table_statement(user=user, scope=scope, filters=filters).limit(50).offset(0)]


# The same keys as benchmarks.pages.PAGE_CASES.
STATEMENTS: dict[str, Callable[[dict[str, User]], list[Select]]] = {
    "mes_demandes_today": lambda u: _requester_lists(u["demandeur"], Scope.MES_DEMANDES, Period.AUJOURDHUI),
    "mes_demandes_month": lambda u: _requester_lists(u["demandeur"], Scope.MES_DEMANDES, Period.CE_MOIS),
    "par_emplacement_month": lambda u: _requester_lists(u["demandeur"], Scope.PAR_EMPLACEMENT, Period.CE_MOIS),
    "coordination_all": lambda u: _coordination_lists(u["coordination"], None),
    "coordination_today": lambda u: _coordination_lists(u["coordination"], DatePreset.AUJOURDHUI),
    "coordination_month": lambda u: _coordination_lists(u["coordination"], DatePreset.MOIS_PRECEDENT),
}


def compile_raw(engine: Engine, statement: Select) -> tuple[str, object]:
    """The SQL text and the driver's parameters (positional for SQLite, named for psycopg)."""
    compiled = statement.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if engine.dialect.name == "sqlite":  # SQLAlchemy stores dates as ISO text on SQLite
        values = [params[name] for name in compiled.positiontup]
        return str(compiled), [v.isoformat() if isinstance(v, date) else v for v in values]
    return str(compiled), params


def time_raw(engine: Engine, statements: list[Select], runs: int) -> tuple[Timing, int]:
    """Every statement executed and fetched on one DBAPI connection. Also returns the number
    of matching rows: the first statement is the COUNT, or the counts per status."""
    compiled = [compile_raw(engine, statement) for statement in statements]
    connection = engine.raw_connection()
    counted: list[int] = []
    try:
        def run() -> None:
            cursor = connection.cursor()
            for index, (sql, params) in enumerate(compiled):
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                if index == 0:
                    counted.append(sum(row[-1] for row in rows))
            cursor.close()
            connection.rollback()

        return timed(run, runs=runs), counted[-1]
    finally:
        connection.close()


def list_users(session: Session, emails: dict[str, str]) -> dict[str, User]:
    from benchmarks.services import person

    users = {name: person(session, email) for name, email in emails.items()}
    session.expunge_all()
    return users
