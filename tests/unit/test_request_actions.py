"""Workflow services against a real database: effects, numbers and history rows."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from sqlmodel import Session, select

from core import request_actions as actions
from core.errors import ConcurrentModification, TransitionNotAllowed
from core.history import changed_fields, history_of
from core.roles import Role
from core.statuses import Status
from db.models import Request, RequestOffer
from tests.factories import make_interpreter, make_reference, make_request, make_user


@pytest.fixture
def world(session):
    ref = make_reference(session)
    people = {
        "owner": make_user(session, installations=[ref["inst_a"]]),
        "coord": make_user(session, role=Role.COORDONNATEUR),
        "int1": make_interpreter(session, languages=[ref["es"]]),
        "int2": make_interpreter(session, languages=[ref["es"]]),
    }
    session.commit()
    return ref, people


def test_submission_numbers_the_request_and_writes_history(session, world):
    ref, p = world
    draft = make_request(session, ref=ref, requester=p["owner"], status="brouillon")
    actions.submit(session=session, request=draft, actor=p["owner"],
                   now=datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc))
    session.commit()
    stored = session.get(Request, draft.id)
    assert stored.status == Status.NOUVEAU and stored.number == "2026-000001"
    rows = history_of(session=session, entity="request", entity_id=draft.id)
    assert [(r.action, r.from_status, r.to_status, r.actor_id) for r in rows] == [
        ("soumettre", "brouillon", "nouveau", p["owner"].id)]


def test_numbers_follow_each_other_within_a_year(session, world):
    ref, p = world
    numbers = []
    for _ in range(3):
        draft = make_request(session, ref=ref, requester=p["owner"], status="brouillon")
        numbers.append(actions.submit(session=session, request=draft, actor=p["owner"]).number)
        session.commit()
    year = numbers[0][:4]
    assert numbers == [f"{year}-000001", f"{year}-000002", f"{year}-000003"]


def test_refused_action_changes_nothing(session, world):
    ref, p = world
    request = make_request(session, ref=ref, requester=p["owner"], status="nouveau")
    session.commit()
    with pytest.raises(TransitionNotAllowed):
        actions.close(session=session, request=request, actor=p["coord"])
    session.rollback()
    assert session.get(Request, request.id).status == Status.NOUVEAU
    assert history_of(session=session, entity="request", entity_id=request.id) == []


def test_offer_accept_closes_the_other_offers(session, world):
    ref, p = world
    request = make_request(session, ref=ref, requester=p["owner"], status="nouveau")
    actions.offer(session=session, request=request, actor=p["coord"],
                  interpreter_ids=[p["int1"].id, p["int2"].id])
    session.commit()
    assert request.status == Status.EN_ATTENTE
    actions.accept(session=session, request=request, actor=p["int2"])
    session.commit()
    offers = {o.interpreter_id: o.status for o in session.exec(select(RequestOffer)).all()}
    assert offers == {p["int1"].id: "retiree", p["int2"].id: "acceptee"}
    assert request.status == Status.RESERVE and request.assigned_interpreter_id == p["int2"].id
    with pytest.raises(TransitionNotAllowed):
        actions.accept(session=session, request=request, actor=p["int1"])


def test_refusal_by_last_offered_interpreter_returns_to_nouveau(session, world):
    ref, p = world
    request = make_request(session, ref=ref, requester=p["owner"], status="nouveau")
    actions.offer(session=session, request=request, actor=p["coord"],
                  interpreter_ids=[p["int1"].id, p["int2"].id])
    actions.refuse(session=session, request=request, actor=p["int1"], reason="Indisponible")
    assert request.status == Status.EN_ATTENTE
    actions.refuse(session=session, request=request, actor=p["int2"], reason="Indisponible")
    session.commit()
    assert request.status == Status.NOUVEAU


def test_modifying_a_reserved_request_marks_it_modifie_and_records_fields(session, world):
    ref, p = world
    request = make_request(session, ref=ref, requester=p["owner"], status="reserve", assigned=p["int1"])
    session.commit()
    changed = actions.modify(session=session, request=request, actor=p["owner"],
                             changes={"duration_minutes": 180, "location": "Local 3"})
    session.commit()
    assert request.status == Status.MODIFIE and request.assigned_interpreter_id == p["int1"].id
    row = history_of(session=session, entity="request", entity_id=request.id)[-1]
    assert changed_fields(row) == {"duration_minutes": [120, 180],
                                   "location": ["Clinique externe, local 2.114", "Local 3"]}
    assert set(changed) == {"duration_minutes", "location"}
    actions.refuse(session=session, request=request, actor=p["int1"], reason="Plus disponible")
    session.commit()
    assert request.status == Status.NOUVEAU and request.assigned_interpreter_id is None


def test_cancel_records_reasons(session, world):
    ref, p = world
    request = make_request(session, ref=ref, requester=p["owner"], status="en_attente",
                           offered_to=[p["int1"]])
    actions.cancel(session=session, request=request, actor=p["owner"], global_reason="Annulée",
                   detailed_reason="Usager absent", late=True)
    session.commit()
    assert request.status == Status.ANNULE and request.late_cancellation
    assert request.cancel_detailed_reason == "Usager absent"
    assert session.exec(select(RequestOffer.status)).all() == ["retiree"]


def test_report_then_close_or_return(session, world):
    ref, p = world
    request = make_request(session, ref=ref, requester=p["owner"], status="reserve",
                           assigned=p["int1"], service_date=date(2020, 1, 6))
    with pytest.raises(TransitionNotAllowed, match="fin"):
        actions.report_service(session=session, request=request, actor=p["int1"],
                               start=time(11, 0), end=time(10, 0))
    actions.report_service(session=session, request=request, actor=p["int1"],
                           start=time(10, 0), end=time(11, 30), note="RAS")
    actions.return_to_interpreter(session=session, request=request, actor=p["coord"],
                                  comment="Heure de fin à corriger")
    assert request.status == Status.RESERVE
    actions.report_service(session=session, request=request, actor=p["int1"],
                           start=time(10, 0), end=time(11, 0))
    actions.close(session=session, request=request, actor=p["coord"])
    session.commit()
    actions_seen = [r.action for r in history_of(session=session, entity="request", entity_id=request.id)]
    assert actions_seen == ["declarer_service", "retourner", "declarer_service", "fermer"]
    assert request.status == Status.SERVICE_FERME


def test_save_based_on_a_stale_version_is_refused(session, world):
    """Two coordinators open the same request; the second save must reload first."""
    ref, p = world
    request = make_request(session, ref=ref, requester=p["owner"], status="nouveau")
    session.commit()
    seen_by_both = request.version
    actions.modify(session=session, request=request, actor=p["coord"], changes={"location": "Salle A"},
                   expected_version=seen_by_both)
    session.commit()
    with pytest.raises(ConcurrentModification, match="Rechargez"):
        actions.modify(session=session, request=request, actor=p["owner"],
                       changes={"location": "Salle B"}, expected_version=seen_by_both)
    session.rollback()
    session.expire_all()
    assert session.get(Request, request.id).location == "Salle A"
