"""Login: find the account, check the password, audit the attempt, trust a login cookie.

No Streamlit here. The steps of `authenticate` are separate functions so that the accounts issue
can add throttling, a second factor and cookie revocation beside them without rewriting them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import bcrypt
import jwt
from sqlalchemy import func, or_
from sqlmodel import Session, select

from core.errors import AuthenticationFailed, ValidationFailed
from core.history import record_history
from core.roles import is_admin
from core.sessions import cookie_is_current, touch
from core.text_rules import TextRule, text_problem
from core.throttle import is_locked, register_failure, register_success
from db.models import Etablissement, Installation, User, UserInstallation
from db.types import utcnow

BCRYPT_COST = 12
BCRYPT_MAX_BYTES = 72
# Checked when no account matches, so that an unknown login costs as much time as a known one.
_DUMMY_HASH = b"$2b$12$WfuGvibvB.sihj.WTzhrgOphuj5.pnIeA5ok10.0yRsIUWXA7aura"

AUDIT_ENTITY = "auth"
LOGIN_SUCCEEDED = "connexion_reussie"
LOGIN_FAILED = "connexion_echouee"
PASSWORD_ACCEPTED = "mot_de_passe_accepte"  # two-factor: the code is asked next
LOGIN_RULE = TextRule("Courriel ou identifiant", 254)


# --- passwords ---------------------------------------------------------------------------------

def hash_password(password: str) -> str:
    encoded = password.encode("utf-8")
    if len(encoded) > BCRYPT_MAX_BYTES:
        raise ValidationFailed({"password": "Le mot de passe est trop long (72 octets au plus, "
                                            "les lettres accentuées comptent double)."})
    return bcrypt.hashpw(encoded, bcrypt.gensalt(rounds=BCRYPT_COST)).decode("ascii")


def verify_password(user: User | None, password: str) -> bool:
    """True when `password` matches the user's hash. Without a usable hash, a dummy check runs."""
    stored = user.password_hash.encode("ascii") if user is not None and user.password_hash else None
    encoded = password.encode("utf-8")
    usable = stored is not None and len(encoded) <= BCRYPT_MAX_BYTES
    try:
        matches = bcrypt.checkpw(encoded[:BCRYPT_MAX_BYTES], stored if usable else _DUMMY_HASH)
    except ValueError:  # a malformed stored hash is a refusal, never a crash
        return False
    return usable and matches


# --- accounts ----------------------------------------------------------------------------------

def _account_for_login(session: Session, login: str) -> User | None:
    """The account whose email or public ID is `login` (case-insensitive), active or not."""
    wanted = (login or "").strip().lower()
    if not wanted or text_problem(LOGIN_RULE, wanted):  # no account has such a login
        return None
    query = select(User).where(or_(func.lower(User.email) == wanted,
                                   func.lower(User.public_id) == wanted))
    return session.exec(query).first()


def find_user_by_login(*, session: Session, login: str) -> User | None:
    """The active account whose email or « Identifiant (ID) » is `login`, ignoring case."""
    user = _account_for_login(session, login)
    return user if user is not None and user.is_active else None


# --- login -------------------------------------------------------------------------------------

def _refusal_reason(account: User | None, password_ok: bool) -> str | None:
    """Why a login is refused, for the audit only; the person always reads the same message."""
    if account is None:
        return "compte inconnu"
    if not password_ok:
        return "mot de passe invalide"
    if not account.is_active:
        return "compte inactif"
    return None


def _lock_reason(session: Session, account: User | None) -> str | None:
    """A locked account is refused even with the right password (same message, same time)."""
    if account is not None and is_locked(session=session, user=account):
        return "compte verrouillé"
    return None


def record_login_event(*, session: Session, account: User | None, action: str,
                       detail: str | None = None) -> None:
    """An audit row. It never holds a password, nor the text typed as login (it may be one)."""
    succeeded = action == LOGIN_SUCCEEDED
    record_history(session=session, actor_id=account.id if account is not None and succeeded else None,
                   entity=AUDIT_ENTITY, entity_id=account.id if account else None, action=action,
                   detail=detail)


@dataclass(frozen=True)
class PasswordCheck:
    """The slow half of a login: the account found and its hash checked (bcrypt, ~0.2 s)."""
    account_id: int | None
    password_hash: str | None
    password_ok: bool


