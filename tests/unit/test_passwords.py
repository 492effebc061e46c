"""The password policy: « Très fort » + uppercase + digit + special, French advice, 72 bytes."""
from __future__ import annotations

import sys
import threading

import pytest

from core import passwords
from core.errors import ValidationFailed
from core.passwords import ZXCVBN_FRENCH, assess, check_new_password, strength, to_french
from db.models import User

PASSPHRASE = "Le héron mange 3 fraises sous l'érable bleu!"


def test_short_french_password_is_refused_as_not_very_strong():
    verdict = assess("Sécurité1!")
    assert not verdict.acceptable
    assert verdict.strength.score < 4
    assert any("Très fort" in problem for problem in verdict.problems)


def test_long_accented_passphrase_with_inner_spaces_is_accepted():
    verdict = assess(PASSPHRASE)
    assert verdict.acceptable, verdict.problems
    assert verdict.strength.label == "Très fort"


@pytest.mark.parametrize("password, missing", [
    ("le héron mange 3 fraises sous l'érable bleu!", passwords.MSG_UPPER),
    ("Le héron mange trois fraises sous l'érable bleu!", passwords.MSG_DIGIT),
    ("Le héron mange 3 fraises sous l érable bleu", passwords.MSG_SPECIAL),
    (" Le héron mange 3 fraises sous l'érable bleu!", passwords.MSG_EDGE_SPACES),
])
def test_each_character_rule_is_required(password, missing):
    verdict = assess(password)
    assert missing in verdict.problems


def test_seventy_three_bytes_refused_with_a_clear_message():
    password = "É" + "Ab1!-" * 14  # 2 + 70 = 72 bytes, then one more byte below
    assert len(password.encode()) == 72
    assert assess(password + "x").problems == [passwords.MSG_TOO_LONG]
    assert passwords.MSG_TOO_LONG not in assess(password).problems
    with pytest.raises(ValidationFailed) as caught:
        check_new_password("Ab1!" * 19)  # 76 characters: zxcvbn would raise, we explain
    assert "72 octets" in caught.value.message


def test_personal_information_weakens_the_password():
    person = User(public_id="R1234567", email="genevieve.tremblay@exemple.qc.ca",
                  first_name="Geneviève", last_name="Tremblay", role="demandeur")
    built_from_names = "GenevièveTremblay#2"
    assert assess(built_from_names).acceptable
    with pytest.raises(ValidationFailed) as caught:
        check_new_password(built_from_names, built_from_names, user=person)
    assert "new_password" in caught.value.errors


def test_confirmation_must_match():
    with pytest.raises(ValidationFailed) as caught:
        check_new_password(PASSPHRASE, PASSPHRASE + "x")
    assert caught.value.errors == {"confirmation": passwords.MSG_MISMATCH}


def test_feedback_is_french_for_every_zxcvbn_message():
    rated = strength("password")
    assert rated.score == 0 and rated.label == "Très faible"
    assert rated.warning == "C'est l'un des 10 mots de passe les plus utilisés."
    assert all(s in ZXCVBN_FRENCH.values() for s in rated.suggestions)
    assert to_french("Some new English advice.") == passwords.GENERIC_ADVICE


def test_every_zxcvbn_message_has_a_translation():
    """Reads every `_("…")` message of zxcvbn's feedback module: none may stay in English."""
    import ast
    import inspect

    from zxcvbn import feedback

    tree = ast.parse(inspect.getsource(feedback))
    english = {node.args[0].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"}
    assert len(english) > 20
    assert english <= set(ZXCVBN_FRENCH), english - set(ZXCVBN_FRENCH)


def test_strength_score_three_gets_french_advice_to_lengthen():
    rated = strength("Sécurité1!")
    assert rated.label == "Fort"
    assert rated.suggestions == [passwords.LONGER_ADVICE]


def test_concurrent_evaluations_keep_their_own_user_inputs():
    """zxcvbn's user inputs are module-global: without the lock, threads see each other's."""
    results = {}

    def rate(name):
        for _ in range(60):
            verdict = strength(f"{name}zorglub", user_inputs=[f"{name}zorglub"])
            results.setdefault(name, set()).add(verdict.score)

    threads = [threading.Thread(target=rate, args=(n,)) for n in ("quintessence", "ornithorynque")]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show up
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert results == {"quintessence": {0}, "ornithorynque": {0}}
