"""Pieces of « Mes mandats »: a mandate's card, its buttons, the list and the calendar."""
from __future__ import annotations

import streamlit as st
from streamlit_calendar import calendar

from core import interpreter_service as mandates
from core.statuses import status_badge
from ui.bi_actions import perform
from ui.flash import flash
from ui.text import md_escape

CALENDAR_OPTIONS = {
    "locale": "fr", "firstDay": 1, "initialView": "timeGridWeek", "slotMinTime": "07:00:00",
    "slotMaxTime": "20:00:00", "allDaySlot": False,
    "headerToolbar": {"left": "prev,next today", "center": "title",
                      "right": "dayGridMonth,timeGridWeek,timeGridDay,listWeek"},
    "buttonText": {"today": "Aujourd'hui", "month": "Mois", "week": "Semaine", "day": "Jour",
                   "list": "Liste"},
}


def title_of(row: dict) -> str:
    return (f"{row['number']} — {row['service_date']:%Y-%m-%d} à {row['service_time']:%H:%M} "
            f"({row['duration_minutes']} min) — {row['language']} — {status_badge(row['status'])}")


def show_details(row: dict) -> None:
    lines = [("Type", row["request_type"]), ("Installation", row["installation"]),
             ("Adresse", row["address"]), ("Lieu de rendez-vous", row["location"]),
             ("Contexte", row["context"]), ("Professionnel", row["professional_name"]),
             ("Coordonnées du professionnel", row["professional_contact"]),
             ("Usager", row["patient_name"]), ("Téléphone de l'usager", row["patient_phone"]),
             ("Appeler l'usager pour l'aviser du rendez-vous", "Oui" if row["call_patient"] else "Non"),
             ("Message à l'interprète", row["message_to_interpreter"])]
    st.markdown("  \n".join(f"**{label}** : {md_escape(str(value))}" for label, value in lines
                            if value not in (None, "")))


def show_answer_buttons(row: dict) -> None:
    """« Accepter », or « Refuser » with a reason (offers and Modifié requests)."""
    rid = row["id"]
    st.button("Accepter", key=f"mandat_accept_{rid}", type="primary", on_click=_accept,
              args=(rid, row["version"]))
    st.text_input("Raison du refus", key=f"mandat_refuse_reason_{rid}", max_chars=500)
    st.button("Refuser", key=f"mandat_refuse_{rid}", on_click=_refuse, args=(rid, row["version"]))


def _accept(request_id: int, version: int) -> None:
    perform(mandates.accept_offer, "Mandat accepté : la demande est réservée à votre nom.",
            "interpreter", request_id=request_id, expected_version=version)


def _refuse(request_id: int, version: int) -> None:
    perform(mandates.refuse_offer, "Mandat refusé : la BI en est avisée.", "interpreter",
            request_id=request_id, reason=st.session_state.get(f"mandat_refuse_reason_{request_id}", ""),
            expected_version=version)


def show_report_form(row: dict) -> None:
    """« Service fourni »: actual start and end, and a note."""
    rid = row["id"]
    if row["return_comment"]:
        st.warning(f"Retourné par la BI : {md_escape(row['return_comment'])}", icon=":material/undo:")
    st.time_input("Heure de début réelle", value=row["service_time"], key=f"mandat_start_{rid}", step=300)
    st.time_input("Heure de fin réelle", value=None, key=f"mandat_end_{rid}", step=300)
    st.text_area("Note sur le service (facultatif)", key=f"mandat_note_{rid}", max_chars=2000)
    st.button("Service fourni", key=f"mandat_report_{rid}", type="primary", on_click=_report,
              args=(rid, row["version"]))


def _report(request_id: int, version: int) -> None:
    start = st.session_state.get(f"mandat_start_{request_id}")
    end = st.session_state.get(f"mandat_end_{request_id}")
    if start is None or end is None:
        flash("Indiquez l'heure de début et l'heure de fin réelles.", "error")
        return
    perform(mandates.report_service, "Service déclaré fourni : la BI va le valider.", "interpreter",
            request_id=request_id, start=start, end=end,
            note=st.session_state.get(f"mandat_note_{request_id}"), expected_version=version)


def show_upcoming(rows: list[dict]) -> None:
    """Upcoming reservations as a list and as a calendar (French buttons)."""
    as_list, as_calendar = st.tabs(["Liste", "Calendrier"])
    with as_list:
        if not rows:
            st.info("Aucune réservation à venir.", icon=":material/event_available:")
        for row in rows:
            with st.expander(md_escape(title_of(row))):
                show_details(row)
    with as_calendar:
        # Only clicks call back: "eventsSet" would rerun the page as soon as the calendar draws,
        # and the message of the action just done would vanish.
        calendar(events=mandates.calendar_events(rows), options=CALENDAR_OPTIONS, callbacks=["eventClick"],
                 key="mandat_calendar")
