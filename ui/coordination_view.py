"""Pieces of the « Coordination » page: the queue, the table, the offers and the BI's actions.

The request itself is shown by `ui.request_detail`, the same view as the requesters' (with
« Modifier » and « Demande d'annulation » for the BI), so a field is labelled once."""
from __future__ import annotations

import streamlit as st

from core import coordination_service as coordination
from core.coordination_queries import RequestPage
from core.matching import Candidate
from core.statuses import Status, status_badge
from core.workflow import Action
from ui.bi_actions import perform
from ui.flash import flash


def show_queue(counts: dict[Status, int]) -> None:
    """How many requests per status, symbol and label (never colour alone)."""
    columns = st.columns(len(counts))
    for column, (status, count) in zip(columns, counts.items()):
        column.metric(status_badge(status), count)


def table_rows(page: RequestPage) -> list[dict]:
    return [{"Numéro": r["number"] or "—", "Statut": status_badge(r["status"]),
             "Date": r["service_date"].isoformat(), "Heure": r["service_time"].strftime("%H:%M"),
             "Durée (min)": r["duration_minutes"], "Type": r["request_type"], "Langue": r["language"],
             "Établissement": r["etablissement"], "Installation": r["installation"],
             "Demandeur": r["requester"], "Centre de coût": r["cost_center"] or "",
             "Interprète": r["interpreter"] or "—"} for r in page.rows]


def show_offers(file: coordination.RequestFile) -> None:
    """Who was offered the request and what each answered (refusal reasons included)."""
    if file.offers:
        st.markdown("**Offres aux interprètes**")
        st.dataframe(file.offers, hide_index=True, key=f"coord_offers_{file.request.id}")


def _candidate_row(c: Candidate) -> dict:
    return {"Rang": str(c.rank) if c.rank else "Exclu", "Interprète": c.name, "Genre": c.gender or "—",
            "Type": c.interpreter_type or "—", "Raisons": " · ".join(c.reasons)}


def show_assignment(file: coordination.RequestFile, candidates: list[Candidate]) -> None:
    """Ranked candidates with their reasons; « Offrir » to several, « Confirmer » one."""
    r = file.request
    st.markdown("**Interprètes candidats** (du plus indiqué au moins indiqué ; les exclus à la fin)")
    st.dataframe([_candidate_row(c) for c in candidates], hide_index=True, key=f"coord_candidates_{r.id}")
    eligible = {c.interpreter_id: f"{c.rank}. {c.name}" for c in candidates if c.rank}
    if Action.OFFRIR in file.actions:
        st.multiselect("Offrir à", list(eligible), format_func=eligible.get, key=f"coord_offer_to_{r.id}",
                       placeholder="Choisir un ou plusieurs interprètes")
        st.button("Offrir", key=f"coord_offer_{r.id}", type="primary", on_click=_offer, args=(r.id, r.version))
    if Action.CONFIRMER in file.actions:
        st.selectbox("Interprète qui a accepté par téléphone", list(eligible), index=None,
                     format_func=eligible.get, key=f"coord_confirm_to_{r.id}", placeholder="Choisir")
        st.button("Confirmer pour cet interprète", key=f"coord_confirm_{r.id}", on_click=_confirm,
                  args=(r.id, r.version))


def _offer(request_id: int, version: int) -> None:
    chosen = st.session_state.get(f"coord_offer_to_{request_id}") or []
    perform(coordination.offer_to, f"Demande offerte à {len(chosen)} interprète(s).", "coordinator",
            request_id=request_id, interpreter_ids=chosen, expected_version=version)


def _confirm(request_id: int, version: int) -> None:
    chosen = st.session_state.get(f"coord_confirm_to_{request_id}")
    if chosen is None:
        flash("Choisissez l'interprète à confirmer.", "error")
        return
    perform(coordination.confirm_for, "Demande réservée pour l'interprète choisi.", "coordinator",
            request_id=request_id, interpreter_id=chosen, expected_version=version)


def show_validation(file: coordination.RequestFile) -> None:
    """« Fermer le service » or « Retourner à l'interprète » with a comment."""
    r = file.request
    st.button("Fermer le service", key=f"coord_close_{r.id}", type="primary", on_click=_close,
              args=(r.id, r.version))
    st.text_area("Commentaire pour l'interprète", key=f"coord_return_comment_{r.id}", max_chars=2000)
    st.button("Retourner à l'interprète", key=f"coord_return_{r.id}", on_click=_return, args=(r.id, r.version))


def _close(request_id: int, version: int) -> None:
    perform(coordination.close_service, "Service fermé.", "coordinator", request_id=request_id,
            expected_version=version)


def _return(request_id: int, version: int) -> None:
    perform(coordination.return_service, "Service retourné à l'interprète.", "coordinator",
            request_id=request_id, comment=st.session_state.get(f"coord_return_comment_{request_id}", ""),
            expected_version=version)
