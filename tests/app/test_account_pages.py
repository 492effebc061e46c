"""« Mon profil », « Modifier le mot de passe », « Administration », « Courriels sortants »."""
from __future__ import annotations

import time

import pyotp
from sqlmodel import Session, select

from core.roles import Role
from db.models import History, Installation
from tests.app.accounts_fixtures import (EMAILS, accounts_app, empty_app, submit_login,  # noqa: F401
                                         submit_new_password, texts)
from tests.factories import PASSWORD

NEW_PASSWORD = "Deux hiboux lisent 7 romans sous la neige!"


def _signed_in(accounts_app, who="demandeur", page=None):
    secret = accounts_app.enable_two_factor(EMAILS[who]) if who == "admin" else None
    at = submit_login(accounts_app.start(), EMAILS[who])
    if secret:
        at.text_input(key="login_code").input(pyotp.TOTP(secret).now())
        at.button(key="login_code_submit").click()
        at.run()
    if any(b.key == "totp_later" for b in at.button):
        at.button(key="totp_later").click()
        at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def test_profile_fields_labels_help_and_read_only_parts(accounts_app):
    at = _signed_in(accounts_app, page="app_pages/mon_profil.py")
    labels = {w.key: w.label for w in at.text_input}
    assert [labels[f"profile_{n}"] for n in ("last_name", "first_name", "email", "phone", "cost_center")] == \
        ["Nom", "Prénom", "Courriel", "Téléphone", "Centre de coût / unité administrative"]
    assert all(w.help for w in at.text_input) and all(w.help for w in at.radio) and all(w.help for w in at.text_area)
    assert at.text_input(key="profile_public_id").disabled
    assert at.radio(key="profile_notifications_disabled").label == "Désactiver les notifications par courriel"
    assert at.text_area(key="profile_installations").disabled and "Hôpital A" in at.text_area(key="profile_installations").value
    assert "avisez la BI" in texts(at)
    assert at.button(key="profile_change_password").label == "Changer le mot de passe"
    assert at.button(key="profile_save").label == "Sauvegarder"
    assert "Historique" in texts(at)


def test_profile_refuses_bad_input_and_saves_good_input_with_history(accounts_app):
    at = _signed_in(accounts_app, page="app_pages/mon_profil.py")
    at.text_input(key="profile_phone").input("123")
    at.text_input(key="profile_last_name").input("")
    at.button(key="profile_save").click()
    at.run()
    error = at.error[0].value
    assert "Téléphone" in error and "Nom" in error and "obligatoire" in error
    assert accounts_app.user(EMAILS["demandeur"]).phone == "514 555-0100"
    at.text_input(key="profile_last_name").input("Roy-Tremblay")
    at.text_input(key="profile_phone").input("418 555-0199")
    at.radio(key="profile_notifications_disabled").set_value("Oui")
    at.button(key="profile_save").click()
    at.run()
    assert at.success[0].value == "Votre profil a été sauvegardé."
    user = accounts_app.user(EMAILS["demandeur"])
    assert (user.last_name, user.phone, user.notifications_disabled) == ("Roy-Tremblay", "(418) 555-0199", True)
    history = at.dataframe[0].value
    assert set(history["Champ"]) == {"Nom", "Téléphone", "Désactiver les notifications par courriel"}
    assert set(history["Modifié par"]) == {"Léa Roy-Tremblay"}


def test_changing_the_email_needs_the_current_password(accounts_app):
    at = _signed_in(accounts_app, page="app_pages/mon_profil.py")
    at.text_input(key="profile_email").input("lea.nouvelle@exemple.qc.ca")
    at.button(key="profile_save").click()
    at.run()
    assert "Mot de passe actuel" in at.error[0].value
    at.text_input(key="profile_current_password").input(PASSWORD)
    at.button(key="profile_save").click()
    at.run()
    assert accounts_app.mails()[-1].to_address == EMAILS["demandeur"]  # the old address is told


