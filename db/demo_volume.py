"""A realistic volume of requests for benchmarks (`python -m db.seed --demo --requests N`).

Languages weighted as the BI's most requested languages (2025), dates over about twelve months
before and after today, statuses that fit the date. Rows go in by chunks (one transaction each,
SQLAlchemy Core), so that memory stays bounded and 100,000 requests take seconds.
"""
from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from core.roles import Role
from core.settings import TIMEZONE
from db import demo_names
from db.demo_population import Population, ensure_volume_people, load_population
from db.demo_rows import NumberAllocator, RequestPlan, local_instant, next_id, sync_sequence, write_plans
from db.models import CancellationReason, Context, Language, Request
from db.reference_data import reference
from db.types import utcnow

CHUNK = 10_000
ARABIC_SHARES = {"ar-MA": 4.0, "ar-DZ": 3.0, "ar-SY": 2.5, "ar-EG": 1.5, "ar-LB": 1.5, "ar-IQ": 1.2,
                 "ar-TN": 1.0, "ar-SD": 0.6, "ar-001": 0.4, "ar-YE": 0.3}  # 16 % in all
NAMED_SHARES = {"es": 36.0, "sw": 9.0, "ne": 8.0, "rhg": 4.0, **ARABIC_SHARES}
NOT_TARGETS = {"fr", "en", "fcs"}  # source languages; LSQ goes to a specialised service
TYPES = {"presence": 60, "telephone": 20, "video": 13, "message": 4, "traduction": 3}
FUTURE_SHARE, FUTURE_DECAY_DAYS, PAST_DAYS, FUTURE_DAYS = 0.14, 60.0, 365, 365
# Statuses by how far the service date is from today: (upper bound of the offset, weights).
STATUS_BANDS = (
    (-15, {"service_ferme": 82, "annule": 15, "service_fourni": 2, "reserve": 1}),
    (-1, {"service_ferme": 40, "service_fourni": 35, "annule": 15, "reserve": 10}),
    (0, {"reserve": 65, "en_attente": 10, "modifie": 5, "nouveau": 5, "annule": 15}),
    (14, {"reserve": 55, "en_attente": 18, "nouveau": 10, "modifie": 4, "annule": 10, "brouillon": 3}),
    (FUTURE_DAYS, {"reserve": 30, "en_attente": 25, "nouveau": 30, "modifie": 2, "annule": 8,
                   "brouillon": 5}),
)
NEEDS_INTERPRETER = {"reserve", "modifie", "service_fourni", "service_ferme"}


def language_weights(codes: dict[str, int]) -> dict[int, float]:
    """Language id -> weight (%): the named shares, the remaining 27 % spread with a long tail."""
    rest = [item["code"] for item in reference()["languages"]
            if item["code"] not in NAMED_SHARES and item["code"] not in NOT_TARGETS and item["code"] in codes]
    tail = [1 / (rank + 2) for rank in range(len(rest))]
    remaining = 100.0 - sum(NAMED_SHARES.values())
    weights = {codes[code]: share for code, share in NAMED_SHARES.items() if code in codes}
    weights.update({codes[code]: remaining * w / sum(tail) for code, w in zip(rest, tail)})
    return weights


