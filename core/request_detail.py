"""One request as its reader may see it: every field in French, attachments, history, actions.

The reader's visibility decides what is included (no « Note aux coordonnateurs » nor history
for a colleague); the page shows what it gets and offers only `actions`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from core.access import Visibility, get_request_for
from core.attachments import attachments_for
from core.history import changed_fields, history_of
from core.request_form import GENDERS
from core.statuses import status_badge
from core.workflow import Action, actions_for
from db.models import (
    Attachment, History, Installation, Language, Request, RequestPriorityInterpreter, RequestType, User,
)

FIELD_LABELS = {
    "installation_id": "Installation", "location": "Lieu de rendez-vous",
    "request_type": "Type de demande", "service_date": "Date du service",
    "service_time": "Heure du service", "flexible_start": "Plage flexible – début",
    "flexible_end": "Plage flexible – fin", "duration_minutes": "Durée (minutes)",
    "source_language_id": "Langue de départ", "target_language_id": "Langue d'arrivée",
    "context": "Contexte", "context_detail": "Précisions sur le contexte",
    "professional_name": "Nom et fonction du professionnel",
    "professional_contact": "Coordonnées du professionnel",
    "priority_interpreter_type": "Type d'interprète à prioriser",
    "interpretes_a_prioriser": "Interprètes à prioriser",
    "call_patient": "L'interprète doit appeler l'usager pour l'aviser du rendez-vous",
    "reason": "Raison de la demande", "message_to_interpreter": "Message à l'interprète",
    "note_to_coordinators": "Note aux coordonnateurs", "patient_name": "Nom de l'usager",
    "patient_phone": "Téléphone de l'usager", "patient_info": "Autres informations",
    "preferred_gender": "Genre de l'interprète souhaité",
    "pieces_jointes_ajoutees": "Pièces jointes ajoutées",
}
ACTION_WORDS = {"creer": "Création", "soumettre": "Transmission à la BI"}


@dataclass
class RequestDetail:
    request: Request
    seen: Visibility
    sections: dict[str, list[tuple[str, str]]]
    attachments: list[Attachment] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Demande {self.request.number or '(brouillon)'} — {status_badge(self.request.status)}"


def _name(session: Session, model, key, attribute: str) -> str:
    row = session.get(model, key) if key is not None else None
    return getattr(row, attribute) if row else "—"


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if hasattr(value, "strftime"):
        return value.strftime("%H:%M") if not hasattr(value, "year") else value.strftime("%Y-%m-%d")
    return str(value)


def _priority_names(session: Session, request: Request) -> str:
    names = session.exec(select(User).join(RequestPriorityInterpreter,
                                           RequestPriorityInterpreter.interpreter_id == User.id)
                         .where(RequestPriorityInterpreter.request_id == request.id)).all()
    return ", ".join(u.full_name for u in names) or "—"


def _sections(session: Session, request: Request, seen: Visibility) -> dict[str, list[tuple[str, str]]]:
    r = request
    details = [
        ("Statut", status_badge(r.status)), ("Numéro", r.number or "—"),
        ("Installation", _name(session, Installation, r.installation_id, "nom")),
        ("Lieu de rendez-vous", r.location),
        ("Type de demande", _name(session, RequestType, r.request_type, "label")),
        ("Date du service", _text(r.service_date)), ("Heure du service", _text(r.service_time)),
        ("Plage d'heure flexible", f"{_text(r.flexible_start)} à {_text(r.flexible_end)}"
         if r.flexible_start else "—"),
        ("Durée", f"{r.duration_minutes // 60} h {r.duration_minutes % 60:02d}"),
        ("Langue de départ", _name(session, Language, r.source_language_id, "label")),
        ("Langue d'arrivée", _name(session, Language, r.target_language_id, "label")),
        ("Contexte", " — ".join(x for x in (r.context, r.context_detail) if x) or "—"),
        ("Nom et fonction du professionnel", _text(r.professional_name)),
        ("Coordonnées du professionnel", _text(r.professional_contact)),
        ("Interprètes à prioriser", _priority_names(session, r)),
        ("Interprète assigné", _name(session, User, r.assigned_interpreter_id, "full_name")),
        (FIELD_LABELS["call_patient"], _text(r.call_patient)),
        ("Raison de la demande", _text(r.reason)),
        ("Message à l'interprète", _text(r.message_to_interpreter)),
    ]
    if seen.note_to_coordinators:
        details.append(("Note aux coordonnateurs", _text(r.note_to_coordinators)))
    if r.reported_start:
        details.append(("Service déclaré par l'interprète",
                        f"de {r.reported_start:%H:%M} à {r.reported_end:%H:%M}"))
        details.append(("Note de l'interprète", _text(r.report_note)))
    if r.cancel_global_reason:
        details.append(("Raison d'annulation", f"{r.cancel_global_reason} — {r.cancel_detailed_reason}"
                        + (" (tardive, facturable)" if r.late_cancellation else "")))
    patient = [("Nom de l'usager", _text(r.patient_name)), ("Téléphone", _text(r.patient_phone)),
               ("Autres informations", _text(r.patient_info)),
               ("Genre de l'interprète souhaité", GENDERS.get(r.preferred_gender or "", "Aucune préférence"))]
    requester = session.get(User, r.requested_by_id)
    asked_by = [("Demandé par", requester.full_name), ("Courriel", requester.email),
                ("Téléphone", _text(requester.phone)), ("Centre de coût", _text(requester.cost_center))]
    return {"Détails de la demande": details, "Détails du patient": patient, "Demandé par": asked_by}


def _history_rows(session: Session, rows: list[History]) -> list[dict]:
    out = []
    for row in rows:
        changes = changed_fields(row)
        out.append({
            "Quand": row.at, "Qui": _name(session, User, row.actor_id, "full_name"),
            "Action": ACTION_WORDS.get(row.action, row.action.capitalize()),
            "Statut": f"{status_badge(row.from_status) if row.from_status else '—'} → "
                      f"{status_badge(row.to_status) if row.to_status else '—'}",
            "Champs modifiés": ", ".join(FIELD_LABELS.get(k, k) for k in changes) or (row.detail or ""),
        })
    return out


def request_detail(*, session: Session, request_id: int, user: User) -> RequestDetail:
    """Everything this person may see of the request; AccessDenied/NotFound otherwise."""
    request, seen = get_request_for(session=session, request_id=request_id, user=user)
    detail = RequestDetail(request=request, seen=seen, sections=_sections(session, request, seen))
    if seen.attachments:
        detail.attachments = attachments_for(session=session, request_id=request.id, user=user)
    if seen.history:
        detail.history = _history_rows(session, history_of(session=session, entity="request",
                                                           entity_id=request.id))
    if not seen.read_only:
        detail.actions = actions_for(session=session, request=request, user=user)
    return detail
