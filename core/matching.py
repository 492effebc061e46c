"""Ranked candidate interpreters for one request, with the reason for each rank or exclusion.

Three set-based queries whatever the number of interpreters: the interpreters (with whether
they speak the target language), the requester's « interprètes à prioriser » and offers, and
the reservations of the surrounding days (for overlaps and the week's load). Everything else
is computed in memory, so ranking 300 interpreters against 100,000 requests stays fast.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, select
from sqlmodel import Session

from core.roles import Role
from core.settings import TIMEZONE, get_settings
from core.statuses import Status
from core.workflow import service_start
from db.models import (
    InterpreterLanguage, InterpreterProfile, Language, Request, RequestOffer,
    RequestPriorityInterpreter, User,
)

# Statuses in which an interpreter's time is taken by a request.
BOOKED_STATUSES = (Status.RESERVE, Status.MODIFIE, Status.SERVICE_FOURNI, Status.SERVICE_FERME)
IN_PERSON = "presence"


@dataclass(frozen=True)
class Booking:
    """An interpreter's reservation, as needed for overlaps and weekly load."""

    request_id: int
    number: str | None
    interpreter_id: int
    day: date
    start: datetime
    end: datetime
    in_person: bool
    minutes: int


@dataclass
class Candidate:
    interpreter_id: int
    name: str
    gender: str | None
    interpreter_type: str | None
    speaks_language: bool
    gender_matches: bool | None  # None: no preference expressed
    prioritised: bool
    conflicts: list[Booking] = field(default_factory=list)
    booked_minutes_week: int = 0
    offer_status: str | None = None  # this request's offer to them, if any
    reasons: list[str] = field(default_factory=list)
    rank: int | None = None  # 1 = best; None when excluded

    @property
    def is_free(self) -> bool:
        return not self.conflicts

    @property
    def excluded(self) -> bool:
        return not self.speaks_language or not self.is_free or self.offer_status == "refusee"

    def sort_key(self) -> tuple:
        return (not self.prioritised, self.gender_matches is False, self.booked_minutes_week,
                self.name.lower(), self.interpreter_id)