class Generator:
    """Plans requests one by one from a seeded random generator (reproducible)."""

    def __init__(self, conn, population: Population, weights: dict[int, float], rng: random.Random,
                 now: datetime):
        self.population, self.rng, self.now = population, rng, now
        self.today = now.astimezone(TIMEZONE).date()
        self.languages, self.language_weights = list(weights), list(weights.values())
        self.codes = dict(conn.execute(select(Language.code, Language.id)).all())
        contexts = conn.execute(select(Context.label, Context.sensitive)).all()
        self.contexts, self.sensitive = [c for c, _ in contexts], {c for c, s in contexts if s}
        reasons = conn.execute(select(CancellationReason.label, CancellationReason.side)).all()
        self.reasons = {side: [label for label, s in reasons if s == side] for side in ("demandeur", "bi")}
        self.status_choices = [(bound, list(w), list(w.values())) for bound, w in STATUS_BANDS]

    def offset(self) -> int:
        rng = self.rng
        while True:
            future = rng.random() < FUTURE_SHARE
            days = int(rng.expovariate(1 / FUTURE_DECAY_DAYS)) if future else -rng.randint(1, PAST_DAYS)
            weekend = (self.today + timedelta(days=days)).weekday() >= 5
            if days <= FUTURE_DAYS and (not weekend or rng.random() < 0.05):
                return days

    def status(self, days: int) -> str:
        for bound, statuses, weights in self.status_choices:
            if days <= bound:
                return self.rng.choices(statuses, weights=weights)[0]
        raise AssertionError(days)

    def plan(self) -> RequestPlan:
        rng = self.rng
        days = self.offset()
        day = self.today + timedelta(days=days)
        status = self.status(days)
        owner_id, installation_id = rng.choice(self.population.requesters)
        target = rng.choices(self.languages, weights=self.language_weights)[0]
        request_type = rng.choices(list(TYPES), weights=list(TYPES.values()))[0]
        at = time_of_day(rng)
        context = rng.choice(self.contexts) if rng.random() < 0.75 else None
        gender = self._preferred_gender(context)
        submitted = None if status == "brouillon" else self._submitted(day, at)
        plan = RequestPlan(
            owner_id=owner_id, installation_id=installation_id, status=status, service_date=day,
            service_time=at,
            duration_minutes=duration(request_type, rng), request_type=request_type,
            source_language_id=self.codes["fr"] if rng.random() < 0.9 else self.codes["en"],
            target_language_id=target, coordinator_id=rng.choice(self.population.coordinators),
            submitted_at=submitted, details=self._details(context, gender))
        self._staff(plan, gender)
        return plan

    def _preferred_gender(self, context: str | None) -> str | None:
        chance = 0.35 if context in self.sensitive else 0.03
        if self.rng.random() >= chance:
            return None
        return "femme" if self.rng.random() < 0.7 else "homme"

    def _submitted(self, day: date, at) -> datetime:
        lead = timedelta(days=1 + int(self.rng.expovariate(1 / 12)), minutes=self.rng.randrange(600))
        return min(local_instant(day, at) - lead, self.now - timedelta(minutes=self.rng.randrange(5, 600)))

    def _staff(self, plan: RequestPlan, gender: str | None) -> None:
        """Interpreters of the target language (of the preferred gender when there is one)."""
        candidates = self.population.interpreters_by_language.get(plan.target_language_id, [])
        matching = [who for who, g in candidates if gender in (None, g)] or [who for who, _ in candidates]
        if plan.status in NEEDS_INTERPRETER or plan.status == "en_attente":
            if not matching:  # nobody speaks it: still waiting, or cancelled by the BI if past
                plan.status = "nouveau" if plan.service_date >= self.today else "annule"
                plan.cancel_reason = self.reasons["bi"][0] if plan.status == "annule" else None
            elif plan.status == "en_attente":
                how_many = min(len(matching), self.rng.randint(1, 3))
                plan.offered_ids = tuple(self.rng.sample(matching, how_many))
            else:
                plan.interpreter_id = self.rng.choice(matching)
        if plan.status == "annule":
            self._cancel(plan)

    def _cancel(self, plan: RequestPlan) -> None:
        rng = self.rng
        side = "bi" if rng.random() < 0.15 else "demandeur"
        plan.cancel_reason = plan.cancel_reason or rng.choice(self.reasons[side])
        plan.cancelled_by_id = plan.coordinator_id if side == "bi" else plan.owner_id
        before = timedelta(hours=rng.choice((2, 20, 30, 72, 120, 240)))
        start = local_instant(plan.service_date, plan.service_time)
        plan.cancelled_at = max(start - before, plan.submitted_at)

    def _details(self, context: str | None, gender: str | None) -> dict:
        rng = self.rng
        return {
            "location": demo_names.location(rng), "context": context, "preferred_gender": gender,
            "professional_name": demo_names.professional(rng), "professional_contact": demo_names.phone(rng),
            "call_patient": rng.random() < 0.25, "reason": rng.choice(demo_names.REASONS),
            "message_to_interpreter": rng.choice(demo_names.MESSAGES) if rng.random() < 0.4 else None,
            "note_to_coordinators": rng.choice(demo_names.NOTES) if rng.random() < 0.15 else None,
            "patient_name": rng.choice(demo_names.PATIENT_NAMES), "patient_phone": demo_names.phone(rng),
        }


def time_of_day(rng: random.Random):
    minutes = 8 * 60 + 15 * rng.randrange(33)  # 08:00 to 16:00, by quarter hours
    return (datetime(2000, 1, 1) + timedelta(minutes=minutes)).time()


def duration(request_type: str, rng: random.Random) -> int:
    if request_type == "message":
        return rng.choice((15, 15, 30))
    if request_type == "traduction":
        return rng.choice((60, 90, 120))
    return rng.choice((120, 120, 120, 180, 240))


def load_volume(engine: Engine, *, target: int, seed: int, progress=lambda message: None) -> dict:
    """Top the requests up to `target` in all; returns what was added."""
    started = time.perf_counter()
    with engine.begin() as conn:
        existing = conn.execute(select(func.count()).select_from(Request)).scalar()
        rng = random.Random(f"{seed}-{existing}")
        weights = language_weights(dict(conn.execute(select(Language.code, Language.id)).all()))
        people = ensure_volume_people(conn, target, weights, rng)
        population = load_population(conn)
    progress(f"Personnes de volume ajoutées : {sum(people.values())}.")
    added, now = 0, utcnow()
    while existing + added < target:
        size = min(CHUNK, target - existing - added)
        with engine.begin() as conn:
            generator = Generator(conn, population, weights, rng, now)
            allocator = NumberAllocator(conn)
            added += write_plans(conn, [generator.plan() for _ in range(size)], now, allocator,
                                 next_id(conn, Request.__table__))
            allocator.save()
            sync_sequence(conn, Request.__table__)
        done = f"{existing + added:,} / {target:,}".replace(",", " ")
        progress(f"Demandes : {done} ({time.perf_counter() - started:.1f} s)")
    return {"users": sum(people.values()), "interpreters": people.get(Role.INTERPRETE, 0),
            "requests": added, "total": existing + added}
