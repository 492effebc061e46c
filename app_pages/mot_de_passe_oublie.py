"""« J'ai oublié mon mot de passe » (guide, section 1): « Inscrire le courriel », « Soumettre ».

The answer is the same whether or not the address has an account.
"""
import streamlit as st

from core.accounts import request_password_reset
from db.engine import session_scope
from ui.db import app_engine
from ui.navigation import LOGIN_PAGE

st.title("J'ai oublié mon mot de passe")
st.write("Inscrivez le courriel de votre compte : vous recevrez un lien pour choisir un nouveau "
         "mot de passe.")
with st.form("forgot_form"):
    email = st.text_input("Inscrire le courriel", key="forgot_email", autocomplete="email", max_chars=254,
                          help="L'adresse courriel avec laquelle vous vous connectez à Relais.")
    submitted = st.form_submit_button("Soumettre", key="forgot_submit", type="primary")

if submitted:
    with session_scope(app_engine()) as session:
        message = request_password_reset(session=session, email=email)
    st.success(message, icon=":material/mark_email_read:")

if st.button("Retour à la connexion", key="forgot_back", icon=":material/arrow_back:"):
    st.switch_page(LOGIN_PAGE.file)
