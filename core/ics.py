"""Calendar invitations (.ics) for an accepted request, readable by Outlook and phones."""
from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event

from core.workflow import service_start
from db.models import Request
from db.types import utcnow


def invitation(*, request: Request, summary: str, location: str, description: str,
               cancelled: bool = False) -> str:
    """An iCalendar text with one event for the appointment (METHOD:CANCEL when cancelled)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Relais//Demandes d'interprètes//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"relais-demande-{request.id}@relais")
    event.add("dtstamp", utcnow())
    start = service_start(request)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=request.duration_minutes))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("sequence", request.version or 1)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
