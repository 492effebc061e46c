"""The benchmark's databases: one per size, built with db.seed's volume generator or reused.

Without --database-url: a SQLite file per size under /tmp/relais-bench. With a URL, the size is
appended to its name (`bench_pg` -> `bench_pg_100000`, `bench.db` -> `bench-100000.db`), so
that each size keeps its own database and a rerun reuses it. A larger size starts as a copy of
the largest smaller one (PostgreSQL: CREATE DATABASE … TEMPLATE; SQLite: the backup API) and the
seed only tops it up.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine, make_url

from db.engine import dispose_engines, get_engine
from db.migrate import upgrade_database
from db.models import Request
from db.seed import load_demo

DEFAULT_BASE = "sqlite:////tmp/relais-bench/sqlite.db"
SEED = 2026


def sized_url(base: str | None, requests: int) -> str:
    url = make_url(base or DEFAULT_BASE)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        return url.set(database=str(path.with_name(f"{path.stem}-{requests}{path.suffix}"))).render_as_string(
            hide_password=False)
    return url.set(database=f"{url.database}_{requests}").render_as_string(hide_password=False)


def request_count(engine: Engine) -> int:
    if not inspect(engine).has_table(Request.__tablename__):
        return 0
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Request)).scalar_one()


def _exists(url: str) -> bool:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return Path(parsed.database).exists()
    with _server(parsed) as conn:
        return conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                            {"n": parsed.database}).first() is not None


def _server(parsed):
    return create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT").connect()


def create_from(url: str, smaller: str | None) -> None:
    """Create the database of `url`, as a copy of `smaller` when given."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        if smaller:
            source = sqlite3.connect(make_url(smaller).database)
            target = sqlite3.connect(parsed.database)
            source.backup(target)
            source.close()
            target.close()
        return
    dispose_engines()  # TEMPLATE needs no connection to the source
    template = f' TEMPLATE "{make_url(smaller).database}"' if smaller else ""
    with _server(parsed) as conn:  # names come from the command line of the person running it
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"{template}'))


def prepare(url: str, requests: int, *, smaller: str | None = None, say=print) -> tuple[Engine, float | None]:
    """The database of `url` with at least `requests` requests; the seed's seconds if it ran."""
    if not _exists(url):
        create_from(url, smaller)
    engine = get_engine(url)
    upgrade_database(engine)  # a database seeded before a new index gets it before the measures
    present = request_count(engine)
    if present >= requests:
        say(f"Reusing {engine.url.render_as_string(hide_password=True)}: {present:,} requests.")
        return engine, None
    from db.demo_volume import load_volume

    started = time.perf_counter()
    load_demo(engine)
    load_volume(engine, target=requests, seed=SEED, progress=say)
    if engine.dialect.name == "postgresql":  # as autovacuum would, before anyone reads
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return engine, time.perf_counter() - started
