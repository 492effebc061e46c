"""The demo requests: every status, over the previous, current and next month, around today.

Dates are relative to today (America/Toronto), so the demo always looks current: several requests
today and tomorrow for demandeur@relais.demo, some of a colleague at the same installation, open
offers to interprete@relais.demo, past services to report or already closed.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from dataclasses import dataclass
from typing import NamedTuple

from sqlmodel import Session, select

from core.settings import TIMEZONE
from db import demo_names
from db.demo_rows import NumberAllocator, RequestPlan, local_instant, next_id, sync_sequence, write_plans
from db.models import Installation, Language, Request, User, UserInstallation
from db.types import utcnow

ME, COLLEGUE, AUTRE, INTERP = "demandeur", "collegue", "autre", "interprete"
COORDINATION = "coordination@relais.demo"


class Demo(NamedTuple):
    owner: str  # email, or a short name for the fixed accounts
    when: int | tuple[str, int]  # days from today, or ("prev"|"next", day of that month)
    at: str
    status: str
    lang: str
    type: str = "presence"
    context: str | None = None
    interpreter: str | None = None  # assigned (reserve and after)
    offered: tuple[str, ...] = ()  # open offers (en_attente)
    cancel: str | None = None
    patient: str | None = None
    gender: str | None = None
    installation: str | None = None
    duration: int = 120
    priority: tuple[str, ...] = ()  # interpreters named by the requester


SANTE = "Santé physique (consultation)"
DEMO_REQUESTS = (
    Demo(ME, ("prev", 5), "09:00", "service_ferme", "es", context=SANTE, interpreter=INTERP,
         patient="Rosa Martínez"),
    Demo(ME, ("prev", 12), "13:00", "service_ferme", "ar-MA", "video",
         "Annonce de diagnostic / consentement aux soins", INTERP, patient="Youssef Bennani", gender="homme"),
    Demo(ME, ("prev", 19), "10:30", "annule", "sw", context="Pédiatrie", cancel="Usager absent"),
    Demo(ME, ("prev", 24), "14:00", "service_ferme", "ne", "telephone",
         interpreter="sita.gurung@relais.demo"),
    Demo(ME, -6, "10:00", "service_ferme", "es", interpreter="lucia.morales@relais.demo"),
    Demo(ME, -2, "10:00", "service_fourni", "es", context="Périnatalité / accouchement", interpreter=INTERP,
         gender="femme", patient="Marisol Gutiérrez"),
    Demo(ME, -1, "09:30", "reserve", "ar-MA", context=SANTE, interpreter=INTERP,
         patient="Fatima Zahra Alaoui"),
    Demo(ME, 0, "10:00", "reserve", "es", context="Périnatalité / accouchement", interpreter=INTERP,
         gender="femme", patient="Ana Sofía Torres"),
    Demo(ME, 0, "13:30", "en_attente", "ar-MA", "video", SANTE,
         offered=(INTERP, "omar.belkacem@relais.demo"), patient="Karima Bensaïd"),
    Demo(ME, 0, "15:00", "nouveau", "sw", "telephone", "Pédiatrie", patient="Esperance Mukamana"),
    Demo(ME, 1, "08:30", "reserve", "rhg", context="Santé publique / vaccination",
         interpreter="mohammed.rafiq@relais.demo", patient="Nur Kabir"),
    Demo(ME, 1, "11:00", "modifie", "es", context=SANTE, interpreter=INTERP, patient="Luis Fernández",
         priority=(INTERP,)),
    Demo(ME, 1, "14:00", "en_attente", "es", context="Santé mentale / psychiatrie", gender="femme",
         offered=(INTERP, "lucia.morales@relais.demo"), patient="Daniela Rojas"),
    Demo(ME, 3, "09:00", "nouveau", "fa", context="Demandeurs d'asile", patient="Ahmad Rahimi"),
    Demo(ME, 5, "10:00", "annule", "ti", cancel="Rendez-vous reporté par le professionnel",
         patient="Meron Alemu"),
    Demo(ME, 8, "13:00", "brouillon", "es", patient="Carlos Ramírez"),
    Demo(ME, ("next", 6), "09:00", "nouveau", "ar-SY", context=SANTE, patient="Samira Khoury"),
    Demo(ME, ("next", 14), "10:30", "en_attente", "es", offered=(INTERP, "diego.hernandez@relais.demo")),
    Demo(ME, ("next", 20), "13:00", "reserve", "ne", "video", interpreter="sita.gurung@relais.demo",
         patient="Bishnu Tamang"),
    Demo(ME, ("next", 27), "11:00", "brouillon", "zh", "telephone", patient="Li Wei"),
    Demo(COLLEGUE, ("prev", 8), "10:00", "service_ferme", "uk", interpreter="oksana.kovalenko@relais.demo",
         patient="Olena Shevchenko"),
    Demo(COLLEGUE, -3, "09:00", "annule", "es", cancel="Aucun interprète disponible"),
    Demo(COLLEGUE, 0, "11:00", "reserve", "ar-DZ", context="Urgence", interpreter="omar.belkacem@relais.demo",
         patient="Tarek Haddad"),
    Demo(COLLEGUE, 1, "10:00", "nouveau", "es", context="Fin de vie / soins palliatifs / AMM", gender="femme",
         patient="Rosa Martínez"),
    Demo(COLLEGUE, 2, "13:00", "en_attente", "ar-MA", offered=(INTERP,), patient="Fatima Zahra Alaoui"),
    Demo(COLLEGUE, 4, "09:30", "brouillon", "rw"),
    Demo(COLLEGUE, ("next", 10), "14:00", "reserve", "es", interpreter="lucia.morales@relais.demo"),
    Demo(AUTRE, ("prev", 15), "09:00", "service_ferme", "es", context="Pédiatrie",
         interpreter="diego.hernandez@relais.demo"),
    Demo(AUTRE, 0, "14:30", "en_attente", "es", context="Pédiatrie",
         offered=("diego.hernandez@relais.demo", INTERP)),
    Demo(AUTRE, 2, "10:00", "reserve", "sw", "telephone", interpreter="jeanne.uwimana@relais.demo"),
    Demo(AUTRE, ("next", 9), "13:00", "nouveau", "ar-EG", patient="Salma Mahmoud"),
    Demo("nathalie.cote@relais.demo", -4, "10:00", "service_fourni", "fa-AF",
         context="Services psychosociaux (CLSC)",
         interpreter="zahra.ahmadi@relais.demo", installation="CLSC des Faubourgs"),
    Demo("nathalie.cote@relais.demo", 6, "13:30", "reserve", "ne", interpreter="sita.gurung@relais.demo",
         installation="CLSC du Plateau-Mont-Royal", patient="Maya Rai"),
    Demo("mathieu.pelletier@relais.demo", ("prev", 3), "09:00", "service_ferme", "sw",
         context="Périnatalité / accouchement", interpreter="jeanne.uwimana@relais.demo"),
    Demo("karim.benali@relais.demo", 1, "08:00", "en_attente", "ar-IQ", offered=("ali.hassan@relais.demo",),
         patient="Ali Al-Jabouri", duration=180),
    Demo("isabelle.lavoie@relais.demo", ("next", 3), "10:00", "nouveau", "ru",
         context="Périnatalité / accouchement"),
    Demo("catherine.roy@relais.demo", -10, "16:00", "annule", "es", context="Urgence",
         cancel="Urgence clinique"),
    Demo("olivier.gauthier@relais.demo", 3, "09:00", "reserve", "ar-SD",
         context="Protection de la jeunesse (DPJ)",
         interpreter="mona.abdelrahman@relais.demo", gender="femme", patient="Mariam Abdallah",
         priority=("mona.abdelrahman@relais.demo",)),
    Demo("genevieve.morin@relais.demo", 7, "10:30", "nouveau", "ps", context="Demandeurs d'asile",
         patient="Gul Khan"),
    Demo("genevieve.morin@relais.demo", ("prev", 10), "09:00", "service_ferme", "fa-AF",
         context="Demandeurs d'asile",
         interpreter="zahra.ahmadi@relais.demo"),
)


def demo_requests_present(session: Session, people: dict[str, User]) -> bool:
    owner_ids = [people[email].id for email in people]
    query = select(Request.id).where(Request.requested_by_id.in_(owner_ids)).limit(1)
    return session.exec(query).first() is not None


def resolve_day(today: date, when) -> date:
    if isinstance(when, int):
        return today + timedelta(days=when)
    which, day = when
    first = today.replace(day=1)
    in_month = first - timedelta(days=1) if which == "prev" else first + timedelta(days=32)
    month_start = in_month.replace(day=1)
    last_day = ((month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)).day
    return month_start.replace(day=min(day, last_day))


def load_demo_requests(session: Session, people: dict[str, User], now: datetime | None = None) -> int:
    """Insert the demo requests unless the demo people already have some; returns how many."""
    if demo_requests_present(session, people):
        return 0
    now = now or utcnow()
    conn = session.connection()
    plans = _plans(session, people, now)
    allocator = NumberAllocator(conn)
    table = Request.__table__
    count = write_plans(conn, plans, now, allocator, next_id(conn, table))
    allocator.save()
    sync_sequence(conn, table)
    return count


def _email(short: str) -> str:  # the fixed accounts are named by their short name
    return short if "@" in short else f"{short}@relais.demo"


@dataclass
class _Lookups:
    now: datetime
    today: date
    people: dict[str, User]
    languages: dict[str, int]
    installations: dict[str, int]
    first_installation: dict[int, int]
    rng: random.Random

    def person(self, short: str) -> int:
        return self.people[_email(short)].id


def _plans(session: Session, people: dict[str, User], now: datetime) -> list[RequestPlan]:
    first_installation: dict[int, int] = {}
    links = (select(UserInstallation.user_id, UserInstallation.installation_id)
             .order_by(UserInstallation.installation_id))
    for user_id, installation_id in session.exec(links):
        first_installation.setdefault(user_id, installation_id)
    lookups = _Lookups(
        now=now, today=now.astimezone(TIMEZONE).date(), people=people,
        languages={lang.code: lang.id for lang in session.exec(select(Language)).all()},
        installations={inst.nom: inst.id for inst in session.exec(select(Installation)).all()},
        first_installation=first_installation, rng=random.Random("relais-demo-requests"))
    return [_plan(demo, index, lookups) for index, demo in enumerate(DEMO_REQUESTS)]


def _plan(demo: Demo, index: int, lookups: _Lookups) -> RequestPlan:
    owner = lookups.people[_email(demo.owner)]
    day = resolve_day(lookups.today, demo.when)
    at = time.fromisoformat(demo.at)
    submitted = None if demo.status == "brouillon" else min(
        local_instant(day - timedelta(days=9), time(10, 15)),
        lookups.now - timedelta(hours=3, minutes=index * 7))
    coordinator = lookups.person(COORDINATION)
    installation = demo.installation and lookups.installations[demo.installation]
    return RequestPlan(
        owner_id=owner.id, installation_id=installation or lookups.first_installation[owner.id],
        status=demo.status, service_date=day, service_time=at, duration_minutes=demo.duration,
        request_type=demo.type, source_language_id=lookups.languages["fr"],
        target_language_id=lookups.languages[demo.lang], coordinator_id=coordinator, submitted_at=submitted,
        interpreter_id=lookups.person(demo.interpreter) if demo.interpreter else None,
        offered_ids=tuple(lookups.person(who) for who in demo.offered),
        cancel_reason=demo.cancel,
        cancelled_by_id=coordinator if demo.cancel == "Aucun interprète disponible" else owner.id,
        cancelled_at=_cancelled_at(day, at, index) if demo.cancel else None,
        priority_ids=tuple(lookups.person(who) for who in demo.priority),
        details=_details(demo, owner, lookups.rng),
    )


def _cancelled_at(day: date, at: time, index: int) -> datetime:
    """Some demo cancellations come late (under 48 business hours), others well ahead."""
    return local_instant(day, at) - timedelta(hours=20 if index % 2 else 120)


def _details(demo: Demo, owner: User, rng: random.Random) -> dict:
    return {
        "location": demo_names.location(rng), "context": demo.context,
        "professional_name": f"{owner.full_name}, {rng.choice(demo_names.PROFESSIONS)}",
        "professional_contact": owner.phone,
        "priority_interpreter_type": "BI du RSSS" if demo.priority else None,
        "call_patient": rng.random() < 0.3, "reason": rng.choice(demo_names.REASONS),
        "message_to_interpreter": rng.choice(demo_names.MESSAGES) if rng.random() < 0.6 else None,
        "note_to_coordinators": rng.choice(demo_names.NOTES) if rng.random() < 0.3 else None,
        "patient_name": demo.patient or rng.choice(demo_names.PATIENT_NAMES),
        "patient_phone": demo_names.phone(rng), "preferred_gender": demo.gender,
    }
