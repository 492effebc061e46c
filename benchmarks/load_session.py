"""One requester in a real browser, looping through the requester's day until time is up.

Log in (« Plus tard » to the two-factor offer), filter « Mes demandes » (period, then a status),
open a request, fill and send « Nouvelle demande », list « Mes demandes » again, log out.
Each step is timed from the browser and logged with its account, so that the server's own
timing lines (ui.timing) can be attributed to it.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, expect

from core.request_lists import local_today
from tests.e2e.browser_steps import COUNT_RUNS, IDLE

HOME_TITLE = "Demandes de réservation – Mes demandes"
STATUS = "Nouveau"  # every session sends Nouveau requests, so its filtered list fills up
# Polling every animation frame in 20 pages would take the CPU from the server being measured.
POLL_MS = 100
LOAD_MS = 180_000  # the first load of the app (its JavaScript) in a fresh context, many at once
RERUN_MS = 15_000  # a loaded machine may start the run late; every action here causes one
# What the app shows when a run failed: the safety net's sentence, a raw exception, a lost server.
PAGE_ERRORS = '[data-testid="stException"], :text("Une erreur inattendue est survenue"), ' \
              ':text("La base de données est inaccessible"), :text("Connection error")'


@dataclass
class Step:
    session: int
    account: str
    name: str
    started: float
    ended: float
    ok: bool
    message: str = ""


@dataclass
class Journey:
    """One browser session's steps; `deadline` is a time.monotonic() value."""
    index: int
    account: str
    password: str
    url: str
    deadline: float
    steps: list[Step] = field(default_factory=list)
    loops: int = 0
    max_loops: int | None = None  # the warm-up stops after one loop

    def over(self) -> bool:
        return time.monotonic() >= self.deadline or self.loops == self.max_loops


class PageError(Exception):
    """The page shows an error or did not reach the state the step waits for."""


def _period_for(day: date) -> str:
    """The preset that holds the requests this session sends (tomorrow)."""
    return "Ce mois-ci" if day.month == local_today().month else "Mois prochain"


async def _idle(page: Page) -> None:
    await page.wait_for_function(IDLE, polling=POLL_MS)


async def _after_rerun(page: Page, before: int) -> None:
    """Waits for the end of the run the last action caused (if it caused one), then for calm."""
    try:
        await page.wait_for_function(f"window.__relaisRuns > {before}", timeout=RERUN_MS, polling=POLL_MS)
    except PlaywrightError:  # the action changed no value: no run to wait for
        pass
    await _idle(page)


async def _runs(page: Page) -> int:
    return await page.evaluate("window.__relaisRuns")


async def _check_page(page: Page) -> None:
    shown = page.locator(PAGE_ERRORS)
    if await shown.count():
        text = (await shown.first.inner_text()).strip().splitlines()
        raise PageError("erreur affichée : " + " ".join(text[:2])[:200])


