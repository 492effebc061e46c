"""Two-factor: ±1 step of drift, no code twice, 8 single-use recovery codes stored hashed."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from core.errors import RelaisError, ValidationFailed
from core.totp import (InvalidCode, check_second_factor, confirm_enrollment, disable, is_required,
                       provisioning_uri, start_enrollment)
from db.models import History, MailOutbox, RecoveryCode
from db.types import utcnow
from tests.factories import PASSWORD, make_user


def _enrolled(session):
    user = make_user(session)
    secret = start_enrollment(session=session, user=user)
    now = utcnow() - timedelta(minutes=5)
    codes = confirm_enrollment(session=session, user=user, code=pyotp.TOTP(secret).at(now), now=now)
    return user, secret, codes


def test_provisioning_uri_names_relais_and_the_person(session):
    user = make_user(session, email="a.b@exemple.qc.ca")
    uri = provisioning_uri(user, start_enrollment(session=session, user=user))
    assert uri.startswith("otpauth://totp/Relais:a.b%40exemple.qc.ca?secret=") and "issuer=Relais" in uri


def test_enrollment_needs_a_right_code_and_returns_eight_hashed_codes(session):
    user = make_user(session)
    secret = start_enrollment(session=session, user=user)
    with pytest.raises(InvalidCode):
        confirm_enrollment(session=session, user=user, code="000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert not user.totp_enabled
    codes = confirm_enrollment(session=session, user=user, code=pyotp.TOTP(secret).now())
    assert user.totp_enabled and len(codes) == 8 and len(set(codes)) == 8
    stored = [row.code_hash for row in session.exec(select(RecoveryCode)).all()]
    assert len(stored) == 8 and not any(code.replace("-", "") in h for code in codes for h in stored)
    assert session.exec(select(MailOutbox)).one().subject == "Relais – Authentification sécurisée activée"


def test_a_code_is_never_accepted_twice(session):
    user, secret, _ = _enrolled(session)
    now = utcnow()
    code = pyotp.TOTP(secret).at(now)
    assert check_second_factor(session=session, user=user, code=code, now=now)
    assert not check_second_factor(session=session, user=user, code=code, now=now)
    assert not check_second_factor(session=session, user=user, code=code, now=now + timedelta(seconds=20))


def test_one_step_of_drift_is_accepted_two_are_not(session):
    user, secret, _ = _enrolled(session)
    now = utcnow()
    totp = pyotp.TOTP(secret)
    assert not check_second_factor(session=session, user=user, code=totp.at(now - timedelta(seconds=61)), now=now)
    assert check_second_factor(session=session, user=user, code=totp.at(now - timedelta(seconds=30)), now=now)
    assert check_second_factor(session=session, user=user, code=totp.at(now + timedelta(seconds=30)), now=now)


def test_an_older_code_after_a_newer_one_is_refused(session):
    user, secret, _ = _enrolled(session)
    now = utcnow()
    totp = pyotp.TOTP(secret)
    assert check_second_factor(session=session, user=user, code=totp.at(now), now=now)
    assert not check_second_factor(session=session, user=user, code=totp.at(now - timedelta(seconds=30)), now=now)


def test_recovery_codes_serve_once(session):
    user, _, codes = _enrolled(session)
    assert check_second_factor(session=session, user=user, code=codes[0].upper())
    assert not check_second_factor(session=session, user=user, code=codes[0])
    assert check_second_factor(session=session, user=user, code=codes[1].replace("-", " "))
    assert not check_second_factor(session=session, user=user, code="abcd-efgh-jkmn")


def test_disabling_needs_password_and_code(session):
    user, secret, _ = _enrolled(session)
    now_code = pyotp.TOTP(secret).now()
    with pytest.raises(ValidationFailed) as caught:
        disable(session=session, user=user, password="mauvais", code=now_code)
    assert "password" in caught.value.errors and user.totp_enabled
    with pytest.raises(ValidationFailed) as caught:
        disable(session=session, user=user, password=PASSWORD, code="12345")
    assert "code" in caught.value.errors and user.totp_enabled
    disable(session=session, user=user, password=PASSWORD, code=now_code)
    assert not user.totp_enabled and user.totp_secret is None
    assert session.exec(select(RecoveryCode)).all() == []


def test_mandatory_for_coordinators_and_admins_outside_demo(session, monkeypatch):
    from core.settings import reset_settings_cache

    coordinator = make_user(session, role="coordonnateur")
    requester = make_user(session)
    assert is_required(coordinator) and not is_required(requester)
    assert is_required(make_user(session, role="coordonnateur", is_admin=True))
    user_secret = start_enrollment(session=session, user=coordinator)
    confirm_enrollment(session=session, user=coordinator, code=pyotp.TOTP(user_secret).now())
    with pytest.raises(RelaisError, match="obligatoire"):
        disable(session=session, user=coordinator, password=PASSWORD,
                code=pyotp.TOTP(user_secret).at(utcnow() + timedelta(seconds=30)))
    monkeypatch.setenv("RELAIS_DEMO", "1")
    reset_settings_cache()
    assert not is_required(coordinator)


def test_audit_rows_hold_no_secret_or_code(session):
    user, secret, codes = _enrolled(session)
    check_second_factor(session=session, user=user, code=codes[2])
    text = " ".join(f"{r.detail} {r.changes}" for r in session.exec(select(History)).all())
    assert secret not in text and not any(code in text for code in codes)
