"""The login's second step: the 6-digit code (or a recovery code)."""
from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from core.errors import AuthenticationFailed
from core.totp import complete_login_with_code
from core.accounts import any_account
from db.engine import read_session, session_scope
from ui.security import PENDING_CODE, begin_session
from ui.text import md_escape

CODE_HELP = ("Ouvrez votre application d'authentification (par exemple Microsoft Authenticator ou "
             "Google Authenticator) et inscrivez le code à 6 chiffres affiché pour Relais. "
             "Sans votre téléphone, inscrivez un de vos codes de récupération.")


def show_first_admin_hint(engine: Engine) -> None:
    """A new platform has no account at all: say how the operator creates the first admin."""
    with read_session(engine) as session:
        if any_account(session=session):
            return
    st.info("Aucun compte n'existe encore. L'exploitant crée le premier administrateur en ligne de "
            "commande : `python -m db.admin create-user --email … --role admin`, puis ouvre le lien "
            "d'activation affiché.", icon=":material/person_add:")


def show_code_step(engine: Engine, user_id: int) -> None:
    st.subheader("Authentification sécurisée")
    with st.form("login_code_form"):
        code = st.text_input("Code à 6 chiffres ou code de récupération", key="login_code",
                             autocomplete="one-time-code", help=CODE_HELP, max_chars=20)
        submitted = st.form_submit_button("Valider", key="login_code_submit", type="primary")
    if submitted:
        try:
            with session_scope(engine) as session:
                begin_session(complete_login_with_code(session=session, user_id=user_id, code=code),
                              offer_two_factor=False)
        except AuthenticationFailed as refusal:
            st.error(md_escape(refusal.message))
        else:
            st.rerun()
    if st.button("Annuler", key="login_code_cancel"):
        st.session_state.pop(PENDING_CODE, None)
        st.rerun()
