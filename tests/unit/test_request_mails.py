"""Request notifications delivered to a real SMTP server (aiosmtpd), with their invitation."""
from __future__ import annotations

from core import request_actions
from core.request_service import cancel_request, create_request
from tests.request_world import NOW, make_world, valid_form
from tests.smtp_sink import body_of


def test_acceptance_mail_reaches_the_requester_with_an_ics_invitation(session, smtp_sink):
    world = make_world(session)
    request = create_request(session=session, actor=world["owner"], form=valid_form(world), now=NOW).request
    request_actions.offer(session=session, request=request, actor=world["coord"],
                          interpreter_ids=[world["interpreter"].id], now=NOW)
    request_actions.accept(session=session, request=request, actor=world["interpreter"], now=NOW)
    session.commit()
    [message] = smtp_sink.wait_for(1)
    assert message["To"] == world["owner"].email and "réservée" in message["Subject"]
    assert "Inès Interprète" in body_of(message)
    [invitation] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert invitation.get_param("method") == "PUBLISH"
    assert "DTSTART;TZID=America/Toronto:20260309T100000" in invitation.get_content()


def test_cancellation_mails_reach_interpreter_and_coordinators(session, smtp_sink):
    world = make_world(session)
    request = create_request(session=session, actor=world["owner"], form=valid_form(world), now=NOW).request
    request_actions.confirm(session=session, request=request, actor=world["coord"],
                            interpreter_id=world["interpreter"].id, now=NOW)
    session.commit()
    cancel_request(session=session, actor=world["owner"], request_id=request.id,
                   detailed_reason="Usager absent", now=NOW)
    session.commit()
    received = {m["To"]: m for m in smtp_sink.wait_for(2)}
    assert set(received) == {world["interpreter"].email, world["coord"].email}
    assert "Usager absent" in body_of(received[world["coord"].email])
