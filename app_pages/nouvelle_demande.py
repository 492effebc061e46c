"""« Nouvelle demande » (guide, section 4): the request form comes with the requesters' issue."""
import streamlit as st

from ui.skeleton import coming_later

st.title("Nouvelle demande")
coming_later("Le formulaire de demande de service, avec ses sections « Détails de la demande », "
             "« Détails du patient », « Pièces jointes » et « Demandé par », puis le bouton "
             "« Sauvegarder » qui transmet la demande à la BI.")
