"""Mail: the outbox, the opt-out, and delivery to a real SMTP server with retries."""
from __future__ import annotations

import re

from sqlmodel import Session, select

from core.accounts import request_password_reset
from core.mail import MAX_ATTEMPTS, deliver_pending, enqueue_mail, outbox, retry_now
from db.engine import session_scope
from db.models import MailOutbox
from tests.factories import make_user
from tests.smtp_sink import body_of, free_port, SmtpSink


def test_without_smtp_host_mails_stay_in_the_outbox(engine, session):
    user = make_user(session)
    enqueue_mail(session=session, user=user, subject="Sujet", body="Texte")
    session.commit()
    assert deliver_pending(engine=engine).skipped
    mail = session.exec(select(MailOutbox)).one()
    assert mail.sent_at is None and mail.attempts == 0


def test_notifications_respect_the_opt_out_security_mails_do_not(session):
    user = make_user(session, notifications_disabled=True)
    assert enqueue_mail(session=session, user=user, subject="Avis", body="…") is None
    assert enqueue_mail(session=session, user=user, subject="Sécurité", body="…", kind="security")
    assert [m.subject for m in session.exec(select(MailOutbox)).all()] == ["Sécurité"]


def test_delivery_to_a_real_smtp_server_in_french_with_ics(engine, smtp_sink):
    with session_scope(engine) as session:
        user = make_user(session, email="dest@exemple.qc.ca")
        enqueue_mail(session=session, user=user, subject="Rendez-vous confirmé",
                     body="Votre demande est réservée.", ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    # the commit starts a background sender; the test waits for the mail to arrive
    message = smtp_sink.wait_for(1)[0]
    assert message["To"] == "dest@exemple.qc.ca" and message["Subject"] == "Rendez-vous confirmé"
    assert body_of(message).strip() == "Votre demande est réservée."
    attachment = next(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "rendez-vous.ics"


def test_reset_mail_arrives_with_its_link(engine, smtp_sink):
    with session_scope(engine) as session:
        user = make_user(session)
        request_password_reset(session=session, email=user.email)
    message = smtp_sink.wait_for(1)[0]
    assert "Réinitialisation du mot de passe" in message["Subject"]
    token = re.search(r"/\?jeton=([\w-]+)", body_of(message)).group(1)
    deliver_pending(engine=engine)  # waits for the background sender to record its result
    with Session(engine) as session:
        stored = session.exec(select(MailOutbox)).one()
        assert stored.sent_at and token not in stored.body  # the sent link is not kept in clear


def test_failures_are_retried_later_and_visible(engine, session, monkeypatch):
    from core.settings import reset_settings_cache

    port = free_port()  # nothing listens there yet
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    reset_settings_cache()
    user = make_user(session)
    admin = make_user(session, role="admin", is_admin=True)
    session.add(MailOutbox(to_address=user.email, subject="Essai", body="…", kind="security"))
    session.commit()
    report = deliver_pending(engine=engine)
    assert (report.sent, report.failed) == (0, 1)
    with Session(engine) as fresh:
        mail = fresh.exec(select(MailOutbox)).one()
        assert mail.attempts == 1 and mail.last_error and mail.next_attempt_at is not None
    assert deliver_pending(engine=engine).failed == 0  # not due yet: backoff
    sink = SmtpSink(port)
    sink.controller.start()
    try:
        with session_scope(engine) as s:
            retry_now(session=s, actor=s.get(type(admin), admin.id), mail_id=mail.id)
        sink.wait_for(1)
        deliver_pending(engine=engine)  # waits for the background sender to record its result
    finally:
        sink.controller.stop()
    with Session(engine) as fresh:
        assert fresh.exec(select(MailOutbox)).one().sent_at is not None
        assert len(outbox(session=fresh, actor=admin, pending_only=True)) == 0


def test_only_admins_read_the_outbox(session):
    import pytest

    from core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        outbox(session=session, actor=make_user(session))
    assert MAX_ATTEMPTS >= 5
