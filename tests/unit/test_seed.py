"""Reference and demo data: what a newcomer finds after `python -m db.seed --demo`."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import bcrypt
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from core.settings import TIMEZONE
from core.statuses import Status
from db.demo_people import DEMO_PASSWORD
from db.engine import build_engine
from db.migrate import upgrade_database
from db.models import (
    CancellationReason, Context, Etablissement, History, Installation, InterpreterLanguage,
    InterpreterProfile, Language, Request, RequestCounter, RequestOffer, RequestPriorityInterpreter,
    RequestType, User, UserInstallation,
)
from db.seed import load_demo
from db.types import utcnow

FIXED = {
    "demandeur@relais.demo": ("R1000001", "demandeur"),
    "collegue@relais.demo": ("R1000002", "demandeur"),
    "autre@relais.demo": ("R1000003", "demandeur"),
    "coordination@relais.demo": ("R1000004", "coordonnateur"),
    "interprete@relais.demo": ("R1000005", "interprete"),
    "admin@relais.demo": ("R1000006", "admin"),
}


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    engine = build_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade_database(engine)
    load_demo(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(demo_engine):
    with Session(demo_engine) as session:
        yield session


def user(db, email) -> User:
    return db.exec(select(User).where(User.email == email)).scalars().one()


def installations_of(db, person: User) -> set[str]:
    rows = db.exec(select(Installation.nom).join(UserInstallation)
                   .where(UserInstallation.user_id == person.id))
    return set(rows.scalars())


def requests_of(db, person: User) -> list[Request]:
    return list(db.exec(select(Request).where(Request.requested_by_id == person.id)).scalars())


def test_fixed_demo_accounts_have_their_ids_roles_and_the_demo_password(db):
    for email, (public_id, role) in FIXED.items():
        person = user(db, email)
        assert (person.public_id, person.role, person.is_active) == (public_id, role, True)
        assert person.password_hash.startswith("$2b$12$")
    assert bcrypt.checkpw(DEMO_PASSWORD.encode(), user(db, "demandeur@relais.demo").password_hash.encode())


def test_demandeur_and_collegue_share_notre_dame_and_autre_is_elsewhere(db):
    assert installations_of(db, user(db, "demandeur@relais.demo")) == {"Hôpital Notre-Dame"}
    assert installations_of(db, user(db, "collegue@relais.demo")) == {"Hôpital Notre-Dame"}
    autre = installations_of(db, user(db, "autre@relais.demo"))
    etabs = set(db.exec(select(Etablissement.sigle).join(Installation)
                        .where(Installation.nom.in_(autre))).scalars())
    assert autre and "CCSMTL" not in etabs


def test_demo_people_counts_by_role(db):
    counts = dict(db.exec(select(User.role, func.count()).group_by(User.role)).all())
    assert counts["demandeur"] >= 8 and counts["coordonnateur"] == 2 and counts["interprete"] == 15
    assert counts["admin"] == 1
    requester_installations = db.exec(select(UserInstallation.installation_id, func.count())
                                      .group_by(UserInstallation.installation_id)).all()
    assert len(requester_installations) >= 5
    assert all(len(p) == 8 and p.startswith("R") for p in db.exec(select(User.public_id)).scalars())


def test_interpreters_have_profile_gender_and_languages(db):
    interprete = user(db, "interprete@relais.demo")
    codes = set(db.exec(select(Language.code).join(InterpreterLanguage)
                        .where(InterpreterLanguage.interpreter_id == interprete.id)).scalars())
    assert codes == {"es", "ar-MA"}
    profiles = db.exec(select(InterpreterProfile)).scalars().all()
    assert len(profiles) == 15
    assert {p.interpreter_type for p in profiles} == {"BI du RSSS"}
    assert {p.gender for p in profiles} == {"femme", "homme"}


def test_reference_lists_loaded(db):
    labels = dict(db.exec(select(Language.code, Language.label)).all())
    assert "arabe" not in labels.values() and "ar" not in labels
    assert sum(code.startswith("ar-") for code in labels) >= 8
    lsq = db.exec(select(Language).where(Language.code == "fcs")).scalars().one()
    assert "SIVET" in lsq.specialised_service
    types = dict(db.exec(select(RequestType.code, RequestType.minimum_minutes)).all())
    assert types == {"presence": 120, "telephone": 120, "video": 120, "message": None, "traduction": None}
    sensitive = set(db.exec(select(Context.label).where(Context.sensitive)).scalars())
    assert {"Agression sexuelle", "Protection de la jeunesse (DPJ)"} <= sensitive
    assert "Urgence" not in sensitive
    sides = dict(db.exec(select(CancellationReason.label, CancellationReason.side)).all())
    assert sides["Usager absent"] == "demandeur" and sides["Aucun interprète disponible"] == "bi"
    assert db.exec(select(func.count()).select_from(Installation)).scalar() == 28


def test_every_status_is_present_over_three_months(db):
    requests = db.exec(select(Request)).scalars().all()
    assert {r.status for r in requests} == set(Status)
    today = utcnow().astimezone(TIMEZONE).date()
    first = today.replace(day=1)
    months = {(first - timedelta(days=1)).replace(day=1), first, (first + timedelta(days=32)).replace(day=1)}
    assert {r.service_date.replace(day=1) for r in requests} == months


def test_demandeur_has_requests_today_and_tomorrow_and_colleague_too(db):
    today = utcnow().astimezone(TIMEZONE).date()
    mine = Counter(r.service_date for r in requests_of(db, user(db, "demandeur@relais.demo")))
    assert mine[today] >= 3 and mine[today + timedelta(days=1)] >= 3
    colleague = requests_of(db, user(db, "collegue@relais.demo"))
    notre_dame = db.exec(select(Installation.id).where(Installation.nom == "Hôpital Notre-Dame")).scalar()
    assert len(colleague) >= 5 and {r.installation_id for r in colleague} == {notre_dame}


def test_requests_are_coherent_with_their_status(db):
    interprete = user(db, "interprete@relais.demo")
    for request in db.exec(select(Request)).scalars():
        offers = db.exec(select(RequestOffer).where(RequestOffer.request_id == request.id)).scalars().all()
        assigned = request.status in ("reserve", "modifie", "service_fourni", "service_ferme")
        assert (request.assigned_interpreter_id is not None) == assigned, request.status
        if assigned:
            speaks = db.exec(select(InterpreterLanguage).where(
                InterpreterLanguage.interpreter_id == request.assigned_interpreter_id,
                InterpreterLanguage.language_id == request.target_language_id)).first()
            assert speaks is not None
        if request.status == "en_attente":
            assert offers and {o.status for o in offers} == {"ouverte"}
        if request.status == "annule":
            assert request.cancel_global_reason == "Annulée" and request.cancel_detailed_reason
            assert request.cancelled_at is not None
        if request.status in ("service_fourni", "service_ferme"):
            assert request.reported_start and request.reported_end
    open_offers = db.exec(select(RequestOffer).where(RequestOffer.interpreter_id == interprete.id,
                                                     RequestOffer.status == "ouverte")).scalars().all()
    assert len(open_offers) >= 3
    assert db.exec(select(func.count()).select_from(RequestPriorityInterpreter)).scalar() >= 2


def test_numbers_unique_counter_consistent_and_submissions_in_history(db):
    requests = db.exec(select(Request)).scalars().all()
    numbers = [r.number for r in requests if r.status != "brouillon"]
    assert all(r.number is None for r in requests if r.status == "brouillon")
    assert len(numbers) == len(set(numbers)) and all(len(n) == 11 and n[4] == "-" for n in numbers)
    for counter in db.exec(select(RequestCounter)).scalars():
        used = [int(n[5:]) for n in numbers if n.startswith(f"{counter.year}-")]
        assert counter.last == max(used) and sorted(used) == list(range(1, max(used) + 1))
    submitted = set(db.exec(select(History.entity_id).where(History.entity == "request",
                                                            History.action == "soumettre")).scalars())
    assert submitted == {r.id for r in requests if r.status != "brouillon"}


def table_counts(engine) -> dict:
    tables = (User, UserInstallation, InterpreterLanguage, InterpreterProfile, Language, Installation,
              Etablissement, Context, CancellationReason, RequestType, Request, RequestOffer, History,
              RequestCounter)
    with Session(engine) as session:
        return {t.__name__: session.exec(select(func.count()).select_from(t)).scalar() for t in tables}


def test_seeding_twice_adds_nothing(demo_engine):
    before = table_counts(demo_engine)
    summary = load_demo(demo_engine)
    assert summary["reference"] == 0 and summary["requests"] == 0
    assert table_counts(demo_engine) == before


def test_demo_requests_fit_the_workflow_of_each_role(db):
    """The demo lets each fixed account try its actions: accept, refuse, report, cancel, close."""
    from core.workflow import Action, allowed_actions, facts_for

    def actions_of(email):
        person = user(db, email)
        found = set()
        for request in db.exec(select(Request)).scalars():
            found |= set(allowed_actions(request, person, facts_for(session=db, request=request)))
        return found

    assert {Action.ACCEPTER, Action.REFUSER, Action.DECLARER_SERVICE} <= actions_of("interprete@relais.demo")
    assert {Action.SOUMETTRE, Action.MODIFIER, Action.ANNULER} <= actions_of("demandeur@relais.demo")
    coordinator = actions_of("coordination@relais.demo")
    assert {Action.OFFRIR, Action.CONFIRMER, Action.FERMER, Action.RETOURNER} <= coordinator
