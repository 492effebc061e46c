"""Exports: the CSV (Excel, French settings) and .xlsx read back equal the filtered table, every
dangerous cell is neutralised, the scope is enforced and each export is audited."""
from __future__ import annotations

import io
import json
from datetime import date, time

import pandas as pd
import pytest
from sqlmodel import select

from core.access import Scope
from core.coordination_queries import COLUMNS, RequestFilters, list_requests
from core.errors import AccessDenied
from core.request_queries import Filters
from core.exports import export_requests, neutralise
from core.roles import Role
from core.statuses import Status
from db.models import History
from tests.factories import make_interpreter, make_reference, make_request, make_user

DANGEROUS = ["=1+1", "+33 6 12", "-2+3", "@SUM(A1:A9)", "\tTabulé", "\rRetour", "=cmd|' /C calc'!A0"]
TRICKY = 'Salle "B" ; 2e étage\nporte 3'


@pytest.fixture
def world(session):
    ref = make_reference(session)
    owner = make_user(session, installations=[ref["inst_a"]], last_name="-Tremblay")
    other = make_user(session, installations=[ref["inst_b"]])
    coord = make_user(session, role=Role.COORDONNATEUR)
    interpreter = make_interpreter(session, first_name="@Ana", last_name="Lopez")
    for i, location in enumerate(DANGEROUS + [TRICKY]):
        request = make_request(session, ref=ref, requester=owner, service_date=date(2031, 4, 1 + i),
                               service_time=time(9, 30), number=f"2031-{i + 1:06d}",
                               status="reserve" if i % 2 else "nouveau",
                               assigned=interpreter if i % 2 else None)
        request.location = location
    make_request(session, ref=ref, requester=other, installation=ref["inst_b"],
                 service_date=date(2031, 4, 2), number="2031-000099")
    session.commit()
    return ref, owner, other, coord


def _expected_table(session, user, scope, filters) -> pd.DataFrame:
    """The table as the list shows it, in export form, built without core.exports."""
    rows = list_requests(session=session, user=user, scope=scope, filters=filters, page_size=500).rows
    shown = []
    for row in rows:
        values = {"status": Status(row["status"]).label, "service_date": row["service_date"].isoformat(),
                  "service_time": row["service_time"].strftime("%H:%M"),
                  "duration_minutes": str(row["duration_minutes"])}
        shown.append([values.get(k, "" if row[k] is None else neutralise(str(row[k]))) for k, _ in COLUMNS])
    return pd.DataFrame(shown, columns=[title for _, title in COLUMNS])


def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_csv_reads_back_as_the_filtered_table_with_every_dangerous_cell_neutralised(session, world):
    ref, _, _, coord = world
    filters = RequestFilters(installation_id=ref["inst_a"].id)
    calls = []
    result = export_requests(session=session, user=coord, scope=Scope.COORDINATION, filters=filters,
                             fmt="csv", progress=lambda done, total: calls.append((done, total)),
                             chunk_size=3)
    assert result.data.startswith(b"\xef\xbb\xbf") and b"\r\n" in result.data
    assert result.filename.endswith(".csv") and result.rows == 8
    table = _read_csv(result.data)
    pd.testing.assert_frame_equal(table, _expected_table(session, coord, Scope.COORDINATION, filters))
    assert "2031-000099" not in set(table["Numéro"])
    assert sorted(table["Lieu"]) == sorted(["'" + d for d in DANGEROUS] + [TRICKY])
    assert set(table["Demandeur"]) == {"Camille -Tremblay"}  # starts with C: not touched
    assert set(table["Interprète"]) == {"", "'@Ana Lopez"}
    for column in table.columns:
        assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in table[column])
    assert calls[-1] == (8, 8) and len(calls) == 3  # chunks of 3: 3, 6, 8


def test_xlsx_reads_back_as_the_same_table(session, world):
    _, _, _, coord = world
    filters = RequestFilters(statuses=("reserve",))
    result = export_requests(session=session, user=coord, scope=Scope.COORDINATION, filters=filters,
                             fmt="xlsx")
    assert result.data[:2] == b"PK" and result.rows == 4
    table = pd.read_excel(io.BytesIO(result.data), dtype=str, keep_default_na=False)
    # XlsxWriter stores a carriage return as the OOXML escape _x000D_ (Excel shows it as one);
    # openpyxl leaves the escape in inline strings.
    table = table.replace("_x000D_", "\r", regex=True)
    pd.testing.assert_frame_equal(table, _expected_table(session, coord, Scope.COORDINATION, filters))


def test_each_export_is_recorded_in_the_history(session, world):
    ref, _, _, coord = world
    export_requests(session=session, user=coord, scope=Scope.COORDINATION, fmt="csv",
                    filters=RequestFilters(installation_id=ref["inst_b"].id, date_from=date(2031, 4, 1)))
    session.commit()
    [row] = session.exec(select(History).where(History.entity == "export")).all()
    assert row.actor_id == coord.id and row.action == "export_csv"
    detail = json.loads(row.detail)
    assert detail["lignes"] == 1 and detail["liste"] == "coordination"
    assert detail["filtres"] == {"installation_id": ref["inst_b"].id, "date_from": "2031-04-01"}


def test_a_requester_exports_only_their_own_lists(session, world):
    _, owner, other, _ = world
    mine = _read_csv(export_requests(session=session, user=other, scope=Scope.MES_DEMANDES,
                                     filters=RequestFilters(), fmt="csv").data)
    assert list(mine["Numéro"]) == ["2031-000099"]
    with pytest.raises(AccessDenied):
        export_requests(session=session, user=owner, scope=Scope.COORDINATION,
                        filters=RequestFilters(), fmt="csv")
    session.rollback()
    assert session.exec(select(History).where(History.actor_id == owner.id)).all() == []


def test_a_requesters_list_filters_export_the_same_period(session, world):
    """« Mes demandes » exports exactly the period and filters its list shows."""
    _, _, other, _ = world
    shown = Filters(start=date(2031, 4, 1), end=date(2031, 4, 30))
    exported = _read_csv(export_requests(session=session, user=other, scope=Scope.MES_DEMANDES,
                                         filters=RequestFilters.from_list_filters(shown), fmt="csv").data)
    assert list(exported["Numéro"]) == ["2031-000099"]
    elsewhere = Filters(start=date(2031, 5, 1), end=date(2031, 5, 31))
    empty = _read_csv(export_requests(session=session, user=other, scope=Scope.MES_DEMANDES,
                                      filters=RequestFilters.from_list_filters(elsewhere), fmt="csv").data)
    assert empty.empty
