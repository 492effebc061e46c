"""Home of a demandeur: « Demandes de réservation – Mes demandes » (guide, sections 2 and 5)."""
import streamlit as st

from core.access import Scope
from ui.navigation import entry_titled
from ui.request_list_page import show_request_list

NEW_REQUEST = entry_titled("Nouvelle demande").file
st.title("Demandes de réservation – Mes demandes")
bar = st.container(horizontal=True)
bar.page_link(NEW_REQUEST, label="Demander un interprète", icon=":material/add_circle:")
bar.page_link(entry_titled("Par emplacement").file, label="Par emplacement (demandes de mes collègues)",
              icon=":material/arrow_circle_right:")
bar.page_link(entry_titled("Calendrier").file, label="Calendrier", icon=":material/calendar_month:")
show_request_list(prefix="home", scope=Scope.MES_DEMANDES,
                  empty="Aucune de vos demandes pour cette période et ces filtres.")
st.divider()
st.page_link(NEW_REQUEST, label="+ Nouvelle demande", icon=":material/add:")
