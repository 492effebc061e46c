"""Home of a demandeur: « Demandes de réservation – Mes demandes » (guide, sections 2 and 5)."""
import streamlit as st

from core.access import Scope
from ui.navigation import entry_titled
from ui.request_table import show_requests_of_today
from ui.session import current_person

person = current_person()
st.title("Demandes de réservation – Mes demandes")
st.page_link(entry_titled("Nouvelle demande").file, label="Demander un interprète",
             icon=":material/add_circle:")
show_requests_of_today(person, scope=Scope.MES_DEMANDES, key="home_my_requests",
                       empty="Vous n'avez aucune demande pour aujourd'hui.")
st.caption("Les filtres (numéro, statut, langue, interprète…), les périodes (demain, ce mois-ci…) "
           "et l'ouverture d'une demande arrivent avec la prochaine étape du projet.")