def _hours(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _window(request: Request) -> tuple[datetime, datetime]:
    start = service_start(request)
    return start, start + timedelta(minutes=request.duration_minutes)


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _interpreters(session: Session, language_id: int) -> list[tuple]:
    speaks = exists().where(InterpreterLanguage.interpreter_id == User.id,
                            InterpreterLanguage.language_id == language_id)
    statement = (select(User.id, User.first_name, User.last_name, InterpreterProfile.gender,
                        InterpreterProfile.interpreter_type, speaks.label("speaks"))
                 .outerjoin(InterpreterProfile, InterpreterProfile.user_id == User.id)
                 .where(User.role == Role.INTERPRETE, User.is_active))
    return list(session.execute(statement).all())


def _priorities_and_offers(session: Session, request_id: int) -> tuple[set[int], dict[int, str]]:
    priorities = set(session.execute(select(RequestPriorityInterpreter.interpreter_id).where(
        RequestPriorityInterpreter.request_id == request_id)).scalars())
    offers = dict(session.execute(select(RequestOffer.interpreter_id, RequestOffer.status).where(
        RequestOffer.request_id == request_id)).all())
    return priorities, offers


def bookings_between(*, session: Session, first_day: date, last_day: date,
                     exclude_request_id: int | None = None) -> list[Booking]:
    """Every reservation held by an interpreter between two local dates (one indexed query)."""
    statement = (select(Request.id, Request.number, Request.assigned_interpreter_id,
                        Request.service_date, Request.service_time, Request.duration_minutes,
                        Request.request_type)
                 .where(Request.service_date.between(first_day, last_day),
                        Request.status.in_([str(s) for s in BOOKED_STATUSES]),
                        Request.assigned_interpreter_id.is_not(None)))
    if exclude_request_id is not None:
        statement = statement.where(Request.id != exclude_request_id)
    bookings = []
    for rid, number, interpreter_id, day, at, minutes, kind in session.execute(statement):
        start = datetime.combine(day, at, tzinfo=TIMEZONE)
        bookings.append(Booking(rid, number, interpreter_id, day, start,
                                start + timedelta(minutes=minutes), kind == IN_PERSON, minutes))
    return bookings


def overlaps(request: Request, booking: Booking, buffer_minutes: int) -> bool:
    """True when the two services cannot both be done: they overlap, or leave less than the
    travel buffer between them when either is in person."""
    start, end = _window(request)
    gap = timedelta(minutes=buffer_minutes if (booking.in_person or request.request_type == IN_PERSON)
                    else 0)
    return start < booking.end + gap and booking.start < end + gap


def _gender_reason(candidate: Candidate, preferred: str | None) -> str | None:
    if not preferred:
        return None
    if candidate.gender_matches:
        return f"Genre souhaité ({preferred})"
    return f"Genre différent de celui souhaité ({preferred})"


def _conflict_reason(booking: Booking, buffer_minutes: int, request: Request) -> str:
    local = booking.start.astimezone(TIMEZONE)
    end = booking.end.astimezone(local.tzinfo)
    travel = (f", {buffer_minutes} min de déplacement compris"
              if buffer_minutes and (booking.in_person or request.request_type == IN_PERSON) else "")
    return (f"Non disponible : déjà réservé(e) pour la demande {booking.number or booking.request_id} "
            f"le {local:%Y-%m-%d} de {local:%H:%M} à {end:%H:%M}{travel}")


def _explain(candidate: Candidate, *, request: Request, language: str, buffer_minutes: int) -> None:
    reasons = candidate.reasons
    if not candidate.speaks_language:
        reasons.append(f"Exclu : ne parle pas la langue demandée ({language})")
    else:
        reasons.append(f"Parle {language}")
    gender = _gender_reason(candidate, request.preferred_gender)
    if gender:
        reasons.append(gender)
    if candidate.prioritised:
        reasons.append("Nommé(e) « à prioriser » par le demandeur")
    if candidate.offer_status == "refusee":
        reasons.append("Exclu : a déjà refusé cette demande")
    elif candidate.offer_status == "ouverte":
        reasons.append("Offre déjà envoyée, en attente de réponse")
    for booking in candidate.conflicts:
        reasons.append(_conflict_reason(booking, buffer_minutes, request))
    if candidate.is_free:
        reasons.append("Disponible à cette heure")
    reasons.append(f"{_hours(candidate.booked_minutes_week)} déjà réservées cette semaine")


def rank_candidates(*, session: Session, request: Request,
                    buffer_minutes: int | None = None) -> list[Candidate]:
    """Eligible interpreters first, best first (rank 1), then the excluded ones with why.

    Order among the eligible: named « à prioriser », then the preferred gender, then the fewest
    hours already booked in the week (Monday to Sunday) of the service, then the name.
    """
    if buffer_minutes is None:
        buffer_minutes = get_settings().travel_buffer_minutes
    language = session.get(Language, request.target_language_id)
    language_label = language.label if language else "?"
    priorities, offers = _priorities_and_offers(session, request.id)
    monday, sunday = _week_of(request.service_date)
    bookings = bookings_between(session=session, first_day=min(monday, request.service_date - timedelta(days=1)),
                                last_day=max(sunday, request.service_date + timedelta(days=1)),
                                exclude_request_id=request.id)
    by_interpreter: dict[int, list[Booking]] = {}
    for booking in bookings:
        by_interpreter.setdefault(booking.interpreter_id, []).append(booking)
    candidates = []
    for uid, first, last, gender, kind, speaks in _interpreters(session, request.target_language_id):
        own = by_interpreter.get(uid, [])
        candidate = Candidate(
            interpreter_id=uid, name=f"{first} {last}".strip(), gender=gender, interpreter_type=kind,
            speaks_language=bool(speaks),
            gender_matches=(gender == request.preferred_gender) if request.preferred_gender else None,
            prioritised=uid in priorities, offer_status=offers.get(uid),
            conflicts=[b for b in own if overlaps(request, b, buffer_minutes)],
            booked_minutes_week=sum(b.minutes for b in own if monday <= b.day <= sunday))
        _explain(candidate, request=request, language=language_label, buffer_minutes=buffer_minutes)
        candidates.append(candidate)
    return _ordered(candidates)


def _ordered(candidates: list[Candidate]) -> list[Candidate]:
    eligible = sorted((c for c in candidates if not c.excluded), key=Candidate.sort_key)
    excluded = sorted((c for c in candidates if c.excluded),
                      key=lambda c: (not c.speaks_language, c.name.lower(), c.interpreter_id))
    for position, candidate in enumerate(eligible, start=1):
        candidate.rank = position
    return eligible + excluded
