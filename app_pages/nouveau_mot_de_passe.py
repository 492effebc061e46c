"""The page a reset or account set-up link opens: the new password, twice, with the live meter.

Afterwards the person logs in normally (no automatic login; two-factor is still asked).
"""
import streamlit as st

from core.errors import ValidationFailed
from core.tokens import InvalidToken, find_valid_token
from core.accounts import set_password_with_token
from db.engine import read_session, session_scope
from db.models import User
from ui.db import app_engine
from ui.navigation import LOGIN_PAGE, TOKEN_PARAMETER
from ui.password_form import new_password_fields

TOKEN = "relais_link_token"
DONE = "relais_link_done"

# The token leaves the address bar (and the browser history) at once; it is kept for this session.
if TOKEN_PARAMETER in st.query_params:
    st.session_state[TOKEN] = st.query_params[TOKEN_PARAMETER]
    del st.query_params[TOKEN_PARAMETER]

st.title("Choisir un nouveau mot de passe")
engine = app_engine()
if st.session_state.get(DONE):
    st.success("Votre mot de passe est enregistré. Connectez-vous maintenant avec ce nouveau mot de passe.")
else:
    with read_session(engine) as session:
        token = find_valid_token(session=session, raw=st.session_state.get(TOKEN))
        person = session.get(User, token.user_id) if token else None
        if person is not None:
            session.expunge(person)
    if person is None:
        st.error(InvalidToken().message)
    else:
        st.write(f"Compte : **{person.email}** (identifiant {person.public_id})")
        password, confirmation = new_password_fields("link_password", person)
        if st.button("Enregistrer le mot de passe", key="link_password_submit", type="primary"):
            try:
                with session_scope(engine) as session:
                    set_password_with_token(session=session, raw_token=st.session_state.get(TOKEN),
                                            password=password, confirmation=confirmation)
            except ValidationFailed as refusal:
                st.error(" ".join(refusal.errors.values()) or refusal.message)
            except InvalidToken as refusal:
                st.error(refusal.message)
            else:
                st.session_state[DONE] = True
                st.session_state.pop(TOKEN, None)
                st.rerun()

if st.button("Aller à la connexion", key="link_to_login", icon=":material/login:"):
    st.session_state.pop(DONE, None)
    st.switch_page(LOGIN_PAGE.file)
