"""The requester's services and lists on PostgreSQL (SQLite is covered in tests/unit)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from core.access import Scope
from core.attachments import Upload, download_for
from core.request_queries import Filters, list_requests
from core.request_service import cancel_request, create_request, repeat_request, update_request
from core.statuses import Status
from db.models import Attachment
from tests.request_world import NOW, make_world, pdf_bytes, valid_form

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_session(pg_engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        yield session


def test_journey_on_postgresql(pg_session):
    session, world = pg_session, make_world(pg_session)
    request = create_request(session=session, actor=world["owner"], form=valid_form(world),
                             uploads=[Upload("lettre.pdf", pdf_bytes())], now=NOW).request
    session.commit()
    attachment = session.query(Attachment).one()
    assert download_for(session=session, attachment_id=attachment.id, user=world["colleague"])[1] == pdf_bytes()
    update_request(session=session, actor=world["owner"], request_id=request.id,
                   form=valid_form(world, reason="Suivi"), expected_version=request.version, now=NOW)
    copies = repeat_request(session=session, actor=world["owner"], request_id=request.id,
                            dates=[date(2026, 3, 16), date(2026, 3, 23)], now=NOW)
    cancel_request(session=session, actor=world["owner"], request_id=copies[0].id,
                   detailed_reason="Usager absent", now=NOW)
    session.commit()
    page = list_requests(session=session, user=world["colleague"], scope=Scope.PAR_EMPLACEMENT,
                         filters=Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), number="2026-",
                                         interpreter_name=None, language_id=world["es"].id))
    assert page.total == 3 and [r["Statut"] for r in page.rows] == ["★ Nouveau", "✖ Annulé", "★ Nouveau"]
    assert session.get(type(request), copies[0].id).status == Status.ANNULE
    named = list_requests(session=session, user=world["owner"], scope=Scope.MES_DEMANDES,
                          filters=Filters(start=date(2026, 3, 1), end=date(2026, 3, 31),
                                          interpreter_name="inès"))
    assert named.total == 0
