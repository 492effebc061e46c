"""« Mon profil »: required fields, email and Canadian phone validation, history, email change."""
from __future__ import annotations

import json

import pytest
from sqlmodel import select

from core.errors import AccessDenied, ValidationFailed
from core.auth import verify_password
from core.profile import (change_password, normalise_phone, profile_history, update_profile,
                          validate_profile)
from db.models import History, MailOutbox
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "Trois loutres dansent sur le quai 9 fois!"


def _data(user, **changes):
    data = {"last_name": user.last_name, "first_name": user.first_name, "email": user.email,
            "phone": user.phone, "cost_center": user.cost_center,
            "notifications_disabled": user.notifications_disabled}
    return {**data, **changes}


def test_every_required_field_is_reported_at_once():
    with pytest.raises(ValidationFailed) as caught:
        validate_profile({"last_name": " ", "first_name": "", "email": "", "phone": "", "cost_center": ""})
    assert set(caught.value.errors) == {"last_name", "first_name", "email", "phone", "cost_center"}
    assert all(msg == "Ce champ est obligatoire." for msg in caught.value.errors.values())


@pytest.mark.parametrize("email", ["pas-une-adresse", "a@b", "jean@@exemple.qc.ca", "jean tremblay@x.ca"])
def test_invalid_email_is_refused(email):
    with pytest.raises(ValidationFailed) as caught:
        validate_profile({"last_name": "T", "first_name": "C", "email": email, "phone": "514 555-0100",
                          "cost_center": "CC"})
    assert set(caught.value.errors) == {"email"}


@pytest.mark.parametrize("raw, expected", [
    ("514 555-0100", "(514) 555-0100"), ("+1 418 654 2222", "(418) 654-2222"),
    ("819-555-0101 poste 234", "(819) 555-0101, poste 234"),
])
def test_canadian_phone_numbers_are_normalised(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["123", "+33 1 42 68 53 00", "555-0100", "téléphone"])
def test_other_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationFailed) as caught:
        normalise_phone(raw)
    assert "canadien" in caught.value.errors["phone"]


def test_saving_writes_one_history_row_per_changed_field(session):
    user = make_user(session)
    changed = update_profile(session=session, actor=user, user=user,
                             data=_data(user, cost_center="CC-2002", phone="438 555-0199",
                                        notifications_disabled=True))
    assert sorted(changed) == ["cost_center", "notifications_disabled", "phone"]
    rows = session.exec(select(History).where(History.entity == "user")).all()
    assert {r.detail for r in rows} == {"Centre de coût / unité administrative", "Téléphone",
                                        "Désactiver les notifications par courriel"}
    assert json.loads(next(r for r in rows if r.detail == "Téléphone").changes) == \
        {"phone": ["514 555-0100", "(438) 555-0199"]}
    history = profile_history(session=session, actor=user, user=user)
    assert len(history) == 3 and history[0]["by"] == user.full_name


def test_bad_input_changes_nothing(session):
    user = make_user(session)
    with pytest.raises(ValidationFailed):
        update_profile(session=session, actor=user, user=user, data=_data(user, cost_center="CC-9", phone="12"))
    assert user.cost_center == "CC-1001"
    assert session.exec(select(History)).all() == []


def test_changing_the_email_needs_the_password_and_warns_the_old_address(session):
    user = make_user(session, email="ancien@exemple.qc.ca")
    with pytest.raises(ValidationFailed) as caught:
        update_profile(session=session, actor=user, user=user, data=_data(user, email="nouveau@exemple.qc.ca"),
                       current_password="mauvais")
    assert "current_password" in caught.value.errors and user.email == "ancien@exemple.qc.ca"
    update_profile(session=session, actor=user, user=user, data=_data(user, email="Nouveau@Exemple.qc.ca"),
                   current_password=PASSWORD)
    assert user.email == "nouveau@exemple.qc.ca"
    mail = session.exec(select(MailOutbox)).one()
    assert mail.to_address == "ancien@exemple.qc.ca" and "nouveau@exemple.qc.ca" in mail.body


def test_an_email_of_another_account_is_refused(session):
    make_user(session, email="pris@exemple.qc.ca")
    user = make_user(session)
    with pytest.raises(ValidationFailed) as caught:
        update_profile(session=session, actor=user, user=user, data=_data(user, email="pris@exemple.qc.ca"),
                       current_password=PASSWORD)
    assert "déjà utilisée" in caught.value.errors["email"]


def test_nobody_else_edits_a_profile(session):
    owner, other = make_user(session), make_user(session)
    with pytest.raises(AccessDenied):
        update_profile(session=session, actor=other, user=owner, data=_data(owner, cost_center="X"))
    with pytest.raises(AccessDenied):
        profile_history(session=session, actor=other, user=owner)


def test_password_change_checks_current_policy_and_confirmation(session):
    user = make_user(session)
    with pytest.raises(ValidationFailed) as caught:
        change_password(session=session, user=user, current_password="mauvais",
                        new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    assert "current_password" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        change_password(session=session, user=user, current_password=PASSWORD,
                        new_password="Sécurité1!", confirmation="Sécurité1!")
    assert "Très fort" in caught.value.errors["new_password"]
    assert verify_password(user, PASSWORD)
    change_password(session=session, user=user, current_password=PASSWORD,
                    new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    assert verify_password(user, NEW_PASSWORD) and user.sessions_revoked_at
    assert session.exec(select(MailOutbox)).one().subject == "Relais – Votre mot de passe a été modifié"
    audit = " ".join(f"{r.detail} {r.changes}" for r in session.exec(select(History)).all())
    assert NEW_PASSWORD not in audit and PASSWORD not in audit
