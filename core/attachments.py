"""Attachments (« Pièces jointes »): accepted by their content, never by their name.

A file is kept only if its bytes are a PDF, PNG, JPEG, DOCX, XLSX or UTF-8 text; at most 10 MB
each and 5 per request. Files are added to the caller's transaction with the request they
belong to, so a refused file leaves nothing behind. Downloads go through `download_for`, which
checks who may see the request's attachments.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass

from sqlmodel import Session, func, select

from core.access import visibility
from core.errors import AccessDenied, NotFound, ValidationFailed
from db.models import Attachment, AttachmentContent, Request, User

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ACCEPTED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX ou texte (TXT)"
FIELD = "attachments"

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


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
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


def safe_filename(name: str, kind: str) -> str:
    """The name without any path or control character, ending with the extension of its content."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().strip(".") or "piece-jointe"
    extension = KINDS[kind][1]
    if not base.lower().endswith(extension) and not (kind == "jpeg" and base.lower().endswith(".jpeg")):
        base += extension
    return base[-255:]


def _problem(upload: Upload) -> tuple[str | None, str | None]:
    """(kind, None) when acceptable, else (None, French message)."""
    if len(upload.data) > MAX_BYTES:
        size = len(upload.data) / (1024 * 1024)
        return None, f"« {upload.name} » dépasse 10 Mo ({size:.1f} Mo) : réduisez-le ou scindez-le."
    if not upload.data:
        return None, f"« {upload.name} » est vide."
    kind = detect_kind(upload.data)
    if kind is None:
        return None, (f"« {upload.name} » n'est pas un fichier accepté (le contenu est vérifié, "
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
