"""« Exportations »: filtered tables for the BI."""
import streamlit as st

from ui.skeleton import coming_later

st.title("Exportations")
coming_later("L'exportation des demandes filtrées en CSV et en Excel.")
