"""Login: email or ID, one message for every refusal, audit rows without secrets, login cookie."""
from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from sqlmodel import select

from core.auth import (
    LOGIN_FAILED, LOGIN_SUCCEEDED, authenticate, check_password, find_user_by_login, finish_login,
    hash_password,
    signed_in_person, user_for_login_token, verify_password,
)
from core.errors import AuthenticationFailed, ValidationFailed
from core.roles import Role
from db.models import History
from db.types import utcnow
from tests.factories import PASSWORD, make_reference, make_user

GENERIC_MESSAGE = "Courriel, identifiant ou mot de passe invalide."
COOKIE_KEY = "a-cookie-key-for-the-tests-of-relais-0123456789"


@pytest.fixture
def demandeur(session):
    ref = make_reference(session)
    user = make_user(session, email="camille.test@exemple.qc.ca", installations=[ref["inst_a"]])
    session.commit()
    return user


def _audit_rows(session):
    return session.exec(select(History).where(History.entity == "auth").order_by(History.id)).all()


@pytest.mark.parametrize("login", ["camille.test@exemple.qc.ca", "CAMILLE.Test@Exemple.QC.ca",
                                   "  camille.test@exemple.qc.ca  "])
def test_login_by_email_ignores_case_and_spaces(session, demandeur, login):
    assert authenticate(session=session, login=login, password=PASSWORD).id == demandeur.id


def test_login_by_public_id_ignores_case(session, demandeur):
    assert authenticate(session=session, login=demandeur.public_id.lower(), password=PASSWORD).id == demandeur.id
    assert find_user_by_login(session=session, login=demandeur.public_id).id == demandeur.id


def test_find_user_by_login_ignores_inactive_accounts(session, demandeur):
    demandeur.is_active = False
    session.commit()
    assert find_user_by_login(session=session, login=demandeur.email) is None


@pytest.mark.parametrize("case", ["wrong password", "unknown account", "inactive account", "empty login"])
def test_every_refusal_reads_the_same(session, demandeur, case):
    login, password = demandeur.email, PASSWORD
    if case == "wrong password":
        password = "Mauve-Tortue-43!"
    elif case == "unknown account":
        login = "personne@inconnu.qc.ca"
    elif case == "inactive account":
        demandeur.is_active = False
        session.commit()
    else:
        login = "   "
    with pytest.raises(AuthenticationFailed) as refused:
        authenticate(session=session, login=login, password=password)
    assert refused.value.message == GENERIC_MESSAGE


def test_success_and_failures_are_audited_without_password(session, demandeur):
    authenticate(session=session, login=demandeur.email, password=PASSWORD)
    session.commit()
    for login, password in [(demandeur.email, "Secret-Faux-99!"), ("Secret-Tape-Ici-77!", "x")]:
        with pytest.raises(AuthenticationFailed):
            authenticate(session=session, login=login, password=password)
        session.rollback()  # what the caller's unit of work does with an error: the audit stays

    rows = _audit_rows(session)
    assert [row.action for row in rows] == [LOGIN_SUCCEEDED, LOGIN_FAILED, LOGIN_FAILED]
    assert rows[0].actor_id == demandeur.id and rows[0].entity_id == demandeur.id
    assert rows[1].entity_id == demandeur.id and rows[1].actor_id is None
    assert rows[2].entity_id is None
    stored = " ".join(f"{row.detail} {row.changes}" for row in rows)
    for secret in (PASSWORD, "Secret-Faux-99!", "Secret-Tape-Ici-77!"):
        assert secret not in stored


def test_hash_password_uses_bcrypt_cost_12_and_verifies():
    hashed = hash_password("Été-Lumineux-2026 !")
    assert hashed.startswith("$2b$12$")

    class Account:
        password_hash = hashed

    assert verify_password(Account(), "Été-Lumineux-2026 !")
    assert not verify_password(Account(), "été-lumineux-2026 !")
    assert not verify_password(None, "Été-Lumineux-2026 !")


def test_password_over_72_bytes_is_refused_in_french():
    with pytest.raises(ValidationFailed) as refused:
        hash_password("é" * 37)
    assert "72 octets" in refused.value.errors["password"]


def _token(username, *, expires_in=timedelta(hours=1), key=COOKIE_KEY):
    return jwt.encode({"username": username, "exp_date": (utcnow() + expires_in).timestamp()},
                      key, algorithm="HS256")


def test_login_cookie_logs_the_person_in_again(session, demandeur):
    user = user_for_login_token(session=session, token=_token(demandeur.public_id), cookie_key=COOKIE_KEY)
    assert user.id == demandeur.id


@pytest.mark.parametrize("case", ["expired", "other key", "garbage", "unsigned", "inactive"])
def test_login_cookie_refused(session, demandeur, case):
    token = _token(demandeur.public_id)
    if case == "expired":
        token = _token(demandeur.public_id, expires_in=timedelta(seconds=-1))
    elif case == "other key":
        token = _token(demandeur.public_id, key="another-key-of-sufficient-length-0123456789")
    elif case == "garbage":
        token = "pas.un.jeton"
    elif case == "unsigned":
        token = jwt.encode({"username": demandeur.public_id, "exp_date": 9e12}, None, algorithm="none")
    else:
        demandeur.is_active = False
        session.commit()
    assert user_for_login_token(session=session, token=token, cookie_key=COOKIE_KEY) is None


def test_signed_in_person_names_the_etablissement(session):
    ref = make_reference(session)
    coordinator = make_user(session, role=Role.COORDONNATEUR, is_admin=True)
    demandeur = make_user(session, installations=[ref["inst_a"], ref["inst_b"]])
    session.commit()
    person = signed_in_person(session=session, user_id=demandeur.id)
    assert person.etablissement_label == ref["etablissement"].nom
    assert person.full_name == "Camille Test"
    assert signed_in_person(session=session, user_id=coordinator.id).is_admin


def test_a_password_changed_between_check_and_finish_is_refused(session, demandeur):
    """The login page checks the hash in a read session, then finishes in a write one."""
    check = check_password(session=session, login=demandeur.email, password=PASSWORD)
    demandeur.password_hash = hash_password("Un-Autre-Mot-De-Passe-77!")
    session.add(demandeur)
    session.commit()
    with pytest.raises(AuthenticationFailed):
        finish_login(session=session, check=check)
    assert _audit_rows(session)[-1].detail == "mot de passe invalide"
