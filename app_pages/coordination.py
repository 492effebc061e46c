"""« Coordination »: the BI's view of transmitted requests."""
import streamlit as st

from core.access import Scope
from ui.request_table import show_requests_of_today
from ui.session import current_person
from ui.skeleton import coming_later

st.title("Coordination")
show_requests_of_today(current_person(), scope=Scope.COORDINATION, key="coordination_requests",
                       empty="Aucune demande transmise pour aujourd'hui.")
coming_later("Le traitement des demandes par la BI : offrir ou assigner une demande à des "
             "interprètes, confirmer pour un interprète, valider les services fournis, filtrer "
             "toutes les périodes.")
