"""Small factories for tests: reference rows, people and requests with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import date, time, timedelta

import bcrypt
from sqlmodel import Session

from core.roles import Role
from db.models import (
    Etablissement, Installation, InterpreterLanguage, InterpreterProfile, Language, Request,
    RequestOffer, RequestType, User, UserInstallation,
)

_seq = itertools.count(1)
PASSWORD = "Mauve-Tortue-42!"
# Hashing is deliberately slow; tests share one hash of the common password.
_PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()


def make_reference(session: Session) -> dict:
    """An établissement with two installations, three languages and two request types."""
    etab = Etablissement(nom=f"CIUSSS Test {next(_seq)}", sigle="CT")
    session.add(etab)
    session.flush()
    inst_a = Installation(etablissement_id=etab.id, nom="Hôpital A")
    inst_b = Installation(etablissement_id=etab.id, nom="Hôpital B")
    fr = Language(code="fr", label="français")
    es = Language(code="es", label="espagnol")
    ar = Language(code="ar-MA", label="arabe (Maroc)")
    session.add_all([inst_a, inst_b, fr, es, ar,
                     RequestType(code="presence", label="Interprétation en présence", minimum_minutes=120),
                     RequestType(code="telephone", label="Interprétation à distance – téléphone",
                                 minimum_minutes=120)])
    session.flush()
    return {"etablissement": etab, "inst_a": inst_a, "inst_b": inst_b, "fr": fr, "es": es, "ar": ar}


def make_user(session: Session, *, role: Role | str = Role.DEMANDEUR, installations=(), email=None,
              first_name="Camille", last_name="Test", is_admin=False, **fields) -> User:
    n = next(_seq)
    user = User(public_id=f"T{n:07d}", email=email or f"personne{n}@exemple.qc.ca",
                first_name=first_name, last_name=last_name, role=str(role), is_admin=is_admin,
                password_hash=_PASSWORD_HASH, phone="514 555-0100", cost_center="CC-1001", **fields)
    session.add(user)
    session.flush()
    for inst in installations:
        session.add(UserInstallation(user_id=user.id, installation_id=inst.id))
    session.flush()
    return user


def make_interpreter(session: Session, *, languages=(), gender="femme", **fields) -> User:
    user = make_user(session, role=Role.INTERPRETE, **fields)
    session.add(InterpreterProfile(user_id=user.id, gender=gender))
    for language in languages:
        session.add(InterpreterLanguage(interpreter_id=user.id, language_id=language.id))
    session.flush()
    return user


def make_request(session: Session, *, ref: dict, requester: User, status="nouveau",
                 installation=None, service_date: date | None = None, service_time=time(10, 0),
                 offered_to=(), assigned=None, number=None, **fields) -> Request:
    request = Request(
        status=str(status), installation_id=(installation or ref["inst_a"]).id,
        requested_by_id=requester.id, location="Clinique externe, local 2.114",
        request_type="presence", service_date=service_date or date.today() + timedelta(days=7),
        service_time=service_time, duration_minutes=120, source_language_id=ref["fr"].id,
        target_language_id=ref["es"].id, assigned_interpreter_id=assigned.id if assigned else None,
        number=number if number is not None else (None if str(status) == "brouillon"
                                                  else f"2099-{next(_seq):06d}"),
        **fields,
    )
    session.add(request)
    session.flush()
    for interpreter in offered_to:
        session.add(RequestOffer(request_id=request.id, interpreter_id=interpreter.id))
    session.flush()
    return request
