"""« Mon profil » (guide, section 3): shown read-only until the accounts issue makes it editable."""
import streamlit as st

from core.roles import Role
from ui.session import current_person
from ui.skeleton import coming_later

person = current_person()
st.title("Mon profil")
for label, value, key in [("Nom complet", person.full_name, "profile_full_name"),
                          ("Courriel", person.email, "profile_email"),
                          ("Identifiant", person.public_id, "profile_public_id"),
                          ("Rôle", Role(person.role).label, "profile_role"),
                          ("Établissement", person.etablissement_label, "profile_etablissement")]:
    st.text_input(label, value=value, key=key, disabled=True)
coming_later("La modification du profil (nom, prénom, courriel, téléphone, centre de coût / "
             "unité administrative), le choix « Désactiver les notifications par courriel », "
             "l'historique des modifications et le bouton « Sauvegarder ».")
