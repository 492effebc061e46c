"""Databases built as in production (by the migrations), for the backup, retention and migration tests."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from core.settings import reset_settings_cache
from db.engine import build_engine
from db.migrate import upgrade_database


def empty_schema(engine: Engine) -> Engine:
    """Drops every table of a PostgreSQL test database (what the migrations will then build)."""
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


def migrated_sqlite(path: Path, monkeypatch) -> Engine:
    """A SQLite file migrated to head, also made the app's DATABASE_URL (as db.admin reads it)."""
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings_cache()
    engine = build_engine(url)
    upgrade_database(engine)
    return engine
