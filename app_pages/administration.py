"""« Administration »: create an account (the person receives a one-time activation link, never
a password), lift a login lock early, and change an account (role, installations, active)."""
import streamlit as st
from sqlmodel import select

from core.accounts import create_account
from core.errors import RelaisError
from core.roles import Role
from core.settings import TIMEZONE
from core.throttle import locked_accounts, unlock
from db.engine import read_session, session_scope
from db.models import Etablissement, Installation, User
from ui.db import app_engine
from ui.account_editor import show_account_editor
from ui.forms import show_refusal
from ui.session import current_person
from ui.text import md_escape

LABELS = {"email": "Courriel", "role": "Rôle", "installations": "Installations"}
CREATED = "relais_account_created"

person = current_person()
engine = app_engine()
st.title("Administration")
st.subheader("Créer un compte")
if created := st.session_state.pop(CREATED, None):
    st.success(f"Compte créé pour {md_escape(created[0])} (identifiant {created[1]}). Un lien d'activation à "
               "usage unique (valide 72 heures) lui a été envoyé par courriel.")

with read_session(engine) as session:
    choices = {inst_id: f"{nom} ({etab})" for inst_id, nom, etab in session.exec(
        select(Installation.id, Installation.nom, Etablissement.nom)
        .join(Etablissement, Etablissement.id == Installation.etablissement_id)
        .where(Installation.active).order_by(Etablissement.nom, Installation.nom)).all()}

with st.form("account_create_form", clear_on_submit=False):
    email = st.text_input("Courriel", key="account_email", max_chars=254,
                          help="L'adresse de la personne : elle y recevra son lien d'activation.")
    first_name = st.text_input("Prénom", key="account_first_name", max_chars=100, help="Prénom de la personne.")
    last_name = st.text_input("Nom", key="account_last_name", max_chars=100, help="Nom de famille de la personne.")
    role = st.selectbox("Rôle", list(Role), format_func=lambda r: r.label, key="account_role",
                        help="Ce que la personne peut faire dans Relais.")
    also_admin = st.checkbox("Administrateur aussi", key="account_is_admin",
                             help="Pour un coordonnateur qui administre aussi la plateforme.")
    chosen = st.multiselect("Installations", list(choices), format_func=choices.get, key="account_installations",
                            help="Les installations où travaille la personne (obligatoire pour un demandeur).")
    submitted = st.form_submit_button("Créer le compte", key="account_create", type="primary")
if submitted:
    try:
        with session_scope(engine) as session:
            user, _link = create_account(session=session, actor=session.get(User, person.id), email=email,
                                         role=role, installation_ids=chosen, first_name=first_name,
                                         last_name=last_name, is_admin_flag=also_admin)
    except RelaisError as refusal:
        show_refusal(refusal, LABELS)
    else:
        st.session_state[CREATED] = (user.email, user.public_id)
        st.rerun()

st.subheader("Comptes verrouillés")
with read_session(engine) as session:
    locked = [(user.id, f"{user.full_name or user.email} ({user.public_id})", until)
              for user, until in locked_accounts(session=session, actor=session.get(User, person.id))]
if not locked:
    st.caption("Aucun compte n'est verrouillé.")
for user_id, name, until in locked:
    label, action = st.columns([4, 1], vertical_alignment="center")
    label.write(f"{md_escape(name)} — verrouillé jusqu'à {until.astimezone(TIMEZONE).strftime('%H:%M')}")
    if action.button("Déverrouiller", key=f"unlock_{user_id}"):
        with session_scope(engine) as session:
            unlock(session=session, user=session.get(User, user_id), actor=session.get(User, person.id))
        st.rerun()

show_account_editor()
