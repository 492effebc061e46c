"""The header on every page (guide, section 2): the app's name back to the home page, the
person's full name and établissement, « Mon profil », « Modifier le mot de passe », « Déconnexion »."""
from __future__ import annotations

import streamlit as st

from core.auth import SignedInPerson
from ui.navigation import entry_titled, home_entry
from ui.session import sign_out
from ui.text import md_escape

_PROFILE = entry_titled("Mon profil")
_PASSWORD = entry_titled("Modifier le mot de passe")


def show_header(person: SignedInPerson) -> None:
    bar = st.container(horizontal=True, vertical_alignment="center", gap="medium", key="header_bar")
    bar.page_link(home_entry(person).file, label="**Relais**", icon=":material/home:",
                  help="Retour à la page d'accueil")
    bar.space("stretch")
    bar.markdown(f"**{md_escape(person.full_name)}** · {md_escape(person.etablissement_label)}",
                 width="content")
    bar.page_link(_PROFILE.file, label=_PROFILE.title, icon=_PROFILE.icon)
    bar.page_link(_PASSWORD.file, label=_PASSWORD.title, icon=_PASSWORD.icon)
    bar.button("Déconnexion", key="header_logout", icon=":material/logout:", on_click=sign_out)
    st.divider()
