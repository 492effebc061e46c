"""An admin changes an account's role, installations and activity; history kept; no self-lockout."""
from __future__ import annotations

import pytest
from sqlmodel import select

from core import account_admin
from core.errors import AccessDenied, ConcurrentModification, ValidationFailed
from core.history import changed_fields
from core.roles import Role
from db.models import History, User, UserInstallation
from tests.factories import make_reference, make_user


@pytest.fixture
def world(session):
    ref = make_reference(session)
    boss = make_user(session, role=Role.ADMIN, is_admin=True)
    person = make_user(session, installations=[ref["inst_a"]])
    session.commit()
    return ref, boss, person


def test_role_installations_and_deactivation_are_saved_and_recorded(session, world):
    ref, boss, person = world
    account_admin.update_account(session=session, actor=boss, user_id=person.id, role="demandeur",
                                 admin_flag=False, installation_ids=[ref["inst_b"].id], active=False,
                                 expected_version=person.version)
    session.commit()
    stored = session.get(User, person.id)
    assert not stored.is_active and stored.sessions_revoked_at is not None
    assert session.exec(select(UserInstallation.installation_id)
                        .where(UserInstallation.user_id == person.id)).all() == [ref["inst_b"].id]
    row = session.exec(select(History).where(History.action == "account_updated")).one()
    assert changed_fields(row) == {"is_active": [True, False],
                                   "installations": [[ref["inst_a"].id], [ref["inst_b"].id]]}
    choice = next(a for a in account_admin.accounts(session=session) if a.id == person.id)
    assert choice.installation_ids == (ref["inst_b"].id,) and not choice.is_active


def test_bad_changes_are_refused_and_nothing_is_saved(session, world):
    ref, boss, person = world
    with pytest.raises(ValidationFailed) as refused:
        account_admin.update_account(session=session, actor=boss, user_id=person.id, role="demandeur",
                                     admin_flag=False, installation_ids=[], active=True)
    assert refused.value.errors == {"installations": "Un demandeur doit être rattaché à au moins une installation."}
    with pytest.raises(ValidationFailed, match="propre compte|à corriger"):
        account_admin.update_account(session=session, actor=boss, user_id=boss.id, role="admin",
                                     admin_flag=True, installation_ids=[], active=False)
    with pytest.raises(AccessDenied):
        account_admin.update_account(session=session, actor=person, user_id=person.id, role="coordonnateur",
                                     admin_flag=True, installation_ids=[], active=True)
    session.rollback()
    assert session.get(User, person.id).role == "demandeur" and session.get(User, boss.id).is_active


def test_a_stale_screen_is_refused(session, world):
    ref, boss, person = world
    shown = person.version
    account_admin.update_account(session=session, actor=boss, user_id=person.id, role="coordonnateur",
                                 admin_flag=False, installation_ids=[], active=True, expected_version=shown)
    session.commit()
    with pytest.raises(ConcurrentModification):
        account_admin.update_account(session=session, actor=boss, user_id=person.id, role="interprete",
                                     admin_flag=False, installation_ids=[], active=True, expected_version=shown)