def test_password_change_page(accounts_app):
    at = _signed_in(accounts_app, page="app_pages/modifier_mot_de_passe.py")
    assert at.text_input(key="pwchange_current").label == "Mot de passe actuel"
    assert at.button(key="pwchange_submit").label == "Modifier le mot de passe"
    assert at.button(key="pwchange_cancel").label == "Annuler"
    submit_new_password(at, "pwchange", "pwchange_submit", NEW_PASSWORD, current="mauvais")
    assert "Le mot de passe actuel est incorrect." in at.error[0].value
    submit_new_password(at, "pwchange", "pwchange_submit", "Sécurité1!", current=PASSWORD)
    assert "Très fort" in at.error[0].value
    submit_new_password(at, "pwchange", "pwchange_submit", NEW_PASSWORD, current=PASSWORD)
    assert "a été modifié" in at.success[0].value
    assert [t.value for t in at.title] == ["Modifier le mot de passe"]  # this session stays open
    assert accounts_app.mails()[-1].subject == "Relais – Votre mot de passe a été modifié"


def test_admin_creates_an_account_and_unlocks_one(accounts_app):
    locked = accounts_app.start()
    for _ in range(5):
        submit_login(locked, EMAILS["demandeur"], "Mauvais-Essai-1!")
    at = _signed_in(accounts_app, "admin", page="app_pages/administration.py")
    at.text_input(key="account_email").input("nouveau@exemple.qc.ca")
    at.text_input(key="account_first_name").input("Noé")
    at.text_input(key="account_last_name").input("Gagnon")
    at.selectbox(key="account_role").set_value(Role.DEMANDEUR)
    with Session(accounts_app.engine) as session:
        hopital_a = session.exec(select(Installation).where(Installation.nom == "Hôpital A")).one()
    at.multiselect(key="account_installations").select(hopital_a.id)
    at.button(key="account_create").click()
    at.run()
    assert "Compte créé pour nouveau@exemple.qc.ca" in at.success[0].value
    mail = accounts_app.mails()[-1]
    assert mail.to_address == "nouveau@exemple.qc.ca" and "/?jeton=" in mail.body
    activation = accounts_app.start(jeton=mail.body.split("?jeton=")[1].split()[0])
    assert "Bienvenue dans Relais" in texts(activation)
    submit_new_password(activation, "link_password", "link_password_submit", NEW_PASSWORD)
    assert "Connectez-vous maintenant" in activation.success[0].value
    demandeur = accounts_app.user(EMAILS["demandeur"])
    at.button(key=f"unlock_{demandeur.id}").click()
    at.run()
    assert "Aucun compte n'est verrouillé." in texts(at)
    with Session(accounts_app.engine) as session:
        assert session.exec(select(History).where(History.action == "unlock")).one().entity_id == demandeur.id


def test_outbox_page_lists_mails_for_admins(accounts_app):
    at = accounts_app.start()
    at.button(key="login_forgot").click()
    at.run()
    at.text_input(key="forgot_email").input(EMAILS["demandeur"])
    at.button(key="forgot_submit").click()
    at.run()
    admin = _signed_in(accounts_app, "admin", page="app_pages/courriels_sortants.py")
    table = admin.dataframe(key="outbox_table").value
    reset = table[table["Destinataire"] == EMAILS["demandeur"]]
    assert list(reset["Objet"]) == ["Relais – Réinitialisation du mot de passe"]
    assert list(reset["État"]) == ["◐ En attente"]
    assert "SMTP_HOST" in admin.info[0].value


def test_two_factor_off_from_the_profile_needs_password_and_code(accounts_app):
    secret = accounts_app.enable_two_factor(EMAILS["demandeur"])
    at = submit_login(accounts_app.start(), EMAILS["demandeur"])
    at.text_input(key="login_code").input(pyotp.TOTP(secret).now())
    at.button(key="login_code_submit").click()
    at.run()
    at.switch_page("app_pages/mon_profil.py")
    at.run()
    assert "Authentification sécurisée : **activée**" in texts(at)
    at.text_input(key="profile_totp_password").input("mauvais")
    at.text_input(key="profile_totp_code").input("123456")
    at.button(key="profile_totp_disable").click()
    at.run()
    assert "Le mot de passe actuel est incorrect." in at.error[0].value
    assert accounts_app.user(EMAILS["demandeur"]).totp_enabled
    at.text_input(key="profile_totp_password").input(PASSWORD)
    at.text_input(key="profile_totp_code").input(pyotp.TOTP(secret).at(time.time() + 30))
    at.button(key="profile_totp_disable").click()
    at.run()
    assert not accounts_app.user(EMAILS["demandeur"]).totp_enabled
    assert "Authentification sécurisée : **désactivée**" in texts(at)
