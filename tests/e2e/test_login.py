"""Login in a real browser: by email and by ID, and each role sees only its pages."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_steps import PASSWORD, skip_offer, submit_login

pytestmark = pytest.mark.e2e

HOME_TITLE = "Demandes de réservation – Mes demandes"


def log_in(page, login: str, password: str = PASSWORD) -> None:
    """Signs in; « Configuration de l'authentification sécurisée » is offered after login (guide,
    section 1) and answered « Plus tard »."""
    submit_login(page, login, password)
    skip_offer(page)


def sidebar_link(page, title: str):
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)


def expect_home(page) -> None:
    expect(page.get_by_role("heading", name=HOME_TITLE)).to_be_visible()


@pytest.mark.parametrize("login", ["demandeur@relais.demo", "R1000001"])
def test_demandeur_logs_in_and_sees_home(page, login):
    log_in(page, login)
    expect_home(page)
    expect(page.get_by_role("button", name="Déconnexion")).to_be_visible()
    expect(sidebar_link(page, "Accueil")).to_be_visible()
    expect(sidebar_link(page, "Coordination")).to_have_count(0)


def test_wrong_password_reads_the_generic_message(page):
    page.get_by_label("Courriel ou identifiant (ID)").fill("demandeur@relais.demo")
    page.get_by_label("Mot de passe").fill("Mauve-Tortue-00!")
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_text("Courriel, identifiant ou mot de passe invalide.")).to_be_visible()
    expect(page.get_by_role("heading", name=HOME_TITLE)).to_have_count(0)


def test_coordinator_sees_coordination_page(page):
    log_in(page, "coordination@relais.demo")
    expect(page.get_by_role("heading", name="Coordination")).to_be_visible()
    expect(sidebar_link(page, "Coordination")).to_be_visible()
    expect(sidebar_link(page, "Accueil")).to_have_count(0)


def test_demandeur_opening_coordination_url_gets_no_coordinator_content(page, base_url):
    log_in(page, "demandeur@relais.demo")
    expect_home(page)
    page.wait_for_function("document.cookie.includes('relais_connexion=')")
    page.goto(f"{base_url}/coordination")  # a new session: the login cookie signs in again
    expect_home(page)
    expect(page.get_by_role("heading", name="Coordination")).to_have_count(0)
    expect(page.get_by_text("Aucune demande transmise")).to_have_count(0)


def test_logout_then_reload_shows_the_login_page(page, base_url):
    log_in(page, "demandeur@relais.demo")
    expect_home(page)
    page.wait_for_function("document.cookie.includes('relais_connexion=')")
    page.get_by_role("button", name="Déconnexion").click()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.wait_for_function("!document.cookie.includes('relais_connexion=')")
    page.goto(base_url)
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(page.get_by_role("heading", name=HOME_TITLE)).to_have_count(0)


def test_reload_keeps_the_person_signed_in_by_the_login_cookie(page, base_url):
    log_in(page, "R1000001")
    expect_home(page)
    page.wait_for_function("document.cookie.includes('relais_connexion=')")
    page.reload()
    expect_home(page)
    expect(page.get_by_role("heading", name="Connexion")).to_have_count(0)
