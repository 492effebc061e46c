"""The filtered, paginated list of requests (« Mes demandes », « Par emplacement »).

The filters and period presets of the guide's section 5 become a core `Filters`; the page of
rows comes from core.request_queries (SQL, LIMIT/OFFSET and a COUNT). Selecting a row returns
the request's id so the page can open it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlmodel import Session

from core.access import Scope
from core.request_choices import form_choices, installations_of
from core.request_lists import local_today
from core.request_queries import PAGE_SIZE, Filters, Period, list_requests, period_range
from core.statuses import Status, status_badge
from db.engine import read_session
from db.models import User
from ui.db import app_engine

ALL = "Tous"
LANGUAGE_COLUMN = "Langue d'arrivée"


def _choice(label: str, options: dict, key: str, placeholder: str = ALL):
    return st.selectbox(label, list(options), index=None, key=key, placeholder=placeholder,
                        format_func=lambda value: options.get(value, str(value)))


def period_filter(prefix: str, default: Period = Period.AUJOURDHUI) -> tuple:
    """The period presets; « Période personnalisée » opens a date range."""
    today = local_today()
    period = st.radio("Période", list(Period), key=f"{prefix}_period", horizontal=True,
                      index=list(Period).index(default))
    custom = None
    if period == Period.PERSONNALISEE:
        chosen = st.date_input("Du … au …", value=(today, today), key=f"{prefix}_custom_range",
                               format="YYYY-MM-DD")
        if isinstance(chosen, (tuple, list)) and chosen:
            custom = (chosen[0], chosen[-1])
    return period_range(period, today, custom)


def request_filters(*, prefix: str, session: Session, user: User) -> Filters:
    """Période, then numéro, statut, langue, nom de l'interprète, type and installation."""
    start, end = period_filter(prefix)
    choices = form_choices(session=session, user=user)
    first = st.columns(3)
    second = st.columns(3)
    with first[0]:
        number = st.text_input("Numéro de la demande", key=f"{prefix}_number", placeholder="ex. 2026-000123")
    with first[1]:
        status = _choice("Statut", {s.value: status_badge(s) for s in Status}, f"{prefix}_status")
    with first[2]:
        language = _choice("Langue", choices.languages, f"{prefix}_language", placeholder="Toutes")
    with second[0]:
        interpreter = st.text_input("Nom de l'interprète", key=f"{prefix}_interpreter")
    with second[1]:
        kind = _choice("Type de demande", choices.request_types, f"{prefix}_type")
    with second[2]:
        installation = _choice("Installation", installations_of(session=session, user=user),
                               f"{prefix}_installation", placeholder="Toutes")
    return Filters(start=start, end=end, number=number, status=status, language_id=language,
                   interpreter_name=interpreter, request_type=kind, installation_id=installation)


def _frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as shown: every column but the internal id."""
    return pd.DataFrame([{k: v for k, v in row.items() if k != "id"} for row in rows])


def _page_number(prefix: str) -> int:
    return int(st.session_state.get(f"{prefix}_page", 1) or 1)


def _changed(key: str, value) -> bool:
    """True once each time a choice differs from the one seen at the previous run."""
    seen = f"{key}__seen"
    if value != st.session_state.get(seen):
        st.session_state[seen] = value
        return value is not None
    return False


def opened_request(prefix: str) -> int | None:
    return st.session_state.get(f"{prefix}_opened")


def close_request(prefix: str) -> None:
    st.session_state[f"{prefix}_opened"] = None


def _choose(prefix: str, ids: list[int], rows: list[dict], table_rows: list[int]) -> None:
    """The last choice wins: a row clicked in the table, or a request picked in the selector."""
    clicked = ids[table_rows[0]] if table_rows and table_rows[0] < len(ids) else None
    if _changed(f"{prefix}_table", clicked):
        st.session_state[f"{prefix}_opened"] = clicked
    labels = {row["id"]: " — ".join((row["Numéro"], f"{row['Date']:%Y-%m-%d} {row['Heure']}",
                                     row[LANGUAGE_COLUMN])) for row in rows}
    picked = st.selectbox("Ouvrir une demande (au clavier)", ids, index=None, key=f"{prefix}_open",
                          format_func=lambda i: labels.get(i, str(i)), placeholder="Choisir une demande…")
    if _changed(f"{prefix}_open", picked):
        st.session_state[f"{prefix}_opened"] = picked


def request_table(*, prefix: str, session: Session, user: User, scope: Scope, filters: Filters,
                  empty: str) -> int | None:
    """One page of the list; returns the id of the request opened from it, if any."""
    page = list_requests(session=session, user=user, scope=scope, filters=filters,
                         page=_page_number(prefix), page_size=PAGE_SIZE)
    if page.page > page.pages:  # the filters changed: back to the first page
        st.session_state[f"{prefix}_page"] = 1
        page = list_requests(session=session, user=user, scope=scope, filters=filters, page=1)
    period = (f"du {filters.start:%Y-%m-%d}" + (f" au {filters.end:%Y-%m-%d}" if filters.end != filters.start
                                                 else ""))
    st.caption(f"{page.total} demande(s) {period}. Sélectionnez une ligne pour ouvrir la demande.")
    if not page.rows:
        st.info(empty, icon=":material/event_available:")
        return opened_request(prefix)
    ids = [row["id"] for row in page.rows]
    event = st.dataframe(_frame(page.rows), key=f"{prefix}_table", hide_index=True, width="stretch",
                         on_select="rerun", selection_mode="single-row",
                         column_config={"Date": st.column_config.DateColumn("Date", format="YYYY-MM-DD")})
    if page.pages > 1:
        st.number_input(f"Page (sur {page.pages})", min_value=1, max_value=page.pages, step=1,
                        key=f"{prefix}_page")
    _choose(prefix, ids, page.rows, event.selection.rows if event and event.selection else [])
    return opened_request(prefix)


def show_requests_of_today(person, *, scope: Scope, key: str, empty: str) -> None:
    """Today's requests of a scope, read-only (the BI's and interpreters' pages until theirs land)."""
    today = local_today()
    with read_session(app_engine()) as session:
        page = list_requests(session=session, user=session.get(User, person.id), scope=scope,
                             filters=Filters(start=today, end=today))
    st.caption(f"Demandes du {today:%Y-%m-%d} (aujourd'hui).")
    if not page.rows:
        st.info(empty, icon=":material/event_available:")
        return
    st.dataframe(_frame(page.rows), key=key, hide_index=True, width="stretch")
