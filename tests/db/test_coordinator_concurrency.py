"""Two coordinators save the same request at once: the second save is refused (version column)."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from core import coordination_service as coordination
from core import request_actions as actions
from core.errors import ConcurrentModification
from core.roles import Role
from db.models import Request, RequestOffer
from tests.db.test_concurrency import _run_together
from tests.factories import make_interpreter, make_reference, make_request, make_user


def _world(engine):
    with Session(engine, expire_on_commit=False) as session:
        ref = make_reference(session)
        owner = make_user(session, installations=[ref["inst_a"]])
        coords = [make_user(session, role=Role.COORDONNATEUR) for _ in range(2)]
        interpreters = [make_interpreter(session, languages=[ref["es"]]) for _ in range(2)]
        request = make_request(session, ref=ref, requester=owner, status="nouveau")
        session.commit()
        return coords, interpreters, request


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_coordinators_editing_the_same_version_the_second_is_refused(backend, request):
    engine = request.getfixturevalue("engine" if backend == "sqlite" else "pg_engine")
    coords, _, shown = _world(engine)
    locations = ["Salle A", "Salle B"]

    def save(i):
        with Session(engine, expire_on_commit=False) as session:
            current = session.get(Request, shown.id)
            actions.modify(session=session, request=current, actor=coords[i],
                           changes={"location": locations[i]}, expected_version=shown.version)
            session.commit()
            return locations[i]

    outcomes = _run_together(2, save)
    saved = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], ConcurrentModification) and "Rechargez" in refused[0].message
    with Session(engine) as session:
        stored = session.get(Request, shown.id)
    assert stored.location == saved[0] and stored.version == shown.version + 1


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_coordinators_offering_at_once_only_one_offer_is_recorded(backend, request):
    engine = request.getfixturevalue("engine" if backend == "sqlite" else "pg_engine")
    coords, interpreters, shown = _world(engine)

    def offer(i):
        with Session(engine, expire_on_commit=False) as session:
            coordination.offer_to(session=session, coordinator=coords[i], request_id=shown.id,
                                  interpreter_ids=[interpreters[i].id], expected_version=shown.version)
            session.commit()
            return interpreters[i].id

    outcomes = _run_together(2, offer)
    winners = [o for o in outcomes if isinstance(o, int)]
    assert len(winners) == 1, outcomes
    assert isinstance([o for o in outcomes if isinstance(o, Exception)][0], ConcurrentModification)
    with Session(engine) as session:
        offered = session.exec(select(RequestOffer.interpreter_id)).all()
        assert offered == winners and session.get(Request, shown.id).status == "en_attente"
