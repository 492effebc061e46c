"""Reset and set-up links: hash-only storage, single use, expiry, voiding, 3 mails per 15 min."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from core.accounts import NEUTRAL_RESET_MESSAGE, request_password_reset, set_password_with_token
from core.auth import verify_password
from core.tokens import InvalidToken, consume_token, find_valid_token, issue_token, token_hash
from db.models import History, MailOutbox, SecurityToken
from db.types import utcnow
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "Un castor rêveur traverse 4 ponts gelés!"


def _link_token(body: str) -> str:
    return re.search(r"\?jeton=([A-Za-z0-9_-]+)", body).group(1)


def test_token_has_at_least_128_bits_and_only_its_hash_is_stored(session):
    user = make_user(session)
    raw = issue_token(session=session, user=user, purpose="reset")
    assert len(raw) >= 43  # 32 random bytes in URL-safe base64
    stored = session.exec(select(SecurityToken)).one()
    assert stored.token_hash == token_hash(raw) and raw not in stored.token_hash


def test_token_serves_once(session):
    user = make_user(session)
    raw = issue_token(session=session, user=user, purpose="reset")
    assert consume_token(session=session, raw=raw) == (user, "reset")
    with pytest.raises(InvalidToken):
        consume_token(session=session, raw=raw)


def test_reset_token_expires_after_thirty_minutes(session):
    user = make_user(session)
    now = utcnow()
    raw = issue_token(session=session, user=user, purpose="reset", now=now)
    assert find_valid_token(session=session, raw=raw, now=now + timedelta(minutes=29)) is not None
    with pytest.raises(InvalidToken):
        consume_token(session=session, raw=raw, now=now + timedelta(minutes=30, seconds=1))


def test_setup_token_lasts_longer(session):
    user = make_user(session)
    now = utcnow()
    raw = issue_token(session=session, user=user, purpose="setup", now=now)
    assert find_valid_token(session=session, raw=raw, now=now + timedelta(hours=71)) is not None


def test_a_new_request_voids_older_tokens(session):
    user = make_user(session)
    first = issue_token(session=session, user=user, purpose="reset")
    second = issue_token(session=session, user=user, purpose="reset")
    assert find_valid_token(session=session, raw=first) is None
    assert find_valid_token(session=session, raw=second) is not None


def test_unknown_address_gets_the_same_message_and_no_mail(session):
    make_user(session, email="connu@exemple.qc.ca")
    assert request_password_reset(session=session, email="inconnu@exemple.qc.ca") == NEUTRAL_RESET_MESSAGE
    assert session.exec(select(MailOutbox)).all() == []
    assert request_password_reset(session=session, email="Connu@Exemple.qc.ca") == NEUTRAL_RESET_MESSAGE
    mail = session.exec(select(MailOutbox)).one()
    assert mail.to_address == "connu@exemple.qc.ca" and mail.kind == "security"


def test_at_most_three_reset_mails_per_fifteen_minutes(session):
    user = make_user(session)
    for _ in range(5):
        assert request_password_reset(session=session, email=user.email) == NEUTRAL_RESET_MESSAGE
    assert len(session.exec(select(MailOutbox)).all()) == 3


def test_reset_link_uses_app_base_url_and_sets_a_new_password(session, monkeypatch):
    from core.settings import reset_settings_cache

    monkeypatch.setenv("APP_BASE_URL", "https://relais.exemple.qc.ca/")
    reset_settings_cache()
    user = make_user(session, notifications_disabled=True)  # security mails ignore the opt-out
    request_password_reset(session=session, email=user.email)
    mail = session.exec(select(MailOutbox)).one()
    assert "https://relais.exemple.qc.ca/?jeton=" in mail.body
    raw = _link_token(mail.body)
    set_password_with_token(session=session, raw_token=raw, password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    assert verify_password(user, NEW_PASSWORD)
    assert not verify_password(user, PASSWORD)
    assert user.sessions_revoked_at is not None
    confirmation = session.exec(select(MailOutbox).order_by(MailOutbox.id.desc())).first()
    assert confirmation.subject == "Relais – Votre mot de passe a été modifié"
    with pytest.raises(InvalidToken):
        set_password_with_token(session=session, raw_token=raw, password=NEW_PASSWORD + "2",
                                confirmation=NEW_PASSWORD + "2")


def test_a_refused_password_keeps_the_link_usable(session):
    from core.errors import ValidationFailed

    user = make_user(session)
    raw = issue_token(session=session, user=user, purpose="reset")
    with pytest.raises(ValidationFailed):
        set_password_with_token(session=session, raw_token=raw, password="Sécurité1!", confirmation="Sécurité1!")
    assert find_valid_token(session=session, raw=raw) is not None


def test_audit_rows_never_hold_the_token(session):
    user = make_user(session)
    raw = issue_token(session=session, user=user, purpose="reset")
    set_password_with_token(session=session, raw_token=raw, password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    rows = session.exec(select(History)).all()
    assert {"token_reset", "password_reset"} <= {row.action for row in rows}
    text = " ".join(f"{row.detail} {row.changes}" for row in rows)
    assert raw not in text and NEW_PASSWORD not in text and token_hash(raw) not in text
