"""« Administration »: accounts and reference lists."""
import streamlit as st

from ui.skeleton import coming_later

st.title("Administration")
coming_later("La création des comptes (avec un lien d'activation à usage unique), des "
             "établissements, des installations, des langues et des compétences linguistiques "
             "des interprètes.")
