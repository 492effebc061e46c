"""Bring a database to the latest schema; the app and the seed command call this on start.

    python -m db.migrate     (what the container runs before starting the app)

On PostgreSQL several Relais replicas may start at once: an advisory lock lets one of them
migrate while the others wait, then find nothing left to do.
"""
from __future__ import annotations

import sys

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

from core.settings import PROJECT_ROOT
from db.engine import get_engine

MIGRATION_LOCK_KEY = 0x52454C41  # "RELA": any constant shared by every replica


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "db" / "migrations"))
    config.attributes["url"] = engine.url.render_as_string(hide_password=False)
    return config


def _advisory_lock(connection, take: bool) -> None:
    if connection.dialect.name == "postgresql":
        function = "pg_advisory_lock" if take else "pg_advisory_unlock"
        connection.execute(text(f"SELECT {function}(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()


def upgrade_database(engine: Engine | None = None) -> None:
    engine = engine or get_engine()
    config = alembic_config(engine)
    with engine.connect() as connection:
        _advisory_lock(connection, take=True)
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        finally:
            connection.rollback()
            _advisory_lock(connection, take=False)


if __name__ == "__main__":
    upgrade_database()
    print("Schéma de la base de données à jour.", file=sys.stderr)
    sys.exit(0)
