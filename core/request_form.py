"""The request form of the guide's section 4, and its validation.

`RequestForm` holds what the person typed; `validate_form` returns the French messages keyed by
field (`errors` block the save, `warnings` do not) and the cleaned values to store. Nothing
here writes: services call it before touching the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timezone

import phonenumbers
from sqlmodel import Session, select

from core.access import installation_ids_of
from core.roles import Role
from core.settings import TIMEZONE
from core.text_rules import TextRule, check_text
from db.models import Context, InterpreterLanguage, Language, RequestType, User

PRIORITY_INTERPRETER_TYPE = "BI du RSSS"
GENDERS = {"femme": "Femme", "homme": "Homme"}
MIN_DURATION, MAX_DURATION, DURATION_STEP = 15, 8 * 60, 15
ARABIC_ADVICE = ("Lorsque la demande concerne l'arabe, il faut choisir la langue précise, car la "
                 "langue arabe varie selon le pays (ex. : arabe (Maroc), arabe (Syrie)).")
REQUIRED = {
    "installation_id": "Choisissez l'installation pour laquelle vous avez besoin du service.",
    "location": "Indiquez le lieu de rendez-vous.",
    "request_type": "Choisissez le type de demande.",
    "service_date": "Indiquez la date du service.",
    "service_time": "Indiquez l'heure du service.",
    "duration_minutes": "Indiquez la durée du service.",
    "source_language_id": "Choisissez la langue de départ (celle du professionnel).",
    "target_language_id": "Choisissez la langue d'arrivée (celle de l'usager).",
}
TEXT_RULES = {  # the form's free texts, with the labels of the screen (core.text_rules)
    "location": TextRule("Lieu de rendez-vous", 300),
    "context_detail": TextRule("Précisions sur le contexte", 500),
    "professional_name": TextRule("Nom et fonction du professionnel", 200),
    "professional_contact": TextRule("Coordonnées du professionnel", 200),
    "reason": TextRule("Raison de la demande", 1000, multiline=True),
    "message_to_interpreter": TextRule("Message à l'interprète", 2000, multiline=True),
    "note_to_coordinators": TextRule("Note aux coordonnateurs", 2000, multiline=True),
    "patient_name": TextRule("Nom de l'usager", 200),
    "patient_phone": TextRule("Téléphone de l'usager", 40),
    "patient_info": TextRule("Autres informations", 2000, multiline=True),
}
MAX_LENGTHS = {name: rule.limit for name, rule in TEXT_RULES.items()}


@dataclass
class RequestForm:
    """Every field of « Nouvelle demande » / « Modifier »; ids refer to reference rows."""

    installation_id: int | None = None
    location: str = ""
    request_type: str | None = None
    service_date: date | None = None
    service_time: time | None = None
    flexible_start: time | None = None
    flexible_end: time | None = None
    duration_minutes: int | None = None
    source_language_id: int | None = None
    target_language_id: int | None = None
    context: str | None = None
    context_detail: str = ""
    professional_name: str = ""
    professional_contact: str = ""
    priority_interpreter_type: str | None = None
    priority_interpreter_ids: list[int] = field(default_factory=list)
    call_patient: bool = False
    reason: str = ""
    message_to_interpreter: str = ""
    note_to_coordinators: str = ""
    patient_name: str = ""
    patient_phone: str = ""
    patient_info: str = ""
    preferred_gender: str | None = None


# Columns of Request the form writes (everything but the priority interpreters' list).
REQUEST_FIELDS = tuple(f.name for f in fields(RequestForm) if f.name != "priority_interpreter_ids")


@dataclass
class FormCheck:
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    values: dict = field(default_factory=dict)  # cleaned Request columns
    priority_interpreter_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_required(form: RequestForm, check: FormCheck) -> None:
    for name, message in REQUIRED.items():
        value = getattr(form, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            check.errors[name] = message


def _check_texts(form: RequestForm, check: FormCheck) -> None:
    """Length, hidden controls and normalisation of every free text (core.text_rules)."""
    for name, rule in TEXT_RULES.items():
        check.values[name] = check_text(rule, getattr(form, name), check.errors, name)


def _check_when(form: RequestForm, check: FormCheck, now: datetime) -> None:
    if form.service_date is None or form.service_time is None:
        return
    start = datetime.combine(form.service_date, form.service_time, tzinfo=TIMEZONE)
    if start <= now:
        field_name = "service_date" if form.service_date < now.astimezone(TIMEZONE).date() else "service_time"
        check.errors[field_name] = "La date et l'heure du service ne peuvent pas être dans le passé."
    _check_flexible_range(form, check)


def _check_flexible_range(form: RequestForm, check: FormCheck) -> None:
    start, end = form.flexible_start, form.flexible_end
    if start is None and end is None:
        return
    if start is None or end is None:
        check.errors["flexible_start" if start is None else "flexible_end"] = (
            "Indiquez le début et la fin de la plage d'heure flexible, ou laissez-la vide.")
    elif end <= start:
        check.errors["flexible_end"] = "La fin de la plage flexible doit être après son début."
    elif not start <= form.service_time <= end:
        check.errors["flexible_start"] = "L'heure du service doit se trouver dans la plage flexible."


def duration_warning(*, session: Session, request_type: str | None, minutes: int | None) -> str | None:
    """The non-blocking warning when the duration is below the BI's billed minimum for the type."""
    kind = session.get(RequestType, request_type) if request_type else None
    if kind and kind.minimum_minutes and minutes and minutes < kind.minimum_minutes:
        hours = kind.minimum_minutes // 60
        return (f"La BI facture au minimum {hours} heures pour une « {kind.label} » : "
                f"la durée facturée sera de {hours} heures.")
    return None


