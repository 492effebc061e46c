"""Tableau de bord: counts by status, language, installation and week; fill rate; late cancellations."""
from __future__ import annotations

from datetime import date

import pytest

from core.dashboard import dashboard
from core.errors import AccessDenied
from core.roles import Role
from tests.factories import make_interpreter, make_reference, make_request, make_user

MON, TUE, NEXT_MON = date(2031, 3, 3), date(2031, 3, 4), date(2031, 3, 10)


@pytest.fixture
def world(session):
    ref = make_reference(session)
    owner = make_user(session, installations=[ref["inst_a"]])
    coord = make_user(session, role=Role.COORDONNATEUR)
    interpreter = make_interpreter(session)
    for status, day, inst in [("nouveau", MON, "inst_a"), ("reserve", MON, "inst_a"),
                              ("service_ferme", TUE, "inst_b"), ("en_attente", NEXT_MON, "inst_a"),
                              ("brouillon", MON, "inst_a")]:
        make_request(session, ref=ref, requester=owner, status=status, service_date=day,
                     installation=ref[inst], assigned=interpreter if status in ("reserve", "service_ferme") else None)
    late = make_request(session, ref=ref, requester=owner, status="annule", service_date=NEXT_MON)
    late.late_cancellation = True
    make_request(session, ref=ref, requester=owner, status="annule", service_date=TUE)
    make_request(session, ref=ref, requester=owner, status="reserve", service_date=date(2031, 5, 1))
    session.commit()
    return ref, owner, coord


def test_figures_for_a_period(session, world):
    _, _, coord = world
    board = dashboard(session=session, user=coord, first=MON, last=date(2031, 3, 16))
    statuses = {row["Statut"]: row["Demandes"] for row in board.by_status}
    assert statuses == {"Nouveau": 1, "En attente": 1, "Réservé": 1, "Modifié": 0, "Annulé": 2,
                        "Service fourni": 0, "Service fermé": 1}  # no draft, nothing in May
    assert board.transmitted == 6 and board.filled == 2 and board.fill_rate == pytest.approx(2 / 6)
    assert board.cancelled == 2 and board.late_cancellations == 1
    assert board.by_week == [
        {"Semaine du": MON, "Demandes": 4, "Annulations tardives": 0},
        {"Semaine du": NEXT_MON, "Demandes": 2, "Annulations tardives": 1}]
    assert board.by_installation == [{"Installation": "Hôpital A", "Demandes": 5},
                                     {"Installation": "Hôpital B", "Demandes": 1}]
    assert board.by_language == [{"Langue": "espagnol", "Demandes": 6}]


def test_empty_period_has_no_fill_rate(session, world):
    _, _, coord = world
    board = dashboard(session=session, user=coord, first=date(2030, 1, 1), last=date(2030, 1, 31))
    assert board.transmitted == 0 and board.fill_rate is None and board.by_week == []


def test_only_coordinators_see_the_dashboard(session, world):
    _, owner, _ = world
    with pytest.raises(AccessDenied):
        dashboard(session=session, user=owner, first=MON, last=NEXT_MON)
