"""A read-only table of requests, as core.request_lists returns them."""
from __future__ import annotations

import streamlit as st

from core.access import Scope
from core.auth import SignedInPerson
from core.request_lists import local_today, requests_of_day
from db.engine import read_session
from ui.db import app_engine


def show_requests_of_today(person: SignedInPerson, *, scope: Scope, key: str, empty: str) -> None:
    today = local_today()
    with read_session(app_engine()) as session:
        rows = requests_of_day(session=session, user=person, scope=scope, day=today)
    st.caption(f"Demandes du {today:%d/%m/%Y} (aujourd'hui).")
    if not rows:
        st.info(empty, icon=":material/event_available:")
        return
    st.dataframe(
        [{"Numéro": row.number or "—", "Statut": row.status_badge,
          "Date": row.service_date.strftime("%d/%m/%Y"), "Heure": row.service_time.strftime("%H:%M"),
          "Langue d'arrivée": row.target_language, "Installation": row.installation}
         for row in rows],
        key=key, hide_index=True, width="stretch",
    )
