"""« Connexion » (guide, section 1): email or ID, password, « Connexion »; then the 6-digit code
when the person uses two-factor authentication; « J'ai oublié mon mot de passe »."""
import streamlit as st

from core.auth import check_password, finish_login
from core.errors import AuthenticationFailed
from db.engine import read_session, session_scope
from ui.db import app_engine, app_settings
from ui.demo import show_demo_banner
from ui.login_steps import show_code_step, show_first_admin_hint
from ui.navigation import FORGOTTEN_PASSWORD_PAGE
from ui.security import await_code, begin_session, pending_code_user_id, show_session_ended_notice
from ui.text import md_escape

st.title("Connexion")
show_session_ended_notice()

pending_user_id = pending_code_user_id()
if pending_user_id is not None:
    show_code_step(app_engine(), pending_user_id)
    st.stop()

if app_settings().demo:
    show_demo_banner()
else:
    show_first_admin_hint(app_engine())

with st.form("login_form"):
    login = st.text_input("Courriel ou identifiant (ID)", key="login_identifier", autocomplete="username")
    password = st.text_input("Mot de passe", type="password", key="login_password",
                             autocomplete="current-password")
    submitted = st.form_submit_button("Connexion", key="login_submit", type="primary")

if submitted:
    try:
        with read_session(app_engine()) as session:  # the hash is slow: no write lock meanwhile
            check = check_password(session=session, login=login, password=password)
        with session_scope(app_engine()) as session:
            user = finish_login(session=session, check=check)
            await_code(user) if user.totp_enabled else begin_session(user)
    except AuthenticationFailed as refusal:
        st.error(md_escape(refusal.message))
    else:
        st.rerun()

if st.button("J'ai oublié mon mot de passe", key="login_forgot", type="tertiary"):
    st.switch_page(FORGOTTEN_PASSWORD_PAGE.file)
