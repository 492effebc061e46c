"""Attachments: accepted by content, size and count limits, stored with the request or not at all."""
from __future__ import annotations

import hashlib

import pytest
from sqlmodel import func, select

from core.attachments import Upload, detect_kind, download_for, safe_filename
from core.errors import AccessDenied, ValidationFailed
from core.request_service import create_request
from db.models import Attachment, AttachmentContent, Request
from tests.request_world import (
    NOW, docx_bytes, exe_bytes, make_world, pdf_bytes, png_bytes, valid_form, xlsx_bytes,
)


@pytest.fixture
def world(session):
    return make_world(session)


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize("data, kind", [
    (pdf_bytes(), "pdf"), (png_bytes(), "png"), (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
    (docx_bytes(), "docx"), (xlsx_bytes(), "xlsx"), ("Consignes : entrée B.\n".encode(), "txt"),
], ids=["pdf", "png", "jpeg", "docx", "xlsx", "txt"])
def test_accepted_kinds_are_recognised_by_content(data, kind):
    assert detect_kind(data) == kind


@pytest.mark.parametrize("data", [exe_bytes(), b"\x7fELF\x02\x01\x01\x00\x00\x00", b"\xff\xfe\x00\x00",
                                  b"PK\x03\x04not a zip", b"text with a \x00 NUL"],
                         ids=["exe", "elf", "utf16", "broken-zip", "nul"])
def test_other_contents_are_refused(data):
    assert detect_kind(data) is None


def test_name_keeps_no_path_and_gets_the_right_extension():
    assert safe_filename("../../etc/rapport.pdf", "pdf") == "rapport.pdf"
    assert safe_filename("photo.pdf", "png") == "photo.pdf.png"
    assert safe_filename("C:\\docs\\note.txt", "txt") == "note.txt"


def test_attachments_are_stored_with_the_request(session, world):
    uploads = [Upload("lettre.pdf", pdf_bytes()), Upload("plan.png", png_bytes()),
               Upload("consignes.docx", docx_bytes())]
    saved = create_request(session=session, actor=world["owner"], form=valid_form(world),
                           uploads=uploads, now=NOW)
    session.commit()
    rows = session.exec(select(Attachment).where(Attachment.request_id == saved.request.id)).all()
    assert [r.filename for r in rows] == ["lettre.pdf", "plan.png", "consignes.docx"]
    assert rows[0].sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert rows[0].content_type == "application/pdf" and rows[0].size == len(pdf_bytes())
    assert count(session, AttachmentContent) == 3


def _refused(session, world, uploads) -> str:
    with pytest.raises(ValidationFailed) as caught:
        create_request(session=session, actor=world["owner"], form=valid_form(world),
                       uploads=uploads, now=NOW)
    session.rollback()
    assert count(session, Request) == 0 and count(session, Attachment) == 0
    assert count(session, AttachmentContent) == 0
    return caught.value.errors["attachments"]


def test_executable_renamed_pdf_is_refused_and_nothing_saved(session, world):
    message = _refused(session, world, [Upload("lettre.pdf", pdf_bytes()),
                                        Upload("facture.pdf", exe_bytes())])
    assert "« facture.pdf » est un programme exécutable" in message


def test_file_over_10_mb_is_refused_and_nothing_saved(session, world):
    big = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    assert "dépasse 10 Mo" in _refused(session, world, [Upload("gros.pdf", big)])


def test_sixth_file_is_refused_and_nothing_saved(session, world):
    uploads = [Upload(f"f{i}.txt", b"note") for i in range(6)]
    assert "5 pièces jointes au maximum" in _refused(session, world, uploads)


def test_download_checks_access_in_core(session, world):
    saved = create_request(session=session, actor=world["owner"], form=valid_form(world),
                           uploads=[Upload("lettre.pdf", pdf_bytes())], now=NOW)
    session.commit()
    attachment = session.exec(select(Attachment)).one()
    for reader in ("owner", "colleague", "coord"):
        row, data = download_for(session=session, attachment_id=attachment.id, user=world[reader])
        assert data == pdf_bytes() and row.filename == "lettre.pdf"
    for stranger in ("other", "interpreter"):
        with pytest.raises(AccessDenied):
            download_for(session=session, attachment_id=attachment.id, user=world[stranger])
    assert saved.request.number
