"""Pages are for everyone (WCAG 2.1 AA, the basis of Quebec's public-web standard), checked in
Chromium for each role on every page of its menu:

- every control a person can reach has a name (its visible French label, read by screen readers);
- at 200 % zoom (a 1280-pixel window seen as 640 CSS pixels) the page reflows: no sideways
  scrolling, the page's title still in view;
- signing in and opening a page work by keyboard alone.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.browser_steps import LOGIN_LABEL, PASSWORD, settle, sign_in

pytestmark = pytest.mark.e2e

HOME = {"demandeur@relais.demo": "Demandes de réservation – Mes demandes",
        "coordination@relais.demo": "Coordination", "interprete@relais.demo": "Mes mandats",
        "admin@relais.demo": "Administration"}
HEADINGS = {"Accueil": "Demandes de réservation – Mes demandes",
            "Par emplacement": "Demandes de réservation – Par emplacement"}
ZOOMED = {"width": 640, "height": 450}  # 1280 × 900 at 200 %
NORMAL = {"width": 1280, "height": 900}

CONTROL_ROLES = {"button", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch",
                 "slider", "spinbutton", "tab", "link", "menuitem"}


def unnamed_controls(cdp) -> list[str]:
    """Controls whose accessible name, as Chromium computes it for screen readers, is empty."""
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return [node["role"]["value"] for node in nodes
            if not node.get("ignored") and node.get("role", {}).get("value") in CONTROL_ROLES
            and not node.get("name", {}).get("value", "").strip()]


# Streamlit scrolls the page inside `stMain`, not the document. Tables keep their own scrollbar
# (WCAG 1.4.10 exempts content that needs two dimensions), so only the page's own is measured.
SIDEWAYS_SCROLL = """() => Math.max(...[document.documentElement, document.querySelector('[data-testid=stMain]')]
    .filter(Boolean).map(el => el.scrollWidth - el.clientWidth))"""


def reflowed(page) -> int:
    """Sideways scrolling once the page has reflowed (tables resize a moment after the window)."""
    try:
        page.wait_for_function(f"({SIDEWAYS_SCROLL})() <= 1", timeout=10_000)
    except PlaywrightTimeout:
        pass  # still too wide: the caller reports by how much
    return page.evaluate(SIDEWAYS_SCROLL)


def menu(page) -> list[str]:
    nav = page.get_by_test_id("stSidebarNav")
    # A link's text starts with its icon's ligature name (« home »): the title is the last line.
    return [link.inner_text().strip().splitlines()[-1].strip() for link in nav.get_by_role("link").all()]


def open_from_menu(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=HEADINGS.get(title, title), exact=True)).to_be_visible()
    settle(page)


@pytest.mark.parametrize("login", list(HOME))
def test_every_page_names_its_controls_and_reflows_at_200_percent(browser, base_url, login):
    context = browser.new_context(locale="fr-CA", viewport=NORMAL)
    page = context.new_page()
    try:
        page.goto(base_url)
        sign_in(page, login, HOME[login])
        cdp = context.new_cdp_session(page)
        problems = []
        for title in menu(page):
            open_from_menu(page, title)
            unnamed = unnamed_controls(cdp)
            if unnamed:
                problems.append(f"{title}: contrôles sans nom {unnamed}")
            page.set_viewport_size(ZOOMED)
            sideways = reflowed(page)
            if sideways > 1:
                problems.append(f"{title}: {sideways} px de défilement horizontal à 200 %")
            heading = page.get_by_role("heading", name=HEADINGS.get(title, title), exact=True)
            heading.scroll_into_view_if_needed()
            if not heading.is_visible():
                problems.append(f"{title}: titre invisible à 200 %")
            page.set_viewport_size(NORMAL)
        assert len(menu(page)) >= 4 and problems == []
    finally:
        context.close()


def tab_to(page, test_js: str, presses: int = 80) -> None:
    """Presses Tab until the focused element passes `test_js` (a function of the element)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"(({test_js}))(document.activeElement)"):
            return
    raise AssertionError(f"Aucun élément atteint au clavier ne répond à {test_js}")


def test_sign_in_and_open_a_page_by_keyboard_alone(browser, base_url):
    context = browser.new_context(locale="fr-CA", viewport=NORMAL)
    page = context.new_page()
    try:
        page.goto(base_url)
        expect(page.get_by_label(LOGIN_LABEL, exact=True)).to_be_visible()
        settle(page)
        tab_to(page, "el => el.getAttribute('aria-label') === %r || el.labels?.[0]?.innerText.includes(%r)"
               % (LOGIN_LABEL, LOGIN_LABEL))
        page.keyboard.type("demandeur@relais.demo")
        tab_to(page, "el => el.type === 'password'")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_function("document.cookie.includes('relais_connexion=')")
        settle(page)
        tab_to(page, "el => el.tagName === 'BUTTON' && el.innerText.trim() === 'Plus tard'")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=HOME["demandeur@relais.demo"])).to_be_visible()
        settle(page)
        tab_to(page, "el => el.tagName === 'A' && el.innerText.trim().endsWith('Nouvelle demande')")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Nouvelle demande", exact=True)).to_be_visible()
    finally:
        context.close()
