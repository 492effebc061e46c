"""Hostile input (issue 7): every text of tests/hostile_corpus.py tried in every free-text field.

For each (field, text) the service either refuses with a French message naming the field (and
the database is exactly as before: no half-saved request, no row, no mail), or stores the text
as core.text_rules documents it (NFC, trimmed, names' spaces collapsed), read back by SQL.
Phone and email fields are parsed: they refuse, or store the parser's canonical value.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Callable

import pytest
from sqlalchemy import select, text
from sqlmodel import SQLModel

from core import coordination_service as coordination
from core import interpreter_service as mandates
from core import reference_admin as admin
from core import request_actions
from core.accounts import create_account, request_password_reset
from core.auth import find_user_by_login
from core.errors import RelaisError, ValidationFailed
from core.profile import TEXT_RULES as PROFILE_RULES, EMAIL_RULE, PHONE_RULE, update_profile
from core.request_form import TEXT_RULES as FORM_RULES
from core.request_service import cancel_request, create_request, update_request
from core.roles import Role
from core.text_rules import TextRule
from db.models import Request, RequestOffer, User
from tests.factories import make_request, make_user
from tests.hostile_corpus import INERT, ONE_LINE, REFUSED, TEXTS, Hostile
from tests.request_world import NEXT_WEEK, NOW, make_world, valid_form

AFTER = datetime(2026, 3, 9, 20, 0, tzinfo=timezone.utc)  # the service of NEXT_WEEK has started


@dataclass(frozen=True)
class Field:
    """One free-text field, the service that writes it, and the SQL that reads it back."""

    id: str
    key: str  # the key of its message in ValidationFailed.errors
    rule: TextRule
    write: Callable[[object, dict, str], None]
    read: Callable[[object, dict], object] | None = None
    required: bool = False
    parsed: Callable[[str], bool] | None = None  # phone / email: is the stored value canonical?
    choice: bool = False  # chosen from a list: any free text is refused
    empty: str | None = None  # how an empty optional text is stored


def _column(sql: str, name: str):
    return lambda session, w: session.execute(text(sql), {"id": w[name].id}).scalar_one()


def _request_column(column: str, name: str = "open"):
    return _column(f"SELECT {column} FROM request WHERE id = :id", name)


def _create(field_name: str):
    def write(session, w, value):
        create_request(session=session, actor=w["owner"], form=valid_form(w, **{field_name: value}), now=NOW)
    return write


def _latest_request_column(column: str):
    return lambda session, w: session.execute(text(f"SELECT {column} FROM request ORDER BY id DESC LIMIT 1")
                                              ).scalar_one()


def _modify(field_name: str):
    def write(session, w, value):
        update_request(session=session, actor=w["owner"], request_id=w["open"].id,
                       form=valid_form(w, **{field_name: value}), now=NOW)
    return write


PHONE = re.compile(r"^(\(\d{3}\) \d{3}-\d{4}(, poste \d+)?|\+\d[\d ]+)$")
EMAIL = re.compile(r"^[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}$")


def _profile(field_name: str):
    def write(session, w, value):
        person = w["owner"]
        data = {"last_name": person.last_name, "first_name": person.first_name, "email": person.email,
                "phone": person.phone, "cost_center": person.cost_center, field_name: value}
        update_profile(session=session, actor=w["admin"], user=person, data=data)
    return write


def _account(field_name: str):
    def write(session, w, value):
        values = {"email": "nouvelle.personne@exemple.qc.ca", "first_name": "Nouvelle", "last_name": "Personne",
                  field_name: value}
        create_account(session=session, actor=w["admin"], role=Role.DEMANDEUR,
                       installation_ids=[w["inst_a"].id], **values)
    return write


def _latest_user_column(column: str):
    return lambda session, w: session.execute(text(f"SELECT {column} FROM app_user ORDER BY id DESC LIMIT 1")
                                              ).scalar_one()


def _reference(create: Callable, column_sql: str, **fixed):
    def write(session, w, value):
        arguments = {key: (w[val].id if val in w else val) for key, val in fixed.items()}
        name = next(key for key, val in fixed.items() if val is None)
        arguments[name] = value
        create(session=session, actor=w["admin"], **arguments)
    return write, (lambda session, w: session.execute(text(column_sql)).scalar_one())


def _ref_field(id_, key, create, table, column, **fixed) -> Field:
    write, read = _reference(create, f"SELECT {column} FROM {table} ORDER BY id DESC LIMIT 1", **fixed)
    entity = {"etablissement": "etablissement", "installation": "installation", "language": "language"}[table]
    return Field(id_, key, admin.TEXT_RULES[(entity, key)], write, read,
                 required=key in {"nom", "sigle", "code", "label"})


def _refuse(session, w, value):
    mandates.refuse_offer(session=session, interpreter=w["interpreter"], request_id=w["offered"].id, reason=value)


def _report(session, w, value):
    mandates.report_service(session=session, interpreter=w["interpreter"], request_id=w["started"].id,
                            start=time(10, 0), end=time(11, 0), note=value, now=AFTER)


def _return(session, w, value):
    coordination.return_service(session=session, coordinator=w["coord"], request_id=w["reported"].id,
                                comment=value)


def _cancel_by_requester(session, w, value):
    cancel_request(session=session, actor=w["owner"], request_id=w["open"].id, detailed_reason=value, now=NOW)


def _cancel_by_bi(session, w, value):
    request_actions.cancel(session=session, request=session.get(Request, w["open"].id), actor=w["coord"],
                           global_reason="Annulée", detailed_reason=value, now=NOW)


def _interpreter_type(session, w, value):
    admin.set_interpreter_profile(session=session, actor=w["admin"], interpreter_id=w["interpreter"].id,
                                  language_ids=[w["es"].id], gender="femme", interpreter_type=value)


CHOICE = TextRule("Choix dans une liste", 60)  # what a list's field would hold; any free text is refused

FIELDS: list[Field] = (
    [Field(f"nouvelle_demande.{name}", name, rule, _create(name), _latest_request_column(name),
           required=name == "location",
           parsed=(lambda v: bool(PHONE.match(v))) if name == "patient_phone" else None)
     for name, rule in FORM_RULES.items()]
    + [Field(f"modifier.{name}", name, rule, _modify(name), _request_column(name),
             required=name == "location",
             parsed=(lambda v: bool(PHONE.match(v))) if name == "patient_phone" else None)
       for name, rule in FORM_RULES.items()]
    + [
        Field("mandat.raison_du_refus", "reason", request_actions.TEXT_RULES["reason"], _refuse,
              _column("SELECT refusal_reason FROM requestoffer WHERE request_id = :id", "offered"), required=True),
        Field("mandat.note_service_fourni", "note", request_actions.TEXT_RULES["note"], _report,
              _request_column("report_note", "started")),
        Field("coordination.commentaire_retour", "comment", request_actions.TEXT_RULES["comment"], _return,
              _request_column("return_comment", "reported"), required=True),
        Field("annulation.raison_detaillee_demandeur", "detailed_reason",
              request_actions.TEXT_RULES["detailed_reason"], _cancel_by_requester, required=True, choice=True),
        Field("annulation.raison_detaillee_bi", "detailed_reason", request_actions.TEXT_RULES["detailed_reason"],
              _cancel_by_bi, _request_column("cancel_detailed_reason")),
        Field("nouvelle_demande.type_interprete_a_prioriser", "priority_interpreter_type", CHOICE,
              _create("priority_interpreter_type"), choice=True),
        Field("reference.type_interprete", "interpreter_type", CHOICE, _interpreter_type, required=True,
              choice=True),
    ]
    + [Field(f"profil.{name}", name, rule, _profile(name),
             _column(f"SELECT {name} FROM app_user WHERE id = :id", "owner"), required=True)
       for name, rule in PROFILE_RULES.items()]
    + [Field("profil.phone", "phone", PHONE_RULE, _profile("phone"),
             _column("SELECT phone FROM app_user WHERE id = :id", "owner"), required=True,
             parsed=lambda v: bool(PHONE.match(v))),
       Field("profil.email", "email", EMAIL_RULE, _profile("email"),
             _column("SELECT email FROM app_user WHERE id = :id", "owner"), required=True,
             parsed=lambda v: bool(EMAIL.match(v)))]
    + [Field(f"creation_compte.{name}", name, PROFILE_RULES[name], _account(name), _latest_user_column(name),
             empty="") for name in ("first_name", "last_name")]
    + [Field("creation_compte.email", "email", EMAIL_RULE, _account("email"), _latest_user_column("email"),
             required=True, parsed=lambda v: bool(EMAIL.match(v)))]
    + [
        _ref_field("reference.etablissement.nom", "nom", admin.create_etablissement, "etablissement", "nom",
                   nom=None, sigle="XX"),
        _ref_field("reference.etablissement.sigle", "sigle", admin.create_etablissement, "etablissement",
                   "sigle", nom="CIUSSS Corpus", sigle=None),
        _ref_field("reference.installation.nom", "nom", admin.create_installation, "installation", "nom",
                   etablissement_id="etablissement", nom=None),
        _ref_field("reference.installation.adresse", "adresse", admin.create_installation, "installation",
                   "adresse", etablissement_id="etablissement", nom="Pavillon Corpus", adresse=None),
        _ref_field("reference.langue.code", "code", admin.create_language, "language", "code",
                   code=None, label="langue du corpus"),
        _ref_field("reference.langue.nom", "label", admin.create_language, "language", "label",
                   code="zz-corpus", label=None),
        _ref_field("reference.langue.service_specialise", "specialised_service", admin.create_language,
                   "language", "specialised_service", code="zz-corpus", label="langue du corpus",
                   specialised_service=None),
    ]
)


@pytest.fixture
def world(any_engine):
    from sqlmodel import Session
    with Session(any_engine, expire_on_commit=False) as session:
        w = make_world(session)
        w["admin"] = make_user(session, role=Role.ADMIN, is_admin=True, first_name="Ada", last_name="Admin")
        w["open"] = make_request(session, ref=w, requester=w["owner"], service_date=NEXT_WEEK)
        w["offered"] = make_request(session, ref=w, requester=w["owner"], status="en_attente",
                                    service_date=NEXT_WEEK, offered_to=[w["interpreter"]])
        w["started"] = make_request(session, ref=w, requester=w["owner"], status="reserve",
                                    service_date=NEXT_WEEK, assigned=w["interpreter"])
        w["reported"] = make_request(session, ref=w, requester=w["owner"], status="service_fourni",
                                     service_date=NEXT_WEEK, assigned=w["interpreter"])
        session.commit()
        yield session, w


def _normalised(rule: TextRule, value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    return " ".join(value.split()) if rule.collapse_spaces else value.strip()


def expected_refusal(field: Field, hostile: Hostile) -> str | None:
    """Why the corpus says this field refuses this text ("choice", "character", "length",
    "required"), or None when it must be stored. Limits and required-ness come from the field."""
    if field.choice:  # a blank value is « no choice »: refused only where a choice is required
        return "choice" if field.required or hostile.text.strip() else None
    if hostile.kind == REFUSED and len(hostile.text) < 5000:
        return "character"
    if hostile.kind == ONE_LINE and not (field.rule.multiline or field.rule.collapse_spaces):
        return "character"
    cleaned = _normalised(field.rule, hostile.text)
    if len(cleaned) > field.rule.limit:
        return "length"
    return "required" if field.required and not cleaned else None


def snapshot(session) -> dict:
    """Every row of every table: a refusal must leave them all as they were."""
    return {table.name: session.execute(select(table)).all() for table in SQLModel.metadata.sorted_tables}


def _message_problem(field: Field, hostile: Hostile, refusal: RelaisError) -> str | None:
    message = (refusal.errors.get(field.key) if isinstance(refusal, ValidationFailed) else None) or refusal.message
    if not message or not re.search(r"[a-zà-ÿ]{3,} ", message):
        return f"no French message: {message!r}"
    why = expected_refusal(field, hostile)
    if why in ("character", "length") and field.parsed is None and f"« {field.rule.label} »" not in message:
        return f"the message does not name « {field.rule.label} »: {message!r}"
    if why == "length" and field.parsed is None and f"{field.rule.limit} caractères" not in message:
        return f"the message does not give the limit {field.rule.limit}: {message!r}"
    return None


def try_one(session, w, field: Field, hostile: Hostile, before: dict) -> str | None:
    """The problem with this field's handling of this text, or None. `before` is the snapshot
    of the committed world, which every attempt leaves as it was (each one is rolled back)."""
    try:
        field.write(session, w, hostile.text)
        session.flush()
    except RelaisError as refusal:
        untouched = not session.new
        session.rollback()
        if snapshot(session) != before or not untouched:
            return "refused, but something was written"
        if not expected_refusal(field, hostile) and field.parsed is None:
            return f"refused, but should be stored: {refusal.message} {getattr(refusal, 'errors', '')}"
        return _message_problem(field, hostile, refusal)
    stored = field.read(session, w) if field.read else None
    session.rollback()
    if field.parsed is not None:
        empty_ok = stored is None and not field.required
        return None if empty_ok or field.parsed(stored) else f"stored a non-canonical value {stored!r}"
    if expected_refusal(field, hostile):
        return f"stored {stored!r}, but should be refused"
    wanted = _normalised(field.rule, hostile.text) or field.empty
    return None if stored == wanted else f"stored {stored!r}, expected {wanted!r}"


@pytest.mark.parametrize("field", FIELDS, ids=[f.id for f in FIELDS])
def test_every_hostile_text_is_refused_or_stored_inert(world, field):
    session, w = world
    before = snapshot(session)
    problems = {h.name: problem for h in TEXTS if (problem := try_one(session, w, field, h, before))}
    assert not problems, "\n".join(f"{name}: {problem}" for name, problem in problems.items())


@pytest.mark.parametrize("field", [f for f in FIELDS if f.parsed is None and not f.choice],
                         ids=[f.id for f in FIELDS if f.parsed is None and not f.choice])
def test_each_field_takes_its_limit_and_refuses_one_more(world, field):
    session, w = world
    at_limit = Hostile("at_limit", "é" * field.rule.limit, INERT)
    assert try_one(session, w, field, at_limit, snapshot(session)) is None
    with pytest.raises(ValidationFailed) as refused:
        field.write(session, w, "é" * (field.rule.limit + 1))
    session.rollback()
    assert refused.value.errors[field.key] == (f"« {field.rule.label} » : {field.rule.limit} caractères "
                                               f"au maximum ({field.rule.limit + 1} saisis).")


def test_login_and_reset_lookups_find_nobody_and_never_fail(world):
    session, w = world
    before = snapshot(session)
    for hostile in TEXTS:
        assert find_user_by_login(session=session, login=hostile.text) is None, hostile.name
        assert "Si un compte correspond" in request_password_reset(session=session, email=hostile.text)
        session.flush()
    session.rollback()
    assert snapshot(session) == before  # no reset mail queued, no account touched


def test_hostile_login_and_password_read_the_one_refusal_message(world):
    from core.auth import authenticate
    from core.errors import AuthenticationFailed
    session, w = world
    for hostile in TEXTS[:: len(TEXTS) // 6]:  # bcrypt is slow on purpose: a sample
        with pytest.raises(AuthenticationFailed, match="Courriel, identifiant ou mot de passe invalide"):
            authenticate(session=session, login=hostile.text, password="x")
        with pytest.raises(AuthenticationFailed):
            authenticate(session=session, login=w["owner"].email, password=hostile.text)
    assert session.get(User, w["owner"].id).is_active


def test_the_corpus_is_big_enough_and_the_count_is_reported(request):
    fields = len(FIELDS) + 2 + 5  # + login and password-reset lookups, + five list search boxes
    assert len(TEXTS) >= 100
    print(f"\nHostile corpus: {len(TEXTS)} texts × {fields} fields = {len(TEXTS) * fields} attempts")


def test_rules_fit_their_database_columns():
    """A limit above the column's would let PostgreSQL refuse with an unexplained error."""
    pairs = [(FORM_RULES[n], Request.__table__.c[n]) for n in FORM_RULES]
    pairs += [(PROFILE_RULES[n], User.__table__.c[n]) for n in PROFILE_RULES]
    pairs += [(EMAIL_RULE, User.__table__.c.email), (PHONE_RULE, User.__table__.c.phone),
              (request_actions.TEXT_RULES["reason"], RequestOffer.__table__.c.refusal_reason),
              (request_actions.TEXT_RULES["note"], Request.__table__.c.report_note),
              (request_actions.TEXT_RULES["comment"], Request.__table__.c.return_comment),
              (request_actions.TEXT_RULES["detailed_reason"], Request.__table__.c.cancel_detailed_reason),
              (request_actions.TEXT_RULES["global_reason"], Request.__table__.c.cancel_global_reason)]
    models = {"etablissement": "Etablissement", "installation": "Installation", "language": "Language"}
    import db.models as m
    pairs += [(rule, getattr(m, models[entity]).__table__.c[name]) for (entity, name), rule in admin.TEXT_RULES.items()]
    too_long = [(rule.label, rule.limit, column.type.length) for rule, column in pairs
                if rule.limit > column.type.length]
    assert not too_long


def test_hostile_search_texts_find_nothing_and_never_fail(world):
    """The lists' free-text filters (number, interpreter, cost centre) reach SQL as literal text."""
    from datetime import date
    from core.access import Scope
    from core.coordination_queries import RequestFilters, list_requests as coordination_list
    from core.request_queries import Filters, list_requests as requester_list
    session, w = world
    searched = [h for h in TEXTS if h.text.strip()]
    for hostile in searched:
        for name in ("number", "interpreter_name", "cost_center"):
            page = coordination_list(session=session, user=w["coord"], scope=Scope.COORDINATION,
                                     filters=RequestFilters(**{name: hostile.text}))
            assert page.total == 0, (hostile.name, name)
        for name in ("number", "interpreter_name"):
            filters = Filters(start=date(2000, 1, 1), end=date(2100, 1, 1), **{name: hostile.text})
            page = requester_list(session=session, user=w["owner"], scope=Scope.MES_DEMANDES, filters=filters)
            assert page.total == 0, (hostile.name, name)
