"""Backups: a round trip restores every row of every table and every attachment's bytes."""
from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest
from sqlalchemy import func, select, text
from sqlmodel import Session, SQLModel

from core.history import record_history
from core.settings import reset_settings_cache
from db import admin
from db.backup import BackupError, backup_database, restore_database
from db.engine import build_engine
from db.migrate import upgrade_database
from db.models import Attachment, AttachmentContent, Request
from tests.databases import empty_schema, migrated_sqlite
from tests.factories import make_interpreter, make_reference, make_request, make_user


def _migrated_sqlite(tmp_path, monkeypatch):
    return migrated_sqlite(tmp_path / "relais-live.db", monkeypatch)


def _migrated_postgresql(pg_engine):
    upgrade_database(empty_schema(pg_engine))  # built by the migrations, as in production
    return pg_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        engine = _migrated_sqlite(tmp_path, monkeypatch)
        yield engine
        engine.dispose()
    else:
        yield _migrated_postgresql(request.getfixturevalue("pg_engine"))
    reset_settings_cache()


def _attach(session, request, data: bytes, name: str) -> None:
    attachment = Attachment(request_id=request.id, filename=name, content_type="application/pdf",
                            size=len(data), sha256=hashlib.sha256(data).hexdigest())
    session.add(attachment)
    session.flush()
    session.add(AttachmentContent(attachment_id=attachment.id, data=data))


def _populate(engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        ref = make_reference(session)
        owner = make_user(session, installations=[ref["inst_a"]])
        interpreter = make_interpreter(session, languages=[ref["es"]])
        for n in range(5):
            request = make_request(session, ref=ref, requester=owner, offered_to=[interpreter],
                                   patient_name=f"Patiente {n} — Ève", patient_info="données de santé")
            record_history(session=session, actor_id=owner.id, entity="request", entity_id=request.id,
                           action="soumettre", to_status="nouveau")
            _attach(session, request, os.urandom(200_000 + n), f"rapport-{n}.pdf")
            _attach(session, request, bytes(range(256)) * 4, f"annexe-{n}.docx")
        session.commit()


def snapshot(engine) -> dict:
    """Row counts of every table (Alembic's included) and the sha256 of every attachment's bytes."""
    counts = {}
    with engine.connect() as conn:
        for table in [*SQLModel.metadata.sorted_tables]:
            counts[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
        counts["alembic_version"] = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        rows = conn.execute(select(AttachmentContent.attachment_id, AttachmentContent.data)).all()
        sums = {row[0]: hashlib.sha256(row[1]).hexdigest() for row in rows}
        declared = dict(conn.execute(select(Attachment.id, Attachment.sha256)).all())
    assert sums == declared  # every attachment has its bytes, and they are the right ones
    return {"counts": counts, "sha256": sums}


def _damage(engine) -> None:
    """What a restore must undo: a new request, a lost attachment."""
    with Session(engine) as session:
        first = session.exec(select(Attachment)).scalars().first()
        session.execute(AttachmentContent.__table__.delete().where(AttachmentContent.attachment_id == first.id))
        session.delete(first)
        request = session.exec(select(Request)).scalars().first()
        session.add(Request(**{**request.model_dump(), "id": None, "number": "2099-999999"}))
        session.commit()


def test_round_trip_restores_every_row_and_every_attachment(live, tmp_path):
    _populate(live)
    before = snapshot(live)
    assert before["counts"]["attachment"] == 10 and before["counts"]["history"] == 5
    path = backup_database(engine=live, destination=tmp_path / "sauvegarde.bak")
    _damage(live)
    assert snapshot(live) != before
    restore_database(engine=live, source=path)
    assert snapshot(live) == before


def test_commands_back_up_and_refuse_to_restore_without_yes(live, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", live.url.render_as_string(hide_password=False))
    reset_settings_cache()
    _populate(live)
    before = snapshot(live)
    path = tmp_path / "nuit.bak"
    assert admin.main(["backup", "--to", str(path)]) == 0
    assert "Sauvegarde écrite" in capsys.readouterr().out
    _damage(live)
    assert admin.main(["restore", "--from", str(path)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert snapshot(live) != before  # refused: nothing replaced
    assert admin.main(["restore", "--from", str(path), "--yes"]) == 0
    assert snapshot(live) == before


def test_sqlite_backup_while_a_writer_holds_the_database(tmp_path, monkeypatch):
    engine = _migrated_sqlite(tmp_path, monkeypatch)
    _populate(engine)
    before = snapshot(engine)
    with engine.connect() as writer:  # an open write transaction of the app (BEGIN IMMEDIATE)
        writer.execute(text("UPDATE app_user SET phone = '514 555-0000'"))
        path = backup_database(engine=engine, destination=tmp_path / "pendant.bak")
        writer.rollback()
    copy = build_engine(f"sqlite:///{path}")
    assert snapshot(copy) == before
    copy.dispose()
    engine.dispose()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(live, tmp_path):
    _populate(live)
    before = snapshot(live)
    bogus = tmp_path / "pas-une-sauvegarde.bak"
    bogus.write_bytes(b"bonjour" * 100)
    with pytest.raises(BackupError) as refused:
        restore_database(engine=live, source=bogus)
    assert "rien n'a été restauré" in refused.value.message
    assert snapshot(live) == before


def test_a_corrupt_sqlite_backup_is_refused_before_touching_the_database(tmp_path, monkeypatch):
    engine = _migrated_sqlite(tmp_path, monkeypatch)
    _populate(engine)
    before = snapshot(engine)
    path = backup_database(engine=engine, destination=tmp_path / "ok.bak")
    other = sqlite3.connect(tmp_path / "autre.db")  # a valid SQLite file, but not Relais's
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    with pytest.raises(BackupError):
        restore_database(engine=engine, source=tmp_path / "autre.db")
    assert snapshot(engine) == before and path.is_file()
    engine.dispose()


def test_missing_postgresql_tools_give_a_french_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here
    engine = build_engine("postgresql+psycopg://relais@127.0.0.1:1/relais")
    with pytest.raises(BackupError) as refused:
        backup_database(engine=engine, destination=tmp_path / "x.bak")
    assert "pg_dump est introuvable" in refused.value.message
    assert not (tmp_path / "x.bak").exists()


def test_a_truncated_backup_fails_and_leaves_the_database_whole(live, tmp_path):
    _populate(live)
    path = backup_database(engine=live, destination=tmp_path / "complete.bak")
    truncated = tmp_path / "tronquee.bak"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    _damage(live)
    damaged = snapshot(live)
    with pytest.raises(BackupError):
        restore_database(engine=live, source=truncated)
    assert snapshot(live) == damaged  # nothing half-restored: the database is as it was


def test_check_reports_damaged_attachments_and_passes_after_a_restore(live, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", live.url.render_as_string(hide_password=False))
    reset_settings_cache()
    _populate(live)
    path = backup_database(engine=live, destination=tmp_path / "avant.bak")
    assert admin.main(["check"]) == 0
    with Session(live) as session:  # one attachment altered, one without its bytes
        first, second = session.exec(select(AttachmentContent).order_by(AttachmentContent.attachment_id)
                                     .limit(2)).scalars().all()
        altered, emptied = first.attachment_id, second.attachment_id
        first.data = b"altered"
        session.delete(second)
        session.commit()
    assert admin.main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"Pièce jointe {altered} : contenu altéré" in err
    assert f"Pièce jointe {emptied} : contenu absent" in err
    restore_database(engine=live, source=path)
    assert admin.main(["check"]) == 0
