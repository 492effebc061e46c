"""The request form (guide, section 4), shared by « Nouvelle demande » and « Modifier ».

Widgets only: every value goes to core for validation. Each widget is keyed under a prefix so
that what the person typed stays on screen after a refused save; each field's message is shown
right under it. The guide's good practices (section 8) are the help of the fields they concern.
"""
from __future__ import annotations

from dataclasses import asdict

import streamlit as st
from sqlmodel import Session

from core.attachments import ACCEPTED_LABEL, MAX_FILES, Upload
from core.request_choices import DURATIONS, FormChoices, duration_label
from core.request_form import (
    GENDERS, PRIORITY_INTERPRETER_TYPE, RequestForm, duration_warning, interpreters_for_language,
    language_problem,
)
from core.statuses import status_badge
from db.models import Language, User
from ui.text import md_escape

UPLOAD_TYPES = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "txt"]
NO_PREFERENCE = "Aucune préférence"
HELP = {
    "location": "Indiquez le bon lieu où se déroulera le service en présence : cette information "
                "guidera l'interprète au bon endroit (pavillon, étage, local).",
    "target": "Langue de l'usager. Lorsque la demande concerne l'arabe, il faut choisir la langue "
              "précise, car la langue arabe varie selon le pays.",
    "source": "Langue du professionnel ou de l'intervenant (le français par défaut).",
    "context": "Facultatif, mais fortement suggéré : précisez le contexte (fin de vie, interruption "
               "de grossesse, protection de la jeunesse, etc.) afin de faciliter le jumelage avec le "
               "bon interprète ou sa préparation.",
    "priority": "Facultatif : choisissez le type « BI du RSSS », puis le nom de l'interprète à "
                "prioriser parmi ceux qui ont la langue d'arrivée.",
    "note": "Visible seulement par vous et les coordonnateurs de la BI. Si le professionnel souhaite "
            "travailler avec un interprète en particulier ou si le service est déjà convenu, "
            "précisez-le ici afin qu'on assigne la demande au bon interprète.",
    "gender": "Bien identifier le genre de l'interprète qui est souhaité.",
    "duration": "Par tranches de 15 minutes, de 15 minutes à 8 heures. La BI facture au minimum "
                "2 heures pour l'interprétation en présence et à distance.",
    "message": "Ex. : plus d'informations sur le lieu du rendez-vous ou d'autres consignes liées au service.",
    "flexible": "Si l'heure peut varier, indiquez la plage pendant laquelle le service peut avoir lieu.",
}


def _key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def prefill(prefix: str, form: RequestForm) -> None:
    """Puts a form's values in the widgets' state, once (then the widgets own them)."""
    for name, value in asdict(form).items():
        st.session_state.setdefault(_key(prefix, name), value)
    if st.session_state[_key(prefix, "preferred_gender")] is None:  # « Aucune préférence »
        st.session_state[_key(prefix, "preferred_gender")] = ""
    st.session_state.setdefault(_key(prefix, "flexible"), form.flexible_start is not None)


def clear(prefix: str) -> None:
    """Empties the form (after a save); the file drop zone gets a new key to be emptied too."""
    for key in [k for k in st.session_state if str(k).startswith(prefix + "_")]:
        del st.session_state[key]
    st.session_state[_upload_round(prefix)] = st.session_state.get(_upload_round(prefix), 0) + 1


def _upload_round(prefix: str) -> str:
    return f"upload_round_{prefix}"


def _uploads_key(prefix: str) -> str:
    return _key(prefix, f"uploads_{st.session_state.get(_upload_round(prefix), 0)}")


def read_uploads(prefix: str) -> list[Upload]:
    files = st.session_state.get(_uploads_key(prefix)) or []
    return [Upload(f.name, f.getvalue()) for f in files]


def _say(errors: dict, warnings: dict, *names: str) -> None:
    for name in names:
        if name in errors:
            st.error(md_escape(errors[name]), icon=":material/error:")
        elif name in warnings:
            st.warning(md_escape(warnings[name]), icon=":material/warning:")


def _select(label, prefix, name, options: dict, *, help=None, placeholder="Choisir…"):
    return st.selectbox(label, list(options), key=_key(prefix, name), help=help, index=None,
                        format_func=lambda value: options.get(value, str(value)),
                        placeholder=placeholder)


def _current(prefix: str, name: str):
    """A date/time widget's default is its current value: the browser then shows it as is."""
    return st.session_state.get(_key(prefix, name))


