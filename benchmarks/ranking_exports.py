"""Times the ranking of candidate interpreters and the exports of 100,000 rows.

    python -m benchmarks.ranking_exports [--url URL] [--requests 100000] [--interpreters 300]

Without --url it builds a fresh SQLite file in a temporary directory. With a PostgreSQL URL
it DROPs and recreates the public schema of that database: give it a throw-away database.
Prints one line per measure (milliseconds); docs/performance.md records a run.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time as clock
from datetime import date, time, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session, SQLModel, select

import db.models  # noqa: F401  (registers the tables)
from benchmarks.measure import timed
from core.access import Scope
from core.coordination_queries import RequestFilters, list_requests, status_counts
from core.dashboard import dashboard
from core.exports import export_requests
from core.matching import rank_candidates
from core.roles import Role
from db.engine import build_engine
from db.types import utcnow
from db.models import (
    Etablissement, Installation, InterpreterLanguage, InterpreterProfile, Language, Request,
    RequestType, User,
)

FIRST_DAY = date(2026, 1, 5)
FIRST_DAY_TS = utcnow()
STATUSES = ["reserve"] * 3 + ["service_ferme"] * 4 + ["nouveau", "en_attente", "annule"]


def _people(session: Session, interpreters: int, languages: list[int]) -> tuple[list[int], dict]:
    rows = [{"public_id": f"B{i:07d}", "email": f"p{i}@bench.qc.ca", "first_name": f"P{i}",
             "last_name": "Banc", "role": str(Role.INTERPRETE if i < interpreters else Role.DEMANDEUR),
             "cost_center": f"CC-{i % 40}", "created_at": FIRST_DAY_TS, "updated_at": FIRST_DAY_TS,
             "version": 1, "is_active": True, "is_admin": False, "notifications_disabled": False,
             "totp_enabled": False}
            for i in range(interpreters + 500)]
    session.execute(insert(User), rows)
    ids = list(session.execute(select(User.id).order_by(User.id)).scalars())
    interp_ids, requesters = ids[:interpreters], ids[interpreters:]
    speaks: dict[int, list[int]] = {lang: [] for lang in languages}
    profile_rows, language_rows = [], []
    for uid in interp_ids:
        profile_rows.append({"user_id": uid, "gender": random.choice(["femme", "homme"]),
                             "interpreter_type": "BI du RSSS"})
        for lang in random.sample(languages, random.randint(1, 3)):
            language_rows.append({"interpreter_id": uid, "language_id": lang})
            speaks[lang].append(uid)
    session.execute(insert(InterpreterProfile), profile_rows)
    session.execute(insert(InterpreterLanguage), language_rows)
    return requesters, speaks


def _requests(session: Session, count: int, installations, languages, requesters, speaks) -> None:
    batch = []
    for n in range(count):
        lang = random.choice(languages)
        status = random.choice(STATUSES)
        assigned = (random.choice(speaks[lang]) if speaks[lang] and status in ("reserve", "service_ferme")
                    else None)
        batch.append({
            "number": f"B-{n:07d}", "status": status, "installation_id": random.choice(installations),
            "requested_by_id": random.choice(requesters), "location": f"Local {n % 500}",
            "request_type": random.choice(["presence", "telephone"]),
            "service_date": FIRST_DAY + timedelta(days=n * 365 // count),
            "service_time": time(8 + random.randint(0, 7), random.choice([0, 15, 30, 45])),
            "duration_minutes": random.choice([60, 120, 180]), "source_language_id": languages[0],
            "target_language_id": lang, "assigned_interpreter_id": assigned,
            "late_cancellation": status == "annule" and n % 3 == 0, "call_patient": False,
            "created_at": FIRST_DAY_TS, "updated_at": FIRST_DAY_TS, "version": 1})
        if len(batch) == 5000:
            session.execute(insert(Request), batch)
            batch = []
    if batch:
        session.execute(insert(Request), batch)


def build(engine, requests: int, interpreters: int) -> None:
    random.seed(5)
    with Session(engine) as session:
        etab = Etablissement(nom="CIUSSS Banc d'essai", sigle="CBE")
        session.add(etab)
        session.flush()
        installs = [Installation(etablissement_id=etab.id, nom=f"Installation {i}") for i in range(20)]
        langs = [Language(code=f"l{i}", label=f"langue {i}") for i in range(40)]
        session.add_all(installs + langs + [RequestType(code="presence", label="En présence"),
                                            RequestType(code="telephone", label="Téléphone")])
        session.flush()
        languages = [lang.id for lang in langs]
        requesters, speaks = _people(session, interpreters, languages)
        _requests(session, requests, [i.id for i in installs], languages, requesters, speaks)
        session.commit()


def _timed(work, repeat: int) -> tuple[float, float]:
    timing = timed(work, runs=repeat, warmup=0)
    return timing.median, timing.worst


def _lists(session: Session, coordinator: User) -> None:
    """The Coordination page's queries and the dashboard, on the whole table."""
    everything, fresh = RequestFilters(), RequestFilters(statuses=("nouveau", "en_attente"))
    last = session.execute(text("SELECT max(service_date) FROM request")).scalar_one()
    last = date.fromisoformat(last) if isinstance(last, str) else last
    works = {
        "queue counts (all statuses)": lambda: status_counts(
            session=session, user=coordinator, scope=Scope.COORDINATION, filters=everything),
        "list, page 1 of 50, no filter": lambda: list_requests(
            session=session, user=coordinator, scope=Scope.COORDINATION, filters=everything),
        "list, Nouveau + En attente, page 1": lambda: list_requests(
            session=session, user=coordinator, scope=Scope.COORDINATION, filters=fresh),
        "dashboard, 12 weeks": lambda: dashboard(
            session=session, user=coordinator, first=last - timedelta(weeks=12), last=last),
    }
    for name, work in works.items():
        median, worst = _timed(work, 10)
        print(f"{name}: median {median:.1f} ms, max {worst:.1f} ms")


def measure(engine) -> None:
    with Session(engine) as session:
        coordinator = User(public_id="BCOORD", email="coord@bench.qc.ca", first_name="C",
                           last_name="Banc", role=Role.COORDONNATEUR)
        session.add(coordinator)
        session.commit()
        busiest = session.execute(text(
            "SELECT id FROM request WHERE status = 'nouveau' ORDER BY service_date DESC LIMIT 20")).scalars()
        targets = [session.get(Request, rid) for rid in busiest]
        total = session.execute(text("SELECT count(*) FROM request")).scalar_one()
        rank_candidates(session=session, request=targets[0])  # warm-up (statement cache)
        index = iter(range(10**9))
        median, worst = _timed(lambda: rank_candidates(session=session, request=targets[next(index) % 20]), 20)
        print(f"ranking ({total} requests): median {median:.1f} ms, max {worst:.1f} ms")
        _lists(session, coordinator)
        for fmt in ("csv", "xlsx"):
            result = {}
            median, _ = _timed(lambda: result.update(r=export_requests(
                session=session, user=coordinator, scope=Scope.COORDINATION,
                filters=RequestFilters(), fmt=fmt)), 1)
            print(f"export {fmt}: {result['r'].rows} rows, {len(result['r'].data) / 1e6:.1f} MB, "
                  f"{median:.0f} ms")
        session.rollback()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--interpreters", type=int, default=300)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = build_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    SQLModel.metadata.create_all(engine)
    started = clock.perf_counter()
    build(engine, args.requests, args.interpreters)
    print(f"{engine.dialect.name}: built in {clock.perf_counter() - started:.1f} s")
    measure(engine)


if __name__ == "__main__":
    main()
