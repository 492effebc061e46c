"""Lists of requests: each role sees only its rows; filters, presets, counts and pages."""
from __future__ import annotations

from datetime import date, time

import pytest

from core.access import Scope
from core.coordination_queries import (
    DatePreset, RequestFilters, count_requests, list_requests, preset_range, status_counts,
    total_from_counts,
)
from core.errors import AccessDenied
from core.roles import Role
from core.statuses import Status
from db.models import Etablissement, Installation
from tests.factories import make_interpreter, make_reference, make_request, make_user

DAY = date(2031, 5, 14)


@pytest.fixture
def world(session):
    ref = make_reference(session)
    other_etab = Etablissement(nom="CISSS Ailleurs", sigle="CA")
    session.add(other_etab)
    session.flush()
    inst_c = Installation(etablissement_id=other_etab.id, nom="CLSC C")
    session.add(inst_c)
    session.flush()
    p = {
        "owner": make_user(session, installations=[ref["inst_a"]]),
        "colleague": make_user(session, installations=[ref["inst_a"]]),
        "elsewhere": make_user(session, installations=[inst_c]),
        "coord": make_user(session, role=Role.COORDONNATEUR),
        "ana": make_interpreter(session, first_name="Ana", last_name="Lopez"),
        "omar": make_interpreter(session, first_name="Omar", last_name="Haddad"),
    }
    p["owner"].cost_center = "CC-URGENCE"  # the others keep the factory's CC-1001
    r = {
        "draft": make_request(session, ref=ref, requester=p["owner"], status="brouillon", service_date=DAY),
        "new": make_request(session, ref=ref, requester=p["owner"], service_date=DAY, number="2031-000001"),
        "offered": make_request(session, ref=ref, requester=p["colleague"], status="en_attente",
                                service_date=DAY, offered_to=[p["omar"]], number="2031-000002"),
        "reserved": make_request(session, ref=ref, requester=p["owner"], status="reserve",
                                 assigned=p["ana"], service_date=date(2031, 6, 2), number="2031-000003"),
        "far": make_request(session, ref=ref, requester=p["elsewhere"], installation=inst_c,
                            service_date=DAY, service_time=time(8, 0), number="2031-000004"),
    }
    session.commit()
    return ref, p, r, inst_c


def _numbers(session, user, scope, filters=RequestFilters(), **kw):
    page = list_requests(session=session, user=user, scope=scope, filters=filters, page_size=100, **kw)
    return {row["number"] for row in page.rows}


def test_each_role_sees_only_its_rows(session, world):
    _, p, r, _ = world
    assert _numbers(session, p["coord"], Scope.COORDINATION) == {
        "2031-000001", "2031-000002", "2031-000003", "2031-000004"}  # never a draft
    assert _numbers(session, p["owner"], Scope.MES_DEMANDES) == {None, "2031-000001", "2031-000003"}
    assert _numbers(session, p["colleague"], Scope.PAR_EMPLACEMENT) == {
        "2031-000001", "2031-000002", "2031-000003"}
    assert _numbers(session, p["elsewhere"], Scope.PAR_EMPLACEMENT) == {"2031-000004"}
    assert _numbers(session, p["ana"], Scope.MES_MANDATS) == {"2031-000003"}
    assert _numbers(session, p["omar"], Scope.MES_MANDATS) == {"2031-000002"}


@pytest.mark.parametrize("who, scope", [("owner", Scope.COORDINATION), ("ana", Scope.COORDINATION),
                                        ("coord", Scope.MES_DEMANDES), ("ana", Scope.PAR_EMPLACEMENT)])
def test_a_list_that_is_not_ones_own_is_refused(session, world, who, scope):
    _, p, _, _ = world
    with pytest.raises(AccessDenied, match="pas accès"):
        list_requests(session=session, user=p[who], scope=scope, filters=RequestFilters())