def _check_duration(session: Session, form: RequestForm, check: FormCheck) -> None:
    minutes = form.duration_minutes
    if minutes is None:
        return
    if not MIN_DURATION <= minutes <= MAX_DURATION or minutes % DURATION_STEP:
        check.errors["duration_minutes"] = ("La durée se donne par tranches de 15 minutes, "
                                            "de 15 minutes à 8 heures.")
        return
    warning = duration_warning(session=session, request_type=form.request_type, minutes=minutes)
    if warning:
        check.warnings["duration_minutes"] = warning


def _check_request_type(session: Session, form: RequestForm, check: FormCheck) -> None:
    if form.request_type and session.get(RequestType, form.request_type) is None:
        check.errors["request_type"] = "Ce type de demande n'existe pas."


def language_problem(language: Language | None) -> str | None:
    """Why this language cannot be chosen for a request, or None."""
    if language is None or not language.active:
        return "Cette langue n'est pas offerte."
    primary, _, variant = language.code.strip().lower().partition("-")
    if primary == "ar" and not variant or language.label.strip().lower() == "arabe":
        return ARABIC_ADVICE
    if language.specialised_service:
        return (f"La {language.label} relève d'un service spécialisé : "
                f"{language.specialised_service}. Adressez votre demande à ce service.")
    return None


def _check_languages(session: Session, form: RequestForm, check: FormCheck) -> None:
    for name in ("source_language_id", "target_language_id"):
        language_id = getattr(form, name)
        if language_id is not None:
            problem = language_problem(session.get(Language, language_id))
            if problem:
                check.errors[name] = problem
    if form.source_language_id and form.source_language_id == form.target_language_id:
        check.errors["target_language_id"] = ("La langue d'arrivée (celle de l'usager) doit être "
                                              "différente de la langue de départ.")


def _check_installation(session: Session, actor: User, form: RequestForm, check: FormCheck) -> None:
    if form.installation_id is None:
        return
    if actor.role == Role.DEMANDEUR and form.installation_id not in installation_ids_of(
            session=session, user=actor):
        check.errors["installation_id"] = "Choisissez une des installations où vous travaillez."


