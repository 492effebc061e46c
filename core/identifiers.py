"""Public account identifiers: the « Identifiant (ID) » a person may log in with ("R" + 7 digits).

Generated once when an account is created and never changed (the guide's section 3).
"""
from __future__ import annotations

import random
import re
import secrets

from sqlmodel import Session, select

from db.models import User

PUBLIC_ID_PATTERN = re.compile(r"^R\d{7}$")
_MAX_ATTEMPTS = 50


def random_public_id(rng: random.Random | None = None) -> str:
    """A candidate ID; unpredictable by default, reproducible when given a seeded `rng`."""
    number = rng.randrange(10**7) if rng is not None else secrets.randbelow(10**7)
    return f"R{number:07d}"


def is_public_id(value: str) -> bool:
    return bool(PUBLIC_ID_PATTERN.match((value or "").strip().upper()))


def generate_public_id(*, session: Session, taken: set[str] | None = None,
                       rng: random.Random | None = None) -> str:
    """A public ID not used by any account (nor in `taken`, the IDs being created in bulk).

    With `taken`, the caller has already loaded every existing ID into it (bulk creation) and
    the database is not asked again; the new ID is added to `taken`.
    """
    for _ in range(_MAX_ATTEMPTS):
        candidate = random_public_id(rng)
        if taken is not None:
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        elif session.exec(select(User.id).where(User.public_id == candidate)).first() is None:
            return candidate
    raise RuntimeError("Impossible de générer un identifiant unique : réessayez.")


def existing_public_ids(*, session: Session) -> set[str]:
    """Every public ID in use, for bulk creation with `generate_public_id(taken=...)`."""
    return set(session.exec(select(User.public_id)).all())
