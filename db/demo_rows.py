"""Turn a planned demo request into coherent rows: the request, its offers and its history.

Shared by the small demo set and the volume generator, which insert the rows in bulk (SQLAlchemy
Core, explicit ids). A request's timeline follows the workflow of DESIGN.md: soumettre, offrir,
accepter, then modifier / annuler / déclarer le service fourni / fermer.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection

from core.settings import TIMEZONE
from core.workflow import Action
from db.models import History, Request, RequestCounter, RequestOffer, RequestPriorityInterpreter
from db.reference_data import cancellation_global_reason

ENTITY = "request"
LATE_CANCELLATION_BUSINESS_HOURS = 48


@dataclass
class RequestPlan:
    owner_id: int
    installation_id: int
    status: str
    service_date: date
    service_time: time
    duration_minutes: int
    request_type: str
    source_language_id: int
    target_language_id: int
    coordinator_id: int
    submitted_at: datetime | None  # None for a draft
    interpreter_id: int | None = None  # assigned (reserve and after)
    offered_ids: tuple[int, ...] = ()  # open offers (en_attente)
    cancel_reason: str | None = None
    cancelled_by_id: int | None = None
    cancelled_at: datetime | None = None
    priority_ids: tuple[int, ...] = ()  # « Interprètes à prioriser »
    details: dict = field(default_factory=dict)  # other Request columns (location, patient, ...)


def local_instant(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TIMEZONE).astimezone(timezone.utc)


def business_hours_between(start: datetime, end: datetime) -> float:
    """Hours from `start` to `end` that fall on weekdays (local time); stops counting past 48."""
    hours, cursor = 0.0, start.astimezone(TIMEZONE)
    end = end.astimezone(TIMEZONE)
    while cursor < end and hours < LATE_CANCELLATION_BUSINESS_HOURS:
        next_midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0), tzinfo=TIMEZONE)
        step_end = min(end, next_midnight)
        if cursor.weekday() < 5:
            hours += (step_end - cursor).total_seconds() / 3600
        cursor = step_end
    return hours


class Timeline:
    """The history of one request, each event after the previous one and never in the future."""

    def __init__(self, request_id: int, now: datetime):
        self.request_id, self.now, self.rows, self.last = request_id, now, [], None

    def add(self, action, actor_id, from_status, to_status, at, *, detail=None, changes=None) -> datetime:
        at = min(at, self.now)
        at = max(at, self.last) if self.last else at
        self.last = at
        self.rows.append({"at": at, "actor_id": actor_id, "entity": ENTITY, "entity_id": self.request_id,
                          "action": str(action), "from_status": from_status, "to_status": to_status,
                          "changes": json.dumps(changes, ensure_ascii=False) if changes else None,
                          "detail": detail})
        return at


def build_rows(plan: RequestPlan, request_id: int, number: str | None, now: datetime):
    """(request row, offer rows, history rows) for one planned request."""
    start = local_instant(plan.service_date, plan.service_time)
    timeline = Timeline(request_id, now)
    offers: list[dict] = []
    row = _request_row(plan, request_id, number, now)
    if plan.submitted_at is not None:
        _walk(plan, timeline, offers, row, start)
    row["updated_at"] = timeline.last or row["created_at"]
    for offer in offers:
        offer["request_id"] = request_id
    return row, offers, timeline.rows


def _walk(plan: RequestPlan, timeline: Timeline, offers: list, row: dict, start: datetime) -> None:
    status = plan.status
    timeline.add(Action.SOUMETTRE, plan.owner_id, "brouillon", "nouveau", plan.submitted_at,
                 detail=f"Numéro {row['number']}")
    if status == "annule":
        _cancel(plan, timeline, row, start)
        return
    if status == "nouveau":
        return
    offered_at = timeline.add(Action.OFFRIR, plan.coordinator_id, "nouveau", "en_attente",
                              plan.submitted_at + timedelta(hours=2))
    if status == "en_attente":
        offers.extend(_offer(who, offered_at) for who in plan.offered_ids)
        return
    accepted_at = timeline.add(Action.ACCEPTER, plan.interpreter_id, "en_attente", "reserve",
                               offered_at + timedelta(hours=3))
    offers.append(_offer(plan.interpreter_id, offered_at, "acceptee", accepted_at))
    if status == "modifie":
        _modify(plan, timeline, accepted_at)
    elif status in ("service_fourni", "service_ferme"):
        _report(plan, timeline, row, start)


def _offer(interpreter_id: int, at: datetime, status="ouverte", responded=None) -> dict:
    return {"request_id": None, "interpreter_id": interpreter_id, "status": status,
            "refusal_reason": None, "created_at": at, "responded_at": responded}


def _modify(plan: RequestPlan, timeline: Timeline, accepted_at: datetime) -> None:
    earlier = (datetime.combine(plan.service_date, plan.service_time) - timedelta(minutes=30)).time()
    timeline.add(Action.MODIFIER, plan.owner_id, "reserve", "modifie", accepted_at + timedelta(days=1),
                 changes={"service_time": [earlier.isoformat(), plan.service_time.isoformat()]})


def _cancel(plan: RequestPlan, timeline: Timeline, row: dict, start: datetime) -> None:
    at = timeline.add(Action.ANNULER, plan.cancelled_by_id or plan.owner_id, "nouveau", "annule",
                      plan.cancelled_at or plan.submitted_at + timedelta(days=1))
    late = business_hours_between(at, start) < LATE_CANCELLATION_BUSINESS_HOURS
    global_reason = cancellation_global_reason()
    row.update(cancel_global_reason=global_reason, cancel_detailed_reason=plan.cancel_reason, cancelled_at=at,
               late_cancellation=late)
    timeline.rows[-1]["detail"] = (f"{global_reason} — {plan.cancel_reason}"
                                   + (" (annulation tardive, facturable)" if late else ""))


def _report(plan: RequestPlan, timeline: Timeline, row: dict, start: datetime) -> None:
    late_minutes = timeline.request_id % 3 * 5  # some services start a little late
    begin = (datetime.combine(plan.service_date, plan.service_time) + timedelta(minutes=late_minutes))
    end = begin + timedelta(minutes=plan.duration_minutes)
    row.update(reported_start=begin.time(), reported_end=end.time(),
               report_note="Service rendu comme prévu.")
    declared = timeline.add(Action.DECLARER_SERVICE, plan.interpreter_id, "reserve", "service_fourni",
                            start + timedelta(minutes=plan.duration_minutes + 45),
                            detail=f"De {begin:%H:%M} à {end:%H:%M}")
    if plan.status == "service_ferme":
        timeline.add(Action.FERMER, plan.coordinator_id, "service_fourni", "service_ferme",
                     declared + timedelta(days=1))


def _request_row(plan: RequestPlan, request_id: int, number: str | None, now: datetime) -> dict:
    created = (plan.submitted_at or now - timedelta(days=1)) - timedelta(minutes=7)
    row = {column: None for column in OPTIONAL_COLUMNS}
    row.update(plan.details)
    row.update(
        id=request_id, number=number, status=plan.status, installation_id=plan.installation_id,
        requested_by_id=plan.owner_id, request_type=plan.request_type, service_date=plan.service_date,
        service_time=plan.service_time, duration_minutes=plan.duration_minutes,
        source_language_id=plan.source_language_id, target_language_id=plan.target_language_id,
        assigned_interpreter_id=plan.interpreter_id if plan.status not in ("nouveau", "en_attente", "annule",
                                                                           "brouillon") else None,
        call_patient=bool(plan.details.get("call_patient")), late_cancellation=False,
        created_at=created, submitted_at=plan.submitted_at, version=1,
    )
    return row


OPTIONAL_COLUMNS = (
    "location", "flexible_start", "flexible_end", "context", "context_detail", "professional_name",
    "professional_contact", "priority_interpreter_type", "reason", "message_to_interpreter",
    "note_to_coordinators", "patient_name", "patient_phone", "patient_info", "preferred_gender",
    "cancel_global_reason", "cancel_detailed_reason", "cancelled_at", "reported_start", "reported_end",
    "report_note", "return_comment",
)


class NumberAllocator:
    """Request numbers « YYYY-NNNNNN » continuing each year's RequestCounter, saved back at the end."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.last = dict(conn.execute(select(RequestCounter.year, RequestCounter.last)).all())
        self.known = set(self.last)

    def next(self, submitted_at: datetime) -> str:
        year = submitted_at.astimezone(TIMEZONE).year
        self.last[year] = self.last.get(year, 0) + 1
        return f"{year}-{self.last[year]:06d}"

    def save(self) -> None:
        table = RequestCounter.__table__
        for year, last in self.last.items():
            if year in self.known:
                self.conn.execute(table.update().where(table.c.year == year).values(last=last))
            else:
                self.conn.execute(table.insert().values(year=year, last=last))
                self.known.add(year)


