"""Ranking of candidate interpreters: language, gender, priority, overlaps with travel, load."""
from __future__ import annotations

from datetime import date, time

import pytest

from core.matching import rank_candidates
from core.roles import Role
from db.models import RequestOffer, RequestPriorityInterpreter
from tests.factories import make_interpreter, make_reference, make_request, make_user

MONDAY = date(2031, 3, 3)


@pytest.fixture
def world(session):
    ref = make_reference(session)
    owner = make_user(session, installations=[ref["inst_a"]])
    return ref, owner


def _by_id(candidates):
    return {c.interpreter_id: c for c in candidates}


def test_an_interpreter_who_does_not_speak_the_language_is_excluded_with_the_reason(session, world):
    ref, owner = world
    speaks = make_interpreter(session, languages=[ref["es"]], first_name="Ana")
    other = make_interpreter(session, languages=[ref["ar"]], first_name="Omar")
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY)
    ranked = rank_candidates(session=session, request=request, buffer_minutes=30)
    assert [c.interpreter_id for c in ranked] == [speaks.id, other.id]
    best, excluded = ranked
    assert best.rank == 1 and "Parle espagnol" in best.reasons
    assert excluded.rank is None and excluded.excluded
    assert "Exclu : ne parle pas la langue demandée (espagnol)" in excluded.reasons


def test_inactive_interpreters_and_other_roles_are_not_candidates(session, world):
    ref, owner = world
    make_interpreter(session, languages=[ref["es"]], is_active=False)
    make_user(session, role=Role.COORDONNATEUR)
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY)
    assert rank_candidates(session=session, request=request, buffer_minutes=0) == []


def test_preferred_gender_ranks_first_and_says_so(session, world):
    ref, owner = world
    man = make_interpreter(session, languages=[ref["es"]], gender="homme", first_name="Aaron")
    woman = make_interpreter(session, languages=[ref["es"]], gender="femme", first_name="Zoé")
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY,
                           preferred_gender="femme")
    ranked = rank_candidates(session=session, request=request, buffer_minutes=0)
    assert [c.interpreter_id for c in ranked] == [woman.id, man.id]
    assert "Genre souhaité (femme)" in ranked[0].reasons
    assert "Genre différent de celui souhaité (femme)" in ranked[1].reasons
    assert ranked[1].rank == 2  # ranked lower, not excluded


def test_an_interpreter_named_a_prioriser_comes_first(session, world):
    ref, owner = world
    make_interpreter(session, languages=[ref["es"]], first_name="Aaron")
    named = make_interpreter(session, languages=[ref["es"]], first_name="Zoé")
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY)
    session.add(RequestPriorityInterpreter(request_id=request.id, interpreter_id=named.id))
    session.flush()
    ranked = rank_candidates(session=session, request=request, buffer_minutes=0)
    assert ranked[0].interpreter_id == named.id
    assert "Nommé(e) « à prioriser » par le demandeur" in ranked[0].reasons


def test_an_overlapping_reservation_excludes_and_names_the_other_request(session, world):
    ref, owner = world
    busy = make_interpreter(session, languages=[ref["es"]])
    make_request(session, ref=ref, requester=owner, status="reserve", assigned=busy,
                 service_date=MONDAY, service_time=time(9, 0), number="2031-000007")
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY,
                           service_time=time(10, 0))
    [candidate] = rank_candidates(session=session, request=request, buffer_minutes=0)
    assert candidate.excluded and candidate.rank is None
    assert ("Non disponible : déjà réservé(e) pour la demande 2031-000007 le 2031-03-03 "
            "de 09:00 à 11:00") in candidate.reasons


@pytest.mark.parametrize("buffer_minutes, free", [(30, False), (0, True)])
def test_the_travel_buffer_around_in_person_services_counts_as_busy(session, world, buffer_minutes,
                                                                    free):
    """The other service ends at 11:00 in person; ours starts at 11:15: free only without buffer."""
    ref, owner = world
    interpreter = make_interpreter(session, languages=[ref["es"]])
    make_request(session, ref=ref, requester=owner, status="reserve", assigned=interpreter,
                 service_date=MONDAY, service_time=time(9, 0), number="2031-000008")
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY,
                           service_time=time(11, 15))
    [candidate] = rank_candidates(session=session, request=request, buffer_minutes=buffer_minutes)
    assert candidate.is_free is free
    if not free:
        assert any("30 min de déplacement compris" in r for r in candidate.reasons)
    else:
        assert "Disponible à cette heure" in candidate.reasons


def test_no_travel_buffer_between_two_remote_services(session, world):
    ref, owner = world
    interpreter = make_interpreter(session, languages=[ref["es"]])
    other = make_request(session, ref=ref, requester=owner, status="reserve", assigned=interpreter,
                         service_date=MONDAY, service_time=time(9, 0))
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY,
                           service_time=time(11, 5))
    other.request_type = request.request_type = "telephone"
    session.flush()
    [candidate] = rank_candidates(session=session, request=request, buffer_minutes=30)
    assert candidate.is_free


def test_cancelled_requests_do_not_block_an_interpreter(session, world):
    ref, owner = world
    interpreter = make_interpreter(session, languages=[ref["es"]])
    make_request(session, ref=ref, requester=owner, status="annule", assigned=interpreter,
                 service_date=MONDAY, service_time=time(10, 0))
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY)
    [candidate] = rank_candidates(session=session, request=request, buffer_minutes=30)
    assert candidate.is_free and candidate.booked_minutes_week == 0


def test_fewest_hours_booked_that_week_ranks_first(session, world):
    ref, owner = world
    loaded = make_interpreter(session, languages=[ref["es"]], first_name="Aaron")
    light = make_interpreter(session, languages=[ref["es"]], first_name="Zoé")
    for day in (MONDAY.replace(day=4), MONDAY.replace(day=5)):  # Tuesday and Wednesday
        make_request(session, ref=ref, requester=owner, status="service_ferme", assigned=loaded,
                     service_date=day)
    make_request(session, ref=ref, requester=owner, status="reserve", assigned=light,
                 service_date=MONDAY.replace(day=10))  # next week: does not count
    request = make_request(session, ref=ref, requester=owner, service_date=MONDAY.replace(day=7))
    ranked = rank_candidates(session=session, request=request, buffer_minutes=30)
    assert [c.interpreter_id for c in ranked] == [light.id, loaded.id]
    assert "0 h déjà réservées cette semaine" in ranked[0].reasons
    assert "4 h déjà réservées cette semaine" in ranked[1].reasons


def test_an_interpreter_who_refused_is_excluded_and_an_open_offer_is_shown(session, world):
    ref, owner = world
    refused = make_interpreter(session, languages=[ref["es"]])
    waiting = make_interpreter(session, languages=[ref["es"]])
    request = make_request(session, ref=ref, requester=owner, status="en_attente", service_date=MONDAY)
    session.add_all([RequestOffer(request_id=request.id, interpreter_id=refused.id, status="refusee"),
                     RequestOffer(request_id=request.id, interpreter_id=waiting.id)])
    session.flush()
    by_id = _by_id(rank_candidates(session=session, request=request, buffer_minutes=0))
    assert by_id[refused.id].excluded and "Exclu : a déjà refusé cette demande" in by_id[refused.id].reasons
    assert by_id[waiting.id].rank == 1
    assert "Offre déjà envoyée, en attente de réponse" in by_id[waiting.id].reasons
