"""« Tableau de bord »: volumes followed by the BI."""
import streamlit as st

from ui.skeleton import coming_later

st.title("Tableau de bord")
coming_later("Le suivi des volumes de demandes par période, langue, installation et statut.")
