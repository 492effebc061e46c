"""« Calendrier » (guide, section 5): month, week and list views in French; a click opens the request."""
import streamlit as st
from streamlit_calendar import calendar

from core.access import Scope
from core.request_queries import Filters, Period, calendar_events
from core.statuses import Status, status_badge
from db.engine import read_session
from db.models import User
from ui.db import app_engine
from ui.request_detail import show_request_detail
from ui.request_table import period_filter
from ui.session import current_person

SCOPES = {Scope.MES_DEMANDES: "Mes demandes", Scope.PAR_EMPLACEMENT: "Par emplacement"}
OPENED = "calendar_opened_id"
OPTIONS = {
    "locale": "fr", "firstDay": 1, "eventDisplay": "block", "initialView": "dayGridMonth", "height": 650,
    "headerToolbar": {"left": "prev,next today", "center": "title",
                      "right": "dayGridMonth,timeGridWeek,listMonth"},
    "buttonText": {"today": "Aujourd'hui", "month": "Mois", "week": "Semaine", "day": "Jour",
                   "list": "Liste"},
    "allDayText": "Journée", "noEventsText": "Aucune demande à afficher",
    "slotMinTime": "06:00:00", "slotMaxTime": "22:00:00",
}

person = current_person()
st.title("Calendrier")
scope = st.radio("Demandes", list(SCOPES), format_func=SCOPES.get, key="calendar_scope", horizontal=True)
start, end = period_filter("calendar", default=Period.CE_MOIS)
with read_session(app_engine()) as session:
    events = calendar_events(session=session, user=session.get(User, person.id), scope=scope,
                             filters=Filters(start=start, end=end))
st.caption("Le calendrier montre les demandes de la période choisie ci-dessus ; choisissez une autre "
           "période pour en charger d'autres. Cliquez sur une demande pour l'ouvrir.")
st.caption("Chaque demande porte son statut en toutes lettres (la couleur n'est qu'un repère) : "
           + " · ".join(status_badge(s) for s in Status))
clicked = calendar(events=events, options={**OPTIONS, "initialDate": f"{start:%Y-%m-%d}"},
                   callbacks=["eventClick"], key=f"calendar_{scope}_{start:%Y%m}")
if isinstance(clicked, dict) and clicked.get("callback") == "eventClick" \
        and clicked != st.session_state.get("calendar_last_click"):  # a new click, not the last one again
    st.session_state["calendar_last_click"] = clicked
    st.session_state[OPENED] = int(clicked["eventClick"]["event"]["id"])
choices = {int(e["id"]): f"{e['start'][:16].replace('T', ' ')} — {e['title']}" for e in events}
st.selectbox("Ouvrir une demande (au clavier)", list(choices), index=None, key=OPENED,
             format_func=lambda i: choices.get(i, str(i)), placeholder="Choisir une demande…")
if st.session_state.get(OPENED):
    st.divider()
    show_request_detail(st.session_state[OPENED])
