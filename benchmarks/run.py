"""Relais's benchmark: the pages against the framework's floor and the data's, and the services.

    python -m benchmarks.run [--requests 100000] [--database-url URL] [--runs 7]
    python -m benchmarks.run --growth [--database-url URL]     (10 000, 100 000, 1 000 000)

Builds (or reuses) a database of N requests with db.seed's volume generator, then times, each
as the median of --runs runs after a warm-up: the empty-page floor, the list pages through
AppTest, the raw SQL of each list, submitting a request with a 1 MB attachment, ranking the
interpreters, exporting 100,000 rows (CSV, .xlsx) and one login. Prints the tables and writes
them into docs/benchmarks.md (with docs/benchmarks.json). --growth times the pages only, at each
size. Never run in CI; the tests never assert timings.
"""
from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from sqlalchemy.engine import Engine

from benchmarks import pages, raw_sql, report, services
from benchmarks.database import DEFAULT_BASE, prepare, sized_url
from benchmarks.measure import RUNS, load_average
from core.settings import reset_settings_cache
from db.engine import read_session

COOKIE_KEY = "benchmark-cookie-key-at-least-32-characters"
TARGETS = {"submit": "< 100", "ranking": "< 50", "csv": "< 3 000", "xlsx": "< 20 000", "login": "—"}


def _use_database(url: str) -> None:
    """The app run by AppTest reads its settings from the environment: this database, demo mode
    (the demo accounts, without the two-factor obligation of coordinators outside the demo)."""
    os.environ.update(DATABASE_URL=url, COOKIE_KEY=os.environ.get("COOKIE_KEY") or COOKIE_KEY,
                      RELAIS_DEMO="1")
    reset_settings_cache()


def _timing(timing) -> dict:
    return {"median": timing.median, "worst": timing.worst}


def measure_pages(engine: Engine, runs: int, say=print) -> tuple[dict, list]:
    with read_session(engine) as session:
        users = raw_sql.list_users(session, {"demandeur": pages.DEMANDEUR, "coordination": pages.COORDINATION})
    ids = {pages.DEMANDEUR: users["demandeur"].id, pages.COORDINATION: users["coordination"].id}
    floors = {}
    for email, case in pages.FLOOR_CASES.items():
        floors[email] = {"label": case.label, **_timing(pages.time_floor(email, ids[email], runs))}
        say(f"  {case.label}: {floors[email]['median']:.1f} ms")
    measured = []
    for case in pages.PAGE_CASES:
        raw, rows = raw_sql.time_raw(engine, raw_sql.STATEMENTS[case.key](users), runs)
        page = pages.time_page(case, ids[case.email], runs)
        measured.append({"key": case.key, "label": case.label, "email": case.email, "rows": rows,
                         "page": _timing(page), "raw": _timing(raw)})
        say(f"  {case.label} ({rows} rows): page {page.median:.1f} ms, raw SQL {raw.median:.1f} ms")
    return floors, measured


def measure_services(engine: Engine, runs: int, say=print) -> list[dict]:
    found = []

    def keep(key: str, label: str, timing) -> None:
        found.append({"key": key, "label": label, "target": TARGETS[key], **_timing(timing)})
        say(f"  {label}: {timing.median:.1f} ms")

    keep("submit", "Soumettre une demande avec une pièce jointe de 1 Mo", services.submit_with_attachment(engine, runs))
    keep("ranking", "Classer les interprètes pour une demande", services.ranking(engine, runs))
    for fmt in ("csv", "xlsx"):
        timing, rows = services.export(engine, fmt, runs)
        keep(fmt, f"Exporter {rows:,} lignes en {fmt.upper()}".replace(",", " "), timing)
    timing, cost = services.login(engine, runs)
    keep("login", f"Une connexion (bcrypt, coût {cost})", timing)
    return found


def run_once(url: str, requests: int, runs: int, *, with_services: bool, smaller: str | None = None,
             say=print) -> dict:
    _use_database(url)
    engine, seconds = prepare(url, requests, smaller=smaller, say=say)
    load_before = load_average()
    say(f"{engine.dialect.name}, {requests:,} requests, load average {load_before:.2f}")
    floors, measured = measure_pages(engine, runs, say)
    result = {"requests": requests, "dialect": engine.dialect.name, "date": report.now_utc(), "runs": runs,
              "seed_seconds": seconds, "load_before": load_before, "floors": floors, "pages": measured,
              "machine": report.machine(engine)}
    if with_services:
        result["services"] = measure_services(engine, runs, say)
    result["load_after"] = load_average()
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000, help="requests in the database (default 100000)")
    parser.add_argument("--database-url", help=f"base URL; the size is appended to its name (default {DEFAULT_BASE})")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per measure (default 7)")
    parser.add_argument("--growth", action="store_true", help="the pages at 10 000, 100 000 and 1 000 000 requests")
    parser.add_argument("--doc", type=Path, default=report.DOC, help="the Markdown file to update")
    args = parser.parse_args(argv)
    # AppTest outside `streamlit run` warns about its missing context on every page: not ours to fix.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    smaller = None
    sizes = report.GROWTH_SIZES if args.growth else (args.requests,)
    for requests in sizes:
        url = sized_url(args.database_url, requests)
        result = run_once(url, requests, args.runs, with_services=not args.growth, smaller=smaller)
        key = (report.growth_key if args.growth else report.run_key)(result["dialect"], requests)
        results = report.store(args.doc, key, result)
        report.write(args.doc, results)
        smaller = url
    print(report.render(results))


if __name__ == "__main__":
    main()
