"""The two-factor part of « Mon profil »: set it up, or turn it off (password and code)."""
from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from core.errors import RelaisError
from core.totp import disable, is_required, remaining_recovery_codes
from db.engine import read_session, session_scope
from db.models import User
from ui.forms import show_refusal
from ui.security import load_user, offer_two_factor_setup


def show_two_factor_section(engine: Engine, user_id: int) -> None:
    user = load_user(engine, user_id)
    with read_session(engine) as session:
        remaining = remaining_recovery_codes(session=session, user=user)
    if not user.totp_enabled:
        st.write("Authentification sécurisée : **désactivée**.")
        if st.button("Configurer l'authentification sécurisée", key="profile_totp_setup",
                     icon=":material/security:"):
            offer_two_factor_setup()
            st.rerun()
        return
    st.write(f"Authentification sécurisée : **activée** ({remaining} codes de récupération restants).")
    if is_required(user):
        st.caption("Elle est obligatoire pour votre rôle.")
        return
    with st.expander("Désactiver l'authentification sécurisée"):
        with st.form("profile_totp_disable_form"):
            password = st.text_input("Mot de passe actuel", type="password", key="profile_totp_password",
                                     help="Votre mot de passe, pour confirmer que c'est bien vous.")
            code = st.text_input("Code à 6 chiffres", key="profile_totp_code", max_chars=20,
                                 help="Le code affiché par votre application, ou un code de récupération.")
            submitted = st.form_submit_button("Désactiver", key="profile_totp_disable")
        if submitted:
            try:
                with session_scope(engine) as session:
                    disable(session=session, user=session.get(User, user_id), password=password, code=code)
            except RelaisError as refusal:
                show_refusal(refusal, {"password": "Mot de passe actuel", "code": "Code"})
            else:
                st.rerun()
