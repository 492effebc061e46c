"""Login hardening, forgotten password and two-factor set-up through AppTest."""
from __future__ import annotations

import re

import pyotp
import pytest

from tests.app.accounts_fixtures import (EMAILS, accounts_app, empty_app, submit_login,  # noqa: F401
                                         submit_new_password, texts)
from tests.factories import PASSWORD

GENERIC = "Courriel, identifiant ou mot de passe invalide."
NEW_PASSWORD = "Quatre outardes planent sur 3 lacs gelés!"


def _later(at):
    at.button(key="totp_later").click()
    return at.run()


def test_five_wrong_passwords_then_the_right_one_reads_the_same(accounts_app):
    at = accounts_app.start()
    for _ in range(5):
        submit_login(at, EMAILS["demandeur"], "Mauvais-Essai-1!")
        assert [e.value for e in at.error] == [GENERIC]
    submit_login(at, EMAILS["demandeur"], PASSWORD)
    assert [e.value for e in at.error] == [GENERIC]
    assert [t.value for t in at.title] == ["Connexion"]


def test_forgotten_password_neutral_message_link_and_new_password(accounts_app):
    at = accounts_app.start()
    at.button(key="login_forgot").click()
    at.run()
    assert at.text_input(key="forgot_email").label == "Inscrire le courriel"
    assert at.button(key="forgot_submit").label == "Soumettre"
    at.text_input(key="forgot_email").input("inconnu@exemple.qc.ca")
    at.button(key="forgot_submit").click()
    at.run()
    neutral = at.success[0].value
    at.text_input(key="forgot_email").input(EMAILS["demandeur"])
    at.button(key="forgot_submit").click()
    at.run()
    assert at.success[0].value == neutral
    mail = accounts_app.mails()[-1]
    assert mail.to_address == EMAILS["demandeur"]
    token = re.search(r"https://relais\.exemple\.qc\.ca/\?jeton=([\w-]+)", mail.body).group(1)

    page = accounts_app.start(jeton=token)
    assert [t.value for t in page.title] == ["Choisir un nouveau mot de passe"]
    page.text_input(key="link_password_new").input("Sécurité1!")
    page.run()
    assert "Fort" in page.get("progress")[0].proto.text
    submit_new_password(page, "link_password", "link_password_submit", "Sécurité1!")
    assert "Très fort" in page.error[0].value
    submit_new_password(page, "link_password", "link_password_submit", NEW_PASSWORD)
    assert "Connectez-vous maintenant" in page.success[0].value
    assert accounts_app.mails()[-1].subject == "Relais – Votre mot de passe a été modifié"

    login = accounts_app.start()
    submit_login(login, EMAILS["demandeur"], NEW_PASSWORD)
    assert login.button(key="totp_later")  # logged in: the offer comes first


def test_a_used_link_is_refused_in_french(accounts_app):
    page = accounts_app.start(jeton="x" * 43)
    assert "n'est plus valide" in page.error[0].value


def test_two_factor_setup_then_login_with_a_code(accounts_app):
    at = submit_login(accounts_app.start(), EMAILS["demandeur"])
    assert [t.value for t in at.title] == ["Configuration de l'authentification sécurisée"]
    assert at.button(key="totp_later").label == "Plus tard"
    at.button(key="totp_now").click()
    at.run()
    key = next(c.value for c in at.code).replace(" ", "")
    at.text_input(key="totp_confirm_code").input("000000" if pyotp.TOTP(key).now() != "000000" else "111111")
    at.button(key="totp_confirm").click()
    at.run()
    assert "invalide" in at.error[0].value
    at.text_input(key="totp_confirm_code").input(pyotp.TOTP(key).now())
    at.button(key="totp_confirm").click()
    at.run()
    codes = at.code[0].value.split("\n")
    assert len(codes) == 8 and "ne seront plus jamais affichés" in texts(at)
    at.button(key="totp_codes_done").click()
    at.run()
    assert "Configuration de l'authentification sécurisée" not in texts(at)

    again = submit_login(accounts_app.start(), EMAILS["demandeur"])
    assert again.text_input(key="login_code").label == "Code à 6 chiffres ou code de récupération"
    again.text_input(key="login_code").input(codes[0])
    again.button(key="login_code_submit").click()
    again.run()
    assert [t.value for t in again.title] == ["Demandes de réservation – Mes demandes"]
    assert not any(b.key == "totp_later" for b in again.button)  # no offer once it is on


def test_two_factor_is_mandatory_for_coordinators_outside_demo(accounts_app):
    at = submit_login(accounts_app.start(), EMAILS["coordonnateur"])
    assert [t.value for t in at.title] == ["Configuration de l'authentification sécurisée"]
    assert not any(b.key == "totp_later" for b in at.button)
    assert "obligatoire" in texts(at)


def test_idle_session_is_closed_with_a_french_message(accounts_app):
    from datetime import timedelta

    from db.types import utcnow
    from ui.security import LAST_ACTIVITY

    at = _later(submit_login(accounts_app.start(), EMAILS["demandeur"]))
    at.session_state[LAST_ACTIVITY] = utcnow() - timedelta(minutes=31)
    at.run()
    assert [t.value for t in at.title] == ["Connexion"]
    assert "30 minutes d'inactivité" in at.warning[0].value


def test_logout_revokes_sessions_on_the_server(accounts_app):
    at = _later(submit_login(accounts_app.start(), EMAILS["demandeur"]))
    at.button(key="header_logout").click()
    at.run()
    assert [t.value for t in at.title] == ["Connexion"]
    assert accounts_app.user(EMAILS["demandeur"]).sessions_revoked_at is not None


def test_a_new_platform_says_how_to_create_the_first_admin(empty_app):
    at = empty_app.start()
    assert "python -m db.admin create-user" in at.info[0].value


def test_a_session_older_than_twelve_hours_is_closed(accounts_app):
    from datetime import timedelta

    from db.types import utcnow
    from ui.security import SIGNED_IN_AT

    at = _later(submit_login(accounts_app.start(), EMAILS["demandeur"]))
    at.session_state[SIGNED_IN_AT] = utcnow() - timedelta(hours=12, minutes=1)
    at.run()
    assert [t.value for t in at.title] == ["Connexion"]
    assert "Votre session a été fermée" in at.warning[0].value
