"""Request numbers (e.g. 2026-000123): one counter row per year, incremented atomically.

The UPDATE takes a row lock (PostgreSQL) or the write lock (SQLite) that is held until the
submitting transaction ends, so concurrent submissions get distinct, gapless numbers; a
rolled-back submission gives its number back.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

_INSERT_YEAR = text("INSERT INTO requestcounter (year, last) VALUES (:year, 0) "
                    "ON CONFLICT (year) DO NOTHING")
_INCREMENT = text("UPDATE requestcounter SET last = last + 1 WHERE year = :year RETURNING last")


def next_request_number(*, session: Session, year: int) -> str:
    session.execute(_INSERT_YEAR, {"year": year})
    last = session.execute(_INCREMENT, {"year": year}).scalar_one()
    return f"{year}-{last:06d}"
