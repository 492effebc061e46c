"""A process killed (SIGKILL) in the middle of submissions with attachments leaves no partial
request and no orphaned file: every request has all its attachments, every attachment its bytes."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from core.settings import PROJECT_ROOT
from db.integrity import integrity_problems
from db.migrate import upgrade_database
from db.models import Attachment, Request
from tests.databases import empty_schema, migrated_sqlite
from tests.db.crash_worker import ATTACHMENTS_PER_REQUEST
from tests.request_world import make_world

KILLS = 6


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        engine = migrated_sqlite(tmp_path / "relais-crash.db", monkeypatch)
        yield engine
        engine.dispose()
    else:
        engine = request.getfixturevalue("pg_engine")
        upgrade_database(empty_schema(engine))
        yield engine


def _start_worker(engine, world) -> subprocess.Popen:
    url = engine.url.render_as_string(hide_password=False)
    environment = {**os.environ, "DATABASE_URL": url, "RELAIS_DEMO": "0"}
    arguments = [str(v) for v in (url, world["owner"].id, world["inst_a"].id, world["fr"].id, world["es"].id)]
    return subprocess.Popen([sys.executable, "-m", "tests.db.crash_worker", *arguments], cwd=PROJECT_ROOT,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_at_a_random_moment(worker: subprocess.Popen, rng: random.Random) -> int:
    """Lets the worker commit at least one request, then kills it; returns the requests it reported."""
    first = worker.stdout.readline()
    assert first, worker.stderr.read().decode(errors="replace")
    time.sleep(rng.uniform(0.0, 0.6))  # the random moment of the crash is the point, not a wait
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    return 1 + len(worker.stdout.read().splitlines())


def test_requests_survive_sigkill_whole_or_not_at_all(database):
    with Session(database, expire_on_commit=False) as session:
        world = make_world(session)
    rng, reported = random.Random(7), 0
    for _ in range(KILLS):
        reported += _kill_at_a_random_moment(_start_worker(database, world), rng)
    with Session(database) as session:
        assert integrity_problems(session=session) == []  # every attachment has its exact bytes
        requests = session.exec(select(Request.id)).all()
        per_request = dict(session.exec(select(Attachment.request_id, func.count())
                                        .group_by(Attachment.request_id)).all())
    assert reported <= len(requests) <= reported + KILLS  # a commit may land just before a kill
    assert all(per_request.get(i) == ATTACHMENTS_PER_REQUEST for i in requests)  # no partial request
    assert set(per_request) <= set(requests)  # no attachment without its request
