"""An admin changes an existing account: role, administrator flag, installations, active or not.

Creation, set-up links and unlocking are in core.accounts / core.throttle. A deactivated account
is signed out at its next click (its sessions are revoked). Every change leaves a history row.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, select

from core.accounts import check_role_and_installations
from core.errors import AccessDenied, ConcurrentModification, NotFound, ValidationFailed
from core.history import record_history
from core.roles import Role, is_admin
from db.models import User, UserInstallation
from db.types import utcnow


@dataclass(frozen=True)
class AccountChoice:
    id: int
    label: str
    role: str
    is_admin: bool
    is_active: bool
    installation_ids: tuple[int, ...]
    version: int


def accounts(*, session: Session) -> list[AccountChoice]:
    """Every account, by name, with what the editor shows."""
    links: dict[int, list[int]] = {}
    for user_id, installation_id in session.exec(select(UserInstallation.user_id,
                                                        UserInstallation.installation_id)).all():
        links.setdefault(user_id, []).append(installation_id)
    people = session.exec(select(User).order_by(User.last_name, User.first_name, User.id)).all()
    return [AccountChoice(u.id, f"{u.full_name or u.email} ({u.email}, {u.public_id})", u.role, u.is_admin,
                          u.is_active, tuple(sorted(links.get(u.id, []))), u.version) for u in people]


def _refuse_self_lockout(actor: User, user: User, active: bool, admin_flag: bool, role: str) -> None:
    if actor.id == user.id and (not active or not (admin_flag or role == Role.ADMIN)):
        raise ValidationFailed({"account": "Vous ne pouvez pas désactiver votre propre compte ni "
                                           "retirer vos propres droits d'administration."})


def update_account(*, session: Session, actor: User, user_id: int, role: str, admin_flag: bool,
                   installation_ids: list[int], active: bool, expected_version: int | None = None) -> User:
    if actor is None or not actor.is_active or not is_admin(actor):
        raise AccessDenied("Seuls les administrateurs peuvent modifier les comptes.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Ce compte n'existe pas.")
    if expected_version is not None and user.version != expected_version:
        raise ConcurrentModification()
    role, ids = str(role), sorted(set(installation_ids))
    errors = check_role_and_installations(session, role, ids)
    if errors:
        raise ValidationFailed(errors)
    _refuse_self_lockout(actor, user, active, admin_flag, role)
    before = {"role": user.role, "is_admin": user.is_admin, "is_active": user.is_active,
              "installations": sorted(session.exec(select(UserInstallation.installation_id)
                                                   .where(UserInstallation.user_id == user.id)).all())}
    user.role, user.is_admin, user.is_active = role, bool(admin_flag) or role == Role.ADMIN, bool(active)
    if before["is_active"] and not user.is_active:
        user.sessions_revoked_at = utcnow()  # signed out everywhere
    user.updated_at = utcnow()
    session.add(user)
    session.execute(delete(UserInstallation).where(UserInstallation.user_id == user.id))
    session.add_all([UserInstallation(user_id=user.id, installation_id=i) for i in ids])
    after = {"role": user.role, "is_admin": user.is_admin, "is_active": user.is_active, "installations": ids}
    changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if changes:
        record_history(session=session, actor_id=actor.id, entity="user", entity_id=user.id,
                       action="account_updated", changes=changes)
    session.flush()
    return user
