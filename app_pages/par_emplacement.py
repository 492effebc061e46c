"""« Par emplacement » (guide, section 5): colleagues' requests at the same installation(s), read-only."""
import streamlit as st

from core.access import Scope
from ui.request_list_page import show_request_list

st.title("Demandes de réservation – Par emplacement")
st.caption("Les demandes des collègues de vos installations, en consultation seulement "
           "(la note aux coordonnateurs n'y figure pas).")
show_request_list(prefix="location", scope=Scope.PAR_EMPLACEMENT,
                  empty="Aucune demande dans vos installations pour cette période et ces filtres.")
