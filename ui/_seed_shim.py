"""TEMPORARY: stands in for db.seed.ensure_ready until the seed branch lands; delete then."""
from __future__ import annotations

from db.migrate import upgrade_database


def ensure_ready(engine, *, demo: bool) -> None:
    upgrade_database(engine)

DEMO_PASSWORD = "Mauve-Tortue-42!"