def test_the_bi_filters(session, world):
    ref, p, _, inst_c = world
    coord = p["coord"]

    def seen(**filters):
        return _numbers(session, coord, Scope.COORDINATION, RequestFilters(**filters))

    assert seen(number="0003") == {"2031-000003"}
    assert seen(statuses=("nouveau",)) == {"2031-000001", "2031-000004"}
    assert seen(interpreter_name="lopez") == {"2031-000003"}
    assert seen(etablissement_id=inst_c.etablissement_id) == {"2031-000004"}
    assert seen(installation_id=ref["inst_a"].id, statuses=("nouveau", "en_attente")) == {
        "2031-000001", "2031-000002"}
    assert seen(cost_center="urgence") == {"2031-000001", "2031-000003"}
    assert seen(language_id=ref["ar"].id) == set()
    assert seen(request_type="telephone") == set()
    assert seen(date_from=date(2031, 6, 1), date_to=date(2031, 6, 30)) == {"2031-000003"}
    assert seen(number="%") == set()  # wildcards are literal


def test_presets_of_the_guide():
    today = date(2031, 1, 31)
    assert preset_range(DatePreset.AUJOURDHUI, today) == (today, today)
    assert preset_range(DatePreset.DEMAIN, today) == (date(2031, 2, 1), date(2031, 2, 1))
    assert preset_range(DatePreset.MOIS_EN_COURS, today) == (date(2031, 1, 1), date(2031, 1, 31))
    assert preset_range(DatePreset.MOIS_PRECEDENT, today) == (date(2030, 12, 1), date(2030, 12, 31))
    assert preset_range(DatePreset.MOIS_PROCHAIN, today) == (date(2031, 2, 1), date(2031, 2, 28))
    assert preset_range(DatePreset.PERSONNALISEE, today) == (None, None)


def test_a_preset_filters_on_the_service_date(session, world):
    _, p, _, _ = world
    filters = RequestFilters(preset=DatePreset.MOIS_PROCHAIN)
    assert _numbers(session, p["coord"], Scope.COORDINATION, filters, today=DAY) == {"2031-000003"}


def test_queue_counts_every_status_under_the_other_filters(session, world):
    ref, p, _, _ = world
    counts = status_counts(session=session, user=p["coord"], scope=Scope.COORDINATION,
                           filters=RequestFilters(statuses=("reserve",), installation_id=ref["inst_a"].id))
    assert Status.BROUILLON not in counts
    assert counts[Status.NOUVEAU] == 1 and counts[Status.EN_ATTENTE] == 1
    assert counts[Status.RESERVE] == 1 and counts[Status.ANNULE] == 0


def test_pages_are_ordered_by_date_and_time_and_count_the_total(session, world):
    _, p, _, _ = world
    first = list_requests(session=session, user=p["coord"], scope=Scope.COORDINATION,
                          filters=RequestFilters(), page=1, page_size=3)
    second = list_requests(session=session, user=p["coord"], scope=Scope.COORDINATION,
                           filters=RequestFilters(), page=2, page_size=3)
    assert first.total == second.total == 4 and first.page_count == 2
    assert [r["number"] for r in first.rows][0] == "2031-000004"  # 08:00 comes first
    assert [r["number"] for r in second.rows] == ["2031-000003"]
    assert first.rows[0]["interpreter"] is None and second.rows[0]["interpreter"] == "Ana Lopez"
    beyond = list_requests(session=session, user=p["coord"], scope=Scope.COORDINATION,
                           filters=RequestFilters(), page=99, page_size=3)
    assert beyond.page == 2


@pytest.mark.parametrize("statuses", [(), ("nouveau",), ("nouveau", "en_attente")])
def test_the_total_from_the_queue_counts_is_the_lists_count(session, world, statuses):
    _, p, _, _ = world
    filters = RequestFilters(statuses=statuses)
    counts = status_counts(session=session, user=p["coord"], scope=Scope.COORDINATION, filters=filters)
    assert total_from_counts(counts, filters) == count_requests(
        session=session, user=p["coord"], scope=Scope.COORDINATION, filters=filters)
