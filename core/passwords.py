"""The password policy, once, for account set-up, reset and change; and bcrypt hashing.

The guide (section 2) asks for a password rated « Très fort » with at least one uppercase letter,
one digit and one special character. « Très fort » is zxcvbn's score 4, computed with the person's
names, email and ID as user inputs so that a password built from them is rated weak. Accents and
inner spaces are allowed; bcrypt only reads 72 bytes, so longer passwords are refused plainly.
Hashing and checking a password are core.auth's (`hash_password`, `verify_password`).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from zxcvbn import zxcvbn

from core.errors import ValidationFailed

MAX_BYTES = 72  # bcrypt's limit (bcrypt 5 raises above it)
REQUIRED_SCORE = 4
STRENGTH_LABELS = {0: "Très faible", 1: "Faible", 2: "Moyen", 3: "Fort", 4: "Très fort"}

# zxcvbn keeps the user inputs in a module-global dictionary: one evaluation at a time.
_zxcvbn_lock = threading.Lock()

ZXCVBN_FRENCH = {
    "Use a few words, avoid common phrases.":
        "Utilisez quelques mots et évitez les expressions courantes.",
    "No need for symbols, digits, or uppercase letters.":
        "Une suite de mots peu courants vaut mieux que des substitutions de caractères.",
    "Add another word or two. Uncommon words are better.":
        "Ajoutez un ou deux mots; les mots peu courants sont préférables.",
    "Straight rows of keys are easy to guess.":
        "Les rangées de touches du clavier sont faciles à deviner.",
    "Short keyboard patterns are easy to guess.":
        "Les courts motifs de clavier sont faciles à deviner.",
    "Use a longer keyboard pattern with more turns.":
        "Utilisez un motif de clavier plus long, avec plus de changements de direction.",
    'Repeats like "aaa" are easy to guess.':
        "Les répétitions comme « aaa » sont faciles à deviner.",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        "Les répétitions comme « abcabcabc » sont à peine plus difficiles à deviner que « abc ».",
    "Avoid repeated words and characters.": "Évitez de répéter des mots et des caractères.",
    'Sequences like "abc" or "6543" are easy to guess.':
        "Les suites comme « abc » ou « 6543 » sont faciles à deviner.",
    "Avoid sequences.": "Évitez les suites de caractères.",
    "Recent years are easy to guess.": "Les années récentes sont faciles à deviner.",
    "Avoid recent years.": "Évitez les années récentes.",
    "Avoid years that are associated with you.": "Évitez les années qui vous sont associées.",
    "Dates are often easy to guess.": "Les dates sont souvent faciles à deviner.",
    "Avoid dates and years that are associated with you.":
        "Évitez les dates et les années qui vous sont associées.",
    "This is a top-10 common password.": "C'est l'un des 10 mots de passe les plus utilisés.",
    "This is a top-100 common password.": "C'est l'un des 100 mots de passe les plus utilisés.",
    "This is a very common password.": "C'est un mot de passe très courant.",
    "This is similar to a commonly used password.":
        "Ce mot de passe ressemble à un mot de passe très utilisé.",
    "A word by itself is easy to guess.": "Un mot seul est facile à deviner.",
    "Names and surnames by themselves are easy to guess.":
        "Les noms et prénoms seuls sont faciles à deviner.",
    "Common names and surnames are easy to guess.":
        "Les noms et prénoms courants sont faciles à deviner.",
    "Capitalization doesn't help very much.": "Une majuscule au début n'aide pas beaucoup.",
    "All-uppercase is almost as easy to guess as all-lowercase.":
        "Tout en majuscules est presque aussi facile à deviner que tout en minuscules.",
    "Reversed words aren't much harder to guess.":
        "Les mots écrits à l'envers ne sont pas beaucoup plus difficiles à deviner.",
    "Predictable substitutions like '@' instead of 'a' don't help very much.":
        "Les substitutions prévisibles comme « @ » au lieu de « a » n'aident pas beaucoup.",
}
GENERIC_ADVICE = "Choisissez un mot de passe plus long et moins prévisible."
LONGER_ADVICE = ("Pour atteindre « Très fort », allongez-le : une phrase de quelques mots peu "
                 "courants est facile à retenir et difficile à deviner.")

MSG_EMPTY = "Inscrivez un mot de passe."
MSG_TOO_LONG = (f"Le mot de passe est trop long : {MAX_BYTES} octets au maximum "
                "(une lettre accentuée compte pour deux octets).")
MSG_EDGE_SPACES = "Le mot de passe ne peut pas commencer ni se terminer par une espace."
MSG_UPPER = "Ajoutez au moins une lettre majuscule."
MSG_DIGIT = "Ajoutez au moins un chiffre."
MSG_SPECIAL = "Ajoutez au moins un caractère spécial (par exemple ! ? - _ # @)."
MSG_SCORE = "Le mot de passe doit être classé « Très fort »."
MSG_MISMATCH = "Les deux mots de passe ne sont pas identiques."


def to_french(message: str) -> str:
    """zxcvbn's English advice in French; an unknown message gets a generic French advice."""
    if not message:
        return ""
    return ZXCVBN_FRENCH.get(message.strip(), GENERIC_ADVICE)


