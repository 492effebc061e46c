"""The filter bar of the BI's lists; returns a core RequestFilters (rules stay in core/)."""
from __future__ import annotations

import streamlit as st

from core.coordination_queries import DatePreset, RequestFilters, local_today
from core.reference_admin import Options
from core.statuses import Status, status_badge

ALL_DATES = "toutes"
PERIOD_LABELS = {ALL_DATES: "Toutes les dates", **{p.value: p.label for p in DatePreset}}


def _choice(label: str, options: dict, key: str, column) -> object | None:
    keys = [None, *options]
    return column.selectbox(label, keys, key=key,
                            format_func=lambda k: "Tous" if k is None else options[k])


def _period(prefix: str, column) -> tuple[str | None, object, object]:
    period = column.selectbox("Période (date du service)", list(PERIOD_LABELS), key=f"{prefix}_period",
                              format_func=PERIOD_LABELS.get)
    if period != DatePreset.PERSONNALISEE:
        return (None if period == ALL_DATES else period), None, None
    today = local_today()
    first = column.date_input("Du", value=today, key=f"{prefix}_date_from", format="YYYY-MM-DD")
    last = column.date_input("Au", value=today, key=f"{prefix}_date_to", format="YYYY-MM-DD")
    return DatePreset.PERSONNALISEE, first, last


def filter_bar(options: Options, *, prefix: str, statuses: bool = True) -> RequestFilters:
    """Numéro, statut, langue, interprète, type, établissement, installation, centre de coût, période."""
    with st.expander("Filtres", expanded=True):
        left, middle, right = st.columns(3)
        number = left.text_input("Numéro de demande", key=f"{prefix}_number")
        chosen = (middle.multiselect("Statut", [s.value for s in Status if s != Status.BROUILLON],
                                     key=f"{prefix}_statuses", format_func=status_badge)
                  if statuses else [])
        language = _choice("Langue d'arrivée", options.languages, f"{prefix}_language", right)
        interpreter = left.text_input("Nom de l'interprète", key=f"{prefix}_interpreter")
        kind = _choice("Type de demande", options.request_types, f"{prefix}_type", middle)
        etablissement = _choice("Établissement", options.etablissements, f"{prefix}_etablissement", right)
        installation = _choice("Installation", options.installations, f"{prefix}_installation", left)
        cost_center = middle.text_input("Centre de coût", key=f"{prefix}_cost_center")
        preset, first, last = _period(prefix, right)
    return RequestFilters(number=number or None, statuses=tuple(chosen), language_id=language,
                          interpreter_name=interpreter or None, request_type=kind,
                          installation_id=installation, etablissement_id=etablissement,
                          cost_center=cost_center or None, preset=preset, date_from=first, date_to=last)
