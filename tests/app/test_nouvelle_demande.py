"""« Nouvelle demande » through AppTest: transmit, draft, refused inputs with nothing saved."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from db.models import Attachment, Request
from tests.app.requests_app import NEXT_WEEK, count, errors, fill_valid_form, open_as, texts, world_db
from tests.request_world import exe_bytes, pdf_bytes

__all__ = ["world_db"]
PAGE = "app_pages/nouvelle_demande.py"


def submit_with_file(world, name: str, data: bytes):
    """A valid form with one file dropped in, then « Sauvegarder »."""
    at = fill_valid_form(open_as(world["owner"], PAGE), world)
    at.file_uploader(key="new_request_uploads_0").upload(name, data, "application/pdf")
    at.run()
    return at.button(key="new_request_submit").click().run()


def test_form_shows_its_sections_status_and_requester(world_db):
    engine, world = world_db
    at = open_as(world["owner"], PAGE)
    assert not at.exception
    shown = texts(at)
    for section in ("Détails de la demande", "Détails du patient", "Pièces jointes", "Demandé par"):
        assert section in shown
    assert "✎ Brouillon" in shown and "Dominique Demandeur" in shown
    assert at.selectbox(key="new_request_source_language_id").value == world["fr"].id
    assert at.selectbox(key="new_request_installation_id").value == world["inst_a"].id
    assert "transmet" in at.button(key="new_request_submit").help or "envoie" in at.button(
        key="new_request_submit").help


def test_sauvegarder_transmits_and_shows_number_and_status(world_db):
    engine, world = world_db
    at = submit_with_file(world, "lettre.pdf", pdf_bytes())
    assert not at.exception, at.exception
    with Session(engine) as session:
        request = session.exec(select(Request)).one()
        assert request.status == "nouveau" and request.service_date == NEXT_WEEK
        assert [a.filename for a in session.exec(select(Attachment)).all()] == ["lettre.pdf"]
    assert request.number in at.success[0].value and "★ Nouveau" in at.success[0].value
    assert at.text_input(key="new_request_location").value == ""


def test_enregistrer_le_brouillon_keeps_a_draft(world_db):
    engine, world = world_db
    at = fill_valid_form(open_as(world["owner"], PAGE), world)
    at.button(key="new_request_draft").click().run()
    with Session(engine) as session:
        request = session.exec(select(Request)).one()
    assert request.status == "brouillon" and request.number is None
    assert "Brouillon enregistré" in at.success[0].value


def test_missing_fields_past_date_and_same_language_are_refused_beside_their_field(world_db):
    engine, world = world_db
    at = open_as(world["owner"], PAGE)
    at.button(key="new_request_submit").click().run()
    shown = errors(at)
    assert "Indiquez le lieu de rendez-vous." in shown and "Indiquez la date du service." in shown
    at = fill_valid_form(at, world, when=NEXT_WEEK - timedelta(days=30))
    at.selectbox(key="new_request_target_language_id").select(world["fr"].id).run()
    at.button(key="new_request_submit").click().run()
    shown = errors(at)
    assert "La date et l'heure du service ne peuvent pas être dans le passé." in shown
    assert any("différente de la langue de départ" in e for e in shown)
    assert at.text_input(key="new_request_location").value == "Clinique externe, local 2.114"
    assert count(engine, Request) == 0


def test_executable_renamed_pdf_is_refused_and_nothing_saved(world_db):
    engine, world = world_db
    at = submit_with_file(world, "facture.pdf", exe_bytes())
    assert any("« facture.pdf » est un programme exécutable" in e for e in errors(at))
    assert count(engine, Request) == 0 and count(engine, Attachment) == 0


def test_short_duration_warns_and_sign_language_points_elsewhere(world_db):
    engine, world = world_db
    at = fill_valid_form(open_as(world["owner"], PAGE), world)
    at.selectbox(key="new_request_duration_minutes").select(60).run()
    assert any("au minimum 2 heures" in w.value for w in at.warning)
    at.selectbox(key="new_request_target_language_id").select(world["lsq"].id).run()
    assert any("SIVET" in e for e in errors(at))
