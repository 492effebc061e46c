"""A database made by the first migration, with data, upgrades to the latest without losing any."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timezone

import pytest
from alembic import command
from sqlalchemy import MetaData, select, text

from db.engine import build_engine
from db.migrate import alembic_config
from tests.databases import empty_schema

AT = datetime(2025, 3, 4, 14, 30, tzinfo=timezone.utc)
PDF = b"%PDF-1.4 ordonnance " + bytes(range(256)) * 40


def _upgrade(engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def _rows_of_first_schema() -> dict[str, list[dict]]:
    """Representative rows, written with the columns revision 0001 has."""
    user = dict(id=1, public_id="R1000001", email="demandeur@exemple.qc.ca", first_name="Élise",
                last_name="Tremblay", role="demandeur", is_admin=False, is_active=True,
                notifications_disabled=False, password_hash="$2b$12$" + "x" * 53, totp_enabled=False,
                created_at=AT, updated_at=AT, version=3)
    request = dict(id=1, number="2025-000001", status="reserve", installation_id=1, requested_by_id=1,
                   location="Clinique externe, local 2.114", request_type="presence",
                   service_date=date(2025, 4, 1), service_time=time(9, 30), duration_minutes=120,
                   source_language_id=1, target_language_id=2, call_patient=True,
                   patient_name="Ana Pérez", patient_info="Diabète", late_cancellation=False,
                   created_at=AT, updated_at=AT, submitted_at=AT, version=2)
    return {
        "etablissement": [dict(id=1, nom="CIUSSS du Centre-Sud", sigle="CCSMTL", active=True)],
        "installation": [dict(id=1, etablissement_id=1, nom="Hôpital Notre-Dame", active=True)],
        "language": [dict(id=1, code="fr", label="français", active=True),
                     dict(id=2, code="es", label="espagnol", active=True)],
        "requesttype": [dict(code="presence", label="Interprétation en présence", minimum_minutes=120, position=1)],
        "app_user": [user],
        "userinstallation": [dict(user_id=1, installation_id=1)],
        "request": [request],
        "attachment": [dict(id=1, request_id=1, filename="ordonnance.pdf", content_type="application/pdf",
                            size=len(PDF), sha256=hashlib.sha256(PDF).hexdigest(), created_at=AT)],
        "attachmentcontent": [dict(attachment_id=1, data=PDF)],
        "history": [dict(id=1, at=AT, actor_id=1, entity="request", entity_id=1, action="soumettre",
                         from_status="brouillon", to_status="nouveau", detail="Numéro 2025-000001")],
        "requestcounter": [dict(year=2025, last=1)],
    }


def _dump(engine, tables) -> dict[str, list[dict]]:
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        return {name: [dict(row._mapping) for row in conn.execute(
            select(metadata.tables[name]).order_by(*metadata.tables[name].primary_key.columns))]
            for name in tables}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        engine = build_engine(f"sqlite:///{tmp_path / 'ancienne.db'}")
    else:
        engine = empty_schema(request.getfixturevalue("pg_engine"))
    yield engine
    engine.dispose()


def test_first_schema_with_data_upgrades_to_head_without_loss(empty_database):
    engine = empty_database
    _upgrade(engine, "0001")
    rows = _rows_of_first_schema()
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.begin() as conn:
        for name, values in rows.items():  # in foreign-key order (dicts keep insertion order)
            conn.execute(metadata.tables[name].insert(), values)
    before = _dump(engine, rows)

    _upgrade(engine, "head")

    after = _dump(engine, rows)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() != "0001"
    for name in rows:
        assert len(after[name]) == len(before[name]), name
        for old, new in zip(before[name], after[name]):
            assert {k: new[k] for k in old} == old, name  # every value kept, bytes included
    assert after["app_user"][0]["last_seen_at"] is None  # 0002: never seen since the upgrade
    assert hashlib.sha256(after["attachmentcontent"][0]["data"]).hexdigest() == rows["attachment"][0]["sha256"]
