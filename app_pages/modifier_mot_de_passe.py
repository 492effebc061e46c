"""« Modifier le mot de passe » (guide, section 2)."""
import streamlit as st

from ui.skeleton import coming_later

st.title("Modifier le mot de passe")
coming_later("Le changement de mot de passe : mot de passe actuel, nouveau mot de passe inscrit "
             "deux fois et classé « Très fort » (au moins une lettre majuscule, un chiffre et un "
             "caractère spécial), puis « Modifier le mot de passe » ou « Annuler ».")
