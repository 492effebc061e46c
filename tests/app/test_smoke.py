"""The app shell through AppTest: login, navigation per role, every page for every role."""
from __future__ import annotations

import pytest

from core.settings import reset_settings_cache
from core.guide_texts import GOOD_PRACTICES, LEXICON
from db.demo_people import FIXED_ACCOUNTS
from tests.app.conftest import log_in, start_app
from tests.app.demo_database import KNOWN_NUMBERS
from ui.db import DATABASE_UNREACHABLE
from ui.errors import UNEXPECTED_ERROR

HOME_TITLE = "Demandes de réservation – Mes demandes"
EXPECTED_PAGES = {
    "demandeur@relais.demo": ["Accueil", "Nouvelle demande", "Par emplacement", "Calendrier",
                              "Bonnes pratiques", "Lexique", "Mon profil", "Modifier le mot de passe"],
    "coordination@relais.demo": ["Coordination", "Tableau de bord", "Exportations", "Bonnes pratiques",
                                 "Lexique", "Mon profil", "Modifier le mot de passe"],
    "interprete@relais.demo": ["Mes mandats", "Lexique", "Mon profil", "Modifier le mot de passe"],
    "admin@relais.demo": ["Administration", "Listes de référence", "Courriels sortants", "Mon profil",
                          "Modifier le mot de passe"],
}


def _nav_titles(at) -> list[str]:
    return [page["page_name"] for page in at._registered_pages.values()]


def _texts(at) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "error", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(part) for part in parts)


def test_login_page_shows_the_three_labels_and_the_demo_banner(app):
    assert [t.value for t in app.title] == ["Connexion"]
    assert app.text_input(key="login_identifier").label == "Courriel ou identifiant (ID)"
    assert app.text_input(key="login_password").label == "Mot de passe"
    assert app.button(key="login_submit").label == "Connexion"
    banner = app.info[0].value
    assert "Mauve-Tortue-42!" in banner
    assert len(FIXED_ACCOUNTS) == 6
    for person in FIXED_ACCOUNTS:
        assert person.email in banner and person.public_id in banner


@pytest.mark.parametrize("login", ["demandeur@relais.demo", "R1000001", "r1000001", "DEMANDEUR@Relais.Demo"])
def test_demandeur_lands_on_home_by_email_or_id(app, login):
    log_in(app, login)
    assert not app.exception
    assert [t.value for t in app.title] == [HOME_TITLE]
    assert _nav_titles(app) == EXPECTED_PAGES["demandeur@relais.demo"]


def test_home_lists_my_requests_of_today_only(app):
    log_in(app, "demandeur@relais.demo")
    table = app.dataframe[0].value
    assert list(table.columns) == ["Numéro", "Statut", "Date", "Heure", "Durée", "Langue d'arrivée", "Type",
                                   "Installation", "Interprète", "Demandeur"]
    mine = table[table["Numéro"] == KNOWN_NUMBERS["mine_today"]].iloc[0]
    assert mine["Statut"] == "✔ Réservé" and mine["Langue d'arrivée"] == "espagnol"
    assert mine["Installation"] == "Hôpital Notre-Dame"
    assert KNOWN_NUMBERS["colleague_today"] not in set(table["Numéro"])
    assert KNOWN_NUMBERS["mine_tomorrow"] not in set(table["Numéro"])


def test_colleague_request_appears_under_par_emplacement(app):
    log_in(app, "demandeur@relais.demo")
    app.switch_page("app_pages/par_emplacement.py").run()
    numbers = set(app.dataframe[0].value["Numéro"])
    assert {KNOWN_NUMBERS["mine_today"], KNOWN_NUMBERS["colleague_today"]} <= numbers
    assert KNOWN_NUMBERS["mine_tomorrow"] not in numbers


def test_header_shows_person_etablissement_and_links(app):
    log_in(app, "demandeur@relais.demo")
    shown = [m.value.replace("\\", "") for m in app.markdown]  # without Markdown escapes
    header = next(text for text in shown if "Marie-Ève Tremblay" in text)
    assert "CIUSSS du Centre-Sud-de-l'Île-de-Montréal" in header
    links = [link.label for link in app.get("page_link")]
    assert {"**Relais**", "Mon profil", "Modifier le mot de passe"} <= set(links)
    assert app.button(key="header_logout").label == "Déconnexion"


@pytest.mark.parametrize("login", ["wrong password", "unknown email", "unknown id"])
def test_refused_login_reads_the_generic_french_message(app, login):
    if login == "wrong password":
        log_in(app, "demandeur@relais.demo", "Mauve-Tortue-41!")
    elif login == "unknown email":
        log_in(app, "personne@relais.demo")
    else:
        log_in(app, "R9999999")
    assert [e.value for e in app.error] == ["Courriel, identifiant ou mot de passe invalide."]
    assert [t.value for t in app.title] == ["Connexion"]


def test_logout_returns_to_the_login_page(app):
    log_in(app, "demandeur@relais.demo")
    app.button(key="header_logout").click().run()
    assert [t.value for t in app.title] == ["Connexion"]
    assert "relais_user_id" not in app.session_state


@pytest.mark.parametrize("login", list(EXPECTED_PAGES))
def test_every_page_of_every_role_opens_without_error(app, login):
    log_in(app, login)
    assert _nav_titles(app) == EXPECTED_PAGES[login]
    for page_hash, page in list(app._registered_pages.items()):
        app.switch_page(page["script_path"]).run()
        assert not app.exception, page["page_name"]
        assert UNEXPECTED_ERROR not in _texts(app), page["page_name"]
        expected_title = {"Accueil": HOME_TITLE}.get(page["page_name"], page["page_name"])
        assert expected_title in app.title[0].value


def test_demandeur_cannot_open_a_coordinator_page(app):
    log_in(app, "demandeur@relais.demo")
    with pytest.raises(ValueError):
        app.switch_page("app_pages/coordination.py")


def test_before_login_no_page_but_connexion_exists(app):
    with pytest.raises(ValueError):
        app.switch_page("app_pages/accueil.py")


def test_bonnes_pratiques_and_lexique_use_the_guide_words(app):
    log_in(app, "demandeur@relais.demo")
    app.switch_page("app_pages/bonnes_pratiques.py").run()
    for practice in GOOD_PRACTICES.values():
        assert practice in _texts(app)
    app.switch_page("app_pages/lexique.py").run()
    text = _texts(app)
    for term in LEXICON:
        assert term.term in text and term.definition in text
    for status in ("Statut brouillon", "Statut nouveau", "Statut en attente", "Statut réservé",
                   "Statut modifié", "Statut annulé", "Statut service fourni", "Statut service fermé"):
        assert status in text


@pytest.mark.parametrize("url", ["postgresql+psycopg://postgres@127.0.0.1:9/relais",
                                 "sqlite:////proc/relais-impossible/relais.db"])
def test_unreachable_database_reads_a_french_message(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings_cache()
    at = start_app()
    assert not at.exception
    assert [e.value for e in at.error] == [DATABASE_UNREACHABLE]
    assert not at.text_input
    reset_settings_cache()
