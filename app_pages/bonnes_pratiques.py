"""« Bonnes pratiques » (guide, section 8)."""
import streamlit as st

from core.guide_texts import GOOD_PRACTICES, GOOD_PRACTICES_TITLE

st.title("Bonnes pratiques")
st.subheader(GOOD_PRACTICES_TITLE)
st.markdown("\n".join(f"- {practice}" for practice in GOOD_PRACTICES.values()))
