"""« Par emplacement » (guide, section 5): colleagues' requests at the same installation(s)."""
import streamlit as st

from core.access import Scope
from ui.request_table import show_requests_of_today
from ui.session import current_person

st.title("Demandes de réservation – Par emplacement")
st.caption("Les demandes des collègues de vos installations, en lecture seule.")
show_requests_of_today(current_person(), scope=Scope.PAR_EMPLACEMENT, key="location_requests",
                       empty="Aucune demande pour aujourd'hui dans vos installations.")
st.caption("Les filtres, les périodes et l'ouverture d'une demande arrivent avec la prochaine "
           "étape du projet.")
