"""« Tableau de bord »: volumes by status, language, installation and week; fill rate; late
cancellations. Each chart has its table beside it (text alternative)."""
from datetime import timedelta

import streamlit as st

from core.coordination_queries import RequestFilters, local_today
from core.dashboard import dashboard
from core.reference_admin import filter_options
from db.engine import read_session
from ui.bi_actions import acting_user
from ui.charts import bar_chart, week_chart
from ui.db import app_engine

st.title("Tableau de bord")

today = local_today()
with read_session(app_engine()) as session:
    options = filter_options(session=session)
    left, middle, right = st.columns(3)
    first = left.date_input("Du (date du service)", value=today - timedelta(weeks=8), key="dash_from",
                            format="YYYY-MM-DD")
    last = middle.date_input("Au", value=today + timedelta(weeks=4), key="dash_to", format="YYYY-MM-DD")
    etablissement = right.selectbox("Établissement", [None, *options.etablissements], key="dash_etab",
                                    format_func=lambda k: "Tous" if k is None else options.etablissements[k])
    if first > last:
        st.error("La date de début doit précéder la date de fin.")
        st.stop()
    board = dashboard(session=session, user=acting_user(session), first=first, last=last,
                      filters=RequestFilters(etablissement_id=etablissement))

rate = "—" if board.fill_rate is None else f"{board.fill_rate:.0%}".replace("%", " %")
columns = st.columns(4)
columns[0].metric("Demandes transmises", board.transmitted)
columns[1].metric("Taux de comblement", rate, help="Demandes réservées (ou modifiées, fournies, "
                  "fermées) sur les demandes transmises de la période.")
columns[2].metric("Annulations", board.cancelled)
columns[3].metric("Annulations tardives", board.late_cancellations)

bar_chart("Demandes par statut", board.by_status, "Statut", key="dash_status")
week_chart("Demandes par semaine", board.by_week, key="dash_weeks")
bar_chart("Demandes par langue (15 premières)", board.by_language[:15], "Langue", key="dash_language")
bar_chart("Demandes par installation", board.by_installation, "Installation", key="dash_installation")
