"""Reference data: the options of the filters, and their administration (admins only).

Établissements, installations, languages, and each interpreter's languages, gender and type.
Every change is validated (French messages, nothing saved on error) and leaves a history row.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlmodel import Session, select

from core.errors import AccessDenied, NotFound, ValidationFailed
from core.history import record_history
from core.roles import Role, is_admin
from core.text_rules import TextRule, check_text
from db.models import (
    Etablissement, Installation, InterpreterLanguage, InterpreterProfile, Language, RequestType, User,
)

GENDERS = {"femme": "Femme", "homme": "Homme"}
INTERPRETER_TYPES = ("BI du RSSS", "Pigiste", "Agence externe")
TOGGLABLE = {"etablissement": Etablissement, "installation": Installation, "language": Language}


@dataclass(frozen=True)
class Options:
    """Choices offered by the filters: id -> label, in display order."""

    etablissements: dict[int, str]
    installations: dict[int, str]
    languages: dict[int, str]
    request_types: dict[str, str]


def filter_options(*, session: Session) -> Options:
    etabs = session.exec(select(Etablissement).order_by(Etablissement.nom)).all()
    insts = session.exec(select(Installation).order_by(Installation.nom)).all()
    langs = session.exec(select(Language).order_by(Language.label)).all()
    kinds = session.exec(select(RequestType).order_by(RequestType.position, RequestType.label)).all()
    return Options({e.id: f"{e.nom} ({e.sigle})" for e in etabs}, {i.id: i.nom for i in insts},
                   {lang.id: lang.label for lang in langs}, {k.code: k.label for k in kinds})


def _require_admin(actor: User) -> None:
    if actor is None or not actor.is_active or not is_admin(actor):
        raise AccessDenied("Seuls les administrateurs peuvent modifier les listes de référence.")


TEXT_RULES = {  # (entity, field) -> rule; the labels of the administration forms
    ("etablissement", "nom"): TextRule("Nom de l'établissement", 200),
    ("etablissement", "sigle"): TextRule("Sigle", 20),
    ("installation", "nom"): TextRule("Nom de l'installation", 200),
    ("installation", "adresse"): TextRule("Adresse", 300),
    ("language", "code"): TextRule("Code de la langue", 20),
    ("language", "label"): TextRule("Nom de la langue", 100),
    ("language", "specialised_service"): TextRule("Service spécialisé", 200),
}


def _required(errors: dict, field: str, value: str | None, what: str, entity: str) -> str:
    """The cleaned value; « Indiquez <what>. » when empty (core.text_rules for the rest)."""
    value = _optional(errors, field, value, entity) or ""
    if not value:
        errors.setdefault(field, f"Indiquez {what}.")
    return value


def _optional(errors: dict, field: str, value: str | None, entity: str) -> str | None:
    return check_text(TEXT_RULES[(entity, field)], value, errors, field)


def _unique(session: Session, errors: dict, field: str, model, column, value: str, message: str,
            **scope) -> None:
    query = select(model).where(func.lower(column) == value.lower())
    for name, wanted in scope.items():
        query = query.where(getattr(model, name) == wanted)
    if value and field not in errors and session.exec(query).first() is not None:
        errors.setdefault(field, message)


def _saved(session: Session, actor: User, row, entity: str, action: str, detail: str):
    session.add(row)
    session.flush()
    record_history(session=session, actor_id=actor.id, entity=entity, entity_id=row.id, action=action,
                   detail=detail)
    return row


def create_etablissement(*, session: Session, actor: User, nom: str, sigle: str) -> Etablissement:
    _require_admin(actor)
    errors: dict[str, str] = {}
    nom = _required(errors, "nom", nom, "le nom de l'établissement", "etablissement")
    sigle = _required(errors, "sigle", sigle, "le sigle", "etablissement")
    _unique(session, errors, "nom", Etablissement, Etablissement.nom, nom, "Cet établissement existe déjà.")
    if errors:
        raise ValidationFailed(errors)
    return _saved(session, actor, Etablissement(nom=nom, sigle=sigle), "etablissement", "creer", nom)


def create_installation(*, session: Session, actor: User, etablissement_id: int | None, nom: str,
                        adresse: str | None = None) -> Installation:
    _require_admin(actor)
    errors: dict[str, str] = {}
    if not etablissement_id or session.get(Etablissement, etablissement_id) is None:
        errors["etablissement_id"] = "Choisissez l'établissement."
    nom = _required(errors, "nom", nom, "le nom de l'installation", "installation")
    adresse = _optional(errors, "adresse", adresse, "installation")
    _unique(session, errors, "nom", Installation, Installation.nom, nom,
            "Cette installation existe déjà dans cet établissement.", etablissement_id=etablissement_id)
    if errors:
        raise ValidationFailed(errors)
    row = Installation(etablissement_id=etablissement_id, nom=nom, adresse=adresse)
    return _saved(session, actor, row, "installation", "creer", nom)


def create_language(*, session: Session, actor: User, code: str, label: str,
                    specialised_service: str | None = None) -> Language:
    _require_admin(actor)
    errors: dict[str, str] = {}
    code = _required(errors, "code", code, "le code de la langue (ex. : ar-MA)", "language")
    label = _required(errors, "label", label, "le nom de la langue", "language")
    specialised_service = _optional(errors, "specialised_service", specialised_service, "language")
    _unique(session, errors, "code", Language, Language.code, code, "Ce code de langue existe déjà.")
    if errors:
        raise ValidationFailed(errors)
    row = Language(code=code, label=label, specialised_service=specialised_service)
    return _saved(session, actor, row, "language", "creer", f"{code} — {label}")


def set_active(*, session: Session, actor: User, kind: str, row_id: int, active: bool) -> None:
    """Deactivates (or reactivates) an établissement, an installation or a language."""
    _require_admin(actor)
    row = session.get(TOGGLABLE[kind], row_id)
    if row is None:
        raise NotFound("Cet élément n'existe pas.")
    row.active = bool(active)
    _saved(session, actor, row, kind, "activer" if active else "desactiver", getattr(row, "nom", None)
           or getattr(row, "label", ""))


def interpreter_profile(*, session: Session, interpreter_id: int) -> tuple[InterpreterProfile | None, list[int]]:
    profile = session.get(InterpreterProfile, interpreter_id)
    languages = session.exec(select(InterpreterLanguage.language_id)
                             .where(InterpreterLanguage.interpreter_id == interpreter_id)).all()
    return profile, list(languages)


def set_interpreter_profile(*, session: Session, actor: User, interpreter_id: int,
                            language_ids: list[int], gender: str, interpreter_type: str) -> None:
    """Replaces an interpreter's languages, gender and type."""
    _require_admin(actor)
    interpreter = session.get(User, interpreter_id)
    if interpreter is None or interpreter.role != Role.INTERPRETE:
        raise NotFound("Cet interprète n'existe pas.")
    errors: dict[str, str] = {}
    if gender not in GENDERS:
        errors["gender"] = "Choisissez le genre de l'interprète."
    if (interpreter_type or "").strip() not in INTERPRETER_TYPES:
        errors["interpreter_type"] = "Choisissez le type d'interprète."
    known = set(session.exec(select(Language.id).where(Language.id.in_(language_ids or [-1]))).all())
    if not language_ids or known != set(language_ids):
        errors["language_ids"] = "Choisissez au moins une langue parlée par l'interprète."
    if errors:
        raise ValidationFailed(errors)
    profile = session.get(InterpreterProfile, interpreter_id) or InterpreterProfile(user_id=interpreter_id)
    profile.gender, profile.interpreter_type = gender, interpreter_type.strip()
    session.add(profile)
    session.execute(delete(InterpreterLanguage).where(InterpreterLanguage.interpreter_id == interpreter_id))
    session.add_all([InterpreterLanguage(interpreter_id=interpreter_id, language_id=i) for i in sorted(known)])
    session.flush()
    record_history(session=session, actor_id=actor.id, entity="interpreter", entity_id=interpreter_id,
                   action="modifier", detail=f"Langues : {len(known)} ; genre : {gender} ; type : "
                   f"{interpreter_type.strip()}")


def interpreters(*, session: Session) -> dict[int, str]:
    rows = session.exec(select(User).where(User.role == Role.INTERPRETE)
                        .order_by(User.last_name, User.first_name)).all()
    return {u.id: f"{u.full_name} ({u.email})" + ("" if u.is_active else " — inactif") for u in rows}
