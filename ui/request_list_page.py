"""A list page of requests: filters, the paginated table, and the selected request opened below."""
from __future__ import annotations

import streamlit as st

from core.access import Scope
from core.coordination_queries import RequestFilters
from db.engine import read_session
from db.models import User
from ui.db import app_engine
from ui.export_panel import export_panel
from ui.request_detail import show_request_detail
from ui.flash import show_flash
from ui.request_table import close_request, request_filters, request_table
from ui.session import current_person


def show_request_list(*, prefix: str, scope: Scope, empty: str) -> None:
    person = current_person()
    with read_session(app_engine()) as session:
        user = session.get(User, person.id)
        filters = request_filters(prefix=prefix, session=session, user=user)
        selected = request_table(prefix=prefix, session=session, user=user, scope=scope,
                                 filters=filters, empty=empty)
    with st.expander("Exporter cette liste (CSV ou Excel)"):
        export_panel(scope=scope, filters=RequestFilters.from_list_filters(filters), key=f"{prefix}_export")
    if selected is None:
        show_flash()
        return
    st.divider()
    st.button("Fermer la demande", key=f"{prefix}_close", on_click=close_request, args=(prefix,),
              icon=":material/close:")
    show_request_detail(selected)
