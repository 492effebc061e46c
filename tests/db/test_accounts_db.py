"""Account rules on both databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
timestamps compared in the database, the lock, single-use tokens, concurrent mail senders."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core.settings import PROJECT_ROOT
from core.throttle import is_locked, register_failure
from core.tokens import InvalidToken, consume_token, issue_token
from db.models import MailOutbox
from db.types import utcnow
from tests.factories import make_user
from tests.smtp_sink import smtp_sink  # noqa: F401  (fixture)


def test_lock_and_token_expiry_on_this_database(any_engine):
    with Session(any_engine, expire_on_commit=False) as session:
        user = make_user(session)
        start = utcnow()
        for i in range(5):
            register_failure(session=session, user=user, now=start + timedelta(minutes=i))
        raw = issue_token(session=session, user=user, purpose="reset", now=start)
        session.commit()
    with Session(any_engine) as session:
        user = session.get(type(user), user.id)
        assert is_locked(session=session, user=user, now=start + timedelta(minutes=18))
        assert not is_locked(session=session, user=user, now=start + timedelta(minutes=20))
        with pytest.raises(InvalidToken):
            consume_token(session=session, raw=raw, now=start + timedelta(minutes=31))
        assert consume_token(session=session, raw=raw, now=start + timedelta(minutes=29))[0].id == user.id


SENDER = ("import sys; from db.engine import build_engine; from core.mail import deliver_pending; "
          "deliver_pending(engine=build_engine(sys.argv[1]))")


def test_senders_in_several_processes_deliver_each_mail_once(any_engine, smtp_sink):
    """The app's background sender and `python -m db.admin send-mail` may run at the same time:
    each mail is claimed by one sender only."""
    with Session(any_engine) as session:
        user = make_user(session)
        for n in range(8):
            session.add(MailOutbox(to_address=user.email, subject=f"Avis {n}", body="…"))
        session.commit()
    url = any_engine.url.render_as_string(hide_password=False)
    senders = [subprocess.Popen([sys.executable, "-c", SENDER, url], cwd=PROJECT_ROOT,
                                env={**os.environ}) for _ in range(3)]
    assert [sender.wait(timeout=120) for sender in senders] == [0, 0, 0]
    subjects = sorted(m["Subject"] for m in smtp_sink.wait_for(8))
    assert subjects == [f"Avis {n}" for n in range(8)] and len(smtp_sink.messages) == 8
    with Session(any_engine) as session:
        assert all(m.sent_at and m.attempts == 1 for m in session.exec(select(MailOutbox)).all())
