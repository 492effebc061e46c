"""Who sees what (DESIGN.md), checked in core/ on single reads and on lists."""
from __future__ import annotations

import pytest
from sqlmodel import select

from core.access import Scope, get_request_for, scope_clause, visibility
from core.errors import AccessDenied, NotFound
from core.roles import Role
from db.models import Request
from tests.factories import make_interpreter, make_reference, make_request, make_user


@pytest.fixture
def world(session):
    ref = make_reference(session)
    p = {
        "owner": make_user(session, installations=[ref["inst_a"]]),
        "colleague": make_user(session, installations=[ref["inst_a"]]),
        "elsewhere": make_user(session, installations=[ref["inst_b"]]),
        "offered": make_interpreter(session),
        "assigned": make_interpreter(session),
        "other_int": make_interpreter(session),
        "coord": make_user(session, role=Role.COORDONNATEUR),
        "admin": make_user(session, role=Role.ADMIN, is_admin=True),
    }
    open_req = make_request(session, ref=ref, requester=p["owner"], status="en_attente",
                            offered_to=[p["offered"]])
    reserved = make_request(session, ref=ref, requester=p["owner"], status="reserve", assigned=p["assigned"])
    draft = make_request(session, ref=ref, requester=p["owner"], status="brouillon")
    session.commit()
    return p, {"open": open_req, "reserved": reserved, "draft": draft}


# (request, reader) -> (request, note, attachments, history, read_only); None = no access.
EXPECTED = {
    ("open", "owner"): (True, True, True, True, False),
    ("open", "colleague"): (True, False, True, False, True),
    ("open", "elsewhere"): None,
    ("open", "offered"): (True, False, True, False, True),
    ("open", "assigned"): None,
    ("open", "other_int"): None,
    ("open", "coord"): (True, True, True, True, False),
    ("open", "admin"): None,
    ("reserved", "assigned"): (True, False, True, False, True),
    ("reserved", "offered"): None,
    ("draft", "owner"): (True, True, True, True, False),
    ("draft", "colleague"): None,
    ("draft", "coord"): None,
}


@pytest.mark.parametrize(("which", "who"), list(EXPECTED), ids=[f"{a}-{b}" for a, b in EXPECTED])
def test_visibility_follows_the_design_table(session, world, which, who):
    people, requests = world
    request, reader = requests[which], people[who]
    expected = EXPECTED[(which, who)]
    seen = visibility(session=session, request=request, user=reader)
    if expected is None:
        assert not seen.request
        with pytest.raises(AccessDenied, match="pas accès"):
            get_request_for(session=session, request_id=request.id, user=reader)
    else:
        assert (seen.request, seen.note_to_coordinators, seen.attachments, seen.history,
                seen.read_only) == expected


def test_unknown_request_is_not_found(session, world):
    people, _ = world
    with pytest.raises(NotFound):
        get_request_for(session=session, request_id=999_999, user=people["coord"])


def test_inactive_person_sees_nothing(session, world):
    people, requests = world
    people["owner"].is_active = False
    assert not visibility(session=session, request=requests["open"], user=people["owner"]).request


LISTS = {
    ("owner", Scope.MES_DEMANDES): {"open", "reserved", "draft"},
    ("colleague", Scope.MES_DEMANDES): set(),
    ("colleague", Scope.PAR_EMPLACEMENT): {"open", "reserved"},
    ("elsewhere", Scope.PAR_EMPLACEMENT): set(),
    ("coord", Scope.COORDINATION): {"open", "reserved"},
    ("owner", Scope.COORDINATION): set(),
    ("offered", Scope.MES_MANDATS): {"open"},
    ("assigned", Scope.MES_MANDATS): {"reserved"},
    ("other_int", Scope.MES_MANDATS): set(),
    ("admin", Scope.COORDINATION): set(),
}


@pytest.mark.parametrize(("who", "scope"), list(LISTS), ids=[f"{a}-{b}" for a, b in LISTS])
def test_lists_only_hold_what_the_reader_may_open(session, world, who, scope):
    people, requests = world
    names = {r.id: name for name, r in requests.items()}
    ids = session.exec(select(Request.id).where(scope_clause(user=people[who], scope=scope))).all()
    assert {names[i] for i in ids} == LISTS[(who, scope)]
    for request_id in ids:  # every row listed can be opened by its reader
        get_request_for(session=session, request_id=request_id, user=people[who])
