"""« Courriels sortants »: every mail written by Relais, sent or waiting, with its errors;
« Réessayer » puts a failed mail back in line. Without SMTP_HOST, mails are read here."""
import pandas as pd
import streamlit as st

from core.mail import deliver_in_background, outbox, retry_now
from core.settings import TIMEZONE, get_settings
from db.engine import read_session, session_scope
from db.models import User
from ui.db import app_engine
from ui.session import current_person
from ui.text import md_escape

person = current_person()
engine = app_engine()
st.title("Courriels sortants")
if not get_settings().smtp_host:
    st.info("Aucun serveur d'envoi (SMTP_HOST) n'est configuré : les courriels restent ici, où les "
            "administrateurs peuvent les lire.", icon=":material/info:")


def _state(mail) -> str:
    if mail.sent_at:
        return "✔ Envoyé"
    return "✘ Échec, nouvel essai prévu" if mail.last_error else "◐ En attente"


def _local(moment):
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M") if moment else ""


pending_only = st.toggle("Seulement les courriels non envoyés", key="outbox_pending_only",
                         help="Masque les courriels déjà remis au serveur d'envoi.")
with read_session(engine) as session:
    mails = outbox(session=session, actor=session.get(User, person.id), pending_only=pending_only)
    for mail in mails:
        session.expunge(mail)
table = pd.DataFrame([{"N°": m.id, "État": _state(m), "Destinataire": m.to_address, "Objet": m.subject,
                       "Créé le": _local(m.created_at), "Envoyé le": _local(m.sent_at),
                       "Tentatives": m.attempts, "Erreur": m.last_error or ""} for m in mails],
                     columns=["N°", "État", "Destinataire", "Objet", "Créé le", "Envoyé le", "Tentatives", "Erreur"])
selection = st.dataframe(table, key="outbox_table", on_select="rerun", selection_mode="single-row",
                         hide_index=True, width="stretch")
rows = selection.selection.rows if selection else []
if rows:
    mail = mails[rows[0]]
    st.subheader(md_escape(mail.subject))
    st.caption(f"À : {md_escape(mail.to_address)} · {_state(mail)}" + (" · pièce jointe : rendez-vous.ics" if mail.ics else ""))
    st.text(mail.body)
    if not mail.sent_at and st.button("Réessayer l'envoi", key="outbox_retry", icon=":material/send:"):
        with session_scope(engine) as session:
            retry_now(session=session, actor=session.get(User, person.id), mail_id=mail.id)
        st.toast("Le courriel est remis dans la file d'envoi.")
        st.rerun()
if st.button("Envoyer maintenant les courriels en attente", key="outbox_send_all"):
    started = deliver_in_background(engine)
    st.toast("Envoi lancé." if started else "Aucun serveur d'envoi n'est configuré.")