def check_password(*, session: Session, login: str, password: str) -> PasswordCheck:
    """Reads only: the caller may do it in a read session, so that no write lock is held while the
    hash is computed (with SQLite, every other writer would wait for it; 20 logins at once made
    them wait past the busy timeout: « database is locked »)."""
    account = _account_for_login(session, login)
    return PasswordCheck(account.id if account is not None else None,
                         account.password_hash if account is not None else None,
                         verify_password(account, password))


def authenticate(*, session: Session, login: str, password: str) -> User:
    """The active account for this login and password, or AuthenticationFailed (both halves)."""
    return finish_login(session=session, check=check_password(session=session, login=login, password=password))


def finish_login(*, session: Session, check: PasswordCheck) -> User:
    """The account of a password check, or AuthenticationFailed; audits and throttles the attempt.

    When the account uses two-factor authentication (`totp_enabled`), the login is not complete
    yet: the caller asks for the code (core.totp.complete_login_with_code) before signing in.
    Five failures in 15 minutes lock the account (core.throttle); a locked account reads the same.
    A password changed since the check refuses it (the check was of the old hash).

    A refusal is committed before it is raised, so that its audit row survives the caller's
    rollback. Unknown account, wrong password and inactive account read the same.
    """
    account = session.get(User, check.account_id) if check.account_id is not None else None
    password_ok = check.password_ok and account is not None and account.password_hash == check.password_hash
    refusal = _lock_reason(session, account) or _refusal_reason(account, password_ok)
    if refusal is not None:
        record_login_event(session=session, account=account, action=LOGIN_FAILED, detail=refusal)
        if account is not None and not password_ok:
            register_failure(session=session, user=account, reason="mot de passe")
        session.commit()
        raise AuthenticationFailed()
    if account.totp_enabled:  # the login completes with core.totp.complete_login_with_code
        record_login_event(session=session, account=account, action=PASSWORD_ACCEPTED,
                           detail="code à 6 chiffres demandé")
        return account
    complete_login(session=session, user=account)
    return account


def complete_login(*, session: Session, user: User) -> None:
    """Password (and code, when enabled) accepted: failures cleared, activity noted, audited."""
    register_success(session=session, user=user)
    touch(session=session, user=user)
    record_login_event(session=session, account=user, action=LOGIN_SUCCEEDED)


# --- login cookie ------------------------------------------------------------------------------

def decode_login_token(token: str, cookie_key: str) -> dict | None:
    """The claims of a login cookie signed with `cookie_key` (HS256), or None if not genuine."""
    try:
        claims = jwt.decode(token, cookie_key, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None
    return claims if isinstance(claims, dict) else None


def user_for_login_token(*, session: Session, token: str, cookie_key: str,
                         now: datetime | None = None) -> User | None:
    """The active account a login cookie vouches for, or None.

    The cookie is streamlit-authenticator's JWT `{username, exp_date}`; `username` holds the
    person's public ID.
    """
    claims = decode_login_token(token, cookie_key)
    if claims is None:
        return None
    username, expires = claims.get("username"), claims.get("exp_date")
    if not isinstance(username, str) or not isinstance(expires, (int, float)):
        return None
    if expires <= (now or utcnow()).timestamp():
        return None
    user = session.exec(select(User).where(func.lower(User.public_id) == username.lower())).first()
    if user is None or not user.is_active:
        return None
    # Revoked on logout and password change; idle and absolute limits (core.sessions).
    return user if cookie_is_current(user, expires, now) else None


# --- who is signed in --------------------------------------------------------------------------

@dataclass(frozen=True)
class SignedInPerson:
    """What every page needs to know about the person using it."""

    id: int
    public_id: str
    full_name: str
    email: str
    role: str
    is_admin: bool
    etablissements: tuple[str, ...]

    @property
    def etablissement_label(self) -> str:
        return ", ".join(self.etablissements) or "Banque d'interprètes (BI)"


def _etablissement_names(session: Session, user_id: int) -> tuple[str, ...]:
    query = (select(Etablissement.nom).distinct()
             .join(Installation, Installation.etablissement_id == Etablissement.id)
             .join(UserInstallation, UserInstallation.installation_id == Installation.id)
             .where(UserInstallation.user_id == user_id)
             .order_by(Etablissement.nom))
    return tuple(session.exec(query).all())


def signed_in_person(*, session: Session, user_id: int) -> SignedInPerson | None:
    """The signed-in person, read afresh; None once the account is gone or deactivated."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    return SignedInPerson(id=user.id, public_id=user.public_id, full_name=user.full_name,
                          email=user.email, role=user.role, is_admin=is_admin(user),
                          etablissements=_etablissement_names(session, user.id))
