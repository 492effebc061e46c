"""The last safety net: an unexpected error reads as a French sentence, never a traceback."""
from __future__ import annotations

import logging

import streamlit as st

logger = logging.getLogger("relais")

UNEXPECTED_ERROR = ("Une erreur inattendue est survenue. "
                    "Rechargez la page ; si le problème persiste, avisez la BI en indiquant "
                    "l'heure de l'erreur.")


def run_page(page) -> None:
    """Run the page; an uncaught error is logged for the operator and explained to the person."""
    try:
        page.run()
    except Exception:
        logger.exception("Uncaught error on page %s", getattr(page, "title", "?"))
        st.error(UNEXPECTED_ERROR, icon=":material/error:")
