"""The BI's services end to end on a database: statuses, offers, what each one sees, mails."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from sqlmodel import select

from core import coordination_service as coordination
from core import interpreter_service as mandates
from core import request_actions as actions
from core.errors import AccessDenied, TransitionNotAllowed, ValidationFailed
from core.roles import Role
from core.statuses import Status
from db.models import MailOutbox, Request, RequestOffer
from tests.factories import make_interpreter, make_reference, make_request, make_user

NOTE = "Patient agité : prévoir un agent de sécurité (note confidentielle)"
AFTER = datetime(2031, 3, 3, 20, 0, tzinfo=timezone.utc)  # after 10:00 in Montréal that day


@pytest.fixture
def world(session):
    ref = make_reference(session)
    p = {
        "owner": make_user(session, installations=[ref["inst_a"]], email="demandeur@exemple.qc.ca"),
        "coord": make_user(session, role=Role.COORDONNATEUR, email="coord@exemple.qc.ca"),
        "quiet_coord": make_user(session, role=Role.COORDONNATEUR, notifications_disabled=True),
        "ana": make_interpreter(session, languages=[ref["es"]], email="ana@exemple.qc.ca",
                                first_name="Ana", last_name="Lopez"),
        "omar": make_interpreter(session, languages=[ref["es"]], email="omar@exemple.qc.ca",
                                 notifications_disabled=True),
    }
    request = make_request(session, ref=ref, requester=p["owner"], service_date=date(2031, 3, 3),
                           note_to_coordinators=NOTE, number="2031-000042")
    session.commit()
    return p, request


def _mails(session, address=None):
    rows = session.exec(select(MailOutbox).order_by(MailOutbox.id)).all()
    return [m for m in rows if address is None or m.to_address == address]


def test_offer_then_accept_reserves_and_mails_the_interpreter_then_the_requester(session, world):
    p, request = world
    coordination.offer_to(session=session, coordinator=p["coord"], request_id=request.id,
                          interpreter_ids=[p["ana"].id, p["omar"].id], expected_version=request.version)
    session.commit()
    assert request.status == Status.EN_ATTENTE
    [offer_mail] = _mails(session)  # Omar turned notifications off
    assert offer_mail.to_address == "ana@exemple.qc.ca" and "2031-000042" in offer_mail.subject
    assert NOTE not in offer_mail.body
    mandates.accept_offer(session=session, interpreter=p["ana"], request_id=request.id)
    session.commit()
    assert request.status == Status.RESERVE and request.assigned_interpreter_id == p["ana"].id
    [reserved] = _mails(session, "demandeur@exemple.qc.ca")
    assert "Ana Lopez" in reserved.body and "BEGIN:VEVENT" in reserved.ics


def test_an_interpreter_sees_offers_without_the_note_to_coordinators(session, world):
    p, request = world
    coordination.offer_to(session=session, coordinator=p["coord"], request_id=request.id,
                          interpreter_ids=[p["ana"].id])
    session.commit()
    found = mandates.mandates(session=session, interpreter=p["ana"])
    assert [row["number"] for row in found.offers] == ["2031-000042"]
    assert "note_to_coordinators" not in found.offers[0] and NOTE not in found.offers[0].values()
    assert mandates.mandates(session=session, interpreter=p["omar"]).offers == []
    file = coordination.request_file(session=session, user=p["coord"], request_id=request.id)
    assert file.request.note_to_coordinators == NOTE and file.seen.note_to_coordinators
    assert file.offers[0]["Offre"] == "En attente de réponse"
    with pytest.raises(AccessDenied):
        coordination.request_file(session=session, user=p["omar"], request_id=request.id)


def test_refusal_needs_a_reason_and_tells_the_coordinators(session, world):
    p, request = world
    coordination.offer_to(session=session, coordinator=p["coord"], request_id=request.id,
                          interpreter_ids=[p["ana"].id])
    session.commit()
    with pytest.raises(ValidationFailed, match="raison"):
        mandates.refuse_offer(session=session, interpreter=p["ana"], request_id=request.id, reason=" ")
    assert request.status == Status.EN_ATTENTE
    mandates.refuse_offer(session=session, interpreter=p["ana"], request_id=request.id,
                          reason="Déjà en mandat à Laval")
    session.commit()
    assert request.status == Status.NOUVEAU
    [mail] = _mails(session, "coord@exemple.qc.ca")
    assert "Déjà en mandat à Laval" in mail.body
    assert session.exec(select(RequestOffer.refusal_reason)).one() == "Déjà en mandat à Laval"


def test_service_fourni_only_once_started_then_closed_or_returned(session, world):
    p, request = world
    coordination.confirm_for(session=session, coordinator=p["coord"], request_id=request.id,
                             interpreter_id=p["ana"].id)
    session.commit()
    assert {m.to_address for m in _mails(session)} == {"demandeur@exemple.qc.ca", "ana@exemple.qc.ca"}
    before = datetime(2031, 3, 3, 14, 0, tzinfo=timezone.utc)  # 09:00 in Montréal
    assert mandates.mandates(session=session, interpreter=p["ana"], now=before).upcoming
    with pytest.raises(TransitionNotAllowed, match="heure de début"):
        mandates.report_service(session=session, interpreter=p["ana"], request_id=request.id,
                                start=time(10, 0), end=time(12, 0), now=before)
    session.rollback()
    assert [r["id"] for r in mandates.mandates(session=session, interpreter=p["ana"], now=AFTER).to_report] \
        == [request.id]
    mandates.report_service(session=session, interpreter=p["ana"], request_id=request.id,
                            start=time(10, 5), end=time(11, 50), note="Usager très collaboratif", now=AFTER)
    session.commit()
    assert request.status == Status.SERVICE_FOURNI
    assert "de 10:05 à 11:50" in _mails(session, "coord@exemple.qc.ca")[-1].body
    coordination.return_service(session=session, coordinator=p["coord"], request_id=request.id,
                                comment="L'heure de fin semble erronée")
    session.commit()
    assert request.status == Status.RESERVE
    assert "L'heure de fin semble erronée" in _mails(session, "ana@exemple.qc.ca")[-1].body
    mandates.report_service(session=session, interpreter=p["ana"], request_id=request.id,
                            start=time(10, 5), end=time(11, 30), now=AFTER)
    coordination.close_service(session=session, coordinator=p["coord"], request_id=request.id)
    session.commit()
    assert session.get(Request, request.id).status == Status.SERVICE_FERME


def test_offering_again_to_an_interpreter_reopens_their_earlier_offer(session, world):
    """Offered to Ana and Omar, Ana accepts (Omar's offer is withdrawn), the request is modified
    and Ana refuses it: the BI offers it again to both."""
    p, request = world
    coordination.offer_to(session=session, coordinator=p["coord"], request_id=request.id,
                          interpreter_ids=[p["ana"].id, p["omar"].id])
    mandates.accept_offer(session=session, interpreter=p["ana"], request_id=request.id)
    actions.modify(session=session, request=request, actor=p["owner"], changes={"location": "Local 9"})
    mandates.refuse_offer(session=session, interpreter=p["ana"], request_id=request.id, reason="Trop loin")
    session.commit()
    assert request.status == Status.NOUVEAU
    coordination.offer_to(session=session, coordinator=p["coord"], request_id=request.id,
                          interpreter_ids=[p["ana"].id, p["omar"].id])
    session.commit()
    offers = session.exec(select(RequestOffer.interpreter_id, RequestOffer.status)).all()
    assert sorted(offers) == sorted([(p["ana"].id, "ouverte"), (p["omar"].id, "ouverte")])
