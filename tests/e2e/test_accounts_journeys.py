"""Accounts in a real browser, against `streamlit run` with a real SMTP server (aiosmtpd):
lock after 5 wrong passwords, forgotten password by mail link, two-factor set-up then login with
a code, logout and a replayed cookie refused."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from db.engine import build_engine
from db.migrate import upgrade_database
from tests.e2e.browser_steps import click_after_login, skip_offer, submit_login
from tests.e2e.app_server import server_environment, start_server, stop_server
from tests.e2e.conftest import chromium_path
from tests.factories import PASSWORD, make_reference, make_user
from tests.smtp_sink import SmtpSink, body_of, free_port

pytestmark = pytest.mark.e2e
expect.set_options(timeout=30_000)  # a busy 2-core machine: wait for conditions, generously

GENERIC = "Courriel, identifiant ou mot de passe invalide."
HOME_TITLE = "Demandes de réservation – Mes demandes"
NEW_PASSWORD = "Cinq castors bâtissent 2 barrages au printemps!"
PEOPLE = ("verrou", "oubli", "securite", "sortie")


def _email(who: str) -> str:
    return f"{who}@exemple.qc.ca"


@pytest.fixture(scope="module")
def smtp():
    sink = SmtpSink(free_port())
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, smtp):
    """A server of its own (not demo), mailing through the test's SMTP server."""
    if chromium_path() is None:
        pytest.skip("Chromium absent")
    workdir = tmp_path_factory.mktemp("e2e-accounts")
    database_url = f"sqlite:///{workdir / 'accounts.db'}"
    engine = build_engine(database_url)
    upgrade_database(engine)
    with Session(engine) as session:
        ref = make_reference(session)
        for who in PEOPLE:
            make_user(session, email=_email(who), first_name=who.capitalize(), installations=[ref["inst_a"]])
        session.commit()
    engine.dispose()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**server_environment(database_url), "RELAIS_DEMO": "0", "APP_BASE_URL": url,
           "SMTP_HOST": smtp.host, "SMTP_PORT": str(smtp.port), "SMTP_STARTTLS": "0",
           "MAIL_FROM": "relais@exemple.qc.ca"}
    server, url = start_server(env, workdir / "streamlit.log", port=port)
    try:
        yield url
    finally:
        stop_server(server)


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="fr-CA", viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def tab(context, app_url):
    page = context.new_page()
    page.goto(app_url)
    return page


def expect_home(page) -> None:
    expect(page.get_by_role("heading", name=HOME_TITLE)).to_be_visible()


def test_five_wrong_passwords_lock_the_account(tab):
    for attempt in range(5):
        submit_login(tab, _email("verrou"), f"Mauvais-Essai-{attempt}!")
        expect(tab.get_by_text(GENERIC)).to_be_visible()
        tab.reload()
    submit_login(tab, _email("verrou"), PASSWORD)  # the right password, but the account is locked
    expect(tab.get_by_text(GENERIC)).to_be_visible()
    expect(tab.get_by_role("button", name="Plus tard")).to_have_count(0)


def test_forgotten_password_by_mail_link(tab, smtp):
    already = len(smtp.messages)
    tab.get_by_role("button", name="J'ai oublié mon mot de passe").click()
    tab.get_by_label("Inscrire le courriel", exact=True).fill(_email("oubli"))
    tab.get_by_role("button", name="Soumettre").click()
    expect(tab.get_by_text("Si un compte correspond à cette adresse")).to_be_visible()
    mail = smtp.wait_for(already + 1)[already]
    assert mail["To"] == _email("oubli")
    link = re.search(r"http://127\.0\.0\.1:\d+/\?jeton=[\w-]+", body_of(mail)).group(0)

    tab.goto(link)
    expect(tab.get_by_role("heading", name="Choisir un nouveau mot de passe")).to_be_visible()
    tab.get_by_label("Nouveau mot de passe", exact=True).fill(NEW_PASSWORD)
    tab.get_by_label("Nouveau mot de passe", exact=True).press("Enter")
    expect(tab.get_by_text("Ce mot de passe respecte toutes les règles.")).to_be_visible()  # live meter
    tab.get_by_label("Confirmer le nouveau mot de passe", exact=True).fill(NEW_PASSWORD)
    tab.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(tab.get_by_text("Votre mot de passe est enregistré")).to_be_visible()
    confirmation = smtp.wait_for(already + 2)[already + 1]
    assert confirmation["Subject"] == "Relais – Votre mot de passe a été modifié"

    tab.get_by_role("button", name="Aller à la connexion").click()
    submit_login(tab, _email("oubli"), NEW_PASSWORD)
    expect(tab.get_by_role("button", name="Plus tard")).to_be_visible()


def test_two_factor_setup_by_text_key_then_login_with_a_code(tab):
    submit_login(tab, _email("securite"))
    expect(tab.get_by_role("heading", name="Configuration de l'authentification sécurisée")).to_be_visible()
    key_block = tab.get_by_test_id("stCode").first
    click_after_login(tab, "Maintenant", key_block)
    key = key_block.inner_text().replace(" ", "").strip()
    totp = pyotp.TOTP(key)
    tab.get_by_label("2. Inscrivez le code à 6 chiffres affiché par l'application", exact=True).fill(totp.now())
    tab.get_by_role("button", name="Confirmer").click()
    expect(tab.get_by_text("Ils ne seront plus jamais affichés")).to_be_visible()
    tab.get_by_role("button", name="J'ai noté mes codes, continuer").click()
    expect_home(tab)
    tab.get_by_role("button", name="Déconnexion").click()

    submit_login(tab, _email("securite"))
    code_field = tab.get_by_label("Code à 6 chiffres ou code de récupération", exact=True)
    expect(code_field).to_be_visible()
    code_field.fill(totp.at(time.time() + 30))  # the next step: the set-up's code cannot serve twice
    tab.get_by_role("button", name="Valider").click()
    expect_home(tab)


def test_logout_refuses_a_replayed_cookie(browser, tab, app_url):
    submit_login(tab, _email("sortie"))
    skip_offer(tab)
    expect_home(tab)
    cookie = next(c for c in tab.context.cookies() if c["name"] == "relais_connexion")

    def replay():
        other = browser.new_context(locale="fr-CA")
        other.add_cookies([cookie])
        page = other.new_page()
        page.goto(app_url)
        return other, page

    other, page = replay()  # control: the copied cookie works before logout
    expect_home(page)
    other.close()

    tab.get_by_role("button", name="Déconnexion").click()
    expect(tab.get_by_role("heading", name="Connexion").first).to_be_visible()
    other, page = replay()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(page.get_by_role("heading", name=HOME_TITLE)).to_have_count(0)
    other.close()
