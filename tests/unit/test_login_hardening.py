"""The login against an attacker: throttling, locked accounts, two-factor step, equal timing,
revoked cookies."""
from __future__ import annotations

import statistics
import time
from datetime import timedelta

import jwt
import pyotp
import pytest
from sqlmodel import select

from core.auth import (LOGIN_FAILED, LOGIN_SUCCEEDED, PASSWORD_ACCEPTED, authenticate, hash_password,
                       user_for_login_token)
from core.errors import AuthenticationFailed
from core.profile import change_password
from core.sessions import cookie_expiry_days, revoke_sessions
from core.throttle import is_locked, unlock
from core.totp import complete_login_with_code, confirm_enrollment, start_enrollment
from db.models import History
from db.types import utcnow
from tests.factories import PASSWORD, make_user

GENERIC = "Courriel, identifiant ou mot de passe invalide."
COOKIE_KEY = "a-cookie-key-for-the-tests-of-relais-0123456789"


def _try(session, login, password):
    with pytest.raises(AuthenticationFailed) as caught:
        authenticate(session=session, login=login, password=password)
    return caught.value.message


def _actions(session, user):
    rows = session.exec(select(History).where(History.entity == "auth", History.entity_id == user.id)
                        .order_by(History.id)).all()
    return [row.action for row in rows]


def test_five_wrong_passwords_lock_even_the_right_one_with_the_same_message(session):
    user = make_user(session)
    session.commit()
    for _ in range(5):
        assert _try(session, user.email, "mauvais mot de passe") == GENERIC
    assert is_locked(session=session, user=user)
    assert _try(session, user.public_id, PASSWORD) == GENERIC
    assert "lock" in _actions(session, user)
    unlock(session=session, user=user, actor=None)
    assert authenticate(session=session, login=user.email, password=PASSWORD).id == user.id


def test_unknown_accounts_do_not_create_throttle_rows_or_reveal_anything(session):
    assert _try(session, "personne@exemple.qc.ca", PASSWORD) == GENERIC


def _with_two_factor(session):
    user = make_user(session)
    secret = start_enrollment(session=session, user=user)
    earlier = utcnow() - timedelta(minutes=2)
    confirm_enrollment(session=session, user=user, code=pyotp.TOTP(secret).at(earlier), now=earlier)
    session.commit()
    return user, secret


def test_with_two_factor_the_password_alone_does_not_complete_the_login(session):
    user, secret = _with_two_factor(session)
    assert authenticate(session=session, login=user.email, password=PASSWORD).totp_enabled
    assert _actions(session, user)[-1] == PASSWORD_ACCEPTED and LOGIN_SUCCEEDED not in _actions(session, user)
    with pytest.raises(AuthenticationFailed):
        complete_login_with_code(session=session, user_id=user.id, code="000000"
                                 if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert complete_login_with_code(session=session, user_id=user.id, code=pyotp.TOTP(secret).now()).id == user.id
    assert _actions(session, user)[-1] == LOGIN_SUCCEEDED


def test_wrong_codes_count_towards_the_lock(session):
    user, secret = _with_two_factor(session)
    for _ in range(3):
        _try(session, user.email, "mauvais")
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            complete_login_with_code(session=session, user_id=user.id, code="12345x")
    assert is_locked(session=session, user=user)
    with pytest.raises(AuthenticationFailed):  # even the right code, once locked
        complete_login_with_code(session=session, user_id=user.id, code=pyotp.TOTP(secret).now())


def test_unknown_and_wrong_password_take_the_same_time(session):
    """Median over interleaved pairs of attempts, with production's bcrypt cost (12) on both
    sides; pairing keeps the comparison fair when the machine is busy."""
    user = make_user(session)
    user.password_hash = hash_password(PASSWORD)
    session.commit()

    def timed(login):
        start = time.perf_counter()
        _try(session, login, "Pas-Le-Bon-Mot-2!")
        return time.perf_counter() - start

    differences = []
    for turn in range(15):  # alternate which side goes first, so neither gets the warmer turn
        if turn % 2:
            differences.append(timed(user.email) - timed("inconnu@exemple.qc.ca"))
        else:
            differences.append(-(timed("inconnu@exemple.qc.ca") - timed(user.email)))
        unlock(session=session, user=user, actor=None)
        session.commit()
    assert abs(statistics.median(differences)) < 0.050


def _cookie(user, issued):
    exp = (issued + timedelta(days=cookie_expiry_days())).timestamp()
    return jwt.encode({"username": user.public_id, "exp_date": exp}, COOKIE_KEY, algorithm="HS256")


def test_a_cookie_replayed_after_logout_or_password_change_is_refused(session):
    user = make_user(session)
    cookie = _cookie(user, utcnow() - timedelta(minutes=1))
    assert user_for_login_token(session=session, token=cookie, cookie_key=COOKIE_KEY).id == user.id
    revoke_sessions(session=session, user=user)
    assert user_for_login_token(session=session, token=cookie, cookie_key=COOKIE_KEY) is None
    fresh = _cookie(user, user.sessions_revoked_at + timedelta(milliseconds=1))
    assert user_for_login_token(session=session, token=fresh, cookie_key=COOKIE_KEY).id == user.id
    new_password = "Neuf chevreuils broutent 2 fougères!"
    change_password(session=session, user=user, current_password=PASSWORD, new_password=new_password,
                    confirmation=new_password)
    assert user_for_login_token(session=session, token=fresh, cookie_key=COOKIE_KEY) is None


def test_audit_rows_of_failures_hold_no_password_or_code(session):
    user, secret = _with_two_factor(session)
    _try(session, user.email, "Secret-Essai-99!")
    code = pyotp.TOTP(secret).at(utcnow() + timedelta(minutes=5))
    with pytest.raises(AuthenticationFailed):
        complete_login_with_code(session=session, user_id=user.id, code=code)
    rows = session.exec(select(History)).all()
    assert sum(row.action == LOGIN_FAILED for row in rows) == 2
    text = " ".join(f"{row.detail} {row.changes}" for row in rows)
    assert "Secret-Essai-99!" not in text and code not in text and secret not in text
