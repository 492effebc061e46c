"""« Mon profil » (the guide's section 3): validation, saving with history, password change.

Nom, prénom, courriel, téléphone and centre de coût are required. A change of email needs the
current password and is announced to the old address. Every changed field writes a history row
(entity "user"): who, when, old and new value.
"""
from __future__ import annotations

import json

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func
from sqlmodel import select

from core.errors import AccessDenied, ValidationFailed
from core.history import record_history
from core.mail import enqueue_security_mail
from core.mail_templates import email_changed_mail, password_changed_mail
from core.auth import hash_password, verify_password
from core.passwords import check_new_password
from core.roles import is_admin
from core.sessions import revoke_sessions
from core.text_rules import TextRule, check_text, text_problem
from core.tokens import void_tokens
from db.models import Etablissement, History, Installation, User, UserInstallation
from db.types import utcnow

FIELD_LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "email": "Courriel",
    "phone": "Téléphone",
    "cost_center": "Centre de coût / unité administrative",
    "notifications_disabled": "Désactiver les notifications par courriel",
}
NAME_RULES = {  # also the names an admin gives a new account (core.accounts)
    "last_name": TextRule("Nom", 100, collapse_spaces=True),
    "first_name": TextRule("Prénom", 100, collapse_spaces=True),
}
TEXT_RULES = {**NAME_RULES,
              "cost_center": TextRule("Centre de coût / unité administrative", 120, collapse_spaces=True)}
EMAIL_RULE = TextRule("Courriel", 254)
PHONE_RULE = TextRule("Téléphone", 40)
MSG_REQUIRED = "Ce champ est obligatoire."
MSG_WRONG_PASSWORD = "Le mot de passe actuel est incorrect."


def normalise_email(raw: str | None) -> str:
    """The address in lower case, or ValidationFailed. Syntax only: no DNS lookup."""
    value = (raw or "").strip()
    if not value:
        raise ValidationFailed({"email": MSG_REQUIRED})
    if problem := text_problem(EMAIL_RULE, value):
        raise ValidationFailed({"email": problem})
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValidationFailed({"email": "Adresse courriel invalide (exemple : prenom.nom@ssss.gouv.qc.ca)."}) from None


def normalise_phone(raw: str | None) -> str:
    """A Canadian number written (514) 555-0100, with its extension if any."""
    value = (raw or "").strip()
    if not value:
        raise ValidationFailed({"phone": MSG_REQUIRED})
    if problem := text_problem(PHONE_RULE, value):
        raise ValidationFailed({"phone": problem})
    value = value.lower().replace("poste", "ext.")
    message = "Numéro de téléphone canadien invalide (exemple : 514 555-0100, poste 1234)."
    try:
        number = phonenumbers.parse(value, "CA")
    except phonenumbers.NumberParseException:
        raise ValidationFailed({"phone": message}) from None
    if not phonenumbers.is_valid_number_for_region(number, "CA"):
        raise ValidationFailed({"phone": message})
    extension = number.extension
    number.extension = None
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    formatted = f"{formatted}, poste {extension}" if extension else formatted
    if len(formatted) > PHONE_RULE.limit:
        raise ValidationFailed({"phone": message})
    return formatted


def validate_profile(data: dict) -> dict:
    """Every field checked at once; returns the normalised values or raises ValidationFailed."""
    errors: dict[str, str] = {}
    clean: dict = {}
    for name, rule in TEXT_RULES.items():
        clean[name] = check_text(rule, data.get(name), errors, name) or ""
        if not clean[name]:
            errors.setdefault(name, MSG_REQUIRED)
    for name, check in (("email", normalise_email), ("phone", normalise_phone)):
        try:
            clean[name] = check(data.get(name))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    clean["notifications_disabled"] = bool(data.get("notifications_disabled"))
    if errors:
        raise ValidationFailed(errors)
    return clean


def _check_can_edit(actor: User, user: User) -> None:
    if actor.id != user.id and not is_admin(actor):
        raise AccessDenied("Vous ne pouvez modifier que votre propre profil.")


def _email_taken(session, email: str, user: User) -> bool:
    query = select(User.id).where(func.lower(User.email) == email, User.id != user.id)
    return session.exec(query).first() is not None


def update_profile(*, session, actor: User, user: User, data: dict,
                   current_password: str | None = None) -> list[str]:
    """Saves the profile; returns the names of the changed fields (empty when nothing changed)."""
    _check_can_edit(actor, user)
    clean = validate_profile(data)
    changes = {name: [getattr(user, name), value] for name, value in clean.items()
               if getattr(user, name) != value}
    old_email = user.email
    if "email" in changes:
        if _email_taken(session, clean["email"], user):
            raise ValidationFailed({"email": "Cette adresse courriel est déjà utilisée par un autre compte."})
        if actor.id == user.id and not verify_password(user, current_password or ""):
            raise ValidationFailed({"current_password": MSG_WRONG_PASSWORD})
    if not changes:
        return []
    now = utcnow()
    for name, (_old, new) in changes.items():
        setattr(user, name, new)
        record_history(session=session, actor_id=actor.id, entity="user", entity_id=user.id,
                       action="profile_update", changes={name: changes[name]},
                       detail=FIELD_LABELS[name])
    user.updated_at = now
    session.add(user)
    if "email" in changes:
        enqueue_security_mail(session=session, user=user, to_address=old_email,
                              message=email_changed_mail(user, old_email, user.email, now))
    session.flush()
    return list(changes)


def change_password(*, session, user: User, current_password: str, new_password: str,
                    confirmation: str) -> None:
    """« Modifier le mot de passe »: the current one, then the new one twice."""
    if not verify_password(user, current_password or ""):
        raise ValidationFailed({"current_password": MSG_WRONG_PASSWORD}, MSG_WRONG_PASSWORD)
    store_password(session=session, user=user, password=new_password, confirmation=confirmation,
                   action="password_change")


def store_password(*, session, user: User, password: str, confirmation: str | None,
                   action: str) -> None:
    """Checks the policy, stores the hash, closes every session and mails a confirmation."""
    check_new_password(password, confirmation, user=user)
    now = utcnow()
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    void_tokens(session=session, user=user, purpose="reset", now=now)
    revoke_sessions(session=session, user=user, reason=action, now=now)
    enqueue_security_mail(session=session, user=user, message=password_changed_mail(user, now))


def profile_history(*, session, actor: User, user: User, limit: int = 100) -> list[dict]:
    """« Historique »: who changed which field of the profile, when, from what to what."""
    _check_can_edit(actor, user)
    query = (select(History, User).join(User, User.id == History.actor_id, isouter=True)
             .where(History.entity == "user", History.entity_id == user.id)
             .order_by(History.at.desc(), History.id.desc()).limit(limit))
    rows = []
    for entry, author in session.exec(query).all():
        old, new = (list(json.loads(entry.changes).values())[0] if entry.changes else [None, None])
        rows.append({"at": entry.at, "by": author.full_name if author else "Système",
                     "field": entry.detail or entry.action, "old": old, "new": new})
    return rows


def workplaces(*, session, user: User) -> list[tuple[str, str]]:
    """(établissement, installation) pairs of the person, read only on the profile."""
    query = (select(Etablissement.nom, Installation.nom)
             .join(Installation, Installation.etablissement_id == Etablissement.id)
             .join(UserInstallation, UserInstallation.installation_id == Installation.id)
             .where(UserInstallation.user_id == user.id)
             .order_by(Etablissement.nom, Installation.nom))
    return [tuple(row) for row in session.exec(query).all()]
