"""« Mon profil » (guide, section 3): nom, prénom, courriel, téléphone, centre de coût; the ID
read only; « Désactiver les notifications par courriel »; établissements and installations read
only; « Changer le mot de passe »; two-factor; « Historique »; « Sauvegarder »."""
import streamlit as st

from core.errors import RelaisError
from core.profile import FIELD_LABELS, profile_history, update_profile, workplaces
from core.settings import TIMEZONE
from db.engine import read_session, session_scope
from db.models import User
from ui.db import app_engine
from ui.forms import show_refusal
from ui.navigation import entry_titled
from ui.profile_security import show_two_factor_section
from ui.security import load_user
from ui.session import current_person

HELP = {
    "last_name": "Votre nom de famille, tel qu'il doit paraître sur les demandes.",
    "first_name": "Votre prénom.",
    "email": "L'adresse où Relais vous écrit et avec laquelle vous vous connectez. "
             "La changer demande votre mot de passe actuel; l'ancienne adresse en est avisée.",
    "phone": "Un numéro canadien où la BI peut vous joindre, avec le poste s'il y a lieu "
             "(exemple : 514 555-0100, poste 1234).",
    "cost_center": "Le centre de coût ou l'unité administrative à facturer pour vos demandes.",
    "notifications_disabled": "« Oui » : Relais ne vous envoie plus d'avis par courriel sur vos "
                              "demandes. Les courriels de sécurité (mot de passe, compte) restent envoyés.",
}
SAVED = "relais_profile_saved"

person = current_person()
engine = app_engine()
st.title("Mon profil")
if st.session_state.pop(SAVED, False):
    st.success("Votre profil a été sauvegardé.")
user = load_user(engine, person.id)
with read_session(engine) as session:
    places = workplaces(session=session, user=user)

with st.form("profile_form"):
    data = {name: st.text_input(FIELD_LABELS[name], value=getattr(user, name) or "", key=f"profile_{name}",
                                help=HELP[name], max_chars=254)
            for name in ("last_name", "first_name", "email", "phone", "cost_center")}
    st.text_input("Identifiant", value=user.public_id, key="profile_public_id", disabled=True,
                  help="L'identifiant (ID) généré par la plateforme à la création de votre compte; "
                       "il ne change jamais et permet aussi de vous connecter.")
    data["notifications_disabled"] = st.radio(
        FIELD_LABELS["notifications_disabled"], ["Non", "Oui"], horizontal=True,
        index=1 if user.notifications_disabled else 0, key="profile_notifications_disabled",
        help=HELP["notifications_disabled"]) == "Oui"
    current_password = st.text_input("Mot de passe actuel (seulement pour changer le courriel)",
                                     type="password", key="profile_current_password",
                                     help="Exigé pour changer l'adresse courriel.")
    submitted = st.form_submit_button("Sauvegarder", key="profile_save", type="primary")

if submitted:
    try:
        with session_scope(engine) as session:
            changed = update_profile(session=session, actor=session.get(User, person.id),
                                     user=session.get(User, person.id), data=data,
                                     current_password=current_password)
    except RelaisError as refusal:
        show_refusal(refusal, FIELD_LABELS | {"current_password": "Mot de passe actuel"})
    else:
        if changed:
            st.session_state[SAVED] = True
            st.rerun()
        st.info("Aucune modification à sauvegarder.")

st.subheader("Établissements et installations")
st.text_area("Établissements", "\n".join(sorted({e for e, _ in places})) or "—", key="profile_etablissements",
             disabled=True, help="Les établissements où vous travaillez; seule la BI peut les changer.")
st.text_area("Installations", "\n".join(f"{i} ({e})" for e, i in places) or "—", key="profile_installations",
             disabled=True, help="Les installations où vous travaillez; seule la BI peut les changer.")
st.caption("Si vous changez d'établissement ou d'installation, avisez la BI du RSSS afin qu'elle "
           "procède à la modification.")

st.subheader("Sécurité")
if st.button("Changer le mot de passe", key="profile_change_password", icon=":material/password:"):
    st.switch_page(entry_titled("Modifier le mot de passe").file)
show_two_factor_section(engine, person.id)

st.subheader("Historique")
with read_session(engine) as session:
    rows = profile_history(session=session, actor=session.get(User, person.id), user=user)
if rows:
    st.dataframe([{"Date et heure": r["at"].astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M"),
                   "Modifié par": r["by"], "Champ": r["field"],
                   "Ancienne valeur": "" if r["old"] is None else str(r["old"]),
                   "Nouvelle valeur": "" if r["new"] is None else str(r["new"])} for r in rows],
                 key="profile_history", hide_index=True, width="stretch")
else:
    st.caption("Aucune modification du profil pour l'instant.")
