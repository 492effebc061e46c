"""Crash safety under load: 20 threads × 50 submissions give 1,000 requests and 1,000 numbers."""
from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, func, select

from core import request_actions as actions
from db.models import History, Request
from tests.factories import make_reference, make_request, make_user

THREADS, PER_THREAD = 20, 50


def _drafts(engine, count: int):
    with Session(engine, expire_on_commit=False) as session:
        ref = make_reference(session)
        owners = [make_user(session, installations=[ref["inst_a"]]) for _ in range(THREADS)]
        ids = [[make_request(session, ref=ref, requester=owner, status="brouillon").id
                for _ in range(count)] for owner in owners]
        session.commit()
    return owners, ids


def _submit_all(engine, owner, request_ids, errors: list) -> None:
    for request_id in request_ids:
        try:
            with Session(engine, expire_on_commit=False) as session:
                request = session.get(Request, request_id)
                actions.submit(session=session, request=request, actor=owner)
                session.commit()
        except Exception as exc:  # noqa: BLE001 — every failure is counted by the test
            errors.append(exc)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_twenty_threads_of_fifty_submissions(backend, request):
    engine = request.getfixturevalue("engine" if backend == "sqlite" else "pg_engine")
    owners, ids = _drafts(engine, PER_THREAD)
    errors: list = []
    barrier = threading.Barrier(THREADS)

    def worker(i):
        barrier.wait()
        _submit_all(engine, owners[i], ids[i], errors)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    with Session(engine) as session:
        numbers = session.exec(select(Request.number).where(Request.status == "nouveau")).all()
        submitted = session.exec(select(func.count()).select_from(History)
                                 .where(History.action == "soumettre")).one()
    assert len(numbers) == THREADS * PER_THREAD == submitted
    assert len(set(numbers)) == 1000 and None not in numbers
    year = numbers[0][:4]
    assert sorted(numbers) == [f"{year}-{n:06d}" for n in range(1, 1001)]  # gapless too
