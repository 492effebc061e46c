"""User data never reaches HTML, and never reaches Markdown unescaped (issue 7, hostile input).

Scans the page code (Home.py, ui/, app_pages/) with the AST:
- no `unsafe_allow_html=True` and no `st.html` / `components.html` call, unless its content is a
  constant listed in ALLOWED_HTML (there is none today);
- every value interpolated into a Markdown-rendering call (markdown, write, caption, error,
  button labels, ...) goes through ui.text.md_escape, or is one of the constants, counts,
  dates and generated identifiers listed in SAFE_VALUES. A new call showing user text unescaped
  fails here: escape it, or add it to SAFE_VALUES with the reason it cannot hold user text.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from ui.text import md_escape

ROOT = Path(__file__).resolve().parents[2]
PAGE_CODE = [ROOT / "Home.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]
ALLOWED_HTML: set[tuple[str, int]] = set()  # (file, line) of a constant HTML snippet, if ever needed
MARKDOWN_CALLS = {"markdown", "write", "caption", "error", "warning", "info", "success", "subheader",
                  "header", "title", "toast", "button", "download_button", "expander", "popover",
                  "form_submit_button", "link_button", "checkbox", "toggle", "tabs", "metric", "radio"}
SAFE_VALUES = {  # file -> expressions that cannot hold user text (constants, counts, dates, badges)
    "ui/charts.py": {"title"},
    "ui/forms.py": {"lines", "lines[0]"},  # built from md_escape(msg) just above
    "ui/coordination_view.py": {"status_badge(status)"},
    "ui/db.py": {"DATABASE_UNREACHABLE"},
    "ui/demo.py": {"DEMO_PASSWORD", "_describe(person)"},  # the fixed demo accounts
    "ui/errors.py": {"message", "incident"},
    "ui/export_panel.py": {"result.filename", "result.rows"},
    "ui/mandate_view.py": {"label"},
    "ui/password_form.py": {"lines", "RULES_HELP"},
    "ui/profile_security.py": {"remaining"},
    "ui/request_actions_view.py": {"LATE_WARNING", "d"},
    "ui/request_detail.py": {"section", "attachment.size"},
    "ui/request_form.py": {"status_badge(status)", "already"},
    "ui/request_table.py": {"page.total", "period", "today", "empty"},
    "ui/security.py": {"reason"},
    "ui/timing.py": {"line"},  # a file's write() (the opt-in timing log), not Streamlit's  # the fixed « session ended » texts
    "ui/skeleton.py": {"what"},
    "app_pages/administration.py": {"created[1]", "until.astimezone(TIMEZONE).strftime('%H:%M')"},
    "app_pages/bonnes_pratiques.py": {"GOOD_PRACTICES_TITLE", "practice"},
    "app_pages/calendrier.py": {"status_badge(s)"},
    "app_pages/coordination.py": {"page.total", "page.page", "page.page_count"},
    "app_pages/courriels_sortants.py": {"_state(mail)"},
    "app_pages/exportations.py": {"total"},
    "app_pages/lexique.py": {"entry.term", "entry.definition"},
    "app_pages/mes_mandats.py": {"len(mine.upcoming)", "heading", "len(rows)", "len(mine.awaiting_validation)",
                                 "empty"},
    "app_pages/mon_profil.py": {"FIELD_LABELS['notifications_disabled']"},
    "app_pages/mot_de_passe_oublie.py": {"message"},  # the one neutral reset message
    "app_pages/nouveau_mot_de_passe.py": {"InvalidToken().message", "person.public_id"},
    "app_pages/nouvelle_demande.py": {"number", "status_badge(status)"},
}


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def _is_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) or (
        isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values))


def _pieces(node: ast.AST) -> list | None:
    """The sub-expressions a text is made of (f-string parts, joined pieces, ...), or None
    when `node` is itself a value."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, (ast.List, ast.Tuple)):
        return node.elts
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return [node.elt]
    if isinstance(node, ast.Starred):
        return [node.value]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join":
        return node.args
    return None


def _dynamic_parts(node: ast.AST):
    """The values interpolated into a text argument, except constants and md_escape(...)."""
    if isinstance(node, ast.Constant) or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                                          and node.func.id == "md_escape"):
        return
    pieces = _pieces(node)
    if pieces is None:
        yield node
        return
    for piece in pieces:
        yield from _dynamic_parts(piece)


def test_no_user_data_reaches_html():
    offenders = []
    for path in PAGE_CODE:
        name = str(path.relative_to(ROOT))
        for call in _calls(path):
            unsafe = any(k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                         for k in call.keywords)
            if (unsafe or call.func.attr == "html") and (name, call.lineno) not in ALLOWED_HTML:
                if not (call.args and all(_is_constant(a) for a in call.args)) or unsafe or call.func.attr == "html":
                    offenders.append(f"{name}:{call.lineno}")
    assert not offenders, f"HTML rendering outside the allow-list: {offenders}"


def test_user_text_reaches_markdown_only_escaped():
    offenders, used = [], set()
    for path in PAGE_CODE:
        name = str(path.relative_to(ROOT))
        for call in _calls(path):
            if call.func.attr not in MARKDOWN_CALLS or not call.args:
                continue
            for part in _dynamic_parts(call.args[0]):
                if ast.unparse(part) not in SAFE_VALUES.get(name, set()):
                    offenders.append(f"{name}:{call.lineno} {call.func.attr}({ast.unparse(part)})")
                used.add((name, ast.unparse(part)))
    assert not offenders, "Escape with ui.text.md_escape (or list in SAFE_VALUES with why):\n" + "\n".join(offenders)
    stale = {(name, value) for name, values in SAFE_VALUES.items() for value in values} - used
    assert not stale, f"SAFE_VALUES lists what the code no longer shows: {sorted(stale)}"


def test_md_escape_leaves_no_markdown_or_html_active_and_plain_french_unchanged():
    for text in ["[clic](javascript:alert(1))", "![x](https://evil.example/p.png)", "<img src=x onerror=alert(1)>",
                 "**gras** _it_ `code` # titre", ":red[rouge] :material/warning:", "$x^2$", "~~barré~~",
                 "&lt;script&gt;", "- a\n+ b\n1. c\n===", "| a | b |"]:
        escaped = md_escape(text)
        assert re.search(r"(?<!\\)([\[\]<>*_`#$~&|]|:[a-z])", escaped) is None, escaped
        assert re.search(r"(?m)^\s*([-+=]|\d+[.)])", escaped) is None, escaped
    plain = "« Lieu de rendez-vous » : 300 caractères au maximum (312 saisis). Demande 2026-000001, 10:30 !"
    assert md_escape(plain) == plain
