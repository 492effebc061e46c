"""A submitting process for the SIGKILL test: creates and transmits requests with attachments forever.

    python -m tests.db.crash_worker DATABASE_URL OWNER_ID INSTALLATION_ID FR_ID ES_ID

Prints one line per committed request; the test kills it (SIGKILL) at random moments.
"""
from __future__ import annotations

import os
import sys
from types import SimpleNamespace

from sqlmodel import Session

from core.attachments import Upload
from core.request_service import create_request
from db.engine import build_engine
from db.models import User
from tests.request_world import NOW, valid_form

ATTACHMENTS_PER_REQUEST = 3


def _uploads() -> list[Upload]:
    """Large enough that a kill often lands while the bytes are being written."""
    return [Upload(f"piece-{n}.pdf", b"%PDF-1.4\n" + os.urandom(1_500_000))
            for n in range(ATTACHMENTS_PER_REQUEST)]


def main(url: str, owner_id: str, installation_id: str, fr_id: str, es_id: str) -> None:
    engine = build_engine(url)
    world = {"inst_a": SimpleNamespace(id=int(installation_id)), "fr": SimpleNamespace(id=int(fr_id)),
             "es": SimpleNamespace(id=int(es_id))}
    while True:
        with Session(engine, expire_on_commit=False) as session:
            owner = session.get(User, int(owner_id))
            saved = create_request(session=session, actor=owner, form=valid_form(world, patient_name="Ana"),
                                   uploads=_uploads(), now=NOW)
            session.commit()
        print(saved.request.number, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6])
