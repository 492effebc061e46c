"""« Coordination »: the queue by status, filtered and paged requests, a request's file, and the
BI's actions on it (modify, cancel, offer, confirm, close or return the service)."""
import streamlit as st

from core import coordination_service as coordination
from core.access import Scope
from core.coordination_queries import PAGE_SIZES, list_requests, status_counts
from core.errors import RelaisError
from core.matching import rank_candidates
from core.reference_admin import filter_options
from core.workflow import Action
from db.engine import read_session
from ui.bi_actions import acting_user
from ui.coordination_view import show_assignment, show_offers, show_queue, show_validation, table_rows
from ui.db import app_engine
from ui.flash import show_flash
from ui.request_detail import show_request_detail
from ui.request_filters import filter_bar
from ui.request_mode import mode_of

st.title("Coordination")
show_flash()

with read_session(app_engine()) as session:
    me = acting_user(session)
    filters = filter_bar(filter_options(session=session), prefix="coord")
    show_queue(status_counts(session=session, user=me, scope=Scope.COORDINATION, filters=filters))
    left, right = st.columns([1, 3])
    size = left.selectbox("Lignes par page", PAGE_SIZES, index=1, key="coord_page_size")
    number = right.number_input("Page", min_value=1, step=1, key="coord_page")
    page = list_requests(session=session, user=me, scope=Scope.COORDINATION, filters=filters,
                         page=number, page_size=size)
    st.caption(f"{page.total} demande(s) — page {page.page} de {page.page_count}.")
    event = st.dataframe(table_rows(page), hide_index=True, key="coord_table", on_select="rerun",
                         selection_mode="single-row")
    labels = {row["id"]: f"{row['number']} — {row['service_date']:%Y-%m-%d} {row['service_time']:%H:%M}"
              for row in page.rows}
    picked = list(event.selection.rows) if event and event.selection else []
    if picked != st.session_state.get("coord_last_pick") and picked and picked[0] < len(page.rows):
        st.session_state["coord_open"] = page.rows[picked[0]]["id"]  # a click in the table opens it
    st.session_state["coord_last_pick"] = picked
    if st.session_state.get("coord_open") not in labels:
        st.session_state["coord_open"] = next(iter(labels), None)
    opened = st.selectbox("Demande à ouvrir", list(labels), format_func=labels.get, key="coord_open")
    if opened is None:
        st.info("Aucune demande ne correspond à ces filtres.", icon=":material/filter_alt_off:")
        st.stop()
    show_request_detail(opened)  # fields, attachments, history, « Modifier », « Demande d'annulation »
    try:
        file = coordination.request_file(session=session, user=me, request_id=opened)
    except RelaisError:
        st.stop()  # the detail above already said why in French
    if mode_of(opened):
        st.stop()  # modifying or cancelling: the BI's other actions wait until it is done
    show_offers(file)
    if Action.OFFRIR in file.actions or Action.CONFIRMER in file.actions:
        show_assignment(file, rank_candidates(session=session, request=file.request))
    if Action.FERMER in file.actions:
        show_validation(file)
