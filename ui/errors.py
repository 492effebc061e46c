"""The last safety net: an unexpected error reads as a French sentence, never a traceback.

The person sees an incident number; the server log holds the traceback under the same number,
so the operator finds it when the person reports it.
"""
from __future__ import annotations

import logging
import secrets
import sys

import streamlit as st
from sqlalchemy.exc import InterfaceError, OperationalError

from ui.db import DATABASE_UNREACHABLE

logger = logging.getLogger("relais")

UNEXPECTED_ERROR = ("Une erreur inattendue est survenue. "
                    "Rechargez la page ; si le problème persiste, avisez la BI en indiquant "
                    "le numéro d'incident.")


def new_incident_id() -> str:
    """Short enough to read over the phone, random enough never to repeat in a log."""
    return secrets.token_hex(4).upper()


def show_unexpected_error(where: str) -> str:
    """Logs the current exception's traceback under a new incident number and tells the person.

    A database lost while the app runs reads as « La base de données est inaccessible… ».
    """
    incident = new_incident_id()
    logger.exception("Incident %s: uncaught error on %s", incident, where)
    lost_database = isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))
    message = DATABASE_UNREACHABLE if lost_database else UNEXPECTED_ERROR
    st.error(f"{message}\n\nNuméro d'incident : **{incident}**", icon=":material/error:")
    return incident


def run_page(page) -> None:
    """Run the page; an uncaught error is logged for the operator and explained to the person."""
    try:
        page.run()
    except Exception:
        show_unexpected_error(f"page {getattr(page, 'title', '?')}")
