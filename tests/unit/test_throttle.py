"""Login throttling in the database: 5 failures in 15 minutes lock for 15 minutes."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from core.throttle import is_locked, locked_until, register_failure, register_success, unlock
from db.models import History, LoginThrottle
from db.types import utcnow
from tests.factories import make_user


def _fail(session, user, times, start, step=timedelta(minutes=1)):
    locked = False
    for i in range(times):
        locked = register_failure(session=session, user=user, now=start + i * step)
    return locked


def test_five_failures_within_the_window_lock_for_fifteen_minutes(session):
    user = make_user(session)
    start = utcnow()
    assert not _fail(session, user, 4, start)
    assert not is_locked(session=session, user=user, now=start + timedelta(minutes=4))
    assert register_failure(session=session, user=user, now=start + timedelta(minutes=5))
    until = locked_until(session=session, user=user, now=start + timedelta(minutes=5))
    assert until == start + timedelta(minutes=20)


def test_the_lock_survives_a_new_database_session(engine, session):
    user = make_user(session)
    _fail(session, user, 5, utcnow() - timedelta(minutes=5))
    session.commit()
    with Session(engine) as fresh:  # a reload or a restart reads the same table
        assert is_locked(session=fresh, user=fresh.get(type(user), user.id))


def test_failures_spread_beyond_the_window_do_not_lock(session):
    user = make_user(session)
    start = utcnow()
    assert not _fail(session, user, 8, start, step=timedelta(minutes=4))


def test_the_lock_lifts_by_itself(session):
    user = make_user(session)
    start = utcnow()
    _fail(session, user, 5, start)
    assert is_locked(session=session, user=user, now=start + timedelta(minutes=18))
    assert not is_locked(session=session, user=user, now=start + timedelta(minutes=19, seconds=1))
    # after expiry the counter starts again: one more failure does not lock
    assert not register_failure(session=session, user=user, now=start + timedelta(minutes=20))


def test_settings_change_the_limits(session, monkeypatch):
    from core.settings import reset_settings_cache

    monkeypatch.setenv("RELAIS_LOGIN_MAX_FAILURES", "2")
    monkeypatch.setenv("RELAIS_LOGIN_LOCK_MINUTES", "60")
    reset_settings_cache()
    user = make_user(session)
    start = utcnow()
    assert _fail(session, user, 2, start)
    assert is_locked(session=session, user=user, now=start + timedelta(minutes=59))


def test_two_factor_failures_count_too(session):
    user = make_user(session)
    start = utcnow()
    _fail(session, user, 3, start)
    locked = False
    for i in range(2):
        locked = register_failure(session=session, user=user, reason="code", now=start + timedelta(minutes=3 + i))
    assert locked


def test_success_clears_the_count(session):
    user = make_user(session)
    start = utcnow()
    _fail(session, user, 4, start)
    register_success(session=session, user=user)
    assert not register_failure(session=session, user=user, now=start + timedelta(minutes=5))


def test_unlock_lifts_early_and_is_audited(session):
    admin = make_user(session, role="admin", is_admin=True)
    user = make_user(session)
    _fail(session, user, 5, utcnow())
    assert is_locked(session=session, user=user)
    assert unlock(session=session, user=user, actor=admin)
    assert not is_locked(session=session, user=user)
    assert session.get(LoginThrottle, user.id).failures == 0
    rows = session.exec(select(History).where(History.entity == "auth", History.entity_id == user.id)).all()
    actions = [row.action for row in rows]
    assert actions.count("lock") == 1
    assert [row.actor_id for row in rows if row.action == "unlock"] == [admin.id]


def test_admins_list_locked_accounts_others_may_not_unlock(session):
    import pytest

    from core.errors import AccessDenied
    from core.throttle import locked_accounts

    admin = make_user(session, role="admin", is_admin=True)
    user, other = make_user(session), make_user(session)
    _fail(session, user, 5, utcnow())
    assert [u.id for u, _ in locked_accounts(session=session, actor=admin)] == [user.id]
    with pytest.raises(AccessDenied):
        locked_accounts(session=session, actor=other)
    with pytest.raises(AccessDenied):
        unlock(session=session, user=user, actor=other)
    assert is_locked(session=session, user=user)
