"""The requester's services: create, modify, cancel, repeat; colleagues may only read."""
from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import func, select

from core import request_actions
from core.attachments import Upload
from core.errors import AccessDenied, TransitionNotAllowed, ValidationFailed
from core.history import changed_fields, history_of
from core.request_detail import request_detail
from core.request_service import (
    cancel_request, cancellation_reasons, cancellation_would_be_late, create_request, repeat_request,
    submit_draft, update_request, weekly_dates,
)
from core.statuses import Status
from db.models import Attachment, MailOutbox, Request, RequestPriorityInterpreter
from tests.request_world import NEXT_WEEK, NOW, make_world, pdf_bytes, valid_form


@pytest.fixture
def world(session):
    return make_world(session)


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def mails_to(session, person) -> list[MailOutbox]:
    return list(session.exec(select(MailOutbox).where(MailOutbox.to_address == person.email)).all())


def create(session, world, **changes) -> Request:
    saved = create_request(session=session, actor=world["owner"], form=valid_form(world, **changes),
                           now=NOW)
    session.commit()
    return saved.request


def reserved(session, world, **changes) -> Request:
    request = create(session, world, **changes)
    request_actions.confirm(session=session, request=request, actor=world["coord"],
                            interpreter_id=world["interpreter"].id, now=NOW)
    session.commit()
    return request


def test_sauvegarder_transmits_with_a_number_and_status_nouveau(session, world):
    request = create(session, world)
    assert request.status == Status.NOUVEAU and request.number == "2026-000001"
    assert request.requested_by_id == world["owner"].id
    actions = [r.action for r in history_of(session=session, entity="request", entity_id=request.id)]
    assert actions == ["creer", "soumettre"]


def test_enregistrer_le_brouillon_keeps_a_draft_without_number(session, world):
    saved = create_request(session=session, actor=world["owner"], form=valid_form(world),
                           transmit=False, now=NOW)
    session.commit()
    assert saved.request.status == Status.BROUILLON and saved.request.number is None


def test_invalid_form_saves_nothing(session, world):
    with pytest.raises(ValidationFailed) as caught:
        create_request(session=session, actor=world["owner"],
                       form=valid_form(world, target_language_id=world["fr"].id, location=""),
                       uploads=[Upload("a.pdf", pdf_bytes())], now=NOW)
    session.rollback()
    assert set(caught.value.errors) == {"target_language_id", "location"}
    assert count(session, Request) == 0 and count(session, Attachment) == 0


def test_priority_interpreters_are_stored(session, world):
    request = create(session, world, priority_interpreter_type="BI du RSSS",
                     priority_interpreter_ids=[world["interpreter"].id])
    rows = session.exec(select(RequestPriorityInterpreter)).all()
    assert [(r.request_id, r.interpreter_id) for r in rows] == [(request.id, world["interpreter"].id)]


def test_modifying_a_reserved_request_makes_it_modifie_and_tells_the_interpreter(session, world):
    request = reserved(session, world)
    update_request(session=session, actor=world["owner"], request_id=request.id,
                   form=valid_form(world, service_time=time(13, 0), reason="Suivi"),
                   expected_version=request.version, now=NOW)
    session.commit()
    assert request.status == Status.MODIFIE
    last = history_of(session=session, entity="request", entity_id=request.id)[-1]
    assert set(changed_fields(last)) == {"service_time", "reason"}
    [mail] = mails_to(session, world["interpreter"])
    assert "modifiée" in mail.subject and request.number in mail.subject


def test_modification_with_an_invalid_field_changes_nothing(session, world):
    request = reserved(session, world)
    with pytest.raises(ValidationFailed):
        update_request(session=session, actor=world["owner"], request_id=request.id,
                       form=valid_form(world, service_date=date(2026, 1, 5)), now=NOW)
    session.rollback()
    assert session.get(Request, request.id).status == Status.RESERVE
    assert mails_to(session, world["interpreter"]) == []


