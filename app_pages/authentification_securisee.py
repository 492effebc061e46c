"""« Configuration de l'authentification sécurisée » (guide, section 1), offered after login:
« Plus tard » or « Maintenant » (no « Plus tard » where it is mandatory). « Maintenant » shows a
QR code and the key as text, is confirmed with a code, then shows 8 recovery codes once."""
import io

import segno
import streamlit as st

from core.errors import RelaisError
from core.totp import (confirm_enrollment, formatted_key, is_required, provisioning_uri,
                       start_enrollment)
from db.engine import session_scope
from db.models import User
from ui.db import app_engine
from ui.security import RECOVERY_CODES, TOTP_OFFER, load_user
from ui.session import current_person
from ui.text import md_escape

STAGE = "relais_totp_stage"
engine = app_engine()
person = current_person()
st.title("Configuration de l'authentification sécurisée")


def _show_recovery_codes(codes: list[str]) -> None:
    st.success("L'authentification sécurisée est activée. À chaque connexion, Relais vous demandera "
               "le code à 6 chiffres de votre application.")
    st.warning("Notez ces 8 codes de récupération et gardez-les en lieu sûr : chacun permet une "
               "connexion sans votre téléphone, une seule fois. Ils ne seront plus jamais affichés.",
               icon=":material/warning:")
    st.code("\n".join(codes), language=None)
    if st.button("J'ai noté mes codes, continuer", key="totp_codes_done", type="primary"):
        st.session_state.pop(RECOVERY_CODES, None)
        st.session_state.pop(TOTP_OFFER, None)
        st.session_state.pop(STAGE, None)
        st.rerun()


def _show_offer(required: bool) -> None:
    st.write("Lors de la connexion, vous pouvez mettre en place un processus de connexion sécurisé : "
             "en plus du mot de passe, Relais demandera un code à 6 chiffres affiché par une "
             "application d'authentification sur votre téléphone.")
    if required:
        st.info("Pour votre rôle, l'authentification sécurisée est obligatoire.")
    else:
        st.caption("Le processus sécurisé n'est pas obligatoire mais est recommandé.")
    later, now = st.columns(2)
    if not required and later.button("Plus tard", key="totp_later"):
        st.session_state.pop(TOTP_OFFER, None)
        st.rerun()
    if now.button("Maintenant", key="totp_now", type="primary"):
        with session_scope(engine) as session:
            start_enrollment(session=session, user=session.get(User, person.id))
        st.session_state[STAGE] = "enroll"
        st.rerun()


def _show_enrollment(user: User) -> None:
    uri = provisioning_uri(user, user.totp_secret)
    st.write("1. Ouvrez votre application d'authentification et balayez ce code QR :")
    buffer = io.BytesIO()
    segno.make(uri).save(buffer, kind="png", scale=5)
    st.image(buffer.getvalue(), caption="Code QR de configuration (Relais)", width=220)
    st.write("Ou inscrivez cette clé à la main dans l'application (type : basée sur le temps) :")
    st.code(formatted_key(user.totp_secret), language=None)
    with st.form("totp_confirm_form"):
        code = st.text_input("2. Inscrivez le code à 6 chiffres affiché par l'application",
                             key="totp_confirm_code", max_chars=10, autocomplete="one-time-code",
                             help="Le code change toutes les 30 secondes.")
        submitted = st.form_submit_button("Confirmer", key="totp_confirm", type="primary")
    if submitted:
        try:
            with session_scope(engine) as session:
                codes = confirm_enrollment(session=session, user=session.get(User, person.id), code=code)
        except RelaisError as refusal:
            st.error(md_escape(refusal.message))
        else:
            st.session_state[RECOVERY_CODES] = codes
            st.rerun()


if st.session_state.get(RECOVERY_CODES):
    _show_recovery_codes(st.session_state[RECOVERY_CODES])
else:
    user = load_user(engine, person.id)
    if st.session_state.get(STAGE) == "enroll" and user.totp_secret:
        _show_enrollment(user)
    else:
        _show_offer(is_required(user))
