"""« Nouvelle demande » (guide, section 4): the form, then « Sauvegarder » or « Enregistrer le brouillon »."""
import streamlit as st

from core.errors import RelaisError, ValidationFailed
from core.request_choices import form_choices
from core.request_service import create_request
from core.statuses import Status, status_badge
from db.engine import read_session, session_scope
from db.models import User
from ui.db import app_engine
from ui.request_form import clear, default_form, prefill, read_form, read_uploads, render_request_form
from ui.session import current_person
from ui.text import md_escape

PREFIX = "new_request"
ERRORS, WARNINGS, DONE = f"{PREFIX}__errors", f"{PREFIX}__warnings", f"{PREFIX}__done"
SAVE_HELP = ("Attention : « Sauvegarder » n'enregistre pas seulement. Ce bouton envoie la demande "
             "directement à la BI du RSSS afin qu'un coordonnateur l'assigne à un interprète ; "
             "la plateforme lui donne alors un numéro et le statut passe de Brouillon à « Nouveau ».")
DRAFT_HELP = ("Garde la demande sans la transmettre à la BI (statut Brouillon). Vous la retrouverez "
              "dans Mes demandes pour la compléter et la transmettre plus tard.")


def _save(transmit: bool) -> None:
    form, uploads = read_form(PREFIX), read_uploads(PREFIX)
    try:
        with session_scope(app_engine()) as session:
            saved = create_request(session=session, actor=session.get(User, person.id), form=form,
                                   uploads=uploads, transmit=transmit)
            done = (saved.request.number, saved.request.status, saved.warnings)
    except ValidationFailed as failure:
        st.session_state[ERRORS] = failure.errors
        st.session_state[f"{PREFIX}__message"] = failure.message
        return
    except RelaisError as error:
        st.session_state[f"{PREFIX}__message"] = error.message
        return
    clear(PREFIX)
    st.session_state[DONE] = done


person = current_person()
st.title("Nouvelle demande")
if DONE in st.session_state:
    number, status, warnings = st.session_state.pop(DONE)
    if status == Status.NOUVEAU:
        st.success(f"Votre demande a été transmise à la BI. Numéro de la demande : **{number}** — "
                   f"statut : {status_badge(status)}", icon=":material/check_circle:")
    else:
        st.success(f"Brouillon enregistré (statut : {status_badge(status)}). Il n'est pas transmis à "
                   "la BI : retrouvez-le dans Mes demandes.", icon=":material/draft:")
    for warning in warnings.values():
        st.warning(md_escape(warning), icon=":material/warning:")
message = st.session_state.pop(f"{PREFIX}__message", None)
if message:
    st.error(md_escape(message), icon=":material/error:")

with read_session(app_engine()) as read:
    user = read.get(User, person.id)
    choices = form_choices(session=read, user=user)
    prefill(PREFIX, default_form(choices))
    render_request_form(prefix=PREFIX, session=read, choices=choices, user=user,
                                     status=Status.BROUILLON, errors=st.session_state.get(ERRORS, {}),
                                     warnings=st.session_state.get(WARNINGS, {}))
st.divider()
st.caption("Avant de transmettre, relisez les champs remplis : plus l'interprète est renseigné, "
           "mieux il pourra se préparer.")
left, right = st.columns(2)
left.button("Sauvegarder", key="new_request_submit", type="primary", help=SAVE_HELP,
            on_click=_save, args=(True,), icon=":material/send:")
right.button("Enregistrer le brouillon", key="new_request_draft", help=DRAFT_HELP,
             on_click=_save, args=(False,), icon=":material/draft:")
