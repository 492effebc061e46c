"""« Connexion » (guide, section 1): email or ID, password, « Connexion »."""
import streamlit as st

from core.auth import authenticate
from core.errors import AuthenticationFailed
from db.engine import session_scope
from ui.db import app_engine, app_settings
from ui.demo import show_demo_banner
from ui.session import sign_in

st.title("Connexion")
if app_settings().demo:
    show_demo_banner()

with st.form("login_form"):
    login = st.text_input("Courriel ou identifiant (ID)", key="login_identifier", autocomplete="username")
    password = st.text_input("Mot de passe", type="password", key="login_password",
                             autocomplete="current-password")
    submitted = st.form_submit_button("Connexion", key="login_submit", type="primary")

if submitted:
    try:
        with session_scope(app_engine()) as session:
            sign_in(authenticate(session=session, login=login, password=password))
    except AuthenticationFailed as refusal:
        st.error(refusal.message)
    else:
        st.rerun()