def _check_choices(session: Session, form: RequestForm, check: FormCheck) -> None:
    if form.context and session.exec(select(Context).where(Context.label == form.context)).first() is None:
        check.errors["context"] = "Choisissez un contexte de la liste."
    if form.preferred_gender and form.preferred_gender not in GENDERS:
        check.errors["preferred_gender"] = "Choisissez « Femme », « Homme » ou aucune préférence."


def normalise_phone(raw: str) -> str | None:
    """A Canadian (or international) phone number in a standard form; None when invalid."""
    try:
        number = phonenumbers.parse(raw, "CA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 1
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def _check_phone(form: RequestForm, check: FormCheck) -> None:
    raw = (form.patient_phone or "").strip()
    if raw and "patient_phone" not in check.errors:
        formatted = normalise_phone(raw)
        if formatted is None:
            check.errors["patient_phone"] = "Numéro de téléphone invalide (ex. : 514 555-0123)."
        else:
            check.values["patient_phone"] = formatted


def interpreters_for_language(*, session: Session, language_id: int) -> list[User]:
    """Active interpreters who have this language (« Interprètes à prioriser »)."""
    statement = (select(User).join(InterpreterLanguage, InterpreterLanguage.interpreter_id == User.id)
                 .where(InterpreterLanguage.language_id == language_id, User.is_active,
                        User.role == Role.INTERPRETE)
                 .order_by(User.last_name, User.first_name))
    return list(session.exec(statement).all())


def _check_priorities(session: Session, form: RequestForm, check: FormCheck) -> None:
    ids = list(dict.fromkeys(form.priority_interpreter_ids or []))
    chosen_type = (form.priority_interpreter_type or "").strip()
    if chosen_type and chosen_type != PRIORITY_INTERPRETER_TYPE or ids and not chosen_type:
        check.errors["priority_interpreter_type"] = f"Choisissez le type « {PRIORITY_INTERPRETER_TYPE} »."
        return
    if not ids:
        return
    allowed = {u.id for u in interpreters_for_language(
        session=session, language_id=form.target_language_id)} if form.target_language_id else set()
    if not set(ids) <= allowed:
        check.errors["priority_interpreter_ids"] = ("Choisissez des interprètes de la BI qui "
                                                    "parlent la langue d'arrivée.")
    check.priority_interpreter_ids = ids


def _cleaned_values(form: RequestForm) -> dict:
    values = {name: (getattr(form, name) or "").strip() or None if isinstance(getattr(form, name), str)
              else getattr(form, name) for name in REQUEST_FIELDS}
    values["call_patient"] = bool(form.call_patient)
    if not form.priority_interpreter_ids and not values["priority_interpreter_type"]:
        values["priority_interpreter_type"] = None
    return values


def validate_form(*, session: Session, actor: User, form: RequestForm,
                  now: datetime | None = None) -> FormCheck:
    """Every rule of the form; `errors` keyed by field, in French."""
    now = now or datetime.now(timezone.utc)
    check = FormCheck(values=_cleaned_values(form))
    _check_required(form, check)
    _check_texts(form, check)
    _check_request_type(session, form, check)
    _check_when(form, check, now)
    _check_duration(session, form, check)
    _check_languages(session, form, check)
    _check_installation(session, actor, form, check)
    _check_choices(session, form, check)
    _check_phone(form, check)
    _check_priorities(session, form, check)
    return check


def form_from_request(request, priority_ids: list[int]) -> RequestForm:
    """The form pre-filled with a stored request (« Modifier », « Dupliquer »)."""
    values = {name: getattr(request, name) for name in REQUEST_FIELDS}
    for name, value in values.items():
        if value is None and name in MAX_LENGTHS:
            values[name] = ""
    return RequestForm(**values, priority_interpreter_ids=list(priority_ids))
