"""The demo banner of the login page: the fixed demo accounts and their shared password."""
from __future__ import annotations

import streamlit as st

from db.demo_people import DEMO_PASSWORD, FIXED_ACCOUNTS, DemoPerson


def _describe(person: DemoPerson) -> str:
    where = f", {', '.join(person.installations)}" if person.installations else ""
    return f"- `{person.email}` (ID `{person.public_id}`) — {person.role.label}{where}"


def show_demo_banner() -> None:
    st.info("**Mode démonstration** : les données sont fictives. Comptes de démonstration, "
            f"tous avec le mot de passe `{DEMO_PASSWORD}` :\n\n"
            + "\n".join(_describe(person) for person in FIXED_ACCOUNTS),
            icon=":material/science:")
