"""An opened request: every field, attachments, history, and the actions its reader may take.

« Modifier », « Demande d'annulation » and « Dupliquer / Répéter » open as sections of the same
page (no dialog), chosen through session state; each calls one core service and shows its
French message. Core decides who may do what; buttons are only offered to those it allows.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.attachments import download_for
from core.errors import RelaisError
from core.request_detail import RequestDetail, request_detail
from core.workflow import Action
from db.engine import read_session
from db.models import User
from ui.db import app_engine
from ui.request_actions_view import show_cancel, show_modify, show_repeat, submit_draft_now
from ui.flash import show_flash
from ui.request_mode import mode_of, set_mode
from ui.session import current_person
from ui.text import md_escape


def _fields(detail: RequestDetail) -> None:
    for section, pairs in detail.sections.items():
        st.markdown(f"**{section}**")
        st.markdown("\n".join(f"- {md_escape(label)} : **{md_escape(value)}**" for label, value in pairs))


def _attachments(detail: RequestDetail, person_id: int) -> None:
    if not detail.seen.attachments:
        return
    st.markdown("**Pièces jointes**")
    if not detail.attachments:
        st.caption("Aucune pièce jointe.")
    engine = app_engine()
    for attachment in detail.attachments:
        def load(attachment_id=attachment.id):  # bytes read only when asked, after the access check
            with read_session(engine) as session:
                return download_for(session=session, attachment_id=attachment_id,
                                    user=session.get(User, person_id))[1]
        st.download_button(f"Télécharger « {md_escape(attachment.filename)} » ({attachment.size / 1024:.0f} Ko)",
                           data=load, file_name=attachment.filename, mime=attachment.content_type,
                           key=f"download_{attachment.id}", on_click="ignore", icon=":material/download:")


def _history(detail: RequestDetail) -> None:
    if detail.seen.history and detail.history:
        st.markdown("**Historique**")
        frame = pd.DataFrame(detail.history)
        frame["Quand"] = frame["Quand"].dt.tz_convert("America/Toronto").dt.strftime("%Y-%m-%d %H:%M")
        st.dataframe(frame, hide_index=True, width="stretch", key=f"history_{detail.request.id}")


def _action_buttons(detail: RequestDetail) -> None:
    request_id, actions = detail.request.id, detail.actions
    bar = st.container(horizontal=True, key=f"actions_{request_id}")
    if Action.SOUMETTRE in actions:
        bar.button("Sauvegarder (transmettre à la BI)", key=f"submit_draft_{request_id}", type="primary",
                   on_click=submit_draft_now, args=(request_id, detail.request.version),
                   help="Transmet ce brouillon à la BI : il reçoit un numéro et le statut « Nouveau ».")
    if Action.MODIFIER in actions:
        bar.button("Modifier", key=f"modify_{request_id}", on_click=set_mode, args=(request_id, "modifier"),
                   icon=":material/edit:")
    if Action.ANNULER in actions:
        bar.button("Demande d'annulation", key=f"cancel_{request_id}", on_click=set_mode,
                   args=(request_id, "annuler"), icon=":material/event_busy:")
    if not detail.seen.read_only and detail.request.requested_by_id == current_person().id:
        bar.button("Dupliquer / Répéter", key=f"repeat_{request_id}", on_click=set_mode,
                   args=(request_id, "repeter"), icon=":material/content_copy:")


def show_request_detail(request_id: int) -> None:
    """The opened request, or the French reason it cannot be opened."""
    person = current_person()
    show_flash()
    try:
        with read_session(app_engine()) as session:
            detail = request_detail(session=session, request_id=request_id, user=session.get(User, person.id))
            session.expunge_all()  # keeps the loaded rows readable after the read ends
    except RelaisError as error:
        st.error(md_escape(error.message), icon=":material/block:")
        return
    st.subheader(md_escape(detail.title))
    if detail.seen.read_only:
        st.caption("Demande d'un collègue : consultation seulement.")
    mode = mode_of(request_id)
    if mode == "modifier":
        show_modify(detail)
    elif mode == "annuler":
        show_cancel(detail)
    elif mode == "repeter":
        show_repeat(detail)
    else:
        _action_buttons(detail)
        _fields(detail)
        _attachments(detail, person.id)
        _history(detail)
