"""The app's database engine, prepared once per process; a clear French stop when unreachable."""
from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.engine import Engine

from core.errors import ConfigurationError
from core.settings import Settings, get_settings
from db.engine import get_engine
from db.seed import ensure_ready
from ui.text import md_escape

logger = logging.getLogger(__name__)

DATABASE_UNREACHABLE = ("La base de données est inaccessible. Réessayez dans quelques instants ; "
                        "si le problème persiste, avisez l'administrateur de Relais.")


@st.cache_resource(show_spinner="Préparation de la base de données…")
def _ready_engine(database_url: str, demo: bool) -> Engine:
    """Migrated and, in demo mode, filled with demo data; one per database URL."""
    engine = get_engine(database_url)
    ensure_ready(engine, demo=demo)
    return engine


def app_settings() -> Settings:
    try:
        return get_settings()
    except ConfigurationError as error:
        st.error(md_escape(error.message))
        st.stop()


def app_engine() -> Engine:
    settings = app_settings()
    try:
        return _ready_engine(settings.database_url, settings.demo)
    except Exception:  # any start-up failure: the operator reads the log, the person a sentence
        logger.exception("Database start-up failed")
        st.error(DATABASE_UNREACHABLE)
        st.stop()
