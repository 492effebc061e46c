"""« Mes mandats »: what the BI offered or assigned to the interpreter."""
import streamlit as st

from core.access import Scope
from ui.request_table import show_requests_of_today
from ui.session import current_person
from ui.skeleton import coming_later

st.title("Mes mandats")
show_requests_of_today(current_person(), scope=Scope.MES_MANDATS, key="interpreter_assignments",
                       empty="Aucun mandat offert ou assigné pour aujourd'hui.")
coming_later("Accepter ou refuser une demande offerte ou modifiée, et déclarer le service fourni.")
