"""A message kept for the next run, shown once: buttons act in `on_click` callbacks, before the
page is drawn again, so what they have to say must wait for the page that follows."""
from __future__ import annotations

import streamlit as st

from ui.text import md_escape

FLASH = "flash_message"
_SHOW = {"success": (st.success, ":material/check_circle:"), "info": (st.info, ":material/info:"),
         "error": (st.error, ":material/error:")}


def flash(message: str, kind: str = "success") -> None:
    """`kind` is "success", "info" or "error"."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind in _SHOW:
        show, icon = _SHOW[kind]
        show(md_escape(message) if kind == "error" else message, icon=icon)  # errors may quote a name