def _when(prefix: str, errors: dict, warnings: dict, session: Session) -> None:
    left, middle, right = st.columns(3)
    with left:
        st.date_input("Date du service *", key=_key(prefix, "service_date"),
                      value=_current(prefix, "service_date"), format="YYYY-MM-DD")
        _say(errors, warnings, "service_date")
    with middle:
        st.time_input("Heure du service *", key=_key(prefix, "service_time"),
                      value=_current(prefix, "service_time"), step=900)
        _say(errors, warnings, "service_time")
    with right:
        minutes = st.selectbox("Durée *", DURATIONS, key=_key(prefix, "duration_minutes"),
                               format_func=duration_label, help=HELP["duration"])
        kind = st.session_state.get(_key(prefix, "request_type"))
        live = duration_warning(session=session, request_type=kind, minutes=minutes)
        _say(errors, {"duration_minutes": live} if live else {}, "duration_minutes")
    if st.checkbox("Ajouter une plage d'heure flexible", key=_key(prefix, "flexible"), help=HELP["flexible"]):
        left, right = st.columns(2)
        left.time_input("Plage flexible – début", key=_key(prefix, "flexible_start"),
                        value=_current(prefix, "flexible_start"), step=900)
        right.time_input("Plage flexible – fin", key=_key(prefix, "flexible_end"),
                         value=_current(prefix, "flexible_end"), step=900)
        _say(errors, warnings, "flexible_start", "flexible_end")


def _languages(prefix: str, choices: FormChoices, errors: dict, session: Session) -> None:
    left, right = st.columns(2)
    with left:
        _select("Langue de départ *", prefix, "source_language_id", choices.languages, help=HELP["source"])
        _say(errors, {}, "source_language_id")
    with right:
        target = _select("Langue d'arrivée *", prefix, "target_language_id", choices.languages,
                         help=HELP["target"])
        live = language_problem(session.get(Language, target)) if target else None
        shown = dict(errors)
        if live and "target_language_id" not in shown:
            shown["target_language_id"] = live
        _say(shown, {}, "target_language_id")


def _priorities(prefix: str, errors: dict, session: Session) -> None:
    target = st.session_state.get(_key(prefix, "target_language_id"))
    people = interpreters_for_language(session=session, language_id=target) if target else []
    names = {p.id: p.full_name for p in people}
    left, right = st.columns([1, 2])
    left.selectbox("Type d'interprète à prioriser", [PRIORITY_INTERPRETER_TYPE], index=None,
                   key=_key(prefix, "priority_interpreter_type"), help=HELP["priority"],
                   placeholder="Aucun")
    selected = [i for i in st.session_state.get(_key(prefix, "priority_interpreter_ids"), []) if i in names]
    st.session_state[_key(prefix, "priority_interpreter_ids")] = selected
    right.multiselect("Interprètes à prioriser", list(names), key=_key(prefix, "priority_interpreter_ids"),
                      format_func=lambda i: names.get(i, "?"), placeholder="Choisir un ou des noms",
                      disabled=not names,
                      help="Les interprètes de la BI qui ont la langue d'arrivée choisie.")
    _say(errors, {}, "priority_interpreter_type", "priority_interpreter_ids")


def _details(prefix: str, choices: FormChoices, errors: dict, warnings: dict, session: Session,
             status: str) -> None:
    st.subheader("Détails de la demande")
    st.markdown(f"**Statut :** {status_badge(status)}")
    _select("Installation *", prefix, "installation_id", choices.installations,
            help="Si vous travaillez dans plusieurs installations, choisissez celle pour laquelle "
                 "vous avez besoin du service d'interprétation.")
    _say(errors, {}, "installation_id")
    st.text_input("Lieu de rendez-vous *", key=_key(prefix, "location"), max_chars=300, help=HELP["location"])
    _say(errors, {}, "location")
    _select("Type de demande *", prefix, "request_type", choices.request_types)
    _say(errors, {}, "request_type")
    _when(prefix, errors, warnings, session)
    _languages(prefix, choices, errors, session)
    _select("Contexte", prefix, "context", {c: c for c in choices.contexts}, help=HELP["context"],
            placeholder="Aucun")
    st.text_input("Précisions sur le contexte", key=_key(prefix, "context_detail"), max_chars=500)
    _say(errors, {}, "context", "context_detail")
    left, right = st.columns(2)
    left.text_input("Nom et fonction du professionnel", key=_key(prefix, "professional_name"), max_chars=200)
    right.text_input("Coordonnées du professionnel", key=_key(prefix, "professional_contact"), max_chars=200,
                     help="Téléphone ou courriel où l'interprète peut joindre le professionnel.")
    _say(errors, {}, "professional_name", "professional_contact")
    _priorities(prefix, errors, session)
    st.checkbox("L'interprète doit appeler l'usager pour l'aviser du rendez-vous",
                key=_key(prefix, "call_patient"))
    st.text_area("Raison de la demande", key=_key(prefix, "reason"), max_chars=1000)
    st.text_area("Message à l'interprète", key=_key(prefix, "message_to_interpreter"), max_chars=2000,
                 help=HELP["message"])
    st.text_area("Note aux coordonnateurs", key=_key(prefix, "note_to_coordinators"), max_chars=2000,
                 help=HELP["note"])
    st.caption("La note aux coordonnateurs n'est visible que par vous et les coordonnateurs de la BI.")
    _say(errors, {}, "reason", "message_to_interpreter", "note_to_coordinators")


