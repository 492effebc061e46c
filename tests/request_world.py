"""A small world for the requester's journeys: people, reference rows and a valid form."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timezone

from core.request_form import RequestForm
from core.roles import Role
from db.models import CancellationReason, Context, Language, RequestType
from tests.factories import make_interpreter, make_reference, make_user

# Monday 2 March 2026, 10:00 in Montreal.
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)
NEXT_WEEK = date(2026, 3, 9)


def make_world(session) -> dict:
    ref = make_reference(session)
    lsq = Language(code="lsq", label="langue des signes québécoise", specialised_service="SIVET")
    plain_arabic = Language(code="ar", label="arabe")
    session.add_all([lsq, plain_arabic, Context(label="Santé mentale / psychiatrie"),
                     RequestType(code="traduction", label="Traduction écrite"),
                     CancellationReason(label="Usager absent", position=1),
                     CancellationReason(label="Doublon ou erreur de saisie", position=2),
                     CancellationReason(label="Aucun interprète disponible", side="bi")])
    session.flush()
    world = dict(ref, lsq=lsq, plain_arabic=plain_arabic)
    world["owner"] = make_user(session, installations=[ref["inst_a"]], first_name="Dominique",
                               last_name="Demandeur")
    world["colleague"] = make_user(session, installations=[ref["inst_a"]], first_name="Claude",
                                   last_name="Collègue")
    world["other"] = make_user(session, installations=[ref["inst_b"]], first_name="Alex",
                               last_name="Ailleurs")
    world["coord"] = make_user(session, role=Role.COORDONNATEUR, first_name="Chantal",
                               last_name="Coordination")
    world["interpreter"] = make_interpreter(session, languages=[ref["es"]], first_name="Inès",
                                            last_name="Interprète")
    world["interpreter_ar"] = make_interpreter(session, languages=[ref["ar"]], first_name="Amir",
                                               last_name="Arabe")
    session.commit()
    return world


def valid_form(world: dict, **changes) -> RequestForm:
    values = dict(installation_id=world["inst_a"].id, location="Clinique externe, local 2.114",
                  request_type="presence", service_date=NEXT_WEEK, service_time=time(10, 0),
                  duration_minutes=120, source_language_id=world["fr"].id,
                  target_language_id=world["es"].id)
    values.update(changes)
    return RequestForm(**values)


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
            b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png_bytes() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def _office(main_part: str, content_type: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Override PartName="/' + main_part
                         + '" ContentType="' + content_type + '"/></Types>')
        archive.writestr(main_part, "<xml/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _office("word/document.xml", "application/vnd.openxmlformats-officedocument."
                                        "wordprocessingml.document.main+xml")


def xlsx_bytes() -> bytes:
    return _office("xl/workbook.xml", "application/vnd.openxmlformats-officedocument."
                                      "spreadsheetml.sheet.main+xml")


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
