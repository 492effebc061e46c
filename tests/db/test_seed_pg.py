"""Migrations and seeding against PostgreSQL (skipped without TEST_DATABASE_URL)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from db.engine import dispose_engines, get_engine
from db.migrate import upgrade_database
from db.models import History, Request, RequestCounter, User
from db.seed import main
from tests.unit.test_migrations import schema_differences

pytestmark = pytest.mark.postgres


@pytest.fixture
def empty_pg(pg_engine):
    """The PostgreSQL test database without any table, as on a first deployment."""
    SQLModel.metadata.drop_all(pg_engine)
    yield pg_engine
    dispose_engines()


def test_empty_postgresql_upgraded_to_head_matches_the_models(empty_pg):
    upgrade_database(empty_pg)
    assert schema_differences(empty_pg) == []


def test_demo_and_volume_seed_on_postgresql(empty_pg):
    assert main(["--demo", "--requests", "1500"]) == 0
    main(["--demo", "--requests", "1500"])
    engine = get_engine()
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Request)).scalar() == 1500
        numbers = session.exec(select(Request.number).where(Request.number.is_not(None))).scalars().all()
        assert len(numbers) == len(set(numbers))
        last = dict(session.exec(select(RequestCounter.year, RequestCounter.last)).all())
        assert sum(last.values()) == len(numbers)
        assert session.exec(select(func.count()).select_from(History)).scalar() > 1500
    # The sequences moved past the explicit ids: an ordinary insert still works.
    with Session(engine) as session:
        session.add(User(public_id="R0000000", email="nouvelle@exemple.qc.ca", first_name="Léa",
                         last_name="Nouvelle", role="demandeur"))
        session.commit()
