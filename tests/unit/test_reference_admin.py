"""Administration of reference data: admins only, validated, history kept."""
from __future__ import annotations

import pytest
from sqlmodel import select

from core import reference_admin as admin
from core.errors import AccessDenied, ValidationFailed
from core.roles import Role
from db.models import Etablissement, History, Installation, InterpreterLanguage, InterpreterProfile
from tests.factories import make_interpreter, make_reference, make_user


@pytest.fixture
def world(session):
    ref = make_reference(session)
    return ref, make_user(session, role=Role.ADMIN, is_admin=True), make_user(session, role=Role.COORDONNATEUR)


def test_admin_creates_an_etablissement_and_an_installation(session, world):
    _, boss, _ = world
    etab = admin.create_etablissement(session=session, actor=boss, nom=" CISSS de Laval ", sigle="CISSSL")
    inst = admin.create_installation(session=session, actor=boss, etablissement_id=etab.id,
                                     nom="Hôpital de la Cité-de-la-Santé", adresse="1755, boul. René-Laennec")
    session.commit()
    assert session.get(Etablissement, etab.id).nom == "CISSS de Laval"
    assert session.get(Installation, inst.id).etablissement_id == etab.id
    actions = session.exec(select(History.entity, History.action).where(History.actor_id == boss.id)).all()
    assert actions == [("etablissement", "creer"), ("installation", "creer")]
    assert admin.filter_options(session=session).installations[inst.id] == "Hôpital de la Cité-de-la-Santé"


def test_bad_input_is_explained_and_nothing_is_saved(session, world):
    ref, boss, _ = world
    with pytest.raises(ValidationFailed) as refused:
        admin.create_installation(session=session, actor=boss, etablissement_id=ref["etablissement"].id,
                                  nom="hôpital a")
    assert refused.value.errors == {"nom": "Cette installation existe déjà dans cet établissement."}
    with pytest.raises(ValidationFailed) as refused:
        admin.create_language(session=session, actor=boss, code="", label="népalais")
    assert "code" in refused.value.errors
    assert session.exec(select(History)).all() == []


def test_a_coordinator_who_is_not_admin_is_refused(session, world):
    _, _, coord = world
    with pytest.raises(AccessDenied):
        admin.create_etablissement(session=session, actor=coord, nom="X", sigle="X")


def test_interpreter_languages_gender_and_type_are_replaced(session, world):
    ref, boss, _ = world
    interpreter = make_interpreter(session, languages=[ref["es"]], gender="femme")
    admin.set_interpreter_profile(session=session, actor=boss, interpreter_id=interpreter.id,
                                  language_ids=[ref["ar"].id, ref["fr"].id], gender="homme",
                                  interpreter_type="Pigiste")
    session.commit()
    profile, languages = admin.interpreter_profile(session=session, interpreter_id=interpreter.id)
    assert profile.gender == "homme" and profile.interpreter_type == "Pigiste"
    assert sorted(languages) == sorted([ref["ar"].id, ref["fr"].id])
    with pytest.raises(ValidationFailed) as refused:
        admin.set_interpreter_profile(session=session, actor=boss, interpreter_id=interpreter.id,
                                      language_ids=[], gender="autre", interpreter_type="")
    assert set(refused.value.errors) == {"language_ids", "gender", "interpreter_type"}
    assert len(session.exec(select(InterpreterLanguage)).all()) == 2
    assert session.get(InterpreterProfile, interpreter.id).gender == "homme"


def test_deactivating_a_language(session, world):
    ref, boss, _ = world
    admin.set_active(session=session, actor=boss, kind="language", row_id=ref["ar"].id, active=False)
    session.commit()
    assert ref["ar"].active is False
