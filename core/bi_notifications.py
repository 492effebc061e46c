"""Notification mails of the BI's side, queued in the outbox in the caller's transaction.

Offer → interpreter; acceptance (or confirmation by the BI) → requester, with an invitation
(.ics); refusal → coordinators; service fourni → coordinators; a service returned → its
interpreter. Each respects « Désactiver les notifications par courriel ». Mails hold no
patient data. Modification of a Réservé request and cancellation are the requester's flows
(branch `requests`, core/notifications.py: notify_request_modified, notify_request_cancelled).

Reconciliation note: once core/notifications.py (branch `requests`) is merged, its
enqueue_notification should also go through core.mail.enqueue_mail (as `enqueue` here does), and
interpreter_service.accept_offer stops calling notify_reserved (request_actions.accept then
notifies the requester itself).
"""
from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, select

from core.mail import NOTIFICATION, enqueue_mail
from core.roles import Role
from core.settings import get_settings
from core.workflow import service_start
from db.models import Installation, Language, MailOutbox, Request, User
from db.types import utcnow

SIGNATURE = "\n\n— Relais, plateforme de demandes d'interprètes de la BI du RSSS"


def enqueue(*, session: Session, to: User | None, subject: str, body: str,
            ics: str | None = None) -> MailOutbox | None:
    """One notification mail (core.mail sends it after the commit); nothing for an inactive
    person or one who turned notifications off."""
    if to is None or not to.is_active or not to.email:
        return None
    return enqueue_mail(session=session, user=to, subject=subject, body=body + SIGNATURE, ics=ics,
                        kind=NOTIFICATION)


def describe(session: Session, request: Request) -> str:
    installation = session.get(Installation, request.installation_id)
    language = session.get(Language, request.target_language_id)
    return (f"Demande : {request.number}\n"
            f"Date : {request.service_date:%Y-%m-%d} à {request.service_time:%H:%M} "
            f"({request.duration_minutes} min)\n"
            f"Lieu : {installation.nom if installation else ''} — {request.location}\n"
            f"Langue d'arrivée : {language.label if language else ''}\n\n"
            f"Consultez la demande sur la plateforme : {get_settings().app_base_url}/")


def invitation(session: Session, request: Request, interpreter: User | None) -> str:
    """An iCalendar invitation for the appointment, readable by Outlook and phones."""
    calendar = Calendar()
    calendar.add("prodid", "-//Relais//Demandes d'interprètes//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    start = service_start(request)
    event.add("uid", f"relais-demande-{request.id}@relais")
    event.add("dtstamp", utcnow())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=request.duration_minutes))
    who = f" — {interpreter.full_name}" if interpreter else ""
    event.add("summary", f"Interprète, demande {request.number}{who}")
    event.add("location", request.location)
    event.add("description", describe(session, request))
    event.add("sequence", request.version or 1)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def coordinators(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.role == Role.COORDONNATEUR, User.is_active)).all())


def notify_offered(*, session: Session, request: Request, interpreters: list[User]) -> None:
    for interpreter in interpreters:
        enqueue(session=session, to=interpreter,
                subject=f"Demande {request.number} : un mandat vous est offert",
                body="La banque d'interprètes vous offre un mandat. Acceptez-le ou refusez-le dans "
                     "« Mes mandats ».\n\n" + describe(session, request))


def notify_reserved(*, session: Session, request: Request) -> None:
    """Accepted by the interpreter or confirmed by the BI: the requester gets an invitation."""
    interpreter = session.get(User, request.assigned_interpreter_id)
    name = interpreter.full_name if interpreter else ""
    enqueue(session=session, to=session.get(User, request.requested_by_id),
            subject=f"Demande {request.number} réservée : {name}",
            body=f"Votre demande est réservée.\nInterprète : {name}\n\n" + describe(session, request),
            ics=invitation(session, request, interpreter))


def notify_confirmed_to_interpreter(*, session: Session, request: Request) -> None:
    enqueue(session=session, to=session.get(User, request.assigned_interpreter_id),
            subject=f"Demande {request.number} : mandat confirmé par la BI",
            body="La banque d'interprètes vous a confirmé ce mandat.\n\n" + describe(session, request))


def notify_refused(*, session: Session, request: Request, interpreter: User, reason: str) -> None:
    body = (f"{interpreter.full_name} a refusé la demande.\nRaison : {reason}\n"
            f"Statut : {request.status}\n\n" + describe(session, request))
    for person in coordinators(session):
        enqueue(session=session, to=person, subject=f"Demande {request.number} refusée par "
                f"{interpreter.full_name}", body=body)


def notify_service_reported(*, session: Session, request: Request, interpreter: User) -> None:
    body = (f"{interpreter.full_name} a déclaré le service fourni, de "
            f"{request.reported_start:%H:%M} à {request.reported_end:%H:%M}. Il reste à le valider "
            "(« Fermer le service ») ou à le retourner à l'interprète.\n\n" + describe(session, request))
    for person in coordinators(session):
        enqueue(session=session, to=person, subject=f"Demande {request.number} : service fourni",
                body=body)


def notify_returned(*, session: Session, request: Request) -> None:
    enqueue(session=session, to=session.get(User, request.assigned_interpreter_id),
            subject=f"Demande {request.number} : service retourné pour correction",
            body=f"La BI vous retourne le service déclaré.\nCommentaire : {request.return_comment}\n\n"
                 + describe(session, request))
