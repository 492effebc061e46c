"""Attachments (« Pièces jointes »): accepted by their content, never by their name.

A file is kept only if its bytes are a PDF, PNG, JPEG, DOCX, XLSX or UTF-8 text; at most 10 MB
each and 5 per request. Files are added to the caller's transaction with the request they
belong to, so a refused file leaves nothing behind. Downloads go through `download_for`, which
checks who may see the request's attachments.

Also refused: programs (Windows MZ, Linux ELF, macOS Mach-O headers, even renamed), an empty
file, a DOCX/XLSX whose members would unpack to more than 100 MB or at a ratio above 100:1 (a
« zip bomb » that would exhaust whoever opens it), and the EICAR test signature. That last check
is NOT an antivirus: Relais has none; it only recognises the standard test file, so that an
operator testing the chain sees it refused. The name a person gave is never used as a path:
it is reduced to a plain display name (no folder, no control or bidi-override character).
"""
from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from sqlmodel import Session, func, select

from core.access import visibility
from core.errors import AccessDenied, NotFound, ValidationFailed
from core.text_rules import without_invisible
from db.models import Attachment, AttachmentContent, Request, User

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ACCEPTED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX ou texte (TXT)"
FIELD = "attachments"
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # DOCX / XLSX: all members together, once unpacked
MAX_RATIO = 100  # a member unpacking to over 100 times its compressed size is a zip bomb
MAX_MEMBERS = 10_000
MAX_NAME = 255
EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"
PROGRAM_HEADERS = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")

KINDS = {  # kind -> (content type, extension)
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "txt": ("text/plain; charset=utf-8", ".txt"),
}
_OFFICE = {  # kind -> (main part, content type declared in [Content_Types].xml)
    "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}


@dataclass(frozen=True)
class Upload:
    """A file as received from the browser: its name and its bytes."""

    name: str
    data: bytes


def _is_zip_bomb(archive: zipfile.ZipFile) -> bool:
    """Judged on the sizes the archive declares, before anything is unpacked."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        return True
    return any(m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1)
               for m in members)


def _zip_bomb(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _is_zip_bomb(archive)
    except (zipfile.BadZipFile, RuntimeError, OSError, ValueError):
        return False  # not a readable zip: detect_kind refuses it anyway


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if _is_zip_bomb(archive):
                return None
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1_000_000:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, KeyError, RuntimeError, OSError, ValueError):
        return None
    for kind, (main_part, marker) in _OFFICE.items():
        if main_part in names and marker in declared:
            return kind
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls == 0


def detect_kind(data: bytes) -> str | None:
    """The accepted kind these bytes really are, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if data and _is_text(data):
        return "txt"
    return None


def display_name(name: str | None) -> str:
    """The name as shown and stored: no folder (/ or \\), no control, bidi-override or lone
    surrogate character, NFC, no leading dots, at most 255 characters (the end, which carries
    the extension, is kept)."""
    base = without_invisible(unicodedata.normalize("NFC", without_invisible(name or "")))
    base = base.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".").strip()
    return base[-MAX_NAME:] or "piece-jointe"


def safe_filename(name: str, kind: str) -> str:
    """The display name, ending with the extension of its content; never used as a path."""
    base = display_name(name).rstrip(".") or "piece-jointe"
    extension = KINDS[kind][1]
    if not base.lower().endswith(extension) and not (kind == "jpeg" and base.lower().endswith(".jpeg")):
        base += extension
    return base[-MAX_NAME:]


def _problem(upload: Upload) -> tuple[str | None, str | None]:
    """(kind, None) when acceptable, else (None, French message)."""
    name, data = display_name(upload.name)[-80:], upload.data
    if len(data) > MAX_BYTES:
        size = len(data) / (1024 * 1024)
        return None, f"« {name} » dépasse 10 Mo ({size:.1f} Mo) : réduisez-le ou scindez-le."
    if not data:
        return None, f"« {name} » est vide."
    if data.startswith(PROGRAM_HEADERS) and not _is_text(data):  # « MZ Dupont » as text is fine
        return None, (f"« {name} » est un programme exécutable, quel que soit son nom : "
                      f"refusé. Formats acceptés : {ACCEPTED_LABEL}.")
    if EICAR in data[:4096]:
        return None, (f"« {name} » contient la signature de test antivirus EICAR : refusé "
                      f"(Relais ne l'enregistre pas).")
    if data.startswith(b"PK\x03\x04") and _zip_bomb(data):
        return None, (f"« {name} » se décompresserait en un volume démesuré (plus de "
                      f"{MAX_UNPACKED_BYTES // (1024 * 1024)} Mo ou {MAX_RATIO} fois sa taille) : refusé.")
    kind = detect_kind(data)
    if kind is None:
        return None, (f"« {name} » n'est pas un fichier accepté (le contenu est vérifié, "
                      f"pas seulement le nom). Formats acceptés : {ACCEPTED_LABEL}.")
    return kind, None


def existing_count(*, session: Session, request_id: int | None) -> int:
    if request_id is None:
        return 0
    return session.exec(select(func.count()).select_from(Attachment)
                        .where(Attachment.request_id == request_id)).one()


def check_uploads(uploads: list[Upload], *, already: int = 0) -> dict[str, str]:
    """The French problem with these files, keyed by the form field; empty when all are fine."""
    if already + len(uploads) > MAX_FILES:
        return {FIELD: f"{MAX_FILES} pièces jointes au maximum par demande "
                       f"({already + len(uploads)} reçues)."}
    problems = [message for _, message in map(_problem, uploads) if message]
    return {FIELD: " ".join(problems)} if problems else {}


def add_attachments(*, session: Session, request: Request, uploads: list[Upload]) -> list[Attachment]:
    """Adds the files to the session (the caller's transaction); refuses all if one is refused."""
    errors = check_uploads(uploads, already=existing_count(session=session, request_id=request.id))
    if errors:
        raise ValidationFailed(errors)
    added = []
    for upload in uploads:
        kind = detect_kind(upload.data)
        row = Attachment(request_id=request.id, filename=safe_filename(upload.name, kind),
                         content_type=KINDS[kind][0], size=len(upload.data),
                         sha256=hashlib.sha256(upload.data).hexdigest())
        session.add(row)
        session.flush()
        session.add(AttachmentContent(attachment_id=row.id, data=upload.data))
        added.append(row)
    session.flush()
    return added


def _visible_request(session: Session, request_id: int, user: User) -> Request:
    request = session.get(Request, request_id)
    if request is None:
        raise NotFound("Cette demande n'existe pas.")
    if not visibility(session=session, request=request, user=user).attachments:
        raise AccessDenied("Vous n'avez pas accès aux pièces jointes de cette demande.")
    return request


def attachments_for(*, session: Session, request_id: int, user: User) -> list[Attachment]:
    """The list (without the bytes) of a request's attachments, for someone who may see them."""
    _visible_request(session, request_id, user)
    return list(session.exec(select(Attachment).where(Attachment.request_id == request_id)
                             .order_by(Attachment.id)).all())


def download_for(*, session: Session, attachment_id: int, user: User) -> tuple[Attachment, bytes]:
    """The file and its bytes, after checking that this person may see the request's attachments."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("Cette pièce jointe n'existe pas.")
    _visible_request(session, attachment.request_id, user)
    content = session.get(AttachmentContent, attachment_id)
    return attachment, content.data
