"""Showing a domain refusal next to the form that caused it, in French."""
from __future__ import annotations

import streamlit as st

from core.errors import RelaisError, ValidationFailed
from ui.text import md_escape


def show_refusal(refusal: RelaisError, labels: dict[str, str] | None = None) -> None:
    """One line per field for ValidationFailed (« Nom : Ce champ est obligatoire. »)."""
    if isinstance(refusal, ValidationFailed) and refusal.errors:
        labels = labels or {}
        lines = [f"**{labels.get(name, '')}** : {md_escape(msg)}" if labels.get(name) else md_escape(msg)
                 for name, msg in refusal.errors.items()]
        st.error("  \n".join([md_escape(refusal.message), *lines]) if len(lines) > 1 or labels else lines[0])
    else:
        st.error(md_escape(refusal.message))