def test_colleague_reads_but_cannot_modify_cancel_or_repeat(session, world):
    request = create(session, world, note_to_coordinators="Déjà convenu avec Inès")
    detail = request_detail(session=session, request_id=request.id, user=world["colleague"])
    labels = [label for label, _ in detail.sections["Détails de la demande"]]
    assert "Note aux coordonnateurs" not in labels and detail.history == [] and detail.actions == []
    with pytest.raises(AccessDenied):
        update_request(session=session, actor=world["colleague"], request_id=request.id,
                       form=valid_form(world, reason="x"), now=NOW)
    with pytest.raises(AccessDenied):
        cancel_request(session=session, actor=world["colleague"], request_id=request.id,
                       detailed_reason="Usager absent", now=NOW)
    with pytest.raises(AccessDenied):
        repeat_request(session=session, actor=world["colleague"], request_id=request.id,
                       dates=[date(2026, 3, 16)], now=NOW)
    session.rollback()
    assert session.get(Request, request.id).reason is None


def test_other_installation_cannot_even_read(session, world):
    request = create(session, world)
    with pytest.raises(AccessDenied):
        request_detail(session=session, request_id=request.id, user=world["other"])


def test_owner_sees_note_history_and_actions(session, world):
    request = create(session, world, note_to_coordinators="Déjà convenu")
    detail = request_detail(session=session, request_id=request.id, user=world["owner"])
    assert ("Note aux coordonnateurs", "Déjà convenu") in detail.sections["Détails de la demande"]
    assert [a.value for a in detail.actions] == ["modifier", "annuler"]
    assert len(detail.history) == 2


def test_cancel_with_reasons_tells_interpreter_and_coordinators(session, world):
    request = reserved(session, world)
    cancel_request(session=session, actor=world["owner"], request_id=request.id,
                   detailed_reason="Usager absent", now=NOW)
    session.commit()
    assert request.status == Status.ANNULE and request.cancel_global_reason == "Annulée"
    assert request.cancel_detailed_reason == "Usager absent" and not request.late_cancellation
    assert len(mails_to(session, world["interpreter"])) == 1
    assert "annulée" in mails_to(session, world["coord"])[-1].subject


def test_late_cancellation_is_flagged(session, world):
    request = reserved(session, world, service_date=date(2026, 3, 3))
    assert cancellation_would_be_late(request, NOW)
    cancel_request(session=session, actor=world["owner"], request_id=request.id,
                   detailed_reason="Usager absent", now=NOW)
    session.commit()
    assert request.late_cancellation
    assert "facturable" in mails_to(session, world["coord"])[-1].body


def test_cancel_needs_a_reason_from_the_list(session, world):
    request = create(session, world)
    with pytest.raises(ValidationFailed) as caught:
        cancel_request(session=session, actor=world["owner"], request_id=request.id,
                       detailed_reason="Aucun interprète disponible", now=NOW)
    assert "detailed_reason" in caught.value.errors
    session.rollback()
    assert session.get(Request, request.id).status == Status.NOUVEAU


def test_the_bi_also_cancels_for_its_own_reasons(session, world):
    """« Aucun interprète disponible » is the BI's reason: offered to coordinators only."""
    assert "Aucun interprète disponible" not in cancellation_reasons(session=session, actor=world["owner"])
    assert cancellation_reasons(session=session, actor=world["coord"]) == [
        "Usager absent", "Doublon ou erreur de saisie", "Aucun interprète disponible"]
    request = create(session, world)
    cancel_request(session=session, actor=world["coord"], request_id=request.id,
                   detailed_reason="Aucun interprète disponible", now=NOW)
    assert request.status == Status.ANNULE and request.cancel_detailed_reason == "Aucun interprète disponible"
    assert history_of(session=session, entity="request", entity_id=request.id)[-1].actor_id == world["coord"].id


def test_cancelled_request_cannot_be_modified(session, world):
    request = create(session, world)
    cancel_request(session=session, actor=world["owner"], request_id=request.id,
                   detailed_reason="Usager absent", now=NOW)
    session.commit()
    with pytest.raises(TransitionNotAllowed):
        update_request(session=session, actor=world["owner"], request_id=request.id,
                       form=valid_form(world), now=NOW)


def test_notifications_off_means_no_mail(session, world):
    world["interpreter"].notifications_disabled = True
    session.add(world["interpreter"])
    request = reserved(session, world)
    cancel_request(session=session, actor=world["owner"], request_id=request.id,
                   detailed_reason="Usager absent", now=NOW)
    session.commit()
    assert mails_to(session, world["interpreter"]) == []


