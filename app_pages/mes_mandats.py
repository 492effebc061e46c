"""« Mes mandats »: offers to accept or refuse, Modifié requests to answer again, services to
declare, upcoming reservations (list and calendar), services awaiting the BI's validation."""
import streamlit as st

from core import interpreter_service as mandates
from db.engine import read_session
from ui.bi_actions import acting_user
from ui.flash import show_flash
from ui.db import app_engine
from ui.mandate_view import show_answer_buttons, show_details, show_report_form, show_upcoming, title_of
from ui.text import md_escape

st.title("Mes mandats")
show_flash()

with read_session(app_engine()) as session:
    mine = mandates.mandates(session=session, interpreter=acting_user(session))

SECTIONS = (
    ("Offres à accepter ou refuser", mine.offers, show_answer_buttons, "Aucune offre en attente."),
    ("Demandes modifiées : à accepter ou refuser de nouveau", mine.modified, show_answer_buttons,
     "Aucune demande modifiée."),
    ("Services à déclarer (« Service fourni »)", mine.to_report, show_report_form,
     "Aucun service à déclarer."),
)
for heading, rows, actions, empty in SECTIONS:
    st.subheader(f"{heading} ({len(rows)})")
    if not rows:
        st.caption(empty)
    for row in rows:
        with st.container(border=True, key=f"mandat_card_{row['id']}"):
            st.markdown(f"**{md_escape(title_of(row))}**")
            show_details(row)
            actions(row)

st.subheader(f"Réservations à venir ({len(mine.upcoming)})")
show_upcoming(mine.upcoming)

if mine.awaiting_validation:
    st.subheader(f"En attente de validation par la BI ({len(mine.awaiting_validation)})")
    for row in mine.awaiting_validation:
        st.markdown(f"- {md_escape(title_of(row))}")
