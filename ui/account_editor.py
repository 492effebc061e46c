"""« Modifier un compte » on the Administration page: role, admin flag, installations, active."""
from __future__ import annotations

import streamlit as st

from core import account_admin
from core.reference_admin import filter_options
from core.roles import Role
from db.engine import read_session
from ui.bi_actions import perform
from ui.flash import show_flash
from ui.db import app_engine


def _save(choice: account_admin.AccountChoice) -> None:
    key = f"account_edit_{choice.id}"
    perform(account_admin.update_account, "Compte mis à jour.", "actor", user_id=choice.id,
            role=st.session_state[f"{key}_role"], admin_flag=st.session_state[f"{key}_admin"],
            installation_ids=st.session_state[f"{key}_installations"],
            active=st.session_state[f"{key}_active"], expected_version=choice.version)


def show_account_editor() -> None:
    st.subheader("Modifier un compte")
    show_flash()
    with read_session(app_engine()) as session:
        people = {a.id: a for a in account_admin.accounts(session=session)}
        installations = filter_options(session=session).installations
    chosen = st.selectbox("Compte", list(people), index=None, key="account_edit_choice",
                          format_func=lambda i: people[i].label, placeholder="Choisir un compte")
    if chosen is None:
        return
    choice, key = people[chosen], f"account_edit_{chosen}"
    roles = [r.value for r in Role]
    st.selectbox("Rôle", roles, index=roles.index(choice.role), format_func=lambda r: Role(r).label,
                 key=f"{key}_role")
    st.checkbox("Administrateur aussi", value=choice.is_admin, key=f"{key}_admin")
    st.multiselect("Installations", list(installations), default=list(choice.installation_ids),
                   format_func=installations.get, key=f"{key}_installations",
                   placeholder="Choisir les installations")
    st.checkbox("Compte actif", value=choice.is_active, key=f"{key}_active",
                help="Un compte désactivé ne peut plus se connecter; ses sessions ouvertes sont fermées.")
    st.button("Enregistrer le compte", key=f"{key}_save", type="primary", on_click=_save, args=(choice,))
