"""What a person reads on a page run through AppTest, in one string.

Markdown escapes (`ui.text.md_escape`) are removed: the browser shows `Salle 2.114`, not
`Salle 2\\.114`, so tests compare with the words a person sees.
"""
from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

KINDS = ("title", "subheader", "markdown", "caption", "info", "error", "success", "warning", "code")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])")


def texts(at: AppTest) -> str:
    parts = [str(e.value) for kind in KINDS for e in getattr(at, kind)]
    return _ESCAPED.sub(r"\1", "\n".join(parts))
