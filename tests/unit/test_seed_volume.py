"""`python -m db.seed --demo --requests N` and the app's start (`ensure_ready`)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from core.identifiers import generate_public_id, is_public_id
from core.settings import TIMEZONE, reset_settings_cache
from db.engine import build_engine, dispose_engines, get_engine
from db.models import Installation, Language, Request, RequestCounter, User
from db.reference_data import load_reference_data
from db.seed import ensure_ready, main
from db.types import utcnow


@pytest.fixture
def seed_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings_cache()
    yield url
    dispose_engines()
    reset_settings_cache()


def count(engine, table, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table).where(*where)).scalar()


def target_shares(engine) -> dict[str, float]:
    with Session(engine) as session:
        rows = session.exec(select(Language.code, func.count())
                            .join(Request, Request.target_language_id == Language.id)
                            .group_by(Language.code)).all()
    total = sum(n for _, n in rows)
    return {code: n / total for code, n in rows}


def test_volume_seed_gives_n_requests_weighted_like_the_reference(seed_url, capsys):
    assert main(["--demo", "--requests", "2000"]) == 0
    engine = get_engine(seed_url)
    assert count(engine, Request) == 2000
    shares = target_shares(engine)
    assert 0.30 < shares["es"] < 0.42
    assert 0.10 < sum(v for code, v in shares.items() if code.startswith("ar-")) < 0.22
    assert 0.05 < shares["sw"] < 0.13 and 0.05 < shares["ne"] < 0.11
    assert "fcs" not in shares and "fr" not in shares
    assert count(engine, User, User.email.like("%@volume.relais.demo")) == 60
    assert "2000 demandes au total" in capsys.readouterr().err


def test_volume_statuses_fit_the_date_and_numbers_continue_the_counter(seed_url):
    main(["--demo", "--requests", "2000"])
    engine = get_engine(seed_url)
    today = utcnow().astimezone(TIMEZONE).date()
    with Session(engine) as session:
        requests = session.exec(select(Request)).scalars().all()
        counters = dict(session.exec(select(RequestCounter.year, RequestCounter.last)).all())
    past = [r.status for r in requests if r.service_date < today - timedelta(days=14)]
    future = [r.status for r in requests if r.service_date > today]
    assert set(past) <= {"service_ferme", "annule", "service_fourni", "reserve"}
    assert past.count("service_ferme") > len(past) / 2
    assert set(future) <= {"nouveau", "en_attente", "reserve", "modifie", "annule", "brouillon"}
    dates = [r.service_date for r in requests]
    assert min(dates) < today - timedelta(days=300) and max(dates) > today + timedelta(days=60)
    numbers = [r.number for r in requests if r.number]
    assert len(numbers) == len(set(numbers))
    for year, last in counters.items():
        assert last == max(int(n[5:]) for n in numbers if n.startswith(f"{year}-"))


def test_volume_seed_tops_up_and_is_idempotent(seed_url):
    main(["--demo", "--requests", "1000"])
    engine = get_engine(seed_url)
    users = count(engine, User)
    main(["--demo", "--requests", "1000"])
    assert (count(engine, Request), count(engine, User)) == (1000, users)
    main(["--demo", "--requests", "1500"])
    assert count(engine, Request) == 1500
    with Session(engine) as session:
        numbers = session.exec(select(Request.number).where(Request.number.is_not(None))).scalars().all()
    assert len(numbers) == len(set(numbers))


def test_requests_without_demo_is_refused(seed_url):
    with pytest.raises(SystemExit):
        main(["--requests", "10"])


def test_ensure_ready_migrates_and_loads_demo_only_when_asked(tmp_path):
    plain = build_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    ensure_ready(plain, demo=False)
    assert count(plain, Installation) == 28 and count(plain, User) == 0
    demo = build_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    ensure_ready(demo, demo=True)
    ensure_ready(demo, demo=True)
    assert count(demo, User, User.email == "demandeur@relais.demo") == 1
    assert count(demo, Request) == 40
    plain.dispose()
    demo.dispose()


def test_app_start_keeps_an_administrators_edits_to_the_lists(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'edited.db'}")
    ensure_ready(engine, demo=False)
    with Session(engine) as session:
        query = select(Installation).where(Installation.nom == "Hôpital de Verdun")
        verdun = session.exec(query).scalars().one()
        verdun.nom = "Hôpital de Verdun (pavillon principal)"
        session.add(verdun)
        session.commit()
        assert load_reference_data(session, only_empty_groups=True) == 0
        session.commit()
    assert count(engine, Installation, Installation.nom == "Hôpital de Verdun") == 0
    engine.dispose()


def test_generated_public_ids_are_unique_and_well_formed(session):
    taken = {"R1000001"}
    made = {generate_public_id(session=session, taken=taken) for _ in range(500)}
    assert len(made) == 500 and all(is_public_id(p) for p in made) and "R1000001" not in made
    assert is_public_id(generate_public_id(session=session))
    assert not is_public_id("1000001") and not is_public_id("R12")
