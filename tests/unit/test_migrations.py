"""The migrations build exactly the tables the models declare (autogenerate finds nothing to do)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables)
from db.engine import build_engine
from db.migrate import upgrade_database


def schema_differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_empty_sqlite_database_upgraded_to_head_matches_the_models(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    try:
        upgrade_database(engine)
        assert "alembic_version" in inspect(engine).get_table_names()
        assert schema_differences(engine) == []
    finally:
        engine.dispose()


def test_upgrading_twice_changes_nothing(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    try:
        upgrade_database(engine)
        upgrade_database(engine)
        assert schema_differences(engine) == []
    finally:
        engine.dispose()
