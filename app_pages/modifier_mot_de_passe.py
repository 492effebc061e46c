"""« Modifier le mot de passe » (guide, section 2): current password, new password twice,
« Modifier le mot de passe » or « Annuler ». Every other session of the person is closed."""
import streamlit as st

from core.errors import ValidationFailed
from core.profile import change_password
from db.engine import session_scope
from db.models import User
from ui.db import app_engine
from ui.forms import show_refusal
from ui.navigation import home_entry
from ui.password_form import new_password_fields
from ui.security import begin_session, load_user
from ui.session import current_person

LABELS = {"current_password": "Mot de passe actuel", "new_password": "Nouveau mot de passe",
          "confirmation": "Confirmation"}
DONE = "relais_password_changed"

person = current_person()
engine = app_engine()
st.title("Modifier le mot de passe")
if st.session_state.pop(DONE, False):
    st.success("Votre mot de passe a été modifié. Les autres sessions ouvertes ont été fermées et "
               "un courriel de confirmation vous a été envoyé.")
user = load_user(engine, person.id)

st.caption("Le nouveau mot de passe doit être classé « Très fort » et inclure au minimum une lettre "
           "majuscule, un chiffre et un caractère spécial.")
current = st.text_input("Mot de passe actuel", type="password", key="pwchange_current",
                        autocomplete="current-password", help="Le mot de passe que vous utilisez aujourd'hui.")
password, confirmation = new_password_fields("pwchange", user,
                                             confirm_label="Inscrire de nouveau le nouveau mot de passe")
submit, cancel = st.columns([2, 1])
if submit.button("Modifier le mot de passe", key="pwchange_submit", type="primary"):
    try:
        with session_scope(engine) as session:
            account = session.get(User, person.id)
            change_password(session=session, user=account, current_password=current,
                            new_password=password, confirmation=confirmation)
    except ValidationFailed as refusal:
        show_refusal(refusal, LABELS)
    else:
        # This session stays open with a fresh cookie; those issued before are now refused.
        begin_session(account, offer_two_factor=False)
        for key in ("pwchange_current", "pwchange_new", "pwchange_confirm"):
            st.session_state.pop(key, None)
        st.session_state[DONE] = True
        st.rerun()
if cancel.button("Annuler", key="pwchange_cancel"):
    st.switch_page(home_entry(person).file)
