"""An honest note on a page whose features come with a later step of the project."""
from __future__ import annotations

import streamlit as st


def coming_later(what: str) -> None:
    st.info(f"{what}\n\nCette fonction arrive dans une prochaine étape du projet Relais : "
            "rien n'est encore enregistré ni affiché ici.", icon=":material/construction:")
