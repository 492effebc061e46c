"""Bring a database to the latest schema; the app and the seed command call this on start."""
from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from core.settings import PROJECT_ROOT
from db.engine import get_engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "db" / "migrations"))
    config.attributes["url"] = engine.url.render_as_string(hide_password=False)
    return config


def upgrade_database(engine: Engine | None = None) -> None:
    engine = engine or get_engine()
    config = alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
