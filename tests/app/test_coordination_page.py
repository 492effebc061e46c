"""« Coordination » through AppTest: queue, filters, file with the note, offer, validation."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from core.coordination_queries import local_today
from core.statuses import status_badge
from db.engine import build_engine
from db.models import MailOutbox, Request
from tests.app.bi_world import NOTE, frame_with, signed_in, texts, world  # noqa: F401  (fixture)


def _open(at, number: str):
    at.text_input(key="coord_number").input(number)
    return at.run()


def _request(world, key) -> Request:
    with Session(build_engine(world.url)) as session:
        return session.get(Request, world.ids[key])


def test_queue_counts_and_table(world):
    at = signed_in("coord@bi.test")
    assert [t.value for t in at.title] == ["Coordination"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[status_badge("nouveau")] == "1" and metrics[status_badge("en_attente")] == "1"
    assert metrics[status_badge("service_fourni")] == "1" and status_badge("brouillon") not in metrics
    table = at.dataframe(key="coord_table").value
    assert set(table["Numéro"]) == {"2099-000101", "2099-000102", "2099-000103", "2099-000104", "2099-000105"}
    at.multiselect(key="coord_statuses").select("service_fourni").run()
    assert list(at.dataframe(key="coord_table").value["Numéro"]) == ["2099-000105"]


def test_file_shows_the_note_and_ranked_candidates_then_offer(world):
    at = _open(signed_in("coord@bi.test"), "000101")
    assert f"Demande 2099-000101 — {status_badge('nouveau')}" in texts(at)
    assert NOTE in texts(at)
    candidates = frame_with(at, "Raisons")
    assert list(candidates["Interprète"]) == ["Ana Lopez", "Omar Haddad"]  # preferred gender first
    assert "Genre souhaité (femme)" in candidates["Raisons"][0]
    at.multiselect(key=f"coord_offer_to_{world.ids['new']}").select(world.ids["ana"]).select(world.ids["omar"])
    at.button(key=f"coord_offer_{world.ids['new']}").click().run()
    assert [s.value for s in at.success] == ["Demande offerte à 2 interprète(s)."]
    assert _request(world, "new").status == "en_attente"
    assert f"Demande 2099-000101 — {status_badge('en_attente')}" in texts(at)
    with Session(build_engine(world.url)) as session:
        to = {m.to_address for m in session.exec(select(MailOutbox)).all()}
    assert to == {"ana@bi.test", "omar@bi.test"}


def test_offer_without_interpreter_is_refused_in_french(world):
    at = _open(signed_in("coord@bi.test"), "000101")
    at.button(key=f"coord_offer_{world.ids['new']}").click().run()
    assert [e.value for e in at.error] == ["Choisissez au moins un interprète actif."]
    assert _request(world, "new").status == "nouveau"


def test_a_save_on_a_stale_screen_is_refused(world):
    at = _open(signed_in("coord@bi.test"), "000101")
    with Session(build_engine(world.url)) as session:  # another coordinator saves meanwhile
        other = session.get(Request, world.ids["new"])
        other.location = "Salle 12"
        session.add(other)
        session.commit()
    at.multiselect(key=f"coord_offer_to_{world.ids['new']}").select(world.ids["ana"])
    at.button(key=f"coord_offer_{world.ids['new']}").click().run()
    assert "Rechargez la page" in at.error[0].value
    assert _request(world, "new").status == "nouveau"


def test_close_or_return_a_reported_service(world):
    at = _open(signed_in("coord@bi.test"), "000105")
    assert "de 10:00 à 11:45" in texts(at) and "Usager arrivé en retard" in texts(at)
    rid = world.ids["served"]
    at.button(key=f"coord_return_{rid}").click().run()
    assert [e.value for e in at.error] == ["Expliquez à l'interprète ce qu'il doit corriger."]
    at.text_area(key=f"coord_return_comment_{rid}").input("Heure de fin à vérifier")
    at.button(key=f"coord_return_{rid}").click().run()
    assert [s.value for s in at.success] == ["Service retourné à l'interprète."]
    assert _request(world, "served").status == "reserve"


def test_close_the_service(world):
    at = _open(signed_in("coord@bi.test"), "000105")
    at.button(key=f"coord_close_{world.ids['served']}").click().run()
    assert [s.value for s in at.success] == ["Service fermé."]
    assert _request(world, "served").status == "service_ferme"
    assert status_badge("service_ferme") in texts(at)


def test_confirm_one_interpreter_directly(world):
    at = _open(signed_in("coord@bi.test"), "000102")  # En attente, offered to Ana
    rid = world.ids["offered"]
    at.button(key=f"coord_confirm_{rid}").click().run()
    assert [e.value for e in at.error] == ["Choisissez l'interprète à confirmer."]
    at.selectbox(key=f"coord_confirm_to_{rid}").select(world.ids["omar"])
    at.button(key=f"coord_confirm_{rid}").click().run()
    assert [s.value for s in at.success] == ["Demande réservée pour l'interprète choisi."]
    stored = _request(world, "offered")
    assert stored.status == "reserve" and stored.assigned_interpreter_id == world.ids["omar"]


def test_a_coordinator_modifies_a_reserved_request_from_the_queue(world):
    """The BI corrects a request (DESIGN: « modifier » by a coordinator): Réservé becomes Modifié."""
    rid = world.ids["past"]
    with Session(build_engine(world.url)) as session:  # a future date, so the form accepts it
        row = session.get(Request, rid)
        row.service_date = local_today() + timedelta(days=7)
        session.add(row)
        session.commit()
    at = _open(signed_in("coord@bi.test"), "000104")
    at.button(key=f"modify_{rid}").click().run()
    asked_by = [m.value for m in at.markdown if "demandeur@bi.test" in m.value]
    assert asked_by and "Camille Test" in asked_by[0]  # the requester, not the coordinator
    at.text_input(key=f"edit_{rid}_location").input("Pavillon C, local 1.010").run()
    at.button(key=f"edit_{rid}_save").click().run()
    assert not at.exception and "↻ Modifié" in at.success[0].value
    stored = _request(world, "past")
    assert stored.status == "modifie" and stored.location == "Pavillon C, local 1.010"
    with Session(build_engine(world.url)) as session:
        to = {m.to_address for m in session.exec(select(MailOutbox)).all()}
    assert "ana@bi.test" in to  # the assigned interpreter must accept again


def test_a_coordinator_cancels_with_the_bis_own_reason(world):
    at = _open(signed_in("coord@bi.test"), "000102")
    rid = world.ids["offered"]
    at.button(key=f"cancel_{rid}").click().run()
    assert "Aucun interprète disponible" in at.selectbox(key=f"cancel_{rid}_detail").options
    assert f"coord_offer_{rid}" not in {b.key for b in at.button}  # one thing at a time
    at.selectbox(key=f"cancel_{rid}_detail").select("Aucun interprète disponible")
    at.button(key=f"cancel_{rid}_confirm").click().run()
    assert "✖ Annulé" in at.success[0].value
    stored = _request(world, "offered")
    assert stored.status == "annule" and stored.cancel_detailed_reason == "Aucun interprète disponible"


def test_a_coordinators_cancellation_without_reason_changes_nothing(world):
    at = _open(signed_in("coord@bi.test"), "000101")
    rid = world.ids["new"]
    at.button(key=f"cancel_{rid}").click().run()
    at.button(key=f"cancel_{rid}_confirm").click().run()
    assert "Choisissez une raison détaillée dans la liste." in [e.value for e in at.error]
    assert _request(world, "new").status == "nouveau"
