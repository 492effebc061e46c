"""The demo banner of the login page: the demo accounts that exist, and their password."""
from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from core.auth import demo_accounts
from core.roles import Role
from db.engine import read_session
from ui._seed_shim import DEMO_PASSWORD


def _role_label(role: str, is_admin: bool) -> str:
    label = Role(role).label
    return f"{label} et administrateur" if is_admin and role != Role.ADMIN else label


def show_demo_banner(engine: Engine) -> None:
    with read_session(engine) as session:
        lines = [f"- `{user.email}` (ID `{user.public_id}`) — {_role_label(user.role, user.is_admin)}"
                 for user in demo_accounts(session=session)]
    st.info("**Mode démonstration** : les données sont fictives. Comptes de démonstration, "
            f"tous avec le mot de passe `{DEMO_PASSWORD}` :\n\n" + "\n".join(lines),
            icon=":material/science:")
