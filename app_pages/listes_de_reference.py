"""« Listes de référence » (administration): établissements, installations, languages, and each
interpreter's languages, gender and type. Accounts are on « Administration »."""
import streamlit as st

from db.engine import read_session
from ui.flash import show_flash
from ui.db import app_engine
from ui.reference_forms import etablissements_tab, installations_tab, interpreters_tab, languages_tab

st.title("Listes de référence")
show_flash()

tabs = st.tabs(["Établissements", "Installations", "Langues", "Interprètes"])
with read_session(app_engine()) as session:
    for tab, draw in zip(tabs, (etablissements_tab, installations_tab, languages_tab, interpreters_tab)):
        with tab:
            draw(session)
