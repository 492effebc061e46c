"""Volume people: requesters over every installation, interpreters, coordinators (bulk inserts).

Scaled on the BI's numbers: about 3,000 accounts (2,690 demandeurs, 10 coordonnateurs, 300
interprètes) for 100,000 requests. Created only when missing, so a second run adds nobody.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from core.identifiers import generate_public_id
from core.roles import Role
from db import demo_names
from db.demo_people import INTERPRETER_TYPE, demo_password_hash
from db.demo_rows import next_id, sync_sequence
from db.models import Installation, InterpreterLanguage, InterpreterProfile, User, UserInstallation
from db.types import utcnow

VOLUME_DOMAIN = "volume.relais.demo"
PER_100K = {Role.DEMANDEUR: 2690, Role.COORDONNATEUR: 10, Role.INTERPRETE: 300}


@dataclass
class Population:
    requesters: list[tuple[int, int]]  # (user id, installation id), one pair per installation
    coordinators: list[int]
    interpreters_by_language: dict[int, list[tuple[int, str]]]  # language id -> [(user id, gender)]


def wanted_counts(target: int) -> dict[Role, int]:
    return {role: round(per * target / 100_000) for role, per in PER_100K.items()}


def ensure_volume_people(conn: Connection, target: int, weights: dict[int, float],
                         rng: random.Random) -> dict:
    """Create the volume accounts still missing for `target` requests; returns how many by role."""
    present = dict(conn.execute(select(User.role, func.count()).where(User.email.like(f"%@{VOLUME_DOMAIN}"))
                                .group_by(User.role)).all())
    missing = {role: max(0, count - present.get(str(role), 0))
               for role, count in wanted_counts(target).items()}
    if not any(missing.values()):
        return missing
    installations = list(conn.execute(select(Installation.id)).scalars())
    taken = set(conn.execute(select(User.public_id)).scalars())
    first = next_id(conn, User.__table__)
    users, links, profiles, competencies = [], [], [], []
    for role, count in missing.items():
        for _ in range(count):
            user_id = first + len(users)
            users.append(_user_row(user_id, role, taken, rng))
            if role == Role.DEMANDEUR:
                links.extend({"user_id": user_id, "installation_id": inst}
                             for inst in set(rng.choices(installations, k=1 + (rng.random() < 0.1))))
            elif role == Role.INTERPRETE:
                profiles.append({"user_id": user_id, "interpreter_type": INTERPRETER_TYPE,
                                 "gender": "femme" if rng.random() < 0.65 else "homme"})
                competencies.extend({"interpreter_id": user_id, "language_id": lang}
                                    for lang in _languages(len(profiles) - 1, weights, rng))
    for table, rows in ((User, users), (UserInstallation, links), (InterpreterProfile, profiles),
                        (InterpreterLanguage, competencies)):
        if rows:
            conn.execute(insert(table.__table__), rows)
    sync_sequence(conn, User.__table__)
    return missing


def _languages(index: int, weights: dict[int, float], rng: random.Random) -> set[int]:
    """1 to 3 languages: the first interpreters cover every language once, then by demand."""
    ordered = sorted(weights, key=weights.get, reverse=True)
    demand = [weights[code] for code in ordered]
    primary = ordered[index] if index < len(ordered) else rng.choices(ordered, weights=demand)[0]
    extra = rng.choices(ordered, weights=demand, k=rng.choice((0, 1, 1, 2)))
    return {primary, *extra}


def _ascii(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "-" for ch in folded.lower()).strip("-")


def _user_row(user_id: int, role: Role, taken: set[str], rng: random.Random) -> dict:
    first, last = rng.choice(demo_names.FIRST_NAMES), rng.choice(demo_names.LAST_NAMES)
    now = utcnow()
    return {
        "id": user_id, "public_id": generate_public_id(session=None, taken=taken, rng=rng),
        "email": f"{_ascii(first)}.{_ascii(last)}.{user_id}@{VOLUME_DOMAIN}",
        "first_name": first, "last_name": last, "phone": demo_names.phone(rng, extension=True),
        "cost_center": demo_names.cost_center(rng) if role == Role.DEMANDEUR else None,
        "role": str(role), "is_admin": False, "is_active": True,
        "notifications_disabled": rng.random() < 0.05,
        "password_hash": demo_password_hash(), "password_changed_at": now, "sessions_revoked_at": None,
        "totp_secret": None, "totp_enabled": False, "totp_last_step": None,
        "created_at": now, "updated_at": now, "version": 1,
    }


def load_population(conn: Connection) -> Population:
    """Every active requester (demo and volume), coordinator and interpreter, for the generator."""
    requesters = conn.execute(select(UserInstallation.user_id, UserInstallation.installation_id)
                              .join(User, User.id == UserInstallation.user_id)
                              .where(User.role == str(Role.DEMANDEUR), User.is_active)
                              .order_by(UserInstallation.user_id, UserInstallation.installation_id)).all()
    coordinators = conn.execute(select(User.id).where(User.role == str(Role.COORDONNATEUR), User.is_active)
                                .order_by(User.id)).scalars().all()
    by_language: dict[int, list[tuple[int, str]]] = {}
    rows = conn.execute(select(InterpreterLanguage.language_id, InterpreterLanguage.interpreter_id,
                               InterpreterProfile.gender)
                        .join(InterpreterProfile,
                              InterpreterProfile.user_id == InterpreterLanguage.interpreter_id)
                        .order_by(InterpreterLanguage.language_id, InterpreterLanguage.interpreter_id))
    for language_id, interpreter_id, gender in rows:
        by_language.setdefault(language_id, []).append((interpreter_id, gender))
    return Population([tuple(row) for row in requesters], list(coordinators), by_language)
