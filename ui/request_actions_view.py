"""The sections of an opened request that change it: « Modifier », « Demande d'annulation »,
« Dupliquer / Répéter », and « Sauvegarder » for a draft. Each button calls one core service."""
from __future__ import annotations

import streamlit as st

from core.errors import RelaisError, ValidationFailed
from core.request_choices import form_choices
from core.request_detail import RequestDetail
from core.request_form import form_from_request
from core.request_service import (
    GLOBAL_CANCEL_REASON, cancel_request, cancellation_reasons, cancellation_would_be_late,
    priority_ids, repeat_request, submit_draft, update_request, weekly_dates,
)
from core.statuses import Status, status_badge
from db.engine import read_session, session_scope
from db.models import User
from ui.db import app_engine
from ui.request_form import clear, prefill, read_form, read_uploads, render_request_form
from ui.flash import flash
from ui.request_mode import set_mode
from ui.session import current_person
from ui.text import md_escape

LATE_WARNING = ("Le service a lieu dans moins de 48 heures ouvrables (jours fériés du Québec exclus) : "
                "cette annulation sera facturée, même en cas d'urgence.")


def _write(service, *, errors_key: str, **kwargs):
    """Runs one core write for the signed-in person; keeps field errors or flashes the message."""
    try:
        with session_scope(app_engine()) as session:
            return service(session=session, actor=session.get(User, current_person().id), **kwargs)
    except ValidationFailed as failure:
        st.session_state[errors_key] = failure.errors
        flash(failure.message, "error")
    except RelaisError as error:
        flash(error.message, "error")
    return None


def submit_draft_now(request_id: int, version: int) -> None:
    saved = _write(submit_draft, errors_key="draft_errors", request_id=request_id, expected_version=version)
    if saved:
        flash(f"Demande transmise à la BI. Numéro : {saved.request.number} — statut : "
              f"{status_badge(saved.request.status)}")


def _back(request_id: int, prefix: str) -> None:
    clear(prefix)
    set_mode(request_id, None)


def _save_modification(request_id: int, prefix: str, transmit: bool, status_before: str) -> None:
    saved = _write(update_request, errors_key=f"{prefix}__errors", request_id=request_id,
                   form=read_form(prefix), uploads=read_uploads(prefix),
                   expected_version=st.session_state.get(f"{prefix}__version"), transmit=transmit)
    if saved and not saved.changed and saved.request.status == status_before:
        flash("Aucune modification : la demande est restée telle quelle.", "info")
    elif saved:
        _back(request_id, prefix)
        status = status_badge(saved.request.status)
        notes = " ".join(saved.warnings.values())
        flash(f"Modifications enregistrées et retransmises — statut : {status}. {notes}".strip()
              if saved.request.status != Status.BROUILLON else f"Brouillon enregistré — statut : {status}.")


def show_modify(detail: RequestDetail) -> None:
    request = detail.request
    prefix = f"edit_{request.id}"
    st.markdown("**Modifier la demande** — « Sauvegarder » enregistre vos modifications et retransmet "
                "la demande à la BI.")
    if request.status in (Status.RESERVE, Status.MODIFIE):
        st.info("Cette demande est déjà acceptée par un interprète : après la modification, son statut "
                "devient « Modifié » et l'interprète devra l'accepter ou la refuser de nouveau.")
    st.session_state.setdefault(f"{prefix}__version", request.version)
    with read_session(app_engine()) as session:
        user = session.get(User, current_person().id)
        prefill(prefix, form_from_request(request, priority_ids(session=session, request_id=request.id)))
        render_request_form(prefix=prefix, session=session, choices=form_choices(session=session, user=user),
                            user=session.get(User, request.requested_by_id), status=request.status,
                            errors=st.session_state.get(f"{prefix}__errors", {}), warnings={},
                            already_attached=len(detail.attachments))
    bar = st.container(horizontal=True)
    bar.button("Sauvegarder", key=f"{prefix}_save", type="primary", on_click=_save_modification,
               args=(request.id, prefix, True, request.status),
               help="Enregistre les modifications et retransmet la demande à la BI "
                    "(l'interprète déjà assigné en est avisé).")
    if request.status == Status.BROUILLON:
        bar.button("Enregistrer le brouillon", key=f"{prefix}_draft", on_click=_save_modification,
                   args=(request.id, prefix, False, request.status))
    bar.button("Annuler", key=f"{prefix}_back", on_click=_back, args=(request.id, prefix),
               help="Revenir à la demande sans rien enregistrer.")


