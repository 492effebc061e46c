"""The requester's journeys in a real browser (guide, sections 4 to 7), clicked as a person would."""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from sqlmodel import Session, func, select

from core.request_lists import local_today
from db.engine import build_engine
from db.models import Attachment, Request
from tests.e2e.browser_steps import COUNT_RUNS, IDLE
from tests.e2e.conftest import chromium_path
from tests.e2e.journey_server import start
from tests.e2e.app_server import stop_server
from tests.request_world import exe_bytes, pdf_bytes

pytestmark = pytest.mark.e2e
expect.set_options(timeout=20_000)  # a loaded CI machine reruns slowly; waits end at the condition
PASSWORD = "Mauve-Tortue-42!"
TOMORROW = local_today() + timedelta(days=1)


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    if chromium_path() is None:
        pytest.skip("Chromium absent")
    url, server, numbers, database_url = start(tmp_path_factory.mktemp("journeys"))
    engine = build_engine(database_url)
    yield {"url": url, "numbers": numbers, "engine": engine}
    engine.dispose()
    stop_server(server)


@pytest.fixture
def tab(browser, journey, request):
    context = browser.new_context(locale="fr-CA", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    context.add_init_script(COUNT_RUNS)
    page = context.new_page()
    page.goto(journey["url"])
    yield page
    if os.environ.get("E2E_SCREENSHOTS"):  # a directory: what each page showed at the end
        folder = Path(os.environ["E2E_SCREENSHOTS"])
        page.screenshot(path=folder / f"{request.node.name}.png", full_page=True)
        (folder / f"{request.node.name}.txt").write_text(page.locator("body").inner_text())
    context.close()


def counts(journey) -> tuple[int, int]:
    with Session(journey["engine"]) as session:
        return (session.exec(select(func.count()).select_from(Request)).one(),
                session.exec(select(func.count()).select_from(Attachment)).one())


def idle(page) -> None:
    """Waits until the app has finished its rerun (no running indicator, no stale element)."""
    page.wait_for_function(IDLE)


@contextmanager
def rerun_of(page):
    """Waits, after the block, for the end of the script run that the block's action caused."""
    before = page.evaluate("window.__relaisRuns")
    yield
    try:
        page.wait_for_function(f"window.__relaisRuns > {before}", timeout=5_000)
    except PlaywrightTimeout:  # the action changed no value: no run to wait for
        pass
    idle(page)


def log_in(page, email: str) -> None:
    page.get_by_label("Courriel ou identifiant (ID)").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    # The login run writes the cookie through a component whose own rerun can undo a click made
    # meanwhile (and offers the two-factor set-up); a fresh page load signs in from the cookie.
    page.wait_for_function("document.cookie.includes('relais_connexion=')")
    open_page(page, "Accueil")


def choose(page, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    with rerun_of(page):
        page.get_by_role("option", name=option, exact=True).first.click()


def type_date(page, label: str, day) -> None:
    page.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(f"{day:%Y%m%d}")
    with rerun_of(page):
        page.keyboard.press("Tab")


def type_time(page, label: str, hhmm: str) -> None:
    page.get_by_role("spinbutton", name=re.compile(rf"^(heure|hour), {re.escape(label)}")).click()
    page.keyboard.type(hhmm.replace(":", ""))
    with rerun_of(page):
        page.keyboard.press("Tab")


HEADINGS = {"Accueil": "Demandes de réservation – Mes demandes", "Nouvelle demande": "Nouvelle demande",
            "Par emplacement": "Demandes de réservation – Par emplacement"}
PATHS = {"Accueil": "", "Nouvelle demande": "nouvelle_demande", "Par emplacement": "par_emplacement"}


def open_page(page, title: str) -> None:
    """Opens a page by its address, as a bookmark would (signed in again from the cookie)."""
    origin = "/".join(page.url.split("/")[:3])
    page.goto(f"{origin}/{PATHS[title]}")
    expect(page.get_by_role("heading", name=HEADINGS[title], exact=True)).to_be_visible()
    idle(page)


def fill_form(page, *, day=TOMORROW, target="espagnol", files=()) -> None:
    """The form filled as a person would; files first, while nothing else reruns the page."""
    open_page(page, "Nouvelle demande")
    expect(page.get_by_role("heading", name="Détails de la demande")).to_be_visible()
    for name, data in files:
        attach(page, name, data)
    location = page.get_by_role("textbox", name="Lieu de rendez-vous *", exact=True)
    location.fill("Clinique externe, local 2.114")
    with rerun_of(page):
        location.press("Tab")
    choose(page, "Type de demande *", "Interprétation en présence")
    type_date(page, "Date du service *", day)
    type_time(page, "Heure du service *", "10:00")
    choose(page, "Langue d'arrivée *", target)


def attach(page, name: str, data: bytes, mime: str = "application/pdf") -> None:
    def is_upload(response) -> bool:
        return "/_stcore/upload_file/" in response.url and response.request.method == "PUT"

    with page.expect_response(is_upload) as uploaded:
        page.locator("input[type=file]").set_input_files([{"name": name, "mimeType": mime, "buffer": data}])
    assert uploaded.value.ok
    expect(page.get_by_text(name).first).to_be_visible()
    idle(page)


def save(page) -> None:
    page.get_by_role("button", name="Sauvegarder", exact=True).click()


def open_from_list(page, number: str) -> None:
    choose(page, "Ouvrir une demande (au clavier)", next_option(page, number))


def next_option(page, number: str) -> str:
    box = page.get_by_role("combobox", name="Ouvrir une demande (au clavier)", exact=True)
    box.click()
    option = page.get_by_role("option", name=re.compile(re.escape(number))).first
    text = option.inner_text()
    page.keyboard.press("Escape")
    return text


def open_mine_tomorrow(page, number: str) -> None:
    log_in(page, "demandeur@relais.demo")
    show_tomorrow(page)
    open_from_list(page, number)


def show_tomorrow(page) -> None:
    page.get_by_text("Demain", exact=True).click()
    expect(page.get_by_text(f"du {TOMORROW:%Y-%m-%d}.")).to_be_visible()


def test_create_with_attachment_then_find_it_with_demain_and_language(tab, journey):
    log_in(tab, "demandeur@relais.demo")
    before = counts(journey)
    fill_form(tab, files=[("lettre.pdf", pdf_bytes())])
    save(tab)
    success = tab.get_by_text(re.compile(r"Numéro de la demande : \d{4}-\d{6}"))
    expect(success).to_be_visible()
    number = re.search(r"\d{4}-\d{6}", success.inner_text()).group(0)
    expect(tab.get_by_text("★ Nouveau").first).to_be_visible()
    assert counts(journey) == (before[0] + 1, before[1] + 1)
    open_page(tab, "Accueil")
    show_tomorrow(tab)
    choose(tab, "Langue", "espagnol")
    open_from_list(tab, number)
    expect(tab.get_by_role("heading", name=re.compile(number))).to_be_visible()
    expect(tab.get_by_role("button", name=re.compile("lettre.pdf"))).to_be_visible()
    choose(tab, "Langue", "arabe (Maroc)")
    expect(tab.get_by_text("Aucune de vos demandes pour cette période")).to_be_visible()


def test_colleague_sees_it_under_par_emplacement_but_cannot_modify(tab, journey):
    number = journey["numbers"]["to_modify"]
    log_in(tab, "collegue@relais.demo")
    open_page(tab, "Par emplacement")
    show_tomorrow(tab)
    open_from_list(tab, number)
    expect(tab.get_by_role("heading", name=re.compile(number))).to_be_visible()
    expect(tab.get_by_text("Demande d'un collègue : consultation seulement.")).to_be_visible()
    expect(tab.get_by_role("button", name="Modifier")).to_have_count(0)
    expect(tab.get_by_role("button", name="Demande d'annulation")).to_have_count(0)


def test_modify_a_reserved_request_and_see_modifie(tab, journey):
    number = journey["numbers"]["to_modify"]
    open_mine_tomorrow(tab, number)
    tab.get_by_role("button", name="Modifier").click()
    expect(tab.get_by_text(re.compile("son statut devient « Modifié »"))).to_be_visible()
    location = tab.get_by_role("textbox", name="Lieu de rendez-vous *", exact=True)
    location.fill("Pavillon B, local 4.200")
    location.press("Tab")
    save(tab)
    saved = "Modifications enregistrées et retransmises — statut : ↻ Modifié"
    expect(tab.get_by_text(re.compile(saved))).to_be_visible()
    expect(tab.get_by_role("heading", name=re.compile(f"{number}.*Modifié"))).to_be_visible()


def test_cancel_near_service_warns_billable_then_annule(tab, journey):
    number = journey["numbers"]["to_cancel"]
    open_mine_tomorrow(tab, number)
    tab.get_by_role("button", name="Demande d'annulation").click()
    expect(tab.get_by_text(re.compile("cette annulation sera facturée, même en cas d'urgence"))
           ).to_be_visible()
    choose(tab, "Raison détaillée", "Usager absent")
    tab.get_by_text("Je comprends que cette annulation sera facturée.").click()
    tab.get_by_role("button", name="Mettre à jour").click()
    cancelled = f"La demande {number} est annulée — statut : ✖ Annulé"
    expect(tab.get_by_text(re.compile(cancelled))).to_be_visible()
    with Session(journey["engine"]) as session:
        stored = session.exec(select(Request).where(Request.number == number)).one()
    assert stored.status == "annule" and stored.late_cancellation


@pytest.mark.parametrize("case", ["past_date", "missing_location", "big_file", "renamed_exe",
                                  "same_language"])
def test_bad_inputs_are_refused_with_nothing_saved(tab, journey, case):
    log_in(tab, "demandeur@relais.demo")
    before = counts(journey)
    files = {"big_file": [("gros.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))],
             "renamed_exe": [("facture.pdf", exe_bytes())]}.get(case, [])
    fill_form(tab, day=local_today() - timedelta(days=3) if case == "past_date" else TOMORROW,
              target="français" if case == "same_language" else "espagnol", files=files)
    if case == "missing_location":
        location = tab.get_by_role("textbox", name="Lieu de rendez-vous *", exact=True)
        location.fill("")
        location.press("Tab")
        idle(tab)
    save(tab)
    expected = {
        "past_date": "La date et l'heure du service ne peuvent pas être dans le passé.",
        "missing_location": "Indiquez le lieu de rendez-vous.",
        "big_file": "« gros.pdf » dépasse 10 Mo",
        "renamed_exe": "« facture.pdf » est un programme exécutable",
        "same_language": "doit être différente de la langue de départ",
    }[case]
    expect(tab.get_by_text(re.compile(re.escape(expected))).first).to_be_visible(timeout=30_000)
    expect(tab.get_by_text("Certains champs sont à corriger : rien n'a été enregistré.")).to_be_visible()
    assert counts(journey) == before
