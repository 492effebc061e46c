"""Dates of the lists of requests: « aujourd'hui » is Quebec's, whatever the server's zone.

The lists themselves (scoped by core.access, filtered, paginated) are in core.request_queries.
"""
from __future__ import annotations

from datetime import date, datetime

from core.settings import TIMEZONE


def local_today() -> date:
    """Today in Quebec (America/Toronto), whatever the server's zone."""
    return datetime.now(TIMEZONE).date()
