"""The two « nouveau mot de passe » fields with a live strength meter and French advice.

The meter follows each change of the first field (when the person leaves it or presses Enter).
"""
from __future__ import annotations

import streamlit as st

from core.passwords import MAX_BYTES, REQUIRED_SCORE, strength, user_inputs_for
from ui.password_validator import RelaisValidator

RULES_HELP = ("Le mot de passe doit être classé « Très fort » et contenir au moins une lettre "
              "majuscule, un chiffre et un caractère spécial. Une phrase de quelques mots peu "
              f"courants convient bien; les accents et les espaces sont permis ({MAX_BYTES} octets "
              "au maximum).")


def strength_meter(password: str, user=None) -> None:
    """Score, label and advice in words (never by colour alone)."""
    if not password:
        st.caption(RULES_HELP)
        return
    validator = RelaisValidator(user)
    rated = strength(password, user_inputs=user_inputs_for(user))
    st.progress((rated.score + 1) / (REQUIRED_SCORE + 1), text=f"Robustesse : **{rated.label}**")
    if validator.validate_password(password):
        st.caption("✔ Ce mot de passe respecte toutes les règles.")
        return
    lines = [f"✘ {problem}" for problem in validator.diagnose_password(password).split("\n\n")]
    lines += [f"💡 {advice}" for advice in [rated.warning, *rated.suggestions] if advice]
    st.caption("  \n".join(lines))


def new_password_fields(key_prefix: str, user=None, *, label: str = "Nouveau mot de passe",
                        confirm_label: str = "Confirmer le nouveau mot de passe") -> tuple[str, str]:
    """The new password twice, outside a form so that the meter updates as it is typed."""
    password = st.text_input(label, type="password", key=f"{key_prefix}_new",
                             autocomplete="new-password", help=RULES_HELP, max_chars=200)
    strength_meter(password, user)
    confirmation = st.text_input(confirm_label, type="password", key=f"{key_prefix}_confirm",
                                 autocomplete="new-password",
                                 help="Inscrivez de nouveau le nouveau mot de passe.", max_chars=200)
    if confirmation and password and confirmation != password:
        st.caption("✘ Les deux mots de passe ne sont pas identiques.")
    return password, confirmation
