"""streamlit-authenticator's Validator, with Relais's policy (core.passwords) instead of its
ASCII-only default: accents and inner spaces allowed, « Très fort » required, French messages."""
from __future__ import annotations

from streamlit_authenticator.utilities import Validator

from core.identifiers import is_public_id
from core.passwords import assess, user_inputs_for
from core.profile import normalise_email
from core.errors import ValidationFailed


class RelaisValidator(Validator):
    def __init__(self, user=None):
        super().__init__()
        self.user = user  # names, email and ID weaken a password built from them

    def validate_password(self, password: str) -> bool:
        return assess(password, user_inputs=user_inputs_for(self.user)).acceptable

    def diagnose_password(self, password: str) -> str:
        """The rules not met, in French; empty when the password is acceptable."""
        verdict = assess(password, user_inputs=user_inputs_for(self.user))
        return "\n\n".join(verdict.problems)

    def validate_username(self, username: str) -> bool:
        """A Relais login is an email address or a public ID (« Identifiant (ID) »)."""
        if is_public_id(username):
            return True
        try:
            normalise_email(username)
        except ValidationFailed:
            return False
        return True
