"""« Mes mandats » through AppTest: accept, refuse with a reason, report the service."""
from __future__ import annotations

from datetime import time

from sqlmodel import Session, select

from db.engine import build_engine
from db.models import MailOutbox, Request
from tests.app.bi_world import NOTE, signed_in, texts, world  # noqa: F401  (fixture)


def _status(world, key) -> str:
    with Session(build_engine(world.url)) as session:
        return session.get(Request, world.ids[key]).status


def _mails_to(world, address) -> list[MailOutbox]:
    with Session(build_engine(world.url)) as session:
        return list(session.exec(select(MailOutbox).where(MailOutbox.to_address == address)).all())


def test_sections_show_my_mandates_and_never_the_note(world):
    at = signed_in("ana@bi.test")
    assert [t.value for t in at.title] == ["Mes mandats"]
    shown = texts(at)
    assert "Offres à accepter ou refuser (1)" in shown and "2099-000102" in shown
    assert "Demandes modifiées : à accepter ou refuser de nouveau (1)" in shown
    assert "Services à déclarer (« Service fourni ») (1)" in shown and "2099-000104" in shown
    assert "2099-000101" not in shown and "2099-000105" not in shown  # not offered to Ana
    assert NOTE not in shown


def test_accept_an_offer(world):
    at = signed_in("ana@bi.test")
    at.button(key=f"mandat_accept_{world.ids['offered']}").click().run()
    assert [s.value for s in at.success] == ["Mandat accepté : la demande est réservée à votre nom."]
    assert _status(world, "offered") == "reserve"
    assert "Réservations à venir (1)" in texts(at)
    assert _mails_to(world, "demandeur@bi.test")[0].ics


def test_refusing_needs_a_reason(world):
    at = signed_in("ana@bi.test")
    rid = world.ids["modified"]
    at.button(key=f"mandat_refuse_{rid}").click().run()
    assert "Indiquez la raison du refus" in at.error[0].value
    assert _status(world, "modified") == "modifie"
    at.text_input(key=f"mandat_refuse_reason_{rid}").input("Nouvel horaire impossible")
    at.button(key=f"mandat_refuse_{rid}").click().run()
    assert [s.value for s in at.success] == ["Mandat refusé : la BI en est avisée."]
    assert _status(world, "modified") == "nouveau"
    assert "Nouvel horaire impossible" in _mails_to(world, "coord@bi.test")[0].body


def test_report_the_service(world):
    at = signed_in("ana@bi.test")
    rid = world.ids["past"]
    at.button(key=f"mandat_report_{rid}").click().run()
    assert [e.value for e in at.error] == ["Indiquez l'heure de début et l'heure de fin réelles."]
    at.time_input(key=f"mandat_start_{rid}").set_value(time(10, 0))
    at.time_input(key=f"mandat_end_{rid}").set_value(time(11, 30))
    at.text_area(key=f"mandat_note_{rid}").input("RAS")
    at.button(key=f"mandat_report_{rid}").click().run()
    assert [s.value for s in at.success] == ["Service déclaré fourni : la BI va le valider."]
    assert _status(world, "past") == "service_fourni"
    assert "En attente de validation par la BI (1)" in texts(at)
