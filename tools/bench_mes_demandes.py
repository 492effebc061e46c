"""How long « Mes demandes » takes on a large database (docs/performance.md, issue 4).

Usage, after `python -m db.seed --demo --requests 100000` into DATABASE_URL:
    DATABASE_URL=sqlite:////tmp/bench.db python -m tools.bench_mes_demandes [--runs 7]

Times, for the demo demandeur and for the busiest requester and installation: the list query
(one page + its COUNT) for each period preset, and a whole AppTest run of the home page signed in.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from sqlalchemy import func, select, text
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.access import Scope
from core.request_lists import local_today
from core.request_queries import Filters, Period, list_requests, period_range
from core.settings import PROJECT_ROOT
from db.engine import get_engine, read_session
from db.models import Request, User


def median_ms(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def busiest_requester(session: Session) -> User:
    user_id = session.execute(select(Request.requested_by_id).group_by(Request.requested_by_id)
                              .order_by(func.count().desc()).limit(1)).scalar_one()
    return session.get(User, user_id)


def time_queries(session: Session, user: User, runs: int) -> list[tuple]:
    rows = []
    for scope in (Scope.MES_DEMANDES, Scope.PAR_EMPLACEMENT):
        for period in (Period.AUJOURDHUI, Period.CE_MOIS, Period.PERSONNALISEE):
            custom = (date(2000, 1, 1), date(2100, 1, 1))  # every date: the worst case
            start, end = period_range(period, local_today(), custom)
            filters = Filters(start=start, end=end)
            page = list_requests(session=session, user=user, scope=scope, filters=filters)
            ms = median_ms(lambda: list_requests(session=session, user=user, scope=scope,
                                                 filters=filters), runs)
            rows.append((scope.value, period.value, page.total, round(ms, 1)))
    return rows


def _timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return (time.perf_counter() - started) * 1000


def time_home_page(user: User, runs: int) -> dict[str, float]:
    """Medians in ms: first run of a fresh session (home, today), a rerun, « Ce mois-ci »,
    and « Par emplacement » over « Ce mois-ci »."""
    timings: dict[str, list[float]] = {"first run": [], "rerun": [], "Ce mois-ci": [],
                                       "Par emplacement, Ce mois-ci": []}
    for _ in range(runs):
        at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=120)
        at.session_state["relais_user_id"] = user.id
        timings["first run"].append(_timed_run(at))
        assert at.title[0].value == "Demandes de réservation – Mes demandes"
        timings["rerun"].append(_timed_run(at))
        at.radio(key="home_period").set_value(Period.CE_MOIS.value)
        timings["Ce mois-ci"].append(_timed_run(at))
        at.switch_page("app_pages/par_emplacement.py")
        at.run()
        at.radio(key="location_period").set_value(Period.CE_MOIS.value)
        timings["Par emplacement, Ce mois-ci"].append(_timed_run(at))
        assert len(at.dataframe[0].value) <= 50
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with read_session(get_engine()) as session:  # never holds SQLite's write lock
        total = session.execute(select(func.count()).select_from(Request)).scalar_one()
        demo = session.execute(select(User).where(User.email == "demandeur@relais.demo")).scalar_one()
        busiest = busiest_requester(session)
        print(f"requests in the database: {total}")
        for label, user in (("demandeur@relais.demo", demo), (f"busiest requester {busiest.email}", busiest)):
            print(f"\n{label}")
            for row in time_queries(session, user, runs=20):
                print("  scope=%s period=%s rows=%s median=%s ms" % row)
        plan = session.execute(text(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM request WHERE requested_by_id = :u "
            "AND service_date >= :s AND service_date <= :e"),
            {"u": busiest.id, "s": local_today(), "e": local_today()}).all()
        print("\nplan of the COUNT:", [row[-1] for row in plan])
        session.expunge_all()  # the people stay readable after the read ends
    for label, user in (("demandeur@relais.demo", demo), ("busiest requester", busiest)):
        medians = time_home_page(user, args.runs)
        print(f"\nAppTest, {label}: " + ", ".join(f"{k} {v:.0f} ms" for k, v in medians.items()))


if __name__ == "__main__":
    main()
