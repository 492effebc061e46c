"""Cookie revocation: a cookie issued before logout or password change is refused."""
from __future__ import annotations

from datetime import timedelta

from core.sessions import cookie_expiry_days, cookie_is_current, revoke_sessions, touch
from db.types import utcnow
from tests.factories import make_user


def _exp_date(issued):
    return (issued + timedelta(days=cookie_expiry_days())).timestamp()


def test_a_cookie_issued_before_logout_is_refused_a_later_one_accepted(session):
    user = make_user(session)
    issued = utcnow() - timedelta(minutes=10)
    assert cookie_is_current(user, _exp_date(issued))
    revoke_sessions(session=session, user=user)
    assert not cookie_is_current(user, _exp_date(issued))
    assert cookie_is_current(user, _exp_date(utcnow() + timedelta(seconds=1)))


def test_the_absolute_limit_refuses_an_old_cookie(session):
    user = make_user(session)
    now = utcnow()
    assert cookie_is_current(user, _exp_date(now - timedelta(hours=11, minutes=59)), now)
    assert not cookie_is_current(user, _exp_date(now - timedelta(hours=12, seconds=1)), now)


def test_a_deactivated_account_has_no_session(session):
    user = make_user(session, is_active=False)
    assert not cookie_is_current(user, _exp_date(utcnow()))


def test_a_cookie_of_a_person_idle_for_thirty_minutes_is_refused(session):
    user = make_user(session)
    now = utcnow()
    issued = now - timedelta(hours=1)
    touch(session=session, user=user, now=now - timedelta(minutes=29))
    assert cookie_is_current(user, _exp_date(issued), now)
    assert not cookie_is_current(user, _exp_date(issued), now + timedelta(minutes=2))


def test_activity_is_written_at_most_once_a_minute(session):
    user = make_user(session)
    now = utcnow()
    assert touch(session=session, user=user, now=now)
    assert not touch(session=session, user=user, now=now + timedelta(seconds=30))
    assert touch(session=session, user=user, now=now + timedelta(seconds=61))
    assert user.last_seen_at == now + timedelta(seconds=61)
