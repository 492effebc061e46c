"""Load test: concurrent requesters in real browsers against `streamlit run Home.py`.

    python -m benchmarks.load [--sessions 20] [--minutes 2] [--requests 100000]
                              [--database-url URL] [--report FILE]

Prepares the database (a SQLite file under /tmp by default, seeded by db.seed and reused),
starts the app on a free port of 127.0.0.1 with RELAIS_TIMING_LOG set, drives one Chromium
context per account (Playwright) through the requester's loop until the time is up, then prints
errors, the server-side run time by step (p50, p95) and the server's peak memory.
Hard stop at the duration plus a margin; the server and the browser are stopped on every exit.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.load_report import markdown, read_runs
from benchmarks.load_server import (MemorySampler, cpu_load, load_accounts, seed_database,
                                    server_environment, start_server, stop_server)
from benchmarks.load_session import Journey, open_app, run_journey
from db.demo_people import DEMO_PASSWORD
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

MARGIN_SECONDS = 60  # a step under way may finish; then everything is stopped
WAIT_MS = 30_000
STAGGER_SECONDS = 0.5  # people do not all click at the same instant
OPENING_AT_ONCE = 4
WARM_UP_SECONDS = 120


def _parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="sessions de navigateur simultanées")
    parser.add_argument("--minutes", type=float, default=2.0, help="durée de la charge")
    parser.add_argument("--requests", type=int, default=100_000, help="demandes dans la base (db.seed)")
    parser.add_argument("--database-url", help="base SQLite à utiliser (défaut : /tmp/relais-load-N.db)")
    parser.add_argument("--browser-nice", type=int, default=10, metavar="N",
                        help="priorité abaissée des navigateurs (0 : aucune) ; voir docs/benchmarks.md (Charge)")
    parser.add_argument("--report", type=Path, help="écrire aussi le rapport Markdown dans ce fichier")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.minutes <= 0:
        parser.error("--sessions et --minutes doivent être positifs.")
    if args.database_url and not args.database_url.startswith("sqlite"):
        parser.error("--database-url : une base SQLite (la charge écrit des demandes).")
    return args


def _user_ids(database_url: str, emails: list[str]) -> dict[str, str]:
    from sqlmodel import Session, select

    from db.engine import build_engine
    from db.models import User

    engine = build_engine(database_url)
    with Session(engine) as session:
        rows = session.exec(select(User.email, User.id).where(User.email.in_(emails))).all()
    engine.dispose()
    return {email: str(user_id) for email, user_id in rows}


async def _drive(url: str, accounts: list[str], seconds: float, timing_log: Path, on_start) -> list[Journey]:
    """One warm-up loop (first runs import the pages), then every session until the deadline."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=WAIT_MS)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                   args=CHROMIUM_ARGS)
        try:
            warm_up = Journey(0, accounts[0], DEMO_PASSWORD, url, time.monotonic() + WARM_UP_SECONDS,
                              max_loops=1)
            await run_journey(browser, warm_up, WAIT_MS)
            opened = await _open_all(browser, url, len(accounts))
            timing_log.write_text("")  # the report counts the runs of the load only
            on_start()
            deadline = time.monotonic() + seconds
            journeys = [Journey(index, email, DEMO_PASSWORD, url, deadline)
                        for index, email in enumerate(accounts, 1)]

            async def later(journey: Journey, delay: float) -> None:
                await asyncio.sleep(delay)  # staggered starts, not a wait for the app
                await run_journey(browser, journey, WAIT_MS, opened[journey.index - 1])

            tasks = [asyncio.create_task(later(j, i * STAGGER_SECONDS)) for i, j in enumerate(journeys)]
            done, pending = await asyncio.wait(tasks, timeout=seconds + MARGIN_SECONDS)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for task in done:
                if task.exception():
                    print(f"Session interrompue : {task.exception()!r}", file=sys.stderr)
        finally:
            try:
                await browser.close()
            except PlaywrightError:  # already gone (Ctrl-C reaches the browser too)
                pass
    return journeys


async def _open_all(browser, url: str, count: int) -> list:
    """Every session's login page, loaded before the clock starts (a few at a time): loading the
    app's JavaScript is the browser's work, and 20 at once would only measure the CPU's queue."""
    gate = asyncio.Semaphore(OPENING_AT_ONCE)

    async def one():
        async with gate:
            return await open_app(browser, url, WAIT_MS)

    return await asyncio.gather(*(one() for _ in range(count)))


def _interrupt(signum, _frame):
    raise KeyboardInterrupt  # SIGTERM ends like Ctrl-C: the finally blocks stop everything


def main(argv=None) -> int:
    args = _parse(argv)
    if chromium_path() is None:
        print("Chromium absent : installez le paquet Debian chromium.", file=sys.stderr)
        return 2
    database_url = args.database_url or f"sqlite:////tmp/relais-load-{args.requests}.db"
    workdir = Path(tempfile.mkdtemp(prefix="relais-load-"))
    timing_log = workdir / "timing.tsv"
    env = server_environment(database_url, timing_log)
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "COOKIE_KEY")})  # core reads them
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"Base : {database_url} ; journaux : {workdir}", file=sys.stderr)
    seed_database(env, args.requests)
    accounts = load_accounts(database_url, args.sessions, DEMO_PASSWORD)
    user_ids = _user_ids(database_url, accounts)
    server, url = start_server(env, workdir / "streamlit.log")
    # The browsers stand for 20 people's own computers: lowered, they take the CPU the server
    # leaves instead of delaying its runs (the server was started before, at normal priority).
    os.nice(args.browser_nice)
    sampler = MemorySampler(server.pid)
    load = {"before": cpu_load()[0], "during": 0.0}
    try:
        sampler.start()
        print(f"{args.sessions} sessions pendant {args.minutes:g} min sur {url}…", file=sys.stderr)
        drive = _drive(url, accounts, args.minutes * 60, timing_log, sampler.load_starts)
        journeys = asyncio.run(_watch_load(load, drive))
    except KeyboardInterrupt:
        print("Interrompu : serveur et navigateur arrêtés, pas de rapport.", file=sys.stderr)
        return 130
    finally:
        sampler.stop()
        stop_server(server)
    report = markdown(
        settings={"sessions": args.sessions, "minutes": args.minutes, "requests": args.requests,
                  "nice": args.browser_nice,
                  "database": database_url.split("/")[-1], "cpus": os.cpu_count(),
                  "loops": sum(j.loops for j in journeys),
                  "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")},
        steps=[step for journey in journeys for step in journey.steps], runs=read_runs(timing_log),
        user_ids=user_ids, memory=sampler, load=load)
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    return 0


async def _watch_load(load: dict, work):
    """Runs `work` while noting the highest 1-minute load average."""
    task = asyncio.ensure_future(work)
    while not task.done():
        load["during"] = max(load["during"], cpu_load()[0])
        await asyncio.wait([task], timeout=1)
    return task.result()


if __name__ == "__main__":
    sys.exit(main())
