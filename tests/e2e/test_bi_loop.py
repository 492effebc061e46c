"""The whole loop in a real browser, three people at once, mails received by a real SMTP server.

demandeur submits → coordonnateur offers → interprète accepts → the demandeur sees Réservé and
the interpreter's name → modifies → Modifié → the interpreter accepts again → service fourni (on
a request whose time has passed) → the coordinator closes it (Service fermé).

Needs the request form (branch `requests`: tests.request_world, core.request_form) and the mail
sender (branch `accounts`: core.mail); skipped until both are on the branch under test.
"""
from __future__ import annotations

import email
import re
import threading
import time as clock
from datetime import time, timedelta
from email import policy

import pyotp
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from core.coordination_queries import local_today
from core.statuses import status_badge
from db.engine import build_engine
from db.models import Request
from tests.e2e.browser_steps import sign_in
from tests.e2e.app_server import free_port, server_environment, start_server, stop_server
from tests.e2e.conftest import chromium_path
from tests.factories import PASSWORD, make_request

pytestmark = pytest.mark.e2e
EMAILS = {"owner": "demandeur@bi.e2e", "coord": "coordination@bi.e2e", "interpreter": "ines@bi.e2e"}
HOME = {"owner": "Demandes de réservation – Mes demandes", "coord": "Coordination",
        "interpreter": "Mes mandats"}
TOMORROW = local_today() + timedelta(days=1)
TOTP_SECRET = pyotp.random_base32()  # the coordinator signs in with a code (mandatory outside the demo)
WAIT_MS = 30_000  # a ceiling: every wait ends as soon as the page is ready


class Inbox:
    """What the SMTP server received: (recipients, parsed message)."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def wait_for(self, to: str, subject: str, count: int = 1, seconds: float = 30):
        """The `count`-th mail to `to` whose subject contains `subject`, once it has arrived."""
        deadline = clock.monotonic() + seconds
        while clock.monotonic() < deadline:
            with self._lock:
                found = [m for rcpt, m in self.messages if to in rcpt and subject in str(m["Subject"])]
            if len(found) >= count:
                return found[count - 1]
            clock.sleep(0.1)  # polling a condition
        raise AssertionError(f"no mail « {subject} » to {to}; received: "
                             f"{[(r, str(m['Subject'])) for r, m in self.messages]}")


@pytest.fixture(scope="module")
def inbox():
    controller_module = pytest.importorskip("aiosmtpd.controller")
    box = Inbox()
    controller = controller_module.Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


def _prepare(database_url: str) -> dict:
    request_world = pytest.importorskip("tests.request_world", reason="needs branch requests")
    pytest.importorskip("core.mail", reason="needs branch accounts (mail sender)")
    from db.migrate import upgrade_database

    engine = build_engine(database_url)
    upgrade_database(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = request_world.make_world(session)
        for name, address in EMAILS.items():
            world[name].email = address
            session.add(world[name])
        world["coord"].totp_secret, world["coord"].totp_enabled = TOTP_SECRET, True
        past = make_request(session, ref=world, requester=world["owner"], status="reserve",
                            assigned=world["interpreter"], service_date=local_today() - timedelta(days=1),
                            service_time=time(9, 0))
        session.commit()
        numbers = {"past": past.number, "past_id": past.id}
    engine.dispose()
    return numbers


@pytest.fixture(scope="module")
def app(tmp_path_factory, inbox):
    if chromium_path() is None:
        pytest.skip("Chromium absent")
    workdir = tmp_path_factory.mktemp("bi-loop")
    database_url = f"sqlite:///{workdir / 'relais-bi-loop.db'}"
    numbers = _prepare(database_url)
    env = {**server_environment(database_url), "RELAIS_DEMO": "0", "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(inbox.port), "SMTP_STARTTLS": "0", "MAIL_FROM": "relais@bi.e2e"}
    server, url = start_server(env, workdir / "streamlit.log")
    try:
        yield {"url": url, "engine": build_engine(database_url), **numbers}
    finally:
        stop_server(server)


def signed_in(browser, app, who: str):
    """A browser context of its own (one person), signed in on their home page.

    After the password comes the 6-digit code (coordinators must use it outside the demo) or the
    offer to set it up, answered « Plus tard » once the login cookie is written."""
    context = browser.new_context(locale="fr-CA", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(app["url"])
    sign_in(page, EMAILS[who], HOME[who], password=PASSWORD, totp_secret=TOTP_SECRET)
    return page


def choose(page, label: str, option) -> None:
    box = settled(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    page.get_by_role("option", name=option).first.click()


def pick(page, label: str, text: str) -> None:
    """Adds the option starting with `text` to a multiselect, typed as a person would."""
    box = settled(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(text)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def go(page, title: str, heading: str | None = None) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=heading or title).first).to_be_visible()


def submit_request(page) -> str:
    go(page, "Nouvelle demande")
    page.get_by_role("textbox", name="Lieu de rendez-vous *", exact=True).fill("Clinique externe, local 2.114")
    choose(page, "Type de demande *", "Interprétation en présence")
    page.get_by_role("spinbutton", name="year, Date du service *").click()
    page.keyboard.type(f"{TOMORROW:%Y%m%d}")
    page.keyboard.press("Tab")
    page.get_by_role("spinbutton", name=re.compile(r"^(heure|hour), Heure du service \*")).click()
    page.keyboard.type("1000")
    page.keyboard.press("Tab")
    choose(page, "Langue d'arrivée *", "espagnol")
    page.get_by_role("button", name="Sauvegarder", exact=True).click()
    saved = page.get_by_text(re.compile(r"Numéro de la demande : \d{4}-\d{6}"))
    expect(saved).to_be_visible()
    return re.search(r"\d{4}-\d{6}", saved.inner_text()).group(0)


def open_in_coordination(page, number: str, status: str) -> None:
    box = settled(page).get_by_role("textbox", name="Numéro de demande", exact=True)
    box.fill(number)
    box.press("Enter")
    expect(page.get_by_role("heading", name=f"Demande {number} — {status}")).to_be_visible()


def open_as_requester(page, number: str) -> None:
    go(page, "Accueil", HOME["owner"])
    page.get_by_text("Demain", exact=True).click()
    choose(page, "Ouvrir une demande (au clavier)", re.compile(re.escape(number)))
    expect(page.get_by_role("heading", name=re.compile(number))).to_be_visible()


def settled(page):
    """Waits until the app has finished its current run (a click during a run may be lost)."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    return page