def next_id(conn: Connection, table) -> int:
    return (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1


def sync_sequence(conn: Connection, table) -> None:
    """After inserting explicit ids, PostgreSQL's sequence must move past them."""
    if conn.dialect.name == "postgresql":
        # The table name comes from the models' metadata, never from input.
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                          f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"))  # nosec B608


def write_plans(conn: Connection, plans: list[RequestPlan], now: datetime, allocator: NumberAllocator,
                first_id: int) -> int:
    """Insert the planned requests with ids from `first_id`, numbered in order of submission."""
    plans.sort(key=lambda plan: plan.submitted_at or now)
    requests, offers, history, priorities = [], [], [], []
    for offset, plan in enumerate(plans):
        number = allocator.next(plan.submitted_at) if plan.submitted_at else None
        request, request_offers, request_history = build_rows(plan, first_id + offset, number, now)
        requests.append(request)
        offers.extend(request_offers)
        history.extend(request_history)
        priorities.extend({"request_id": request["id"], "interpreter_id": who} for who in plan.priority_ids)
    conn.execute(insert(Request.__table__), requests)
    for table, rows in ((RequestOffer, offers), (History, history), (RequestPriorityInterpreter, priorities)):
        if rows:
            conn.execute(insert(table.__table__), rows)
    return len(plans)
