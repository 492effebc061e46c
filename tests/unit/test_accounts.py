"""Account creation by an admin or the command line: a one-time setup link, never a password."""
from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from core.accounts import create_account, set_password_with_token
from core.errors import AccessDenied, ValidationFailed
from db import admin as admin_cli
from db.models import History, MailOutbox, User, UserInstallation
from tests.factories import make_reference, make_user

PASSWORD = "Sept hérons bleus pêchent au lac 12 fois!"


def test_admin_creates_an_account_and_the_person_sets_a_password(session):
    ref = make_reference(session)
    admin = make_user(session, role="admin", is_admin=True)
    user, link = create_account(session=session, actor=admin, email="Nouvelle@Exemple.qc.ca",
                                role="demandeur", installation_ids=[ref["inst_a"].id],
                                first_name="Léa", last_name="Roy")
    assert re.fullmatch(r"R\d{7}", user.public_id) and user.password_hash is None
    assert user.email == "nouvelle@exemple.qc.ca"
    mail = session.exec(select(MailOutbox)).one()
    assert link in mail.body and mail.kind == "security" and "mot de passe :" not in mail.body
    assert session.exec(select(UserInstallation)).one().installation_id == ref["inst_a"].id
    assert session.exec(select(History).where(History.action == "account_created")).one().actor_id == admin.id
    token = link.rsplit("=", 1)[1]
    set_password_with_token(session=session, raw_token=token, password=PASSWORD, confirmation=PASSWORD)
    assert user.password_hash


def test_only_admins_create_accounts(session):
    with pytest.raises(AccessDenied):
        create_account(session=session, actor=make_user(session), email="x@exemple.qc.ca", role="admin")


def test_invalid_account_data_is_refused_with_french_messages(session):
    admin = make_user(session, role="admin", is_admin=True)
    with pytest.raises(ValidationFailed) as caught:
        create_account(session=session, actor=admin, email=admin.email, role="pirate", installation_ids=[999])
    assert set(caught.value.errors) == {"email", "role", "installations"}
    assert len(session.exec(select(User)).all()) == 1


def test_command_line_creates_the_first_admin_and_unlocks(tmp_path, monkeypatch, capsys, smtp_sink):
    from core.settings import reset_settings_cache
    from db.engine import dispose_engines, get_engine
    from db.migrate import upgrade_database

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("RELAIS_DEMO", "0")
    reset_settings_cache()
    engine = get_engine()
    upgrade_database(engine)
    with Session(engine) as session:
        make_reference(session)
        session.commit()
    assert admin_cli.main(["create-user", "--email", "chef@exemple.qc.ca", "--role", "admin",
                           "--installation", "Hôpital A", "--first-name", "Marie", "--last-name", "Côté"]) == 0
    printed = capsys.readouterr().out
    assert "/?jeton=" in printed and "chef@exemple.qc.ca" in printed
    mail = smtp_sink.wait_for(1)[0]  # the activation mail left before the command ended
    assert mail["To"] == "chef@exemple.qc.ca" and printed.split()[-1] in mail.get_body().get_content()
    with Session(engine) as session:
        user = session.exec(select(User)).one()
        assert user.is_admin and user.role == "admin"
    assert admin_cli.main(["unlock", "--email", "chef@exemple.qc.ca"]) == 0
    assert admin_cli.main(["unlock", "--email", "personne@exemple.qc.ca"]) == 1
    assert admin_cli.main(["create-user", "--email", "chef@exemple.qc.ca", "--role", "admin"]) == 1
    assert "existe déjà" in capsys.readouterr().err
    assert admin_cli.main(["send-mail"]) == 0
    dispose_engines()
