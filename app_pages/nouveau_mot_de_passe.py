"""The page a reset or account set-up link opens: the new password, twice, with the live meter.

Afterwards the person logs in normally (no automatic login; two-factor is still asked).
"""
import streamlit as st

from core.errors import ValidationFailed
from core.tokens import SETUP, InvalidToken, find_valid_token
from core.accounts import set_password_with_token
from db.engine import read_session, session_scope
from db.models import User
from ui.db import app_engine
from ui.navigation import LOGIN_PAGE, TOKEN_PARAMETER
from ui.password_form import new_password_fields
from ui.text import md_escape

DONE = "relais_link_done"
# The token stays in the address while the page is open (the navigation keeps this page as its
# default); it serves once and expires, and leaves the address with « Aller à la connexion ».
raw_token = st.query_params.get(TOKEN_PARAMETER)

st.title("Choisir un nouveau mot de passe")
engine = app_engine()
if st.session_state.get(DONE):
    st.success("Votre mot de passe est enregistré. Connectez-vous maintenant avec ce nouveau mot de passe.")
else:
    with read_session(engine) as session:
        token = find_valid_token(session=session, raw=raw_token)
        person = session.get(User, token.user_id) if token else None
        purpose = token.purpose if token else None
        if person is not None:
            session.expunge(person)
    if person is None:
        st.error(InvalidToken().message)
    else:
        if purpose == SETUP:
            st.write("Bienvenue dans Relais. Choisissez le mot de passe de votre nouveau compte.")
        st.write(f"Compte : **{md_escape(person.email)}** (identifiant {person.public_id})")
        password, confirmation = new_password_fields("link_password", person)
        if st.button("Enregistrer le mot de passe", key="link_password_submit", type="primary"):
            try:
                with session_scope(engine) as session:
                    set_password_with_token(session=session, raw_token=raw_token,
                                            password=password, confirmation=confirmation)
            except ValidationFailed as refusal:
                st.error(md_escape(" ".join(refusal.errors.values()) or refusal.message))
            except InvalidToken as refusal:
                st.error(md_escape(refusal.message))
            else:
                st.session_state[DONE] = True
                st.rerun()

if st.button("Aller à la connexion", key="link_to_login", icon=":material/login:"):
    st.session_state.pop(DONE, None)
    st.query_params.clear()
    st.switch_page(LOGIN_PAGE.file)
