"""« Exportations »: the coordinators' filtered table as CSV (Excel, French settings) or .xlsx."""
import streamlit as st

from core.access import Scope
from core.coordination_queries import count_requests
from core.reference_admin import filter_options
from db.engine import read_session
from ui.bi_actions import acting_user
from ui.db import app_engine
from ui.export_panel import export_panel
from ui.request_filters import filter_bar

st.title("Exportations")
st.caption("Chaque exportation est consignée dans l'historique (qui, quand, quels filtres, combien de "
           "lignes). Les cellules qui pourraient être lues comme des formules sont neutralisées.")

with read_session(app_engine()) as session:
    filters = filter_bar(filter_options(session=session), prefix="export")
    total = count_requests(session=session, user=acting_user(session), scope=Scope.COORDINATION,
                           filters=filters)
st.markdown(f"**{total} demande(s)** correspondent à ces filtres.")
export_panel(scope=Scope.COORDINATION, filters=filters, key="export")
