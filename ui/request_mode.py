"""Which section of an opened request is shown (view, modifier, annuler, repeter). Session
state, not dialogs: AppTest can click it all."""
from __future__ import annotations

import streamlit as st

MODE = "request_detail_mode"  # (request id, mode) or None


def set_mode(request_id: int, mode: str | None) -> None:
    st.session_state[MODE] = (request_id, mode) if mode else None


def mode_of(request_id: int) -> str | None:
    current = st.session_state.get(MODE)
    return current[1] if current and current[0] == request_id else None
