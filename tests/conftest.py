"""Shared fixtures: a fresh database per test (SQLite file, or PostgreSQL when asked)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import db.models  # noqa: F401  (registers the tables)
from core.settings import reset_settings_cache
from db.engine import build_engine

os.environ.setdefault("COOKIE_KEY", "test-cookie-key-that-is-long-enough-for-hs256-0123456789")


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """A fresh SQLite database file, also made the app's DATABASE_URL for this test."""
    url = f"sqlite:///{tmp_path / 'relais-test.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RELAIS_DEMO", "0")
    reset_settings_cache()
    eng = build_engine(url)
    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()
    reset_settings_cache()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


def _pg_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture
def pg_engine(monkeypatch):
    """The PostgreSQL test database, emptied and recreated for this test."""
    url = _pg_url()
    if not url:
        pytest.skip("TEST_DATABASE_URL n'est pas défini : tests PostgreSQL ignorés.")
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings_cache()
    eng = build_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()
    reset_settings_cache()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request, tmp_path, monkeypatch):
    """Runs a test on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        return request.getfixturevalue("engine")
    return request.getfixturevalue("pg_engine")
