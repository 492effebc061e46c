"""The page registry, defined once: which page each role may open.

`st.navigation` is built from it on every run, so a page a person may not open is absent from
the app for them (a direct URL answers « Page not found »). The domain still checks every read
and write in core/; this only decides what exists for whom.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.auth import SignedInPerson
from core.roles import Role

# Not "pages/": Streamlit runs a "pages/" directory in its automatic mode until a session first
# calls st.navigation, and in that mode a direct URL runs a page without this login gate.
PAGES_DIR = "app_pages"
ADMIN_AUDIENCE = "admin"  # role admin, or a coordinator who also administers (core.roles.is_admin)


@dataclass(frozen=True)
class PageEntry:
    file: str
    title: str
    icon: str
    section: str
    audience: frozenset[str]


def _entry(file: str, title: str, icon: str, section: str, *audience: str) -> PageEntry:
    return PageEntry(f"{PAGES_DIR}/{file}", title, icon, section, frozenset(audience))


_D, _C, _I, _A = Role.DEMANDEUR, Role.COORDONNATEUR, Role.INTERPRETE, ADMIN_AUDIENCE

# Order matters: a person's home page is the first entry open to them.
PAGE_REGISTRY: tuple[PageEntry, ...] = (
    _entry("accueil.py", "Accueil", ":material/home:", "Demandes", _D),
    _entry("nouvelle_demande.py", "Nouvelle demande", ":material/add_circle:", "Demandes", _D),
    _entry("par_emplacement.py", "Par emplacement", ":material/location_on:", "Demandes", _D),
    _entry("calendrier.py", "Calendrier", ":material/calendar_month:", "Demandes", _D),
    _entry("coordination.py", "Coordination", ":material/assignment_ind:", "Banque d'interprètes", _C),
    _entry("tableau_de_bord.py", "Tableau de bord", ":material/monitoring:", "Banque d'interprètes", _C),
    _entry("exportations.py", "Exportations", ":material/download:", "Banque d'interprètes", _C),
    _entry("mes_mandats.py", "Mes mandats", ":material/work:", "Interprète", _I),
    _entry("administration.py", "Administration", ":material/admin_panel_settings:", "Administration", _A),
    _entry("listes_de_reference.py", "Listes de référence", ":material/list_alt:", "Administration", _A),
    _entry("courriels_sortants.py", "Courriels sortants", ":material/outbox:", "Administration", _A),
    _entry("bonnes_pratiques.py", "Bonnes pratiques", ":material/thumb_up:", "Aide", _D, _C),
    _entry("lexique.py", "Lexique", ":material/menu_book:", "Aide", _D, _C, _I),
    _entry("mon_profil.py", "Mon profil", ":material/person:", "Mon compte", _D, _C, _I, _A),
    _entry("modifier_mot_de_passe.py", "Modifier le mot de passe", ":material/password:", "Mon compte",
           _D, _C, _I, _A),
)
LOGIN_PAGE = PageEntry(f"{PAGES_DIR}/connexion.py", "Connexion", ":material/login:", "", frozenset())


def entry_titled(title: str) -> PageEntry:
    return next(entry for entry in PAGE_REGISTRY if entry.title == title)


def audience_of(person: SignedInPerson) -> set[str]:
    return {person.role, ADMIN_AUDIENCE} if person.is_admin else {person.role}


def entries_for(person: SignedInPerson) -> list[PageEntry]:
    audience = audience_of(person)
    return [entry for entry in PAGE_REGISTRY if entry.audience & audience]


def home_entry(person: SignedInPerson) -> PageEntry:
    return entries_for(person)[0]


def page_of(entry: PageEntry, *, default: bool = False) -> st.Page:
    return st.Page(entry.file, title=entry.title, icon=entry.icon, default=default)


def navigation_for(person: SignedInPerson):
    """The pages of this person, by section; their home page first."""
    entries = entries_for(person)
    sections: dict[str, list[st.Page]] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(page_of(entry, default=entry is entries[0]))
    return st.navigation(sections, position="sidebar")


FORGOTTEN_PASSWORD_PAGE = PageEntry(f"{PAGES_DIR}/mot_de_passe_oublie.py", "J'ai oublié mon mot de passe",
                                    ":material/lock_reset:", "", frozenset())
NEW_PASSWORD_PAGE = PageEntry(f"{PAGES_DIR}/nouveau_mot_de_passe.py", "Choisir un mot de passe",
                              ":material/key:", "", frozenset())
TWO_FACTOR_SETUP_PAGE = PageEntry(f"{PAGES_DIR}/authentification_securisee.py",
                                  "Configuration de l'authentification sécurisée", ":material/security:",
                                  "", frozenset())
TOKEN_PARAMETER = "jeton"  # the link of a reset or set-up mail: {APP_BASE_URL}/?jeton=…


def login_navigation():
    """Before login: the login page, the forgotten-password page and the page a mailed link opens
    (its default when the address carries a token); every other address answers « Page not found »."""
    from_link = TOKEN_PARAMETER in st.query_params
    return st.navigation([page_of(LOGIN_PAGE, default=not from_link),
                          page_of(FORGOTTEN_PASSWORD_PAGE),
                          page_of(NEW_PASSWORD_PAGE, default=from_link)], position="hidden")


def two_factor_setup_navigation():
    """Right after login, until the person answers the offer (or sets it up where mandatory)."""
    return st.navigation([page_of(TWO_FACTOR_SETUP_PAGE, default=True)], position="hidden")
