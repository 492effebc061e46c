"""Export of a filtered list (CSV for Excel or .xlsx) with a progress bar and a download button.

Any page holding a list and its RequestFilters can offer it: core.exports enforces the scope
(a requester exports only « Mes demandes » / « Par emplacement ») and audits each export.
"""
from __future__ import annotations

import streamlit as st

from core.access import Scope
from core.coordination_queries import RequestFilters
from core.errors import RelaisError
from core.exports import ExportFormat, export_requests
from db.engine import session_scope
from ui.bi_actions import acting_user
from ui.db import app_engine
from ui.text import md_escape

FORMAT_LABELS = {ExportFormat.CSV: "CSV pour Excel (français : « ; », UTF-8)",
                 ExportFormat.XLSX: "Classeur Excel (.xlsx)"}


def _export(scope: Scope, filters: RequestFilters, fmt: ExportFormat, key: str) -> None:
    bar = st.progress(0.0, text="Préparation du fichier…")

    def progress(done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{done} / {total} lignes")

    try:
        with session_scope(app_engine()) as session:
            result = export_requests(session=session, user=acting_user(session), scope=scope,
                                     filters=filters, fmt=fmt, progress=progress)
    except RelaisError as error:
        bar.empty()
        st.error(md_escape(error.message))
        return
    bar.progress(1.0, text=f"{result.rows} lignes prêtes.")
    st.session_state[f"{key}_file"] = result


def export_panel(*, scope: Scope, filters: RequestFilters, key: str) -> None:
    fmt = st.radio("Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, key=f"{key}_format",
                   horizontal=True)
    if st.button("Préparer le fichier", key=f"{key}_prepare", type="primary"):
        _export(scope, filters, ExportFormat(fmt), key)
    result = st.session_state.get(f"{key}_file")
    if result is not None:
        st.download_button(f"Télécharger {result.filename} ({result.rows} lignes)", data=result.data,
                           file_name=result.filename, mime=result.mime, key=f"{key}_download")