def _patient(prefix: str, errors: dict) -> None:
    st.subheader("Détails du patient")
    left, right = st.columns(2)
    left.text_input("Nom de l'usager", key=_key(prefix, "patient_name"), max_chars=200)
    right.text_input("Téléphone de l'usager", key=_key(prefix, "patient_phone"), max_chars=40,
                     placeholder="514 555-0123")
    _say(errors, {}, "patient_name", "patient_phone")
    st.text_area("Autres informations", key=_key(prefix, "patient_info"), max_chars=2000,
                 help="Toute information pertinente sur l'usager (coordonnées, besoins particuliers).")
    st.radio("Genre de l'interprète souhaité", ["", *GENDERS], key=_key(prefix, "preferred_gender"),
             format_func=lambda g: GENDERS.get(g, NO_PREFERENCE), horizontal=True, help=HELP["gender"])
    _say(errors, {}, "patient_info", "preferred_gender")


def _attachments(prefix: str, errors: dict, already: int) -> None:
    st.subheader("Pièces jointes")
    st.file_uploader(
        f"Glissez vos fichiers ici ({ACCEPTED_LABEL} ; 10 Mo et {MAX_FILES} fichiers au maximum)",
        type=UPLOAD_TYPES, accept_multiple_files=True, key=_uploads_key(prefix),
        help="Le contenu de chaque fichier est vérifié, pas seulement son nom.")
    if already:
        st.caption(f"Déjà jointes à la demande : {already}.")
    _say(errors, {}, "attachments")


def _requested_by(user: User) -> None:
    st.subheader("Demandé par")
    st.caption("Rempli automatiquement à partir du profil de la personne qui demande le service.")
    st.markdown(f"**{md_escape(user.full_name)}** · {md_escape(user.email)} · "
                f"{md_escape(user.phone or 'téléphone non indiqué')}")
    st.markdown(f"Centre de coût : **{md_escape(user.cost_center or 'non indiqué')}**",
                help="Choisissez le bon centre de coût : c'est le numéro inscrit qui servira à "
                     "imputer la dépense pour le service de l'interprète (modifiable dans Mon profil).")


def render_request_form(*, prefix: str, session: Session, choices: FormChoices, user: User,
                        status: str, errors: dict, warnings: dict, already_attached: int = 0
                        ) -> None:
    """Draws the four sections; `read_form` and `read_uploads` then give what is on screen.

    `user` is the requester shown under « Demandé par »: the signed-in person for a new request,
    the request's author when the BI modifies it."""
    _details(prefix, choices, errors, warnings, session, status)
    _patient(prefix, errors)
    _attachments(prefix, errors, already_attached)
    _requested_by(user)


def read_form(prefix: str) -> RequestForm:
    state = st.session_state
    values = {name: state.get(_key(prefix, name)) for name in RequestForm.__dataclass_fields__}
    if not state.get(_key(prefix, "flexible")):
        values["flexible_start"] = values["flexible_end"] = None
    values["priority_interpreter_ids"] = list(values["priority_interpreter_ids"] or [])
    for name, value in list(values.items()):
        if value is None and isinstance(RequestForm.__dataclass_fields__[name].default, str):
            values[name] = ""
    values["call_patient"] = bool(values["call_patient"])
    return RequestForm(**values)


def default_form(choices: FormChoices) -> RequestForm:
    only = next(iter(choices.installations)) if len(choices.installations) == 1 else None
    return RequestForm(installation_id=only, source_language_id=choices.french_id, duration_minutes=120)
