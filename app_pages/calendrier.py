"""« Calendrier » (guide, section 5)."""
import streamlit as st

from ui.skeleton import coming_later

st.title("Calendrier")
coming_later("Le calendrier de vos demandes, en vues mois, semaine et liste, avec les demandes "
             "colorées et marquées selon leur statut.")