async def _choose(page: Page, label: str, option: str | re.Pattern | None) -> None:
    """Picks an option of a select box by its text (None: the first option)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    await box.click()
    if isinstance(option, str):
        await box.fill(option)
    before = await _runs(page)
    options = page.get_by_role("option", name=option, exact=isinstance(option, str)) if option else \
        page.get_by_role("option")
    await options.first.click()
    await _after_rerun(page, before)


async def log_in(page: Page, journey: Journey) -> None:
    await expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    await _idle(page)  # a run still under way would redraw the fields and drop what is typed
    await page.get_by_label("Courriel ou identifiant (ID)").fill(journey.account)
    await page.get_by_label("Mot de passe").fill(journey.password)
    await page.get_by_role("button", name="Connexion").click()
    # The cookie component's own rerun would swallow a click made before the cookie is written.
    await page.wait_for_function("document.cookie.includes('relais_connexion=')", polling=POLL_MS)
    await page.get_by_role("button", name="Plus tard").click()
    await expect(page.get_by_role("heading", name=HOME_TITLE)).to_be_visible()
    await _idle(page)


async def filter_period(page: Page, journey: Journey) -> None:
    before = await _runs(page)
    await page.get_by_text(_period_for(local_today() + timedelta(days=1)), exact=True).click()
    await _after_rerun(page, before)


async def filter_status(page: Page, journey: Journey) -> None:
    await _choose(page, "Statut", re.compile(STATUS))


async def open_request(page: Page, journey: Journey) -> None:
    """Opens the first request of the filtered list (the list is empty until a first sending)."""
    box = page.get_by_role("combobox", name="Ouvrir une demande (au clavier)", exact=True)
    if not await box.count():
        await expect(page.get_by_text("Aucune de vos demandes pour cette période")).to_be_visible()
        return
    option = page.get_by_role("option").first
    for _ in range(3):  # a late redraw can close the list just opened: open it again
        await box.click()
        try:
            await option.wait_for(timeout=RERUN_MS // 3)
            break
        except PlaywrightError:
            await page.keyboard.press("Escape")
    number = re.search(r"\d{4}-\d{6}", await option.inner_text()).group(0)
    before = await _runs(page)
    await option.click()
    await _after_rerun(page, before)
    await expect(page.get_by_role("heading", name=re.compile(number))).to_be_visible()


async def _sidebar(page: Page, title: str, heading: str) -> None:
    await page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    await expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    await _idle(page)


async def fill_form(page: Page, journey: Journey) -> None:
    """« Nouvelle demande » from the menu, then the required fields, as in tests/e2e."""
    await _sidebar(page, "Nouvelle demande", "Nouvelle demande")
    await _choose(page, "Installation *", None)  # the first; needed by people of several installations
    location = page.get_by_role("textbox", name="Lieu de rendez-vous *", exact=True)
    await location.fill(f"Clinique externe, local {journey.index}.{journey.loops}")
    before = await _runs(page)
    await location.press("Tab")
    await _after_rerun(page, before)
    await _choose(page, "Type de demande *", "Interprétation en présence")
    day = local_today() + timedelta(days=1)
    await page.get_by_role("spinbutton", name="year, Date du service *").click()
    await page.keyboard.type(f"{day:%Y%m%d}")
    before = await _runs(page)
    await page.keyboard.press("Tab")
    await _after_rerun(page, before)
    await page.get_by_role("spinbutton", name=re.compile(r"^(heure|hour), Heure du service \*")).click()
    await page.keyboard.type("1000")
    before = await _runs(page)
    await page.keyboard.press("Tab")
    await _after_rerun(page, before)
    await _choose(page, "Langue d'arrivée *", "espagnol")


async def send(page: Page, journey: Journey) -> None:
    await page.get_by_role("button", name="Sauvegarder", exact=True).click()
    await expect(page.get_by_text(re.compile(r"Numéro de la demande : \d{4}-\d{6}"))).to_be_visible()
    await _idle(page)


async def list_mine(page: Page, journey: Journey) -> None:
    await _sidebar(page, "Accueil", HOME_TITLE)


async def log_out(page: Page, journey: Journey) -> None:
    await page.get_by_role("button", name="Déconnexion").click()
    await expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    await page.wait_for_function("!document.cookie.includes('relais_connexion=')", polling=POLL_MS)
    await _idle(page)


STEPS = (("connexion", log_in), ("filtre période", filter_period), ("filtre statut", filter_status),
         ("ouverture d'une demande", open_request), ("formulaire", fill_form),
         ("envoi de la demande", send), ("liste Mes demandes", list_mine), ("déconnexion", log_out))


async def _describe(page: Page | None, failure: Exception) -> str:
    """The failure's first line, and the error the page shows, if any (e.g. a refused form)."""
    message = (str(failure).strip() or repr(failure)).splitlines()[0][:200]
    if page is None:
        return message
    try:
        alert = page.locator('[data-testid="stAlertContentError"]')
        if await alert.count():
            message += " — page : " + (await alert.first.inner_text(timeout=1_000))[:200]
    except PlaywrightError:
        pass
    return message


async def _step(page: Page, journey: Journey, name: str, action) -> bool:
    started = time.time()
    try:
        await action(page, journey)
        await _check_page(page)
        ok, message = True, ""
    except (PageError, PlaywrightError, AssertionError, AttributeError) as failure:
        ok, message = False, await _describe(page, failure)
    journey.steps.append(Step(journey.index, journey.account, name, started, time.time(), ok, message))
    return ok


async def open_app(browser, url: str, wait_ms: int):
    """A fresh context (no cookie) on the login page: (context, page)."""
    context = await browser.new_context(locale="fr-CA", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(wait_ms)
    await context.add_init_script(COUNT_RUNS)
    try:
        page = await context.new_page()
        await page.goto(url, timeout=LOAD_MS)
        await expect(page.get_by_role("heading", name="Connexion")).to_be_visible(timeout=LOAD_MS)
        await _idle(page)
    except BaseException:
        await context.close()
        raise
    return context, page


async def run_journey(browser, journey: Journey, wait_ms: int, opened=None) -> None:
    """Loops until the deadline from `opened` (context, page), or from a fresh context; after
    a failed step, a fresh context (a new load of the app) starts the loop again."""
    while not journey.over():
        if opened is None:
            started = time.time()
            try:
                opened = await open_app(browser, journey.url, wait_ms)
            except (PlaywrightError, AssertionError) as failure:
                journey.steps.append(Step(journey.index, journey.account, "chargement", started, time.time(),
                                          False, await _describe(None, failure)))
                continue
        context, page = opened
        try:
            await _loop(page, journey)
        finally:
            await context.close()
            opened = None


async def _loop(page: Page, journey: Journey) -> None:
    while not journey.over():
        for name, action in STEPS:
            if time.monotonic() >= journey.deadline:
                return
            if not await _step(page, journey, name, action):
                return  # start again from a fresh context: the page is in an unknown state
        journey.loops += 1
