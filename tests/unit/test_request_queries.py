"""« Mes demandes » and « Par emplacement »: scope, filters, period presets, pagination."""
from __future__ import annotations

from datetime import date, time

import pytest

from core.access import Scope
from core.request_queries import Filters, Period, calendar_events, list_requests, period_range
from tests.factories import make_request
from tests.request_world import make_world

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize("period, expected", [
    (Period.AUJOURDHUI, (date(2026, 3, 2), date(2026, 3, 2))),
    (Period.DEMAIN, (date(2026, 3, 3), date(2026, 3, 3))),
    (Period.CE_MOIS, (date(2026, 3, 1), date(2026, 3, 31))),
    (Period.MOIS_PRECEDENT, (date(2026, 2, 1), date(2026, 2, 28))),
    (Period.MOIS_PROCHAIN, (date(2026, 4, 1), date(2026, 4, 30))),
])
def test_period_presets(period, expected):
    assert period_range(period, TODAY) == expected


def test_presets_across_the_year():
    assert period_range(Period.MOIS_PRECEDENT, date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert period_range(Period.MOIS_PROCHAIN, date(2026, 12, 31)) == (date(2027, 1, 1), date(2027, 1, 31))
    assert period_range(Period.PERSONNALISEE, TODAY, (date(2026, 5, 9), date(2026, 5, 1))) == (
        date(2026, 5, 1), date(2026, 5, 9))


@pytest.fixture
def world(session):
    w = make_world(session)
    mine = dict(ref=w, requester=w["owner"])
    w["today"] = make_request(session, **mine, service_date=TODAY, number="2026-000001",
                              note_to_coordinators="secret")
    w["tomorrow_ar"] = make_request(session, **mine, service_date=date(2026, 3, 3),
                                    number="2026-000002", status="reserve", assigned=w["interpreter"])
    w["tomorrow_ar"].target_language_id = w["ar"].id
    w["tomorrow_es"] = make_request(session, **mine, service_date=date(2026, 3, 3),
                                    service_time=time(8, 0), number="2026-000003")
    w["colleague_req"] = make_request(session, ref=w, requester=w["colleague"], service_date=TODAY,
                                      number="2026-000004")
    w["colleague_draft"] = make_request(session, ref=w, requester=w["colleague"], service_date=TODAY,
                                        status="brouillon")
    w["elsewhere"] = make_request(session, ref=w, requester=w["other"], installation=w["inst_b"],
                                  service_date=TODAY, number="2026-000005")
    session.commit()
    return w


def numbers(page) -> list[str]:
    return [row["Numéro"] for row in page.rows]


def mine(session, world, **filters):
    start, end = filters.pop("period", (TODAY, TODAY))
    return list_requests(session=session, user=world["owner"], scope=Scope.MES_DEMANDES,
                         filters=Filters(start=start, end=end, **filters))


def test_mes_demandes_shows_today_by_default_only_mine(session, world):
    page = mine(session, world)
    assert numbers(page) == ["2026-000001"] and page.total == 1
    row = page.rows[0]
    assert row["Statut"] == "★ Nouveau" and row["Heure"] == "10:00" and row["Durée"] == "2 h 00"
    assert row["Langue d'arrivée"] == "espagnol" and row["Demandeur"] == "Dominique Demandeur"
    assert "secret" not in str(row.values())


def test_tomorrow_and_language_filter(session, world):
    tomorrow = period_range(Period.DEMAIN, TODAY)
    assert numbers(mine(session, world, period=tomorrow)) == ["2026-000003", "2026-000002"]
    assert numbers(mine(session, world, period=tomorrow, language_id=world["ar"].id)) == ["2026-000002"]


@pytest.mark.parametrize("filters, expected", [
    ({"number": "0003"}, ["2026-000003"]),
    ({"status": "reserve"}, ["2026-000002"]),
    ({"interpreter_name": "inès inter"}, ["2026-000002"]),
    ({"request_type": "telephone"}, []),
    ({"installation_id": -1}, []),
])
def test_filters(session, world, filters, expected):
    month = period_range(Period.CE_MOIS, TODAY)
    assert numbers(mine(session, world, period=month, **filters)) == expected


def test_par_emplacement_shows_colleagues_at_the_same_installation_without_drafts(session, world):
    page = list_requests(session=session, user=world["owner"], scope=Scope.PAR_EMPLACEMENT,
                         filters=Filters(start=TODAY, end=TODAY))
    assert numbers(page) == ["2026-000001", "2026-000004"]


def test_pagination_counts_everything_and_returns_one_page(session, world):
    for day in range(1, 8):
        make_request(session, ref=world, requester=world["owner"], service_date=date(2026, 3, 10 + day))
    session.commit()
    month = period_range(Period.CE_MOIS, TODAY)
    first = list_requests(session=session, user=world["owner"], scope=Scope.MES_DEMANDES,
                          filters=Filters(*month), page=1, page_size=4)
    last = list_requests(session=session, user=world["owner"], scope=Scope.MES_DEMANDES,
                         filters=Filters(*month), page=3, page_size=4)
    assert first.total == 10 and first.pages == 3 and len(first.rows) == 4 and len(last.rows) == 2


def test_calendar_events_carry_status_text_and_colour(session, world):
    events = calendar_events(session=session, user=world["owner"], scope=Scope.MES_DEMANDES,
                             filters=Filters(*period_range(Period.CE_MOIS, TODAY)))
    reserved = next(e for e in events if e["id"] == str(world["tomorrow_ar"].id))
    assert reserved["title"].startswith("✔ Réservé") and reserved["backgroundColor"] == "#15803d"
    assert reserved["start"] == "2026-03-03T10:00:00" and reserved["end"] == "2026-03-03T12:00:00"
