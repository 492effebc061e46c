"""Notification mails about requests, queued in the outbox (MailOutbox) in the caller's transaction.

Every mail goes through `enqueue_notification`, then core.mail (kind "notification", which
respects « Désactiver les notifications par courriel »; delivered after the commit). Mails hold
no patient information: the number, when, where, the language, and a link to the platform.
"""
from __future__ import annotations

from sqlmodel import Session, select

from core.ics import invitation
from core.mail import NOTIFICATION, enqueue_mail
from core.roles import Role
from core.settings import get_settings
from core.statuses import Status
from db.models import Installation, Language, MailOutbox, Request, RequestOffer, RequestType, User

SIGNATURE = "\n\n— Relais, plateforme de demandes d'interprètes de la BI du RSSS"


def enqueue_notification(*, session: Session, to: User, subject: str, body: str,
                         ics: str | None = None) -> MailOutbox | None:
    """Queues one notification mail; nothing when the person turned notifications off."""
    if to is None or not to.is_active or not to.email:
        return None
    return enqueue_mail(session=session, user=to, subject=subject, body=body + SIGNATURE,
                        kind=NOTIFICATION, ics=ics)


def _summary(session: Session, request: Request) -> dict[str, str]:
    installation = session.get(Installation, request.installation_id)
    language = session.get(Language, request.target_language_id)
    kind = session.get(RequestType, request.request_type)
    return {
        "numero": request.number or "(brouillon)",
        "quand": f"{request.service_date:%Y-%m-%d} à {request.service_time:%H:%M} "
                 f"({request.duration_minutes} min)",
        "ou": f"{installation.nom if installation else ''} — {request.location}",
        "langue": language.label if language else "",
        "type": kind.label if kind else request.request_type,
        "lien": f"{get_settings().app_base_url}/",
    }


def _describe(info: dict[str, str]) -> str:
    return (f"Demande : {info['numero']}\nDate : {info['quand']}\nLieu : {info['ou']}\n"
            f"Langue d'arrivée : {info['langue']}\nType : {info['type']}\n\n"
            f"Consultez la demande sur la plateforme : {info['lien']}")


def interpreters_concerned(*, session: Session, request: Request) -> list[User]:
    """The interpreters with an open offer on this request, and the one it is reserved for."""
    ids = set(session.exec(select(RequestOffer.interpreter_id).where(
        RequestOffer.request_id == request.id, RequestOffer.status == "ouverte")).all())
    if request.assigned_interpreter_id:
        ids.add(request.assigned_interpreter_id)
    return list(session.exec(select(User).where(User.id.in_(ids))).all()) if ids else []


def _coordinators(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.role == Role.COORDONNATEUR, User.is_active)).all())


def notify_request_modified(*, session: Session, request: Request) -> None:
    """A Réservé request was modified: its interpreter must accept or refuse it again."""
    if request.status != Status.MODIFIE or not request.assigned_interpreter_id:
        return
    info = _summary(session, request)
    enqueue_notification(
        session=session, to=session.get(User, request.assigned_interpreter_id),
        subject=f"Demande {info['numero']} modifiée : à accepter ou refuser de nouveau",
        body="La demande que vous aviez acceptée a été modifiée par le demandeur. "
             "Allez l'accepter ou la refuser de nouveau.\n\n" + _describe(info))


def notify_request_cancelled(*, session: Session, request: Request, interpreters: list[User]) -> None:
    """Cancelled by the requester: the interpreter(s) concerned and the coordinators are told."""
    info = _summary(session, request)
    late = ("\nAnnulation tardive (moins de 48 heures ouvrables) : facturable."
            if request.late_cancellation else "")
    body = (f"La demande a été annulée.\nRaison : {request.cancel_global_reason} — "
            f"{request.cancel_detailed_reason}{late}\n\n" + _describe(info))
    for person in {u.id: u for u in interpreters + _coordinators(session)}.values():
        enqueue_notification(session=session, to=person,
                             subject=f"Demande {info['numero']} annulée", body=body)


def notify_requester_accepted(*, session: Session, request: Request) -> None:
    """An interpreter accepted: the requester gets the confirmation and an invitation (.ics)."""
    info = _summary(session, request)
    interpreter = (session.get(User, request.assigned_interpreter_id)
                   if request.assigned_interpreter_id else None)
    who = f"Interprète : {interpreter.full_name}\n" if interpreter else ""
    ics = invitation(request=request, summary=f"Interprète {info['langue']} — demande {info['numero']}",
                     location=info["ou"], description=_describe(info))
    enqueue_notification(session=session, to=session.get(User, request.requested_by_id),
                         subject=f"Demande {info['numero']} réservée : un interprète a accepté",
                         body=f"Un interprète a accepté votre demande.\n{who}\n" + _describe(info),
                         ics=ics)


def notify_requester_cancelled_by_bi(*, session: Session, request: Request) -> None:
    """The BI cancelled the request: the requester is told why, with a calendar cancellation."""
    info = _summary(session, request)
    ics = invitation(request=request, summary=f"ANNULÉ — demande {info['numero']}",
                     location=info["ou"], description=_describe(info), cancelled=True)
    enqueue_notification(session=session, to=session.get(User, request.requested_by_id),
                         subject=f"Demande {info['numero']} annulée par la BI",
                         body=(f"La BI a annulé votre demande.\nRaison : {request.cancel_global_reason}"
                               f" — {request.cancel_detailed_reason}\n\n" + _describe(info)),
                         ics=ics)
