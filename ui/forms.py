"""Showing a domain refusal next to the form that caused it, in French."""
from __future__ import annotations

import streamlit as st

from core.errors import RelaisError, ValidationFailed


def show_refusal(refusal: RelaisError, labels: dict[str, str] | None = None) -> None:
    """One line per field for ValidationFailed (« Nom : Ce champ est obligatoire. »)."""
    if isinstance(refusal, ValidationFailed) and refusal.errors:
        labels = labels or {}
        lines = [f"**{labels.get(name, '')}** : {msg}" if labels.get(name) else msg
                 for name, msg in refusal.errors.items()]
        st.error("  \n".join([refusal.message, *lines]) if len(lines) > 1 or labels else lines[0])
    else:
        st.error(refusal.message)
