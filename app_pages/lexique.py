"""« Lexique » (guide, section 9)."""
import streamlit as st

from core.guide_texts import LEXICON

st.title("Lexique")
for entry in LEXICON:
    st.markdown(f"**{entry.term}** — {entry.definition}")
