"""Notification mails of the BI's side, queued in the outbox in the caller's transaction.

Offer → interpreter; confirmation by the BI → the interpreter; refusal → coordinators; service
fourni → coordinators; a service returned → its interpreter. The others live in
core/notifications.py: acceptance or confirmation → requester with an .ics
(notify_requester_accepted, also sent by request_actions.accept), modification of a Réservé
request → interpreter, cancellation → interpreters and coordinators. Each respects « Désactiver
les notifications par courriel » and holds no patient data.
"""
from __future__ import annotations

from sqlmodel import Session, select

from core.notifications import enqueue_notification
from core.roles import Role
from core.settings import get_settings
from db.models import Installation, Language, MailOutbox, Request, User


def enqueue(*, session: Session, to: User | None, subject: str, body: str,
            ics: str | None = None) -> MailOutbox | None:
    """One notification mail, through the requests' single entry point (opt-out respected, sent
    by core.mail after the commit)."""
    return enqueue_notification(session=session, to=to, subject=subject, body=body, ics=ics)


def describe(session: Session, request: Request) -> str:
    installation = session.get(Installation, request.installation_id)
    language = session.get(Language, request.target_language_id)
    return (f"Demande : {request.number}\n"
            f"Date : {request.service_date:%Y-%m-%d} à {request.service_time:%H:%M} "
            f"({request.duration_minutes} min)\n"
            f"Lieu : {installation.nom if installation else ''} — {request.location}\n"
            f"Langue d'arrivée : {language.label if language else ''}\n\n"
            f"Consultez la demande sur la plateforme : {get_settings().app_base_url}/")


def coordinators(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.role == Role.COORDONNATEUR, User.is_active)).all())


def notify_offered(*, session: Session, request: Request, interpreters: list[User]) -> None:
    for interpreter in interpreters:
        enqueue(session=session, to=interpreter,
                subject=f"Demande {request.number} : un mandat vous est offert",
                body="La banque d'interprètes vous offre un mandat. Acceptez-le ou refusez-le dans "
                     "« Mes mandats ».\n\n" + describe(session, request))


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
