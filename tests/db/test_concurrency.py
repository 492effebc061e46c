"""Concurrent submissions and acceptances against a real server (PostgreSQL) and SQLite."""
from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from core import request_actions as actions
from core.errors import ConcurrentModification, TransitionNotAllowed
from core.roles import Role
from db.models import Request
from tests.factories import make_interpreter, make_reference, make_request, make_user


def _run_together(count: int, work) -> list:
    """Starts `count` threads at the same instant; returns each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 — the test inspects every outcome
            results[i] = exc

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _drafts(engine, count):
    with Session(engine, expire_on_commit=False) as session:
        ref = make_reference(session)
        owner = make_user(session, installations=[ref["inst_a"]])
        ids = [make_request(session, ref=ref, requester=owner, status="brouillon").id for _ in range(count)]
        session.commit()
        return owner, ids


def _submit(engine, owner, request_id):
    with Session(engine, expire_on_commit=False) as session:
        request = session.get(Request, request_id)
        actions.submit(session=session, request=request, actor=owner)
        session.commit()
        return request.number


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_twenty_concurrent_submissions_get_twenty_distinct_numbers(backend, request):
    engine = request.getfixturevalue("engine" if backend == "sqlite" else "pg_engine")
    owner, ids = _drafts(engine, 20)
    numbers = _run_together(20, lambda i: _submit(engine, owner, ids[i]))
    assert not [n for n in numbers if isinstance(n, Exception)], numbers
    assert len(set(numbers)) == 20
    year = numbers[0][:4]
    assert sorted(numbers) == [f"{year}-{n:06d}" for n in range(1, 21)]
    with Session(engine) as session:
        stored = session.exec(select(Request.number).where(Request.number.is_not(None))).all()
    assert sorted(stored) == sorted(numbers)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_interpreters_accepting_at_once_exactly_one_wins(backend, request):
    engine = request.getfixturevalue("engine" if backend == "sqlite" else "pg_engine")
    with Session(engine, expire_on_commit=False) as session:
        ref = make_reference(session)
        owner = make_user(session, installations=[ref["inst_a"]])
        coord = make_user(session, role=Role.COORDONNATEUR)
        a, b = make_interpreter(session), make_interpreter(session)
        offered = make_request(session, ref=ref, requester=owner, status="nouveau")
        actions.offer(session=session, request=offered, actor=coord, interpreter_ids=[a.id, b.id])
        session.commit()
    interpreters = [a, b]

    def accept(i):
        with Session(engine, expire_on_commit=False) as session:
            current = session.get(Request, offered.id)
            actions.accept(session=session, request=current, actor=interpreters[i])
            session.commit()
            return interpreters[i].id

    outcomes = _run_together(2, accept)
    winners = [o for o in outcomes if isinstance(o, int)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], (ConcurrentModification, TransitionNotAllowed))
    with Session(engine) as session:
        stored = session.get(Request, offered.id)
    assert stored.status == "reserve" and stored.assigned_interpreter_id == winners[0]
