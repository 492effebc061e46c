"""« Courriels sortants »: the outbox, read by admins when no SMTP server is configured."""
import streamlit as st

from ui.skeleton import coming_later

st.title("Courriels sortants")
coming_later("La liste des courriels envoyés ou en attente d'envoi, avec leurs erreurs "
             "éventuelles et leurs nouvelles tentatives.")
