"""Every (status, action, role, ownership) combination of DESIGN.md's transition table."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from core.errors import TransitionNotAllowed
from core.roles import Role
from core.statuses import Status
from core.workflow import Action, Facts, allowed_actions, check
from db.models import Request, User

S = Status
# The table of DESIGN.md, written out: action -> status -> actors allowed.
OWNER, COLLEAGUE, OTHER_DEM = "owner", "colleague", "other_demandeur"
OFFERED, ASSIGNED, OTHER_INT = "offered_interpreter", "assigned_interpreter", "other_interpreter"
COORD, ADMIN = "coordonnateur", "admin"
ACTORS = (OWNER, COLLEAGUE, OTHER_DEM, OFFERED, ASSIGNED, OTHER_INT, COORD, ADMIN)
OPEN = (S.NOUVEAU, S.EN_ATTENTE, S.RESERVE, S.MODIFIE)
EXPECTED = {
    Action.SOUMETTRE: {S.BROUILLON: {OWNER}},
    Action.OFFRIR: {S.NOUVEAU: {COORD}},
    Action.CONFIRMER: {S.NOUVEAU: {COORD}, S.EN_ATTENTE: {COORD}},
    Action.ACCEPTER: {S.EN_ATTENTE: {OFFERED}, S.MODIFIE: {ASSIGNED}},
    Action.REFUSER: {S.EN_ATTENTE: {OFFERED}, S.MODIFIE: {ASSIGNED}},
    Action.MODIFIER: {S.BROUILLON: {OWNER}, **{s: {OWNER, COORD} for s in OPEN}},
    Action.ANNULER: {s: {OWNER, COORD} for s in OPEN},
    Action.DECLARER_SERVICE: {S.RESERVE: {ASSIGNED}},
    Action.FERMER: {S.SERVICE_FOURNI: {COORD}},
    Action.RETOURNER: {S.SERVICE_FOURNI: {COORD}},
}
TARGETS = {
    (Action.SOUMETTRE, S.BROUILLON): S.NOUVEAU,
    (Action.OFFRIR, S.NOUVEAU): S.EN_ATTENTE,
    (Action.CONFIRMER, S.NOUVEAU): S.RESERVE, (Action.CONFIRMER, S.EN_ATTENTE): S.RESERVE,
    (Action.ACCEPTER, S.EN_ATTENTE): S.RESERVE, (Action.ACCEPTER, S.MODIFIE): S.RESERVE,
    (Action.REFUSER, S.EN_ATTENTE): S.NOUVEAU,  # no other open offer in this fixture
    (Action.REFUSER, S.MODIFIE): S.NOUVEAU,
    (Action.MODIFIER, S.BROUILLON): S.BROUILLON, (Action.MODIFIER, S.NOUVEAU): S.NOUVEAU,
    (Action.MODIFIER, S.EN_ATTENTE): S.EN_ATTENTE, (Action.MODIFIER, S.RESERVE): S.MODIFIE,
    (Action.MODIFIER, S.MODIFIE): S.MODIFIE,
    **{(Action.ANNULER, s): S.ANNULE for s in OPEN},
    (Action.DECLARER_SERVICE, S.RESERVE): S.SERVICE_FOURNI,
    (Action.FERMER, S.SERVICE_FOURNI): S.SERVICE_FERME,
    (Action.RETOURNER, S.SERVICE_FOURNI): S.RESERVE,
}

PEOPLE = {
    OWNER: User(id=1, public_id="A", email="a@x", first_name="A", last_name="A", role=Role.DEMANDEUR),
    COLLEAGUE: User(id=2, public_id="B", email="b@x", first_name="B", last_name="B", role=Role.DEMANDEUR),
    OTHER_DEM: User(id=3, public_id="C", email="c@x", first_name="C", last_name="C", role=Role.DEMANDEUR),
    OFFERED: User(id=4, public_id="D", email="d@x", first_name="D", last_name="D", role=Role.INTERPRETE),
    ASSIGNED: User(id=5, public_id="E", email="e@x", first_name="E", last_name="E", role=Role.INTERPRETE),
    OTHER_INT: User(id=6, public_id="F", email="f@x", first_name="F", last_name="F", role=Role.INTERPRETE),
    COORD: User(id=7, public_id="G", email="g@x", first_name="G", last_name="G", role=Role.COORDONNATEUR),
    ADMIN: User(id=8, public_id="H", email="h@x", first_name="H", last_name="H", role=Role.ADMIN,
                is_admin=True),
}
NOW = datetime(2026, 6, 15, 16, 0, tzinfo=timezone.utc)  # 12:00 in Montréal
PAST_SERVICE = (date(2026, 6, 15), time(9, 0))


def _request(status: Status) -> Request:
    return Request(id=10, status=str(status), installation_id=1, requested_by_id=1, location="Local 1",
                   request_type="presence", service_date=PAST_SERVICE[0], service_time=PAST_SERVICE[1],
                   duration_minutes=120, source_language_id=1, target_language_id=2,
                   assigned_interpreter_id=PEOPLE[ASSIGNED].id)


FACTS = Facts(offered_to=frozenset({PEOPLE[OFFERED].id}), now=NOW)
CASES = [(s, a, who) for s in Status for a in Action for who in ACTORS]


@pytest.mark.parametrize(("status", "action", "who"), CASES,
                         ids=[f"{s.value}-{a.value}-{w}" for s, a, w in CASES])
def test_transition_table(status, action, who):
    request, user = _request(status), PEOPLE[who]
    if who in EXPECTED[action].get(status, set()):
        assert check(request, user, action, FACTS) == TARGETS[(action, status)]
        assert action in allowed_actions(request, user, FACTS)
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            check(request, user, action, FACTS)
        assert refused.value.message  # a French sentence for the person
        assert action not in allowed_actions(request, user, FACTS)


def test_case_count_covers_the_whole_table():
    assert len(CASES) == len(Status) * len(Action) * len(ACTORS) == 640


def test_refusal_keeps_en_attente_while_other_offers_are_open():
    facts = Facts(offered_to=frozenset({PEOPLE[OFFERED].id, 99}), now=NOW)
    assert check(_request(S.EN_ATTENTE), PEOPLE[OFFERED], Action.REFUSER, facts) == S.EN_ATTENTE


def test_service_cannot_be_reported_before_it_starts():
    request = _request(S.RESERVE)
    request.service_date = date(2026, 6, 15)
    request.service_time = time(13, 0)  # 17:00 UTC, after NOW
    with pytest.raises(TransitionNotAllowed, match="heure de début"):
        check(request, PEOPLE[ASSIGNED], Action.DECLARER_SERVICE, FACTS)
    later = Facts(offered_to=FACTS.offered_to, now=NOW + timedelta(hours=1, minutes=1))
    assert check(request, PEOPLE[ASSIGNED], Action.DECLARER_SERVICE, later) == S.SERVICE_FOURNI


def test_wrong_status_message_names_the_status_in_french():
    with pytest.raises(TransitionNotAllowed, match="« Annulé »"):
        check(_request(S.ANNULE), PEOPLE[OWNER], Action.MODIFIER, FACTS)
