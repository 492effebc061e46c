"""Showing people's data inside Markdown without it being read as Markdown.

`md_escape` is the one helper for every Streamlit call that renders Markdown (st.markdown,
st.write, st.caption, st.error, button and expander labels...) and shows text a person typed
or a message that may quote it (a file name). It backslash-escapes what can start Markdown,
HTML or a Streamlit directive: links and images need « [ », autolinks and HTML « < », emphasis
« * _ ~ ` », maths « $ », tables « | », entities « & », icons and emoji « :name », headings « # »,
and at the start of a line the list, quote and underline markers « - + = 1. ». Ordinary French
punctuation elsewhere (« . , : ( ) ' - ! ») is left as is, so the text reads the same.

Not prevented: a bare address (https://…, www.…, an e-mail) becomes a link whose text is the
whole address (GitHub-flavoured Markdown links them after escapes are read); nothing is hidden.
"""
from __future__ import annotations

import re

_ANYWHERE = re.compile(r"([\\`*_\[\]<>#~$|{}&])")
_DIRECTIVE = re.compile(r":(?=[A-Za-z])")  # :material/warning:, :smile:, :red[...]
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    escaped = _DIRECTIVE.sub(r"\\:", _ANYWHERE.sub(r"\\\1", text))
    return _LINE_START.sub(_escape_marker, escaped)


def _escape_marker(match: re.Match) -> str:
    indent, marker = match.groups()
    if marker[0].isdigit():  # « 1. » / « 1) »: escape the punctuation after the number
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"
