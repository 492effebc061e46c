"""Consistency checks of the stored data, after a restore, a crash or at any time.

    python -m db.admin check

Every attachment has its bytes, of the size and SHA-256 recorded; every transmitted request has
a number. Read-only: it reports, it never repairs.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Attachment, AttachmentContent, Request


def _attachments_without_bytes(session: Session) -> list[str]:
    missing = session.exec(select(Attachment.id).where(
        ~select(AttachmentContent.attachment_id)
        .where(AttachmentContent.attachment_id == Attachment.id).exists())).all()
    return [f"Pièce jointe {i} : contenu absent." for i in missing]


def _attachments_altered(session: Session) -> list[str]:
    problems = []
    rows = session.exec(select(Attachment.id, Attachment.size, Attachment.sha256, AttachmentContent.data)
                        .join(AttachmentContent, AttachmentContent.attachment_id == Attachment.id)
                        .execution_options(yield_per=50))
    for attachment_id, size, sha256, data in rows:
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            problems.append(f"Pièce jointe {attachment_id} : contenu altéré (taille ou empreinte différente).")
    return problems


def _transmitted_without_number(session: Session) -> list[str]:
    count = session.exec(select(func.count()).select_from(Request)
                         .where(Request.status != "brouillon", Request.number.is_(None))).one()
    return [f"{count} demande(s) transmise(s) sans numéro."] if count else []


def integrity_problems(*, session: Session) -> list[str]:
    """Every inconsistency found, as French sentences; an empty list when all is well."""
    return [*_attachments_without_bytes(session), *_attachments_altered(session),
            *_transmitted_without_number(session)]
