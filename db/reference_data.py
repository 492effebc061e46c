"""Reference lists (établissements, installations, languages, request types, contexts, reasons).

The data lives in `db/reference.json`, a copy of the BI's reference made for this project (see its
`_origin`). Loading inserts the rows that are missing, by natural key, and never changes a row
that exists: an administrator's later edits (a language deactivated, an address corrected) survive
a restart or a new seed.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, select

from db.models import CancellationReason, Context, Etablissement, Installation, Language, RequestType

REFERENCE_FILE = Path(__file__).resolve().parent / "reference.json"


@lru_cache(maxsize=1)
def reference() -> dict:
    with REFERENCE_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def _missing(session: Session, column, keys) -> list:
    present = set(session.exec(select(column)).all())
    return [key for key in keys if key not in present]


def load_etablissements(session: Session) -> int:
    added = 0
    for item in reference()["etablissements"]:
        etab = session.exec(select(Etablissement).where(Etablissement.nom == item["nom"])).first()
        if etab is None:
            etab = Etablissement(nom=item["nom"], sigle=item["sigle"])
            session.add(etab)
            session.flush()
            added += 1
        present = set(session.exec(select(Installation.nom)
                                   .where(Installation.etablissement_id == etab.id)).all())
        for inst in item["installations"]:
            if inst["nom"] not in present:
                session.add(Installation(etablissement_id=etab.id, nom=inst["nom"], adresse=inst["adresse"]))
                added += 1
    session.flush()
    return added


def load_languages(session: Session) -> int:
    data = reference()
    by_code = {item["code"]: item["label_fr"] for item in data["languages"]}
    services = data["specialised_services"]
    missing = _missing(session, Language.code, by_code)
    session.add_all(Language(code=code, label=by_code[code], specialised_service=services.get(code))
                    for code in missing)
    session.flush()
    return len(missing)


def load_request_types(session: Session) -> int:
    data = reference()
    by_code = {item["code"]: (position, item["label_fr"])
               for position, item in enumerate(data["request_types"])}
    missing = _missing(session, RequestType.code, by_code)
    session.add_all(RequestType(code=code, label=by_code[code][1], position=by_code[code][0],
                                minimum_minutes=data["minimum_minutes"].get(code))
                    for code in missing)
    session.flush()
    return len(missing)


def load_contexts(session: Session) -> int:
    data = reference()
    sensitive = set(data["sensitive_contexts"])
    positions = {label: position for position, label in enumerate(data["contexts"])}
    missing = _missing(session, Context.label, positions)
    session.add_all(Context(label=label, position=positions[label], sensitive=label in sensitive)
                    for label in missing)
    session.flush()
    return len(missing)


def load_cancellation_reasons(session: Session) -> int:
    cancellation = reference()["cancellation"]
    sides = [(label, "demandeur") for label in cancellation["detailed_reasons"]]
    sides += [(label, "bi") for label in cancellation["bi_side_reasons"]]
    positions = {label: (position, side) for position, (label, side) in enumerate(sides)}
    missing = _missing(session, CancellationReason.label, positions)
    session.add_all(CancellationReason(label=label, position=positions[label][0], side=positions[label][1])
                    for label in missing)
    session.flush()
    return len(missing)


# Each group with the table that tells whether it was ever loaded.
GROUPS = (
    (Etablissement, load_etablissements),
    (Language, load_languages),
    (RequestType, load_request_types),
    (Context, load_contexts),
    (CancellationReason, load_cancellation_reasons),
)


def load_reference_data(session: Session, *, only_empty_groups: bool = False) -> int:
    """Insert the missing reference rows; returns how many were added.

    With `only_empty_groups` (the app's start), a list that already has rows is left entirely to
    the administrators: a renamed installation is not re-created under its old name.
    """
    added = 0
    for table, load in GROUPS:
        if only_empty_groups and session.exec(select(table).limit(1)).first() is not None:
            continue
        added += load(session)
    return added


def cancellation_global_reason() -> str:
    return reference()["cancellation"]["global_reasons"][0]
