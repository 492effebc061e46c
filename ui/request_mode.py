"""Which section of an opened request is shown (view, modifier, annuler, repeter), and a
success message kept for the next run. Session state, not dialogs: AppTest can click it all."""
from __future__ import annotations

import streamlit as st

from ui.text import md_escape

MODE = "request_detail_mode"  # (request id, mode) or None
FLASH = "request_detail_flash"


def set_mode(request_id: int, mode: str | None) -> None:
    st.session_state[MODE] = (request_id, mode) if mode else None


def mode_of(request_id: int) -> str | None:
    current = st.session_state.get(MODE)
    return current[1] if current and current[0] == request_id else None


def flash(message: str, kind: str = "success") -> None:
    """A message for the next run; kind is "success", "info" or "error"."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "info":
        st.info(message, icon=":material/info:")
    elif kind == "error":
        st.error(md_escape(message), icon=":material/error:")
