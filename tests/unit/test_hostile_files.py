"""Hostile files and hostile cells (issue 7): uploads sent straight to the service, and exports.

Each file of tests/hostile_corpus.py.FILES is refused with a French message and leaves no
request, attachment row or bytes; or it is stored under a plain display name, never a path.
Every corpus text put in the exported columns comes back from the CSV and the .xlsx as text,
a formula neutralised by a leading apostrophe.
"""
from __future__ import annotations

import io
import tomllib
from datetime import date, time
from pathlib import Path

import openpyxl
from openpyxl.utils.escape import unescape
import pandas as pd
import pytest
from sqlmodel import SQLModel, func, select

from core.access import Scope
from core.attachments import MAX_BYTES, Upload, add_attachments, display_name
from core.coordination_queries import COLUMNS, RequestFilters
from core.errors import ValidationFailed
from core.exports import DANGEROUS_STARTS, export_requests
from core.request_service import create_request, update_request
from core.roles import Role
from core.text_rules import clean_text
from core.request_form import TEXT_RULES
from db.models import Attachment, AttachmentContent, Request
from tests.factories import make_interpreter, make_reference, make_request, make_user
from tests.hostile_corpus import FILES, INERT, TEXTS, HostileFile
from tests.request_world import NOW, make_world, valid_form

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(session):
    return make_world(session)


def _rows(session) -> dict:
    return {t.name: session.execute(select(t)).all() for t in SQLModel.metadata.sorted_tables}


@pytest.mark.parametrize("hostile", FILES, ids=[f"{i:02d}" for i in range(len(FILES))])
def test_hostile_file_is_refused_in_french_or_stored_under_a_plain_name(session, world, hostile: HostileFile):
    before = _rows(session)
    uploads = [Upload(hostile.name, hostile.data)]
    if hostile.refused:
        with pytest.raises(ValidationFailed) as refused:
            create_request(session=session, actor=world["owner"], form=valid_form(world), uploads=uploads, now=NOW)
        session.rollback()
        assert _rows(session) == before  # no request, no attachment row, no bytes
        message = refused.value.errors["attachments"]
        assert hostile.why in message and message.startswith("« ")
        assert "\x00" not in message and "\u202e" not in message and "/" not in message.split("»")[0]
        return
    saved = create_request(session=session, actor=world["owner"], form=valid_form(world), uploads=uploads, now=NOW)
    session.commit()
    row = session.exec(select(Attachment).where(Attachment.request_id == saved.request.id)).one()
    assert row.filename == hostile.why
    assert "/" not in row.filename and "\\" not in row.filename and "\x00" not in row.filename
    assert session.get(AttachmentContent, row.id).data == hostile.data


def test_a_refused_file_added_to_an_existing_request_leaves_it_as_it_was(session, world):
    saved = create_request(session=session, actor=world["owner"], form=valid_form(world), now=NOW)
    session.commit()
    before = _rows(session)
    bomb = next(f for f in FILES if f.name == "bombe.docx")
    with pytest.raises(ValidationFailed):
        update_request(session=session, actor=world["owner"], request_id=saved.request.id,
                       form=valid_form(world, location="Autre local"), uploads=[Upload(bomb.name, bomb.data)], now=NOW)
    session.rollback()
    assert _rows(session) == before  # the location is not half-changed either


def test_add_attachments_refuses_all_when_one_is_hostile(session, world):
    request = make_request(session, ref=world, requester=world["owner"])
    session.commit()
    good, eicar = FILES[-1], FILES[0]
    with pytest.raises(ValidationFailed) as refused:
        add_attachments(session=session, request=request,
                        uploads=[Upload(good.name, good.data), Upload(eicar.name, eicar.data)])
    session.rollback()
    assert "EICAR" in refused.value.errors["attachments"]
    assert session.exec(select(func.count()).select_from(Attachment)).one() == 0


@pytest.mark.parametrize("name", [t.text for t in TEXTS if len(t.text) < 5000],
                         ids=[t.name for t in TEXTS if len(t.text) < 5000])
def test_every_corpus_text_as_a_file_name_becomes_a_plain_display_name(name):
    shown = display_name(name + ".pdf")
    assert shown and len(shown) <= 255 and "/" not in shown and "\\" not in shown
    assert not any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                   "\u2068\u2069" or "\ud800" <= ch <= "\udfff" for ch in shown)


def test_streamlit_upload_limit_sits_above_the_rule_so_the_french_message_is_the_one_seen():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    browser_limit_mb = config["server"]["maxUploadSize"]
    assert MAX_BYTES < browser_limit_mb * 1024 * 1024 <= 5 * MAX_BYTES


# --- exports ------------------------------------------------------------------------------------

EXPORTED = [t for t in TEXTS if t.kind == INERT and clean_text(TEXT_RULES["location"], t.text)
            and len(t.text) <= 100]


@pytest.fixture
def export_world(session):
    ref = make_reference(session)
    coord = make_user(session, role=Role.COORDONNATEUR)
    interpreter = make_interpreter(session, first_name="=HYPERLINK(\"x\")", last_name="@cmd")
    for i, hostile in enumerate(EXPORTED):
        requester = make_user(session, installations=[ref["inst_a"]], first_name=hostile.text[:100], last_name="-")
        requester.cost_center = hostile.text[:120]
        request = make_request(session, ref=ref, requester=requester, number=f"2031-{i + 1:06d}",
                               service_date=date(2031, 1, 1), service_time=time(9, 0),
                               status="reserve", assigned=interpreter)
        request.location = clean_text(TEXT_RULES["location"], hostile.text)
    session.commit()
    return coord


def _cells_csv(data: bytes) -> list[list[str]]:
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return frame.values.tolist()


def _cells_xlsx(data: bytes) -> list[list[str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = []
    for row in sheet.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row), "a cell was written as a formula"
        # a character XML cannot hold (U+FFFF) is written _xFFFF_, as Excel itself does and reads
        rows.append(["" if c.value is None else unescape(str(c.value)) for c in row])
    return rows


@pytest.mark.parametrize("fmt, cells", [("csv", _cells_csv), ("xlsx", _cells_xlsx)])
def test_exported_hostile_cells_are_neutralised_and_otherwise_intact(session, export_world, fmt, cells):
    result = export_requests(session=session, user=export_world, scope=Scope.COORDINATION,
                             filters=RequestFilters(date_from=date(2031, 1, 1), date_to=date(2031, 1, 1)),
                             fmt=fmt)
    rows = cells(result.data)
    assert len(rows) == len(EXPORTED)
    keys = [key for key, _ in COLUMNS]
    found = set()
    for row in rows:
        for key, value in zip(keys, row):
            assert not value.startswith(DANGEROUS_STARTS), (key, value)
        location = row[keys.index("location")]
        neutralised = location.startswith("'") and location[1:].startswith(DANGEROUS_STARTS)
        found.add(location[1:] if neutralised else location)
    assert found == {clean_text(TEXT_RULES["location"], t.text) for t in EXPORTED}
