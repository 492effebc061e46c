"""The one rule for every free text a person types: normalised, bounded, without hidden controls.

Each field declares a `TextRule` (its French label, its length limit, one line or several);
`clean_text` normalises the value and `text_problem` explains a refusal in French, naming the
field and its limit. Everything else is stored as typed and shown as inert text by the pages:
HTML, Markdown, formulas, emoji, homoglyphs and combining marks are data, not instructions.

Normalisation (documented, so that round trips are predictable): Unicode NFC (an accented
letter typed as letter + combining accent is stored as the single accented letter, so search
and duplicates see one spelling), then surrounding spaces removed; names also collapse runs of
spaces, tabs and line breaks into one space.

Refused, because they have no business in a form and cause harm elsewhere: control characters
(NUL breaks PostgreSQL and C libraries; others hide text or corrupt CSV and mail headers), a
tab or line break in a one-line field, lone UTF-16 surrogates (not encodable), and the
bidirectional embedding / override / isolate controls (U+202A–U+202E, U+2066–U+2069), which
make a text read differently from what it is (« facture », U+202E, « fdp.exe » shows as
« factureexe.pdf »). Ordinary right-to-left scripts (Arabic, Hebrew) and the LRM / RLM marks
stay allowed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import false, func

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\t\n\r\u2028\u2029")


@dataclass(frozen=True)
class TextRule:
    """How one free-text field is checked: `label` is the field's French name on screen."""

    label: str
    limit: int
    multiline: bool = False
    collapse_spaces: bool = False  # names: « Jean   Pierre » is stored « Jean Pierre »


def clean_text(rule: TextRule, value: str | None) -> str:
    """The value as it will be stored (NFC, trimmed; spaces collapsed for names); may be ''."""
    text = unicodedata.normalize("NFC", value or "")
    return " ".join(text.split()) if rule.collapse_spaces else text.strip()


# Cc without tab / LF / CR, and lone surrogates; then the bidi controls; then line breaks.
_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_BREAK = re.compile("[" + "".join(sorted(LINE_BREAKS)) + "]")
_INVISIBLE = re.compile(f"[{_CONTROL_CHARS}" + "".join(sorted(BIDI_CONTROLS | LINE_BREAKS)) + "]")


def without_invisible(text: str) -> str:
    """`text` without any character this module refuses (controls, bidi controls, line breaks,
    lone surrogates): for a value that is cleaned rather than refused, like a file's name."""
    return _INVISIBLE.sub("", text)


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def text_problem(rule: TextRule, value: str | None) -> str | None:
    """The French reason this value is refused in this field, or None. Characters are checked
    on the raw value, the length on the cleaned one (a huge value is not normalised first)."""
    raw = value or ""
    if found := _CONTROL.search(raw):
        return (f"« {rule.label} » contient un caractère de contrôle invisible "
                f"({_code(found.group())}) : retirez-le.")
    if found := _BIDI.search(raw):
        return (f"« {rule.label} » contient un caractère invisible qui inverse le sens de "
                f"l'écriture ({_code(found.group())}) : retirez-le.")
    if not (rule.multiline or rule.collapse_spaces) and _BREAK.search(raw.strip()):
        return f"« {rule.label} » doit tenir sur une ligne : retirez la tabulation ou le saut de ligne."
    length = len(raw.strip()) if len(raw) > 10 * rule.limit else len(clean_text(rule, raw))
    if length > rule.limit:
        return f"« {rule.label} » : {rule.limit} caractères au maximum ({length} saisis)."
    return None


def check_text(rule: TextRule, value: str | None, errors: dict[str, str], field: str) -> str | None:
    """The cleaned value (None when empty); a refusal goes into `errors[field]`."""
    problem = text_problem(rule, value)
    if problem:  # more precise than « required » when both apply (a text of control characters)
        errors[field] = problem
    return clean_text(rule, value) or None


def check_texts(rules: dict[str, TextRule], values: dict[str, str | None]) -> tuple[dict, dict]:
    """(cleaned values, errors) for several fields at once, keyed like `rules`."""
    errors: dict[str, str] = {}
    cleaned = {name: check_text(rule, values.get(name), errors, name) for name, rule in rules.items()}
    return cleaned, errors


SEARCH_RULE = TextRule("Recherche", 200)


def search_condition(column, value: str):
    """`column` contains `value` (case ignored, % and _ taken literally). A search text no
    field could hold (control character, over 200 characters) matches nothing, instead of
    reaching the database (PostgreSQL refuses NUL)."""
    if text_problem(SEARCH_RULE, value):
        return false()
    return func.lower(column).contains(clean_text(SEARCH_RULE, value).lower(), autoescape=True)
