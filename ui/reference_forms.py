"""Forms of « Administration » for reference data; each calls core.reference_admin."""
from __future__ import annotations

import streamlit as st
from sqlmodel import Session, select

from core import reference_admin as admin
from db.models import Etablissement, Installation, Language
from ui.bi_actions import perform


def _value(key: str):
    return st.session_state.get(key)


def _toggle_widget(kind: str, rows: dict[int, tuple[str, bool]], label: str) -> None:
    """Deactivate or reactivate one row of a list."""
    chosen = st.selectbox(label, list(rows), index=None, key=f"admin_toggle_{kind}", placeholder="Choisir",
                          format_func=lambda k: f"{rows[k][0]} ({'actif' if rows[k][1] else 'inactif'})")
    if chosen is not None:
        active = rows[chosen][1]
        st.button("Désactiver" if active else "Réactiver", key=f"admin_toggle_{kind}_go",
                  on_click=perform, args=(admin.set_active, "Modification enregistrée.", "actor"),
                  kwargs={"kind": kind, "row_id": chosen, "active": not active})


def etablissements_tab(session: Session) -> None:
    rows = session.exec(select(Etablissement).order_by(Etablissement.nom)).all()
    st.dataframe([{"Nom": r.nom, "Sigle": r.sigle, "Actif": "Oui" if r.active else "Non"} for r in rows],
                 hide_index=True, key="admin_etabs")
    st.text_input("Nom de l'établissement", key="admin_etab_nom", max_chars=200)
    st.text_input("Sigle", key="admin_etab_sigle", max_chars=20)
    st.button("Ajouter l'établissement", key="admin_etab_add", on_click=lambda: perform(
        admin.create_etablissement, "Établissement ajouté.", "actor",
        nom=_value("admin_etab_nom"), sigle=_value("admin_etab_sigle")))
    _toggle_widget("etablissement", {r.id: (r.nom, r.active) for r in rows}, "Établissement à désactiver ou réactiver")


def installations_tab(session: Session) -> None:
    etabs = {e.id: e.nom for e in session.exec(select(Etablissement).order_by(Etablissement.nom)).all()}
    rows = session.exec(select(Installation).order_by(Installation.nom)).all()
    st.dataframe([{"Installation": r.nom, "Établissement": etabs.get(r.etablissement_id, "—"),
                   "Adresse": r.adresse or "", "Active": "Oui" if r.active else "Non"} for r in rows],
                 hide_index=True, key="admin_insts")
    st.selectbox("Établissement", list(etabs), index=None, format_func=etabs.get, key="admin_inst_etab",
                 placeholder="Choisir")
    st.text_input("Nom de l'installation", key="admin_inst_nom", max_chars=200)
    st.text_input("Adresse", key="admin_inst_adresse", max_chars=300)
    st.button("Ajouter l'installation", key="admin_inst_add", on_click=lambda: perform(
        admin.create_installation, "Installation ajoutée.", "actor", etablissement_id=_value("admin_inst_etab"),
        nom=_value("admin_inst_nom"), adresse=_value("admin_inst_adresse")))
    _toggle_widget("installation", {r.id: (r.nom, r.active) for r in rows}, "Installation à désactiver ou réactiver")


def languages_tab(session: Session) -> None:
    rows = session.exec(select(Language).order_by(Language.label)).all()
    st.dataframe([{"Code": r.code, "Langue": r.label, "Service spécialisé": r.specialised_service or "",
                   "Active": "Oui" if r.active else "Non"} for r in rows], hide_index=True, key="admin_langs")
    st.text_input("Code (BCP 47, ex. : ar-MA)", key="admin_lang_code", max_chars=20)
    st.text_input("Nom affiché (ex. : arabe (Maroc))", key="admin_lang_label", max_chars=100)
    st.text_input("Service spécialisé (ex. : SIVET pour la LSQ), facultatif", key="admin_lang_service",
                  max_chars=200)
    st.button("Ajouter la langue", key="admin_lang_add", on_click=lambda: perform(
        admin.create_language, "Langue ajoutée.", "actor", code=_value("admin_lang_code"),
        label=_value("admin_lang_label"), specialised_service=_value("admin_lang_service")))
    _toggle_widget("language", {r.id: (r.label, r.active) for r in rows}, "Langue à désactiver ou réactiver")


def interpreters_tab(session: Session) -> None:
    people = admin.interpreters(session=session)
    chosen = st.selectbox("Interprète", list(people), index=None, format_func=people.get,
                          key="admin_interp", placeholder="Choisir un interprète")
    if chosen is None:
        return
    profile, spoken = admin.interpreter_profile(session=session, interpreter_id=chosen)
    languages = admin.filter_options(session=session).languages
    st.multiselect("Langues parlées", list(languages), default=spoken, format_func=languages.get,
                   key=f"admin_interp_langs_{chosen}")
    genders = list(admin.GENDERS)
    st.radio("Genre", genders, format_func=admin.GENDERS.get, key=f"admin_interp_gender_{chosen}",
             index=genders.index(profile.gender) if profile and profile.gender in genders else None,
             horizontal=True)
    kinds = list(admin.INTERPRETER_TYPES)
    st.selectbox("Type d'interprète", kinds, key=f"admin_interp_type_{chosen}",
                 index=kinds.index(profile.interpreter_type) if profile and profile.interpreter_type in kinds else 0)
    st.button("Enregistrer le profil", key="admin_interp_save", on_click=lambda: perform(
        admin.set_interpreter_profile, "Profil de l'interprète enregistré.", "actor", interpreter_id=chosen,
        language_ids=_value(f"admin_interp_langs_{chosen}") or [],
        gender=_value(f"admin_interp_gender_{chosen}"), interpreter_type=_value(f"admin_interp_type_{chosen}")))
