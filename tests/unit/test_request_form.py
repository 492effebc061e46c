"""Every rule of the request form, each with its French message beside its field."""
from __future__ import annotations

from datetime import date, time

import pytest

from core.request_form import ARABIC_ADVICE, REQUIRED, validate_form
from tests.request_world import NOW, make_world, valid_form


@pytest.fixture
def world(session):
    return make_world(session)


def errors_of(session, world, actor=None, **changes):
    result = validate_form(session=session, actor=actor or world["owner"],
                           form=valid_form(world, **changes), now=NOW)
    return result.errors


def test_a_complete_form_is_valid(session, world):
    result = validate_form(session=session, actor=world["owner"], form=valid_form(world), now=NOW)
    assert result.ok and result.warnings == {}
    assert result.values["location"] == "Clinique externe, local 2.114"


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_each_required_field_is_required(session, world, name):
    blank = "" if name == "location" else None
    assert errors_of(session, world, **{name: blank})[name] == REQUIRED[name]


def test_spaces_only_location_is_missing(session, world):
    assert errors_of(session, world, location="   ")["location"] == REQUIRED["location"]


def test_date_in_the_past_is_refused(session, world):
    errors = errors_of(session, world, service_date=date(2026, 3, 1))
    assert errors["service_date"] == "La date et l'heure du service ne peuvent pas être dans le passé."


def test_earlier_today_is_refused_on_the_time(session, world):
    errors = errors_of(session, world, service_date=date(2026, 3, 2), service_time=time(9, 45))
    assert "passé" in errors["service_time"]
    assert errors_of(session, world, service_date=date(2026, 3, 2), service_time=time(10, 30)) == {}


@pytest.mark.parametrize("minutes", [0, 10, 20, 495, 600, -15])
def test_duration_outside_15_minute_steps_or_range_is_refused(session, world, minutes):
    assert "tranches de 15 minutes" in errors_of(session, world, duration_minutes=minutes)["duration_minutes"]


@pytest.mark.parametrize("minutes", [15, 45, 120, 480])
def test_duration_in_15_minute_steps_is_accepted(session, world, minutes):
    assert "duration_minutes" not in errors_of(session, world, duration_minutes=minutes)


def test_short_in_person_duration_warns_without_blocking(session, world):
    result = validate_form(session=session, actor=world["owner"],
                           form=valid_form(world, duration_minutes=60), now=NOW)
    assert result.ok
    assert "au minimum 2 heures" in result.warnings["duration_minutes"]


def test_translation_has_no_minimum(session, world):
    result = validate_form(session=session, actor=world["owner"],
                           form=valid_form(world, request_type="traduction", duration_minutes=30), now=NOW)
    assert result.ok and result.warnings == {}


def test_same_source_and_target_language_is_refused(session, world):
    errors = errors_of(session, world, target_language_id=world["fr"].id)
    assert "différente de la langue de départ" in errors["target_language_id"]


def test_plain_arabic_is_refused_with_the_guides_advice(session, world):
    assert errors_of(session, world, target_language_id=world["plain_arabic"].id)[
        "target_language_id"] == ARABIC_ADVICE
    assert errors_of(session, world, target_language_id=world["ar"].id) == {}


def test_sign_language_points_to_the_specialised_service(session, world):
    message = errors_of(session, world, target_language_id=world["lsq"].id)["target_language_id"]
    assert "service spécialisé" in message and "SIVET" in message


def test_flexible_range_must_be_coherent(session, world):
    assert "début et la fin" in errors_of(session, world, flexible_start=time(9))["flexible_end"]
    assert "après son début" in errors_of(session, world, flexible_start=time(11),
                                          flexible_end=time(9))["flexible_end"]
    assert "dans la plage" in errors_of(session, world, flexible_start=time(11),
                                        flexible_end=time(12))["flexible_start"]
    assert errors_of(session, world, flexible_start=time(9), flexible_end=time(12)) == {}


def test_length_limits(session, world):
    assert "300 caractères" in errors_of(session, world, location="x" * 301)["location"]
    assert "2000 caractères" in errors_of(session, world, message_to_interpreter="x" * 2001)[
        "message_to_interpreter"]


def test_patient_phone_is_checked_and_normalised(session, world):
    assert "invalide" in errors_of(session, world, patient_phone="123")["patient_phone"]
    result = validate_form(session=session, actor=world["owner"],
                           form=valid_form(world, patient_phone="514 555 0123"), now=NOW)
    assert result.ok and result.values["patient_phone"] == "(514) 555-0123"


def test_installation_must_be_one_of_the_requesters(session, world):
    errors = errors_of(session, world, installation_id=world["inst_b"].id)
    assert errors["installation_id"] == "Choisissez une des installations où vous travaillez."


def test_context_must_come_from_the_list(session, world):
    assert "context" in errors_of(session, world, context="Autre chose")
    assert errors_of(session, world, context="Santé mentale / psychiatrie") == {}


def test_priority_interpreters_must_speak_the_target_language(session, world):
    ok = errors_of(session, world, priority_interpreter_type="BI du RSSS",
                   priority_interpreter_ids=[world["interpreter"].id])
    assert ok == {}
    wrong = errors_of(session, world, priority_interpreter_type="BI du RSSS",
                      priority_interpreter_ids=[world["interpreter_ar"].id])
    assert "langue d'arrivée" in wrong["priority_interpreter_ids"]
    untyped = errors_of(session, world, priority_interpreter_ids=[world["interpreter"].id])
    assert "BI du RSSS" in untyped["priority_interpreter_type"]


def test_preferred_gender_is_one_of_the_choices(session, world):
    assert "preferred_gender" in errors_of(session, world, preferred_gender="autre")
    assert errors_of(session, world, preferred_gender="femme") == {}
