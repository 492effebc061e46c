"""Several replicas starting at once on one PostgreSQL: one migrates, the others wait, none fails."""
from __future__ import annotations

import threading

from sqlalchemy import create_engine, text

from db.migrate import upgrade_database
from tests.databases import empty_schema


def test_replicas_migrating_at_the_same_time_all_succeed(pg_engine):
    empty_schema(pg_engine)
    url = pg_engine.url.render_as_string(hide_password=False)
    # One engine per "replica"; a lock wait longer than 20 s fails instead of hanging the suite.
    engines = [create_engine(url, connect_args={"options": "-c lock_timeout=20000"}) for _ in range(4)]
    barrier, errors = threading.Barrier(len(engines)), []

    def start(engine):
        barrier.wait()
        try:
            upgrade_database(engine)
        except Exception as exc:  # noqa: BLE001 — the test counts every failure
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(e,), daemon=True) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    for engine in engines:
        engine.dispose()
    assert errors == []
    with pg_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