def _confirm_cancel(request_id: int, version: int) -> None:
    prefix = f"cancel_{request_id}"
    saved = _write(cancel_request, errors_key=f"{prefix}__errors", request_id=request_id,
                   global_reason=st.session_state.get(f"{prefix}_global"),
                   detailed_reason=st.session_state.get(f"{prefix}_detail"), expected_version=version)
    if saved:
        _back(request_id, prefix)
        late = " Annulation tardive : elle sera facturée." if saved.late_cancellation else ""
        flash(f"La demande {saved.number or ''} est annulée — statut : {status_badge(saved.status)}. "
              f"L'interprète et les coordonnateurs de la BI en sont avisés.{late}")


def show_cancel(detail: RequestDetail) -> None:
    request, prefix = detail.request, f"cancel_{detail.request.id}"
    errors = st.session_state.get(f"{prefix}__errors", {})
    st.markdown("**Demande d'annulation**")
    st.caption("Dans le cas d'une annulation, faites le suivi rapidement dans la plateforme : cela évite "
               "de bloquer la plage horaire de l'interprète et des frais si l'annulation est trop tardive.")
    with read_session(app_engine()) as session:
        reasons = cancellation_reasons(session=session, actor=session.get(User, current_person().id))
    st.selectbox("Raison globale", [GLOBAL_CANCEL_REASON], key=f"{prefix}_global")
    st.selectbox("Raison détaillée", reasons, index=None, key=f"{prefix}_detail", placeholder="Choisir…")
    if "detailed_reason" in errors:
        st.error(md_escape(errors["detailed_reason"]), icon=":material/error:")
    late = cancellation_would_be_late(request)
    if late:
        st.warning(LATE_WARNING, icon=":material/warning:")
        st.checkbox("Je comprends que cette annulation sera facturée.", key=f"{prefix}_billable")
    bar = st.container(horizontal=True)
    bar.button("Mettre à jour", key=f"{prefix}_confirm", type="primary", on_click=_confirm_cancel,
               args=(request.id, request.version),
               disabled=late and not st.session_state.get(f"{prefix}_billable"),
               help="Annule la demande (statut « Annulé ») et avise l'interprète et la BI.")
    bar.button("Annuler", key=f"{prefix}_back", on_click=_back, args=(request.id, prefix),
               help="Revenir à la demande sans l'annuler.")


def _create_copies(request_id: int, prefix: str, dates: list) -> None:
    copies = _write(repeat_request, errors_key=f"{prefix}__errors", request_id=request_id, dates=dates,
                    transmit=bool(st.session_state.get(f"{prefix}_transmit", True)))
    if copies:
        _back(request_id, prefix)
        flash(f"{len(copies)} copie(s) créée(s) : " + ", ".join(
            f"{c.number or 'brouillon'} ({c.service_date:%Y-%m-%d})" for c in copies))


def show_repeat(detail: RequestDetail) -> None:
    request, prefix = detail.request, f"repeat_{detail.request.id}"
    st.markdown("**Dupliquer / Répéter** — crée de nouvelles demandes identiques pour d'autres dates "
                "(sans les pièces jointes).")
    how = st.radio("Que voulez-vous faire ?", ["Dupliquer à une autre date", "Répéter chaque semaine"],
                   key=f"{prefix}_how", horizontal=True)
    if how == "Dupliquer à une autre date":
        dates = [st.date_input("Date de la copie", key=f"{prefix}_date", value=None, format="YYYY-MM-DD")]
    else:
        weeks = st.number_input("Nombre de semaines", min_value=1, max_value=52, value=4,
                                key=f"{prefix}_weeks")
        dates = weekly_dates(request.service_date, int(weeks))
    dates = [d for d in dates if d]
    if dates:
        st.caption("Dates : " + ", ".join(f"{d:%Y-%m-%d}" for d in dates))
    st.checkbox("Transmettre les copies à la BI (sinon : brouillons)", value=True, key=f"{prefix}_transmit")
    errors = st.session_state.get(f"{prefix}__errors", {})
    if "dates" in errors:
        st.error(md_escape(errors["dates"]), icon=":material/error:")
    bar = st.container(horizontal=True)
    bar.button("Créer les copies", key=f"{prefix}_create", type="primary", on_click=_create_copies,
               args=(request.id, prefix, dates), disabled=not dates)
    bar.button("Annuler", key=f"{prefix}_back", on_click=_back, args=(request.id, prefix))