def test_repeat_weekly_creates_every_copy(session, world):
    request = create(session, world, priority_interpreter_type="BI du RSSS",
                     priority_interpreter_ids=[world["interpreter"].id])
    copies = repeat_request(session=session, actor=world["owner"], request_id=request.id,
                            dates=weekly_dates(NEXT_WEEK, 3), now=NOW)
    session.commit()
    assert [c.service_date for c in copies] == [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)]
    assert all(c.status == Status.NOUVEAU and c.number for c in copies)
    assert count(session, RequestPriorityInterpreter) == 4


def test_repeat_is_all_or_nothing(session, world):
    request = create(session, world)
    with pytest.raises(ValidationFailed) as caught:
        repeat_request(session=session, actor=world["owner"], request_id=request.id,
                       dates=[date(2026, 3, 16), date(2026, 2, 1)], now=NOW)
    session.rollback()
    assert "2026-02-01" in caught.value.errors["dates"]
    assert count(session, Request) == 1


def test_requester_is_mailed_with_an_invitation_when_an_interpreter_accepts(session, world):
    request = create(session, world)
    request_actions.offer(session=session, request=request, actor=world["coord"],
                          interpreter_ids=[world["interpreter"].id], now=NOW)
    request_actions.accept(session=session, request=request, actor=world["interpreter"], now=NOW)
    session.commit()
    [mail] = mails_to(session, world["owner"])
    assert "réservée" in mail.subject and "Inès Interprète" in mail.body
    assert "BEGIN:VEVENT" in mail.ics and "DTSTART;TZID=America/Toronto:20260309T100000" in mail.ics


def test_requester_is_mailed_when_the_bi_cancels_unless_notifications_are_off(session, world):
    request = create(session, world)
    request_actions.cancel(session=session, request=request, actor=world["coord"],
                           global_reason="Annulée", detailed_reason="Aucun interprète disponible",
                           now=NOW)
    session.commit()
    [mail] = mails_to(session, world["owner"])
    assert "annulée par la BI" in mail.subject and "METHOD:CANCEL" in mail.ics
    world["owner"].notifications_disabled = True
    session.add(world["owner"])
    other = create(session, world)
    request_actions.cancel(session=session, request=other, actor=world["coord"],
                           global_reason="Annulée", detailed_reason="Aucun interprète disponible")
    session.commit()
    assert len(mails_to(session, world["owner"])) == 1


def test_draft_is_validated_again_when_transmitted(session, world):
    draft = create_request(session=session, actor=world["owner"], form=valid_form(world),
                           transmit=False, now=NOW).request
    session.commit()
    later = NOW.replace(month=4)  # the draft's date is now past
    with pytest.raises(ValidationFailed) as caught:
        submit_draft(session=session, actor=world["owner"], request_id=draft.id, now=later)
    session.rollback()
    assert "service_date" in caught.value.errors
    assert session.get(Request, draft.id).status == Status.BROUILLON
    saved = submit_draft(session=session, actor=world["owner"], request_id=draft.id, now=NOW)
    session.commit()
    assert saved.request.status == Status.NOUVEAU and saved.request.number


def test_modification_records_new_priorities_and_attachments(session, world):
    request = create(session, world)
    update_request(session=session, actor=world["owner"], request_id=request.id,
                   form=valid_form(world, priority_interpreter_type="BI du RSSS",
                                   priority_interpreter_ids=[world["interpreter"].id]),
                   uploads=[Upload("plan.pdf", pdf_bytes())], now=NOW)
    session.commit()
    last = history_of(session=session, entity="request", entity_id=request.id)[-1]
    assert set(changed_fields(last)) == {"priority_interpreter_type", "interpretes_a_prioriser",
                                         "pieces_jointes_ajoutees"}
    assert count(session, RequestPriorityInterpreter) == 1 and count(session, Attachment) == 1
    assert request.status == Status.NOUVEAU



def test_a_single_installation_is_taken_from_the_profile_when_left_empty(session, world):
    """Even when the form comes back without it, a person with one installation never chooses."""
    saved = create_request(session=session, actor=world["other"],
                           form=valid_form(world, installation_id=None), now=NOW)
    session.commit()
    assert saved.request.installation_id == world["inst_b"].id
