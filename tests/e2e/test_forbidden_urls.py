"""A requester types the addresses of the BI's and the interpreters' pages in Chromium.

Each address is a new page load, signed in again from the login cookie. A script in the page
watches every node Streamlit adds from the first byte on: not one word of the refused page may
appear, not even for a moment before the home page replaces it.
"""
from __future__ import annotations

import pytest

from tests.e2e.test_login import HOME_TITLE, expect_home, log_in

pytestmark = pytest.mark.e2e

# Address -> words only that page draws (its title, and a text of its content).
FORBIDDEN = {
    "coordination": ["Lignes par page", "Coordination"],
    "exportations": ["Chaque exportation est consignée", "Exportations"],
    "tableau_de_bord": ["Tableau de bord"],
    "mes_mandats": ["Offres à accepter ou refuser", "Réservations à venir", "Mes mandats"],
    "administration": ["Créer un compte", "Comptes verrouillés", "Administration"],
    "listes_de_reference": ["Listes de référence"],
    "courriels_sortants": ["Aucun serveur d'envoi", "Courriels sortants"],
}

# Records the text of every element added to the page, headings and widgets alike.
WATCH = """window.__relaisSeen = [];
new MutationObserver(records => {
  for (const record of records) for (const node of record.addedNodes)
    if (node.nodeType === 1 && node.innerText) window.__relaisSeen.push(node.innerText);
}).observe(document, {subtree: true, childList: true});"""


def test_a_requester_opening_forbidden_addresses_sees_nothing_of_them(page, base_url):
    log_in(page, "demandeur@relais.demo")
    expect_home(page)
    page.wait_for_function("document.cookie.includes('relais_connexion=')")
    page.context.add_init_script(WATCH)
    for address, words in FORBIDDEN.items():
        page.goto(f"{base_url}/{address}")
        expect_home(page)  # the person's own home page runs instead
        page.wait_for_function("document.querySelector('[data-test-script-state=\"notRunning\"]')")
        seen = "\n".join(page.evaluate("window.__relaisSeen"))
        assert HOME_TITLE in seen  # the watcher did see the page being drawn
        headings = page.get_by_role("heading").all_inner_texts()
        for word in words:
            assert word not in seen, f"/{address} drew « {word} »"
            assert not any(word in heading for heading in headings), address