@dataclass(frozen=True)
class Strength:
    """What the live meter shows: score 0–4, its French label, French advice."""

    score: int
    label: str
    warning: str = ""
    suggestions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Assessment:
    """The policy's verdict: `problems` lists, in French, every rule not met."""

    strength: Strength
    problems: list[str]

    @property
    def acceptable(self) -> bool:
        return not self.problems


def user_inputs_for(user=None, *extra: str) -> list[str]:
    """Words a password must not be built from: the person's names, email (and its parts), ID."""
    values = [*extra]
    if user is not None:
        values += [getattr(user, name, None) or "" for name in
                   ("first_name", "last_name", "email", "public_id")]
    words: list[str] = []
    for value in values:
        value = (value or "").strip().lower()
        if value:
            words.append(value)
            words += [part for part in value.replace("@", " ").replace(".", " ").split() if len(part) > 2]
    return words


def strength(password: str, *, user_inputs=()) -> Strength:
    """zxcvbn's rating in French. Passwords over the byte limit are rated 0."""
    if not password or len(password.encode("utf-8")) > MAX_BYTES:
        return Strength(0, STRENGTH_LABELS[0], suggestions=[MSG_TOO_LONG] if password else [])
    with _zxcvbn_lock:
        result = zxcvbn(password, user_inputs=list(user_inputs))
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    suggestions = [to_french(s) for s in feedback.get("suggestions") or []]
    if score < REQUIRED_SCORE and not suggestions:
        suggestions = [LONGER_ADVICE]
    return Strength(score, STRENGTH_LABELS[score], to_french(feedback.get("warning") or ""),
                    suggestions)


def _character_problems(password: str) -> list[str]:
    problems = []
    if password != password.strip():
        problems.append(MSG_EDGE_SPACES)
    if not any(c.isupper() for c in password):
        problems.append(MSG_UPPER)
    if not any(c.isdigit() for c in password):
        problems.append(MSG_DIGIT)
    if not any(not c.isalnum() and not c.isspace() for c in password):
        problems.append(MSG_SPECIAL)
    return problems


def assess(password: str, *, user_inputs=()) -> Assessment:
    """Every rule of the policy, checked at once so the person sees all that is missing."""
    if not password:
        return Assessment(Strength(0, STRENGTH_LABELS[0]), [MSG_EMPTY])
    if len(password.encode("utf-8")) > MAX_BYTES:
        return Assessment(Strength(0, STRENGTH_LABELS[0]), [MSG_TOO_LONG])
    rated = strength(password, user_inputs=user_inputs)
    problems = _character_problems(password)
    if rated.score < REQUIRED_SCORE:
        problems.append(f"{MSG_SCORE} Cote actuelle : « {rated.label} ».")
    return Assessment(rated, problems)


def check_new_password(password: str, confirmation: str | None = None, *, user=None,
                       field_name: str = "new_password") -> None:
    """Raises ValidationFailed (French) unless the password meets the policy (and matches)."""
    verdict = assess(password, user_inputs=user_inputs_for(user))
    errors = {}
    if not verdict.acceptable:
        advice = [verdict.strength.warning, *verdict.strength.suggestions]
        errors[field_name] = " ".join([*verdict.problems, *[a for a in advice if a]])
    if confirmation is not None and confirmation != password:
        errors["confirmation"] = MSG_MISMATCH
    if errors:
        raise ValidationFailed(errors, "Le nouveau mot de passe ne respecte pas les règles : "
                                       + " ".join(errors.values()))
