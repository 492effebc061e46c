"""Charts of the dashboard (Altair), each followed by its data as a table for those who read."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st


def _table(title: str, rows: list[dict], key: str) -> None:
    with st.expander(f"{title} — données"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=key)


def bar_chart(title: str, rows: list[dict], category: str, *, key: str) -> None:
    """Horizontal bars, largest first, with the count written at the end of each bar."""
    st.subheader(title)
    if not rows:
        st.caption("Aucune demande pour cette période.")
        return
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{category}:N", sort="-x", title=None),
        x=alt.X("Demandes:Q", title="Demandes"),
        tooltip=[category, "Demandes"])
    chart = base.mark_bar() + base.mark_text(align="left", dx=3).encode(text="Demandes:Q")
    st.altair_chart(chart.properties(height=max(120, 26 * len(frame))), width="stretch")
    _table(title, rows, f"{key}_table")


def week_chart(title: str, rows: list[dict], *, key: str) -> None:
    st.subheader(title)
    if not rows:
        st.caption("Aucune demande pour cette période.")
        return
    frame = pd.DataFrame(rows)
    frame["Semaine du"] = pd.to_datetime(frame["Semaine du"])
    long = frame.melt("Semaine du", var_name="Série", value_name="Nombre")
    chart = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("Semaine du:T", title="Semaine du", axis=alt.Axis(format="%Y-%m-%d")),
        y=alt.Y("Nombre:Q", title="Nombre"), color=alt.Color("Série:N", title=None),
        strokeDash="Série:N", tooltip=["Semaine du:T", "Série", "Nombre"])
    st.altair_chart(chart, width="stretch")
    _table(title, [{**r, "Semaine du": r["Semaine du"].isoformat()} for r in rows], f"{key}_table")