def refreshed(page, title: str, section: str):
    """Shows the page again with fresh data: away to « Lexique » and back, in the same session
    (a reload would sign in again from the cookie, and the cookie's own rerun may swallow a click)."""
    go(page, "Lexique")
    go(page, title)
    expect(page.get_by_text(section)).to_be_visible()
    return settled(page)


def click_and_see(page, button: str, message: str) -> None:
    settled(page).get_by_role("button", name=button, exact=True).first.click()
    expect(page.get_by_text(message)).to_be_visible()


def status_of(app, request_id: int) -> str:
    with Session(app["engine"]) as session:
        return session.get(Request, request_id).status


@pytest.fixture
def three_people(browser, app):
    """The demandeur, the coordonnateur and the interprète, each in a browser context of their own."""
    pages = [signed_in(browser, app, who) for who in ("owner", "coord", "interpreter")]
    yield pages
    for page in pages:
        page.context.close()


def test_the_whole_loop(three_people, app, inbox):
    owner, coord, interpreter = three_people

    number = submit_request(owner)
    with Session(app["engine"]) as session:
        request_id = session.exec(select(Request.id).where(Request.number == number)).one()

    refreshed(coord, "Coordination", "Demande à ouvrir")
    open_in_coordination(coord, number, status_badge("nouveau"))
    pick(coord, "Offrir à", "Inès Interprète")
    click_and_see(coord, "Offrir", "Demande offerte à 1 interprète(s).")
    inbox.wait_for(EMAILS["interpreter"], f"Demande {number} : un mandat vous est offert")

    refreshed(interpreter, "Mes mandats", "Offres à accepter ou refuser (1)")
    click_and_see(interpreter, "Accepter", "Mandat accepté : la demande est réservée à votre nom.")
    accepted = inbox.wait_for(EMAILS["owner"], f"Demande {number} réservée")
    assert any(part.get_content_type() == "text/calendar" for part in accepted.walk())

    open_as_requester(owner, number)
    expect(owner.get_by_role("heading", name=re.compile(f"{number}.*Réservé"))).to_be_visible()
    expect(owner.get_by_text(re.compile("Interprète assigné : Inès Interprète"))).to_be_visible()
    settled(owner).get_by_role("button", name="Modifier").click()
    location = owner.get_by_role("textbox", name="Lieu de rendez-vous *", exact=True)
    location.fill("Pavillon B, local 4.200")
    location.press("Tab")
    owner.get_by_role("button", name="Sauvegarder", exact=True).click()
    expect(owner.get_by_role("heading", name=re.compile(f"{number}.*Modifié"))).to_be_visible()
    inbox.wait_for(EMAILS["interpreter"], f"Demande {number} modifiée")

    refreshed(interpreter, "Mes mandats", "Demandes modifiées : à accepter ou refuser de nouveau (1)")
    click_and_see(interpreter, "Accepter", "Mandat accepté : la demande est réservée à votre nom.")
    inbox.wait_for(EMAILS["owner"], f"Demande {number} réservée", count=2)
    assert status_of(app, request_id) == "reserve"

    interpreter.get_by_role("spinbutton", name=re.compile(r"^(heure|hour), Heure de fin réelle")).click()
    interpreter.keyboard.type("1045")
    interpreter.keyboard.press("Tab")
    click_and_see(interpreter, "Service fourni", "Service déclaré fourni : la BI va le valider.")
    inbox.wait_for(EMAILS["coord"], f"Demande {app['past']} : service fourni")

    open_in_coordination(coord, app["past"], status_badge("service_fourni"))
    expect(coord.get_by_text("de 09:00 à 10:45")).to_be_visible()
    click_and_see(coord, "Fermer le service", "Service fermé.")
    expect(coord.get_by_role("heading", name=f"Demande {app['past']} — {status_badge('service_ferme')}")).to_be_visible()
    assert status_of(app, app["past_id"]) == "service_ferme"
