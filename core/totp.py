"""Two-factor authentication (« authentification sécurisée »): TOTP codes and recovery codes.

A code is accepted within ±1 time step of clock drift and never twice (the last accepted step is
stored). 8 recovery codes are shown once, stored hashed, each usable once. Mandatory for
coordonnateurs and admins outside demo mode.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
from sqlmodel import select

from core.audit import record_auth_event
from core.errors import AuthenticationFailed, RelaisError, ValidationFailed
from core.mail import enqueue_security_mail
from core.mail_templates import two_factor_changed_mail
from core.auth import LOGIN_FAILED, complete_login, record_login_event, verify_password
from core.roles import Role, is_admin
from core.settings import get_settings
from core.throttle import is_locked, register_failure
from db.models import RecoveryCode, User
from db.types import utcnow

ISSUER = "Relais"
RECOVERY_CODE_COUNT = 8
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i

MSG_LOGIN_CODE = "Code invalide. Inscrivez le code à 6 chiffres affiché dans votre application, ou un code de récupération."
MSG_BAD_CODE = "Le code est invalide ou a déjà servi. Inscrivez le code affiché dans votre application."


class InvalidCode(RelaisError):
    def __init__(self, message: str = MSG_BAD_CODE):
        super().__init__(message)


def is_required(user: User) -> bool:
    """Coordonnateurs and admins must use it, except in the demo."""
    if get_settings().demo:
        return False
    return user.role in (Role.COORDONNATEUR, Role.ADMIN) or is_admin(user)


def start_enrollment(*, session, user: User) -> str:
    """A new secret, kept but not active until confirmed with a code."""
    if user.totp_enabled:
        raise RelaisError("L'authentification sécurisée est déjà activée sur ce compte.")
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    session.add(user)
    session.flush()
    return user.totp_secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def formatted_key(secret: str) -> str:
    """The key in groups of four, for manual entry."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _normalise(code: str | None) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _matching_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step (±1 around now) whose code equals `code` and is newer than `last_step`."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _accept_code(*, session, user: User, code: str | None, now: datetime | None) -> bool:
    step = _matching_step(user.totp_secret or "", _normalise(code), user.totp_last_step, now or utcnow())
    if step is None:
        return False
    user.totp_last_step = step
    session.add(user)
    session.flush()
    return True


def confirm_enrollment(*, session, user: User, code: str, now: datetime | None = None) -> list[str]:
    """Activates two-factor with a first code; returns the recovery codes (shown once)."""
    if not user.totp_secret or user.totp_enabled:
        raise RelaisError("Recommencez la configuration de l'authentification sécurisée.")
    if not _accept_code(session=session, user=user, code=code, now=now):
        raise InvalidCode()
    user.totp_enabled = True
    session.add(user)
    codes = new_recovery_codes(session=session, user=user)
    record_auth_event(session=session, user=user, action="totp_enabled",
                      detail="Authentification sécurisée activée")
    enqueue_security_mail(session=session, user=user,
                          message=two_factor_changed_mail(user, True, utcnow()))
    return codes


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode("utf-8")).hexdigest()


def new_recovery_codes(*, session, user: User) -> list[str]:
    """Replaces the person's recovery codes with 8 new ones; returns them in clear, once."""
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all():
        session.delete(old)
    session.flush()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw)))
    session.flush()
    return codes


def _use_recovery_code(*, session, user: User, code: str | None) -> bool:
    query = select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                       RecoveryCode.code_hash == _recovery_hash(code or ""),
                                       RecoveryCode.used_at.is_(None))
    row = session.exec(query).first()
    if row is None:
        return False
    row.used_at = utcnow()
    session.add(row)
    record_auth_event(session=session, user=user, action="recovery_code_used",
                      detail="Code de récupération utilisé")
    session.flush()
    return True


def check_second_factor(*, session, user: User, code: str | None, now: datetime | None = None) -> bool:
    """A 6-digit code or a recovery code. No side effect on failure (the caller throttles)."""
    if not user.totp_enabled or not user.totp_secret:
        return False
    if _accept_code(session=session, user=user, code=code, now=now):
        return True
    return _use_recovery_code(session=session, user=user, code=code)


def complete_login_with_code(*, session, user_id: int, code: str | None) -> User:
    """The login's second step: a 6-digit code or a recovery code, or AuthenticationFailed.

    A wrong code counts as a failed login (throttling); a locked account reads the same.
    Refusals are committed before they are raised, like the password step's.
    """
    user = session.get(User, user_id)
    if user is None or not user.is_active or not user.totp_enabled:
        raise AuthenticationFailed()
    if is_locked(session=session, user=user):
        refusal = "compte verrouillé (code)"
    elif check_second_factor(session=session, user=user, code=code):
        complete_login(session=session, user=user)
        return user
    else:
        refusal = "code invalide"
        register_failure(session=session, user=user, reason="code")
    record_login_event(session=session, account=user, action=LOGIN_FAILED, detail=refusal)
    session.commit()
    raise AuthenticationFailed(MSG_LOGIN_CODE)


def disable(*, session, user: User, password: str, code: str) -> None:
    """Turns two-factor off: needs the current password and a valid code."""
    errors = {}
    if not verify_password(user, password or ""):
        errors["password"] = "Le mot de passe actuel est incorrect."
    elif not check_second_factor(session=session, user=user, code=code):
        errors["code"] = MSG_BAD_CODE
    if errors:
        raise ValidationFailed(errors, " ".join(errors.values()))
    if is_required(user):
        raise RelaisError("L'authentification sécurisée est obligatoire pour votre rôle.")
    user.totp_enabled, user.totp_secret, user.totp_last_step = False, None, None
    session.add(user)
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all():
        session.delete(old)
    record_auth_event(session=session, user=user, action="totp_disabled",
                      detail="Authentification sécurisée désactivée")
    enqueue_security_mail(session=session, user=user,
                          message=two_factor_changed_mail(user, False, utcnow()))
    session.flush()


def remaining_recovery_codes(*, session, user: User) -> int:
    query = select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    return len(session.exec(query).all())
