"""Retention (Law 25): old closed or cancelled requests lose patient data and attachments."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, select

from core.errors import ValidationFailed
from core.history import record_history
from core.retention import ERASED_FIELDS, months_before, purge_closed_requests
from core.settings import reset_settings_cache
from db import admin
from db.models import Attachment, AttachmentContent, History, Request, RequestOffer
from db.types import utcnow
from tests.databases import migrated_sqlite
from tests.factories import make_reference, make_user, make_request

NOW = utcnow()
OLD = NOW - timedelta(days=800)
RECENT = NOW - timedelta(days=60)
PATIENT = dict(patient_name="Ana Pérez", patient_phone="514 555-0199", patient_info="Diabète",
               reason="Suivi", context_detail="Annonce d'un diagnostic", message_to_interpreter="Salle 3",
               note_to_coordinators="Patiente anxieuse", report_note="RAS", return_comment="Heures?")


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """A database built by the migrations, as `python -m db.admin` expects it."""
    migrated = migrated_sqlite(tmp_path / "relais-retention.db", monkeypatch)
    yield migrated
    migrated.dispose()
    reset_settings_cache()


def _attach(session, request, data: bytes) -> None:
    attachment = Attachment(request_id=request.id, filename="ordonnance.pdf", content_type="application/pdf",
                            size=len(data), sha256=hashlib.sha256(data).hexdigest())
    session.add(attachment)
    session.flush()
    session.add(AttachmentContent(attachment_id=attachment.id, data=data))


def _closed(session, ref, owner, *, status, at, attachments=1):
    request = make_request(session, ref=ref, requester=owner, status=status, **PATIENT)
    if status == "annule":
        request.cancelled_at = at
    else:
        record_history(session=session, actor_id=None, entity="request", entity_id=request.id,
                       action="fermer", from_status="service_fourni", to_status=status)
        session.flush()
        session.exec(select(History).where(History.entity_id == request.id)).one().at = at
    request.updated_at = at
    record_history(session=session, actor_id=owner.id, entity="request", entity_id=request.id,
                   action="modifier", changes={"patient_name": ("Ana", "Ana Pérez"), "location": ("A", "B")})
    record_history(session=session, actor_id=None, entity="request", entity_id=request.id,
                   action="retourner", detail="Madame Pérez est arrivée en retard")
    record_history(session=session, actor_id=None, entity="request", entity_id=request.id,
                   action="refuser", detail="Raison : je connais Mme Pérez")
    session.add(RequestOffer(request_id=request.id, interpreter_id=owner.id, status="refusee",
                             refusal_reason="je connais Mme Pérez"))
    for n in range(attachments):
        _attach(session, request, f"contenu {request.id}-{n}".encode())
    session.flush()
    return request


@pytest.fixture
def population(session):
    ref = make_reference(session)
    owner = make_user(session, installations=[ref["inst_a"]])
    rows = {
        "old_closed": _closed(session, ref, owner, status="service_ferme", at=OLD, attachments=2),
        "old_cancelled": _closed(session, ref, owner, status="annule", at=OLD),
        "recent_closed": _closed(session, ref, owner, status="service_ferme", at=RECENT),
        "old_active": make_request(session, ref=ref, requester=owner, status="reserve", **PATIENT),
    }
    rows["old_active"].updated_at = OLD
    _attach(session, rows["old_active"], b"actif")
    session.commit()
    return rows


def _purge(session, apply, months=24):
    report = purge_closed_requests(session=session, actor=None, older_than_months=months, apply=apply, now=NOW)
    session.commit()
    return report


def test_dry_run_counts_and_changes_nothing(session, population):
    report = _purge(session, apply=False)
    assert (report.requests, report.attachments) == (2, 3)
    assert report.attachment_bytes > 0
    session.expire_all()
    assert session.get(Request, population["old_closed"].id).patient_name == "Ana Pérez"
    assert len(session.exec(select(AttachmentContent)).all()) == 5
    assert not session.exec(select(History).where(History.entity == "retention")).all()


def test_purge_erases_old_closed_and_cancelled_only(session, population):
    report = _purge(session, apply=True)
    assert (report.requests, report.attachments) == (2, 3)
    session.expire_all()
    for key in ("old_closed", "old_cancelled"):
        request = session.get(Request, population[key].id)
        assert all(getattr(request, name) is None for name in ERASED_FIELDS)
        assert request.number and request.location  # what billing needs stays
        assert not session.exec(select(Attachment).where(Attachment.request_id == request.id)).all()
    for key in ("recent_closed", "old_active"):
        assert session.get(Request, population[key].id).patient_name == "Ana Pérez"
    remaining = session.exec(select(Attachment.id)).all()
    assert len(remaining) == 2
    assert len(session.exec(select(AttachmentContent)).all()) == 2  # no orphaned bytes


def test_purge_scrubs_the_history_and_records_counts_only(session, population):
    _purge(session, apply=True)
    rows = session.exec(select(History).where(History.entity_id == population["old_closed"].id)).all()
    text = " ".join(f"{r.changes} {r.detail}" for r in rows)
    offers = session.exec(select(RequestOffer).where(RequestOffer.request_id == population["old_closed"].id))
    assert "Pérez" not in text and [o.refusal_reason for o in offers] == [None]
    modified = next(r for r in rows if r.action == "modifier")
    assert json.loads(modified.changes)["location"] == ["A", "B"]
    audit = session.exec(select(History).where(History.entity == "retention")).one()
    assert "2" in audit.detail and "3" in audit.detail and "Pérez" not in audit.detail


def test_second_purge_finds_nothing_left(session, population):
    _purge(session, apply=True)
    assert _purge(session, apply=True).requests == 0


@pytest.mark.parametrize("months", [0, -3])
def test_less_than_one_month_is_refused(session, population, months):
    with pytest.raises(ValidationFailed) as refused:
        _purge(session, apply=True, months=months)
    assert "au moins 1 mois" in refused.value.errors["older_than_months"]


def test_months_before_keeps_the_day_or_the_last_day_of_the_month():
    assert months_before(datetime(2026, 3, 31, tzinfo=timezone.utc), 1).date().isoformat() == "2026-02-28"
    assert months_before(datetime(2026, 1, 15, tzinfo=timezone.utc), 13).date().isoformat() == "2024-12-15"


def test_command_is_a_dry_run_without_yes_and_refuses_zero(engine, population, capsys):
    assert admin.main(["purge", "--older-than-months", "0"]) == 1
    assert "au moins 1 mois" in capsys.readouterr().err
    assert admin.main(["purge", "--older-than-months", "1"]) == 0
    out = capsys.readouterr().out
    assert "Simulation" in out and "à anonymiser : 3" in out  # the recent one is older than a month
    with Session(engine) as session:
        assert session.get(Request, population["old_closed"].id).patient_name == "Ana Pérez"
    assert admin.main(["purge", "--older-than-months", "1", "--yes"]) == 0
    assert "anonymisées : 3" in capsys.readouterr().out
    with Session(engine) as session:
        assert session.get(Request, population["old_closed"].id).patient_name is None
