"""Reference, demo and volume data.

    python -m db.seed --demo                   reference lists, demo people and demo requests
    python -m db.seed --demo --requests 100000 the same, then requests up to 100,000 in all

Every step is idempotent: a second run adds nothing, and `--requests N` only tops up to N.
The app calls `ensure_ready(engine, demo=...)` on start.
"""
from __future__ import annotations

import argparse
import sys
import threading
import time

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.demo_people import demo_people_present, load_demo_people
from db.demo_requests import load_demo_requests
from db.engine import get_engine
from db.migrate import upgrade_database
from db.reference_data import load_reference_data

_ready: set[str] = set()
_ready_lock = threading.Lock()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_demo(engine: Engine) -> dict:
    """Reference lists, demo people and demo requests, each in its own transaction."""
    with Session(engine, expire_on_commit=False) as session:
        added_reference = load_reference_data(session)
        session.commit()
        people = load_demo_people(session)
        session.commit()
        added_requests = load_demo_requests(session, people)
        session.commit()
    return {"reference": added_reference, "people": len(people), "requests": added_requests}


def ensure_ready(engine: Engine | None = None, *, demo: bool) -> None:
    """Migrate, load the reference lists never loaded, and in demo mode the demo data if absent.

    Cheap after the first call in a process (the app calls it on every start of a session).
    """
    engine = engine or get_engine()
    key = f"{engine.url.render_as_string(hide_password=True)}|{demo}"
    with _ready_lock:
        if key in _ready:
            return
        upgrade_database(engine)
        with Session(engine, expire_on_commit=False) as session:
            load_reference_data(session, only_empty_groups=True)
            session.commit()
            if demo and not demo_people_present(session):
                people = load_demo_people(session)
                session.commit()
                load_demo_requests(session, people)
                session.commit()
        _ready.add(key)


def _parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m db.seed",
        description="Charge les listes de référence et les données de démonstration.")
    parser.add_argument("--demo", action="store_true", help="personnes et demandes de démonstration")
    parser.add_argument("--requests", type=int, metavar="N",
                        help="compléter jusqu'à N demandes au total (volume réaliste, avec --demo)")
    parser.add_argument("--seed", type=int, default=2026, help="graine du générateur (volume reproductible)")
    args = parser.parse_args(argv)
    if args.requests is not None and (not args.demo or args.requests < 0):
        parser.error("--requests N demande --demo et un nombre positif.")
    return args


def main(argv=None) -> int:
    from db.demo_volume import load_volume  # only the command needs it

    args = _parse(argv)
    started = time.perf_counter()
    engine = get_engine()
    _say(f"Base de données : {engine.url.render_as_string(hide_password=True)}")
    upgrade_database(engine)
    _say("Schéma à jour (migrations appliquées).")
    if args.demo:
        summary = load_demo(engine)
        _say(f"Référence : {summary['reference']} ajout(s); "
             f"personnes de démonstration : {summary['people']}; "
             f"demandes de démonstration ajoutées : {summary['requests']}.")
    else:
        with Session(engine) as session:
            added = load_reference_data(session)
            session.commit()
        _say(f"Référence : {added} ajout(s).")
    if args.requests is not None:
        volume = load_volume(engine, target=args.requests, seed=args.seed, progress=_say)
        _say(f"Volume : {volume['users']} utilisateurs ajoutés (dont {volume['interpreters']} interprètes), "
             f"{volume['requests']} demandes ajoutées, {volume['total']} demandes au total.")
    _say(f"Terminé en {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
