"""Accounts: an admin creates one (the person sets a password through a one-time link), and a
forgotten password is reset through a mailed link. Never a password by mail.
"""
from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from core.audit import record_auth_event
from core.errors import AccessDenied, ValidationFailed
from core.history import record_history
from core.identifiers import generate_public_id
from core.mail import enqueue_security_mail
from core.mail_templates import reset_mail, setup_mail
from core.profile import EMAIL_RULE, NAME_RULES, normalise_email, store_password
from core.roles import Role, is_admin
from core.text_rules import check_texts, text_problem
from core.passwords import check_new_password
from core.tokens import (RESET, RESET_MAILS_PER_WINDOW, SETUP, VALIDITY, InvalidToken, build_link,
                         consume_token, find_valid_token, issue_token, recent_reset_count)
from db.models import Installation, User, UserInstallation

NEUTRAL_RESET_MESSAGE = ("Si un compte correspond à cette adresse, un courriel contenant un lien de "
                         "réinitialisation vient d'y être envoyé. Consultez vos courriels; le lien "
                         "est valide 30 minutes.")


def any_account(*, session) -> bool:
    """False on a new platform: the first admin is created with `python -m db.admin create-user`."""
    return session.exec(select(User.id).limit(1)).first() is not None


def find_by_email(*, session, email: str) -> User | None:
    wanted = (email or "").strip().lower()
    if not wanted or text_problem(EMAIL_RULE, wanted):  # no account has such an address
        return None
    return session.exec(select(User).where(func.lower(User.email) == wanted)).first()


def _check_new_account(session, email: str, role: str, installation_ids) -> dict[str, str]:
    errors = {}
    if find_by_email(session=session, email=email) is not None:
        errors["email"] = "Un compte existe déjà avec cette adresse courriel."
    return {**errors, **check_role_and_installations(session, role, installation_ids)}


def check_role_and_installations(session, role: str, installation_ids) -> dict[str, str]:
    """A known role, existing installations, and at least one for a demandeur."""
    errors = {}
    if role not in {r.value for r in Role}:
        errors["role"] = "Rôle inconnu : choisissez Demandeur, Coordonnateur, Interprète ou Administrateur."
    for inst_id in installation_ids:
        if session.get(Installation, inst_id) is None:
            errors["installations"] = f"Installation introuvable (numéro {inst_id})."
    if role == Role.DEMANDEUR and not installation_ids:
        errors["installations"] = "Un demandeur doit être rattaché à au moins une installation."
    return errors


def create_account(*, session, actor: User | None, email: str, role: str, installation_ids=(),
                   first_name: str = "", last_name: str = "", is_admin_flag: bool = False) -> tuple[User, str]:
    """Creates the account and mails a one-time setup link; returns (user, link).

    `actor` is the admin, or None for the command line (the first admin of a new platform).
    """
    if actor is not None and not is_admin(actor):
        raise AccessDenied("Seuls les administrateurs peuvent créer des comptes.")
    address = normalise_email(email)
    names, errors = check_texts(NAME_RULES, {"first_name": first_name, "last_name": last_name})
    errors.update(_check_new_account(session, address, str(role), list(installation_ids)))
    if errors:
        raise ValidationFailed(errors)
    user = User(public_id=generate_public_id(session=session), email=address,
                first_name=names["first_name"] or "", last_name=names["last_name"] or "",
                role=str(role), is_admin=bool(is_admin_flag) or str(role) == Role.ADMIN)
    session.add(user)
    session.flush()
    session.add_all([UserInstallation(user_id=user.id, installation_id=i) for i in installation_ids])
    record_history(session=session, actor_id=getattr(actor, "id", None), entity="user",
                   entity_id=user.id, action="account_created", detail="Compte créé",
                   changes={"role": (None, user.role), "email": (None, user.email)})
    link = build_link(issue_token(session=session, user=user, purpose=SETUP))
    hours = int(VALIDITY[SETUP].total_seconds() // 3600)
    enqueue_security_mail(session=session, user=user, message=setup_mail(user, link, hours))
    session.flush()
    return user, link


def request_password_reset(*, session, email: str) -> str:
    """« J'ai oublié mon mot de passe »: mails a link when the address is known; always returns
    the same neutral message, so that nobody learns whether an address has an account."""
    user = find_by_email(session=session, email=email)
    if user is None or not user.is_active:
        return NEUTRAL_RESET_MESSAGE
    if recent_reset_count(session=session, user=user) >= RESET_MAILS_PER_WINDOW:
        record_auth_event(session=session, user=user, action="reset_refused",
                          detail="Trop de demandes de réinitialisation en 15 minutes")
        return NEUTRAL_RESET_MESSAGE
    link = build_link(issue_token(session=session, user=user, purpose=RESET))
    minutes = int(VALIDITY[RESET].total_seconds() // 60)
    enqueue_security_mail(session=session, user=user, message=reset_mail(user, link, minutes))
    return NEUTRAL_RESET_MESSAGE


def set_password_with_token(*, session, raw_token: str, password: str, confirmation: str) -> User:
    """The page opened from a reset or setup link: the new password, twice.

    The policy is checked before the token is used, so that a refused password keeps the link
    usable. The person then logs in normally (no automatic login; two-factor still asked).
    """
    token = find_valid_token(session=session, raw=raw_token)
    user = session.get(User, token.user_id) if token else None
    if user is None:
        raise InvalidToken()
    check_new_password(password, confirmation, user=user)
    user, purpose = consume_token(session=session, raw=raw_token)
    store_password(session=session, user=user, password=password, confirmation=confirmation,
                   action="password_reset" if purpose == RESET else "account_setup")
    return user
