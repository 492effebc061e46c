"""Outgoing mail: every mail is first written to the outbox, in the caller's transaction.

Delivery is separate and never breaks the person's action: after the transaction commits, a
background thread sends what is due (SMTP with STARTTLS from the SMTP_* settings). Failures are
retried with a growing delay and stay visible to admins (« Courriels sortants »). Without
SMTP_HOST mails simply stay in the outbox, where admins read them.
"""
from __future__ import annotations

import re
import re
import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import event, or_, update
from sqlmodel import Session, select

from core.errors import AccessDenied
from core.roles import is_admin
from core.settings import Settings, get_settings
from db.models import MailOutbox, User
from db.types import utcnow

SECURITY = "security"  # password, sign-in, account: sent even when notifications are off
NOTIFICATION = "notification"  # requests: respects User.notifications_disabled
MAX_ATTEMPTS = 8
CLAIM_SECONDS = 120  # a mail being sent is hidden from other senders this long
_delivery_lock = threading.Lock()
_LINK_TOKEN = re.compile(r"([?&]jeton=)[A-Za-z0-9_-]+")


def enqueue_mail(*, session, subject: str, body: str, user: User | None = None,
                 to_address: str | None = None, kind: str = NOTIFICATION,
                 ics: str | None = None) -> MailOutbox | None:
    """Queues a mail to `user` (or a bare address). None when the person opted out of notifications."""
    if kind not in (SECURITY, NOTIFICATION):
        raise ValueError(f"unknown mail kind {kind!r}")
    if user is not None and kind == NOTIFICATION and user.notifications_disabled:
        return None
    address = to_address or (user.email if user is not None else None)
    if not address:
        raise ValueError("a mail needs a recipient")
    mail = MailOutbox(to_address=address, subject=subject[:300], body=body, kind=kind, ics=ics)
    session.add(mail)
    session.flush()
    _deliver_after_commit(session)
    return mail


def enqueue_security_mail(*, session, user: User, message: tuple[str, str],
                          to_address: str | None = None) -> MailOutbox:
    """A mail about the account itself (password, address, sign-in): ignores the opt-out."""
    subject, body = message
    return enqueue_mail(session=session, user=user, to_address=to_address, subject=subject,
                        body=body, kind=SECURITY)


def _deliver_after_commit(session) -> None:
    """Once per transaction: when it commits, send in the background (if SMTP is configured)."""
    if session.info.get("relais_mail_hook"):
        return
    session.info["relais_mail_hook"] = True
    engine = session.get_bind()

    def _after_commit(_session):
        _session.info.pop("relais_mail_hook", None)
        deliver_in_background(engine)

    # After a rollback the listener stays armed for the session's next commit: harmless.
    event.listen(session, "after_commit", _after_commit, once=True)


def deliver_in_background(engine, settings: Settings | None = None) -> threading.Thread | None:
    settings = settings or get_settings()
    if not settings.smtp_host:
        return None
    thread = threading.Thread(target=_deliver_quietly, args=(engine, settings),
                              name="relais-mail", daemon=True)
    thread.start()
    return thread


def _deliver_quietly(engine, settings: Settings) -> None:
    try:
        deliver_pending(engine=engine, settings=settings)
    except Exception:  # noqa: BLE001 - a background sender must never crash the app
        pass


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    skipped: bool = False  # no SMTP_HOST: mails stay in the outbox


def deliver_pending(*, engine, settings: Settings | None = None, limit: int = 100) -> DeliveryReport:
    """Sends every mail that is due. Safe to run from several threads or processes at once."""
    settings = settings or get_settings()
    if not settings.smtp_host:
        return DeliveryReport(skipped=True)
    report = DeliveryReport()
    with _delivery_lock:
        for mail_id in _due_ids(engine, limit):
            mail = _claim(engine, mail_id)
            if mail is None:
                continue
            error = _send(mail, settings)
            _record_attempt(engine, mail_id, error)
            report.sent += error is None
            report.failed += error is not None
    return report


def _due_ids(engine, limit: int) -> list[int]:
    now = utcnow()
    with Session(engine) as session:
        query = (select(MailOutbox.id).where(MailOutbox.sent_at.is_(None),
                                             MailOutbox.attempts < MAX_ATTEMPTS,
                                             or_(MailOutbox.next_attempt_at.is_(None),
                                                 MailOutbox.next_attempt_at <= now))
                 .order_by(MailOutbox.id).limit(limit))
        return list(session.exec(query).all())


def _claim(engine, mail_id: int) -> MailOutbox | None:
    """Marks the mail as being sent; only one sender wins the row."""
    now = utcnow()
    with Session(engine, expire_on_commit=False) as session:
        claimed = session.execute(
            update(MailOutbox)
            .where(MailOutbox.id == mail_id, MailOutbox.sent_at.is_(None),
                   or_(MailOutbox.next_attempt_at.is_(None), MailOutbox.next_attempt_at <= now))
            .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        ).rowcount
        session.commit()
        return session.get(MailOutbox, mail_id) if claimed == 1 else None


def _record_attempt(engine, mail_id: int, error: str | None) -> None:
    with Session(engine) as session:
        mail = session.get(MailOutbox, mail_id)
        mail.attempts += 1
        if error is None:
            mail.sent_at, mail.last_error, mail.next_attempt_at = utcnow(), None, None
            mail.body = redact_link_tokens(mail.body)
        else:
            mail.last_error = error[:1000]
            mail.next_attempt_at = utcnow() + retry_delay(mail.attempts)
        session.add(mail)
        session.commit()


def redact_link_tokens(body: str) -> str:
    """Once a mail has left, its one-time link is no longer kept in clear in the database."""
    return _LINK_TOKEN.sub(r"\1[lien retiré après l'envoi]", body)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def build_message(mail: MailOutbox, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.mail_from.rpartition("@")[2] or "relais")
    message.set_content(mail.body)
    if mail.ics:
        method = re.search(r"^METHOD:(\w+)", mail.ics, re.MULTILINE)  # PUBLISH, REQUEST, CANCEL
        message.add_attachment(mail.ics.encode("utf-8"), maintype="text", subtype="calendar",
                               filename="rendez-vous.ics",
                               params={"method": method.group(1) if method else "PUBLISH"})
    return message


def _send(mail: MailOutbox, settings: Settings) -> str | None:
    """One SMTP delivery; returns None on success, else a short error text for admins."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            smtp.ehlo()
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(build_message(mail, settings))
        return None
    except (OSError, smtplib.SMTPException) as exc:
        return f"{type(exc).__name__}: {exc}"


def _require_admin(actor) -> None:
    if actor is None or not is_admin(actor):
        raise AccessDenied("Seuls les administrateurs peuvent consulter les courriels sortants.")


def retry_now(*, session, actor, mail_id: int) -> MailOutbox | None:
    """Admin's « Réessayer »: the mail is due again, with a fresh set of attempts."""
    _require_admin(actor)
    mail = session.get(MailOutbox, mail_id)
    if mail is None or mail.sent_at is not None:
        return None
    mail.attempts, mail.next_attempt_at = 0, None
    session.add(mail)
    session.flush()
    _deliver_after_commit(session)
    return mail


def outbox(*, session, actor, pending_only: bool = False, limit: int = 200) -> list[MailOutbox]:
    _require_admin(actor)
    query = select(MailOutbox).order_by(MailOutbox.id.desc()).limit(limit)
    if pending_only:
        query = query.where(MailOutbox.sent_at.is_(None))
    return list(session.exec(query).all())
