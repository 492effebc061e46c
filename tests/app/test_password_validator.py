"""The streamlit-authenticator Validator subclass follows core.passwords, not the ASCII default."""
from __future__ import annotations

from streamlit_authenticator.utilities import Validator

from ui.password_validator import RelaisValidator

PASSPHRASE = "Le héron mange 3 fraises sous l'érable bleu!"


def test_accented_passphrase_refused_by_the_default_accepted_by_relais():
    assert not Validator().validate_password(PASSPHRASE)
    assert RelaisValidator().validate_password(PASSPHRASE)
    assert RelaisValidator().diagnose_password(PASSPHRASE) == ""


def test_short_password_accepted_by_the_default_refused_with_french_reasons():
    assert Validator().validate_password("Abcdef1!")
    assert not RelaisValidator().validate_password("Abcdef1!")
    assert "Très fort" in RelaisValidator().diagnose_password("Abcdef1!")


def test_usernames_are_emails_or_public_ids():
    assert RelaisValidator().validate_username("R1000001")
    assert RelaisValidator().validate_username("lea.roy@exemple.qc.ca")
    assert not RelaisValidator().validate_username("n'importe quoi")
