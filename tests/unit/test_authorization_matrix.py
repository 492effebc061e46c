"""The authorization matrix: every role × every read and action × every request status.

The expected matrix below is DATA copied from DESIGN.md (« Statuses and transitions », « Who
sees what ») and the guide, never derived from core/. Each cell builds a fresh request in its
status, with the offers and assignment that status really has, then calls the real core
service or query as that person, the way a page does:

- allowed: the service succeeds and its outcome is stored (status, row, history);
- refused: a typed domain error with a French message, and nothing changed in the database
  even when the caller commits after the refusal (request row and version, offers, history,
  attachments, mails).

The people are made once per module; each cell only touches its own request.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timezone

import pytest
from sqlmodel import Session, SQLModel, delete, func, select

from core import coordination_service as coordination
from core import interpreter_service as mandates
from core import request_queries
from core.access import Scope
from core.account_admin import update_account
from core.accounts import create_account
from core.attachments import download_for
from core.coordination_queries import RequestFilters, list_requests
from core.dashboard import dashboard
from core.errors import AccessDenied, RelaisError, TransitionNotAllowed
from core.exports import ExportFormat, export_requests
from core.history import record_history
from core.mail import outbox, retry_now
from core.reference_admin import create_language
from core.request_detail import request_detail
from core.request_form import form_from_request
from core.request_service import (
    cancel_request, create_request, repeat_request, submit_draft, update_request,
)
from core.roles import Role
from core.statuses import Status
from core.throttle import locked_accounts, unlock
from db.engine import build_engine
from db.models import (
    Attachment, AttachmentContent, History, Language, MailOutbox, Request, RequestOffer,
    RequestPriorityInterpreter, User,
)
from tests.factories import make_interpreter, make_request, make_user
from tests.request_world import make_world, pdf_bytes, valid_form

NOTE = "Note confidentielle aux coordonnateurs : usager agité"
SERVICE_DAY, SERVICE_TIME = date(2031, 3, 3), time(10, 0)  # 10:00 in Montréal = 15:00 UTC
BEFORE = datetime(2031, 2, 24, 15, 0, tzinfo=timezone.utc)  # a week before the service
AFTER = datetime(2031, 3, 3, 20, 0, tzinfo=timezone.utc)  # the service has started

B, N, A, R, M, X, F, C = (Status.BROUILLON, Status.NOUVEAU, Status.EN_ATTENTE, Status.RESERVE,
                          Status.MODIFIE, Status.ANNULE, Status.SERVICE_FOURNI, Status.SERVICE_FERME)
STATUSES = (B, N, A, R, M, X, F, C)
ROLES = ("owner", "colleague", "elsewhere", "offered", "assigned", "other_interpreter",
         "coordinator", "coordinator_admin", "admin")

# The expected matrix, from DESIGN.md. Columns are the statuses in the order of STATUSES.
# « x » allowed, « . » refused. For `list` and `export`, the letters name where the request
# appears: M « Mes demandes », E « Par emplacement », C « Coordination », I « Mes mandats ».
#
# Reading of DESIGN.md behind the less obvious cells:
# - a draft (brouillon) is not transmitted: only its owner sees it (not the colleagues, not the
#   BI), and only the owner can transmit it;
# - « offered » has an open offer only while the request is En attente: accepting (by another
#   interpreter), confirming and cancelling withdraw open offers, so in Réservé and after, the
#   interpreter who was offered it without getting it no longer sees it (« yes while offered »);
# - « assigned » is the interpreter the request is reserved for (Réservé, Modifié, then Service
#   fourni / fermé, and Annulé when cancelled after the reservation: still its interpreter, who
#   was told of the cancellation); before that nobody is assigned;
# - the administrator (role admin) manages accounts and reference lists, not requests; a
#   coordinator who also administers is a coordinator;
# - « Mes mandats » (the interpreter's page) leaves out cancelled and closed requests, which the
#   interpreter can still open and export;
# - a requester's own requests also appear under « Par emplacement » (their installation).
EXPECTED_GRID = """
#                      brou nouv atte rése modi annu four ferm
view     owner          x    x    x    x    x    x    x    x
view     colleague      .    x    x    x    x    x    x    x
view     elsewhere      .    .    .    .    .    .    .    .
view     offered        .    .    x    .    .    .    .    .
view     assigned       .    .    .    x    x    x    x    x
view     other_interpreter .  .   .    .    .    .    .    .
view     coordinator    .    x    x    x    x    x    x    x
view     coordinator_admin . x    x    x    x    x    x    x
view     admin          .    .    .    .    .    .    .    .
list     owner          M    ME   ME   ME   ME   ME   ME   ME
list     colleague      .    E    E    E    E    E    E    E
list     elsewhere      .    .    .    .    .    .    .    .
list     offered        .    .    I    .    .    .    .    .
list     assigned       .    .    .    I    I    .    I    .
list     other_interpreter .  .   .    .    .    .    .    .
list     coordinator    .    C    C    C    C    C    C    C
list     coordinator_admin . C    C    C    C    C    C    C
list     admin          .    .    .    .    .    .    .    .
export   owner          M    ME   ME   ME   ME   ME   ME   ME
export   colleague      .    E    E    E    E    E    E    E
export   elsewhere      .    .    .    .    .    .    .    .
export   offered        .    .    I    .    .    .    .    .
export   assigned       .    .    .    I    I    I    I    I
export   other_interpreter .  .   .    .    .    .    .    .
export   coordinator    .    C    C    C    C    C    C    C
export   coordinator_admin . C    C    C    C    C    C    C
export   admin          .    .    .    .    .    .    .    .
download owner          x    x    x    x    x    x    x    x
download colleague      .    x    x    x    x    x    x    x
download elsewhere      .    .    .    .    .    .    .    .
download offered        .    .    x    .    .    .    .    .
download assigned       .    .    .    x    x    x    x    x
download other_interpreter . .    .    .    .    .    .    .
download coordinator    .    x    x    x    x    x    x    x
download coordinator_admin . x    x    x    x    x    x    x
download admin          .    .    .    .    .    .    .    .
note     owner          x    x    x    x    x    x    x    x
note     coordinator    .    x    x    x    x    x    x    x
note     coordinator_admin . x    x    x    x    x    x    x
history  owner          x    x    x    x    x    x    x    x
history  coordinator    .    x    x    x    x    x    x    x
history  coordinator_admin . x    x    x    x    x    x    x
modify   owner          x    x    x    x    x    .    .    .
modify   coordinator    .    x    x    x    x    .    .    .
modify   coordinator_admin . x    x    x    x    .    .    .
cancel   owner          .    x    x    x    x    .    .    .
cancel   coordinator    .    x    x    x    x    .    .    .
cancel   coordinator_admin . x    x    x    x    .    .    .
offer    coordinator    .    x    .    .    .    .    .    .
offer    coordinator_admin . x    .    .    .    .    .    .
confirm  coordinator    .    x    x    .    .    .    .    .
confirm  coordinator_admin . x    x    .    .    .    .    .
accept   offered        .    .    x    .    .    .    .    .
accept   assigned       .    .    .    .    x    .    .    .
refuse   offered        .    .    x    .    .    .    .    .
refuse   assigned       .    .    .    .    x    .    .    .
report   assigned       .    .    .    x    .    .    .    .
close    coordinator    .    .    .    .    .    .    x    .
close    coordinator_admin . .    .    .    .    .    x    .
return   coordinator    .    .    .    .    .    .    x    .
return   coordinator_admin . .    .    .    .    .    x    .
submit   owner          x    .    .    .    .    .    .    .
duplicate owner         x    x    x    x    x    x    x    x
"""
# Rows left out of the grid are refused in every status (e.g. a colleague never modifies).

# Where an allowed action leads (DESIGN.md, « Statuses and transitions »).
TARGETS = {
    ("modify", B): B, ("modify", N): N, ("modify", A): A, ("modify", R): M, ("modify", M): M,
    ("cancel", N): X, ("cancel", A): X, ("cancel", R): X, ("cancel", M): X,
    ("offer", N): A, ("confirm", N): R, ("confirm", A): R,
    ("accept", A): R, ("accept", M): R,
    ("refuse", A): N,  # the only open offer: back to Nouveau
    ("refuse", M): N,  # the interpreter is released
    ("report", R): F, ("close", F): C, ("return", F): R, ("submit", B): N,
}
# The lists each role has (guide and DESIGN.md « Who uses it »); any other is refused.
ROLE_SCOPES = {
    "owner": "ME", "colleague": "ME", "elsewhere": "ME", "offered": "I", "assigned": "I",
    "other_interpreter": "I", "coordinator": "C", "coordinator_admin": "C", "admin": "",
}
SCOPE_LETTERS = {"M": Scope.MES_DEMANDES, "E": Scope.PAR_EMPLACEMENT, "C": Scope.COORDINATION,
                 "I": Scope.MES_MANDATS}
READS = ("view", "list", "export", "download", "note", "history")
ACTIONS = ("modify", "cancel", "offer", "confirm", "accept", "refuse", "report", "close",
           "return", "submit", "duplicate")


def _parse(grid: str) -> dict[tuple[str, str, Status], str]:
    expected = {(what, role, status): "" for what in READS + ACTIONS for role in ROLES
                for status in STATUSES}
    for line in grid.strip().splitlines():
        if line.startswith("#"):
            continue
        what, role, *cells = line.split()
        assert len(cells) == len(STATUSES) and (what, role, B) in expected, line
        for status, mark in zip(STATUSES, cells):
            expected[(what, role, status)] = "" if mark == "." else mark
    return expected


EXPECTED = _parse(EXPECTED_GRID)
CELLS = sorted(EXPECTED, key=lambda c: ((READS + ACTIONS).index(c[0]), ROLES.index(c[1]),
                                        STATUSES.index(c[2])))
assert len(CELLS) == 17 * 9 * 8 == 1224  # reported in the pull request: 1,224 cells


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One SQLite file for the module: the people and reference rows; requests come per cell."""
    engine = build_engine(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'matrix.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        base = make_world(session)
        people = {
            "owner": base["owner"], "colleague": base["colleague"], "elsewhere": base["other"],
            "coordinator": base["coord"],
            "coordinator_admin": make_user(session, role=Role.COORDONNATEUR, is_admin=True),
            "admin": make_user(session, role=Role.ADMIN, is_admin=True),
            "offered": make_interpreter(session, languages=[base["es"]], first_name="Olga"),
            "assigned": make_interpreter(session, languages=[base["es"]], first_name="Aïcha"),
            "other_interpreter": make_interpreter(session, languages=[base["es"]], first_name="Ugo"),
            "deactivated_admin": make_user(session, role=Role.ADMIN, is_admin=True, is_active=False),
        }
        session.commit()
        ids = {name: person.id for name, person in people.items()}
    yield engine, base, ids
    engine.dispose()


def _clear(session: Session) -> None:
    """Each cell starts with no request, so that lists and exports hold at most its own."""
    for model in (AttachmentContent, Attachment, RequestOffer, RequestPriorityInterpreter,
                  Request, History, MailOutbox):
        session.exec(delete(model))


def _build_request(engine, base: dict, ids: dict, status: Status) -> tuple[int, int]:
    """A request in `status` as the workflow leaves it: (request id, attachment id)."""
    with Session(engine, expire_on_commit=False) as session:
        _clear(session)
        owner = session.get(User, ids["owner"])
        reserved = status in (R, M, X, F, C)
        request = make_request(
            session, ref=base, requester=owner, status=status, service_date=SERVICE_DAY,
            service_time=SERVICE_TIME, note_to_coordinators=NOTE, patient_name="Usager Témoin",
            assigned=session.get(User, ids["assigned"]) if reserved else None,
            offered_to=[session.get(User, ids["offered"])] if status == A else ())
        if reserved:  # offered to both; « assigned » accepted, the other offer was withdrawn
            session.add_all([
                RequestOffer(request_id=request.id, interpreter_id=ids["assigned"], status="acceptee"),
                RequestOffer(request_id=request.id, interpreter_id=ids["offered"], status="retiree")])
        if status == X:
            request.cancel_global_reason, request.cancel_detailed_reason = "Annulée", "Usager absent"
        if status in (F, C):
            request.reported_start, request.reported_end = time(10, 0), time(11, 30)
        data = pdf_bytes()
        attachment = Attachment(request_id=request.id, filename="consentement.pdf",
                                content_type="application/pdf", size=len(data), sha256="0" * 64)
        session.add(attachment)
        session.flush()
        session.add(AttachmentContent(attachment_id=attachment.id, data=data))
        record_history(session=session, actor_id=owner.id, entity="request", entity_id=request.id,
                       action="creer", to_status=str(status))
        session.commit()
        return request.id, attachment.id


def _snapshot(engine, request_id: int) -> dict:
    """Everything a refused action must leave as it was."""
    with Session(engine) as session:
        request = session.get(Request, request_id)
        return {
            "request": request.model_dump(),
            "offers": sorted(session.exec(select(RequestOffer.interpreter_id, RequestOffer.status)
                                          .where(RequestOffer.request_id == request_id)).all()),
            "history": session.exec(select(func.count()).select_from(History)).one(),
            "attachments": session.exec(select(func.count()).select_from(Attachment)
                                        .where(Attachment.request_id == request_id)).one(),
            "mails": session.exec(select(func.count()).select_from(MailOutbox)).one(),
            "requests": session.exec(select(func.count()).select_from(Request)).one(),
        }


def _request_history(engine, request_id: int) -> list[History]:
    with Session(engine) as session:
        return list(session.exec(select(History).where(History.entity == "request",
                                                       History.entity_id == request_id)
                                 .order_by(History.id)).all())


# --- the reads -------------------------------------------------------------------------------

def _number(session: Session, request_id: int) -> str:
    return session.get(Request, request_id).number


def _listed_in(session: Session, user: User, request_id: int, letters: str) -> str:
    """The letters of the lists this person has where the request appears; others refuse."""
    found = ""
    number = _number(session, request_id)
    for letter, scope in SCOPE_LETTERS.items():
        if letter not in letters:
            with pytest.raises(AccessDenied) as refused:
                list_requests(session=session, user=user, scope=scope, filters=RequestFilters())
            _assert_french(refused.value)
            continue
        if scope == Scope.MES_MANDATS:  # the interpreter's page, by what they have to do
            mine = mandates.mandates(session=session, interpreter=user, now=BEFORE)
            rows = [row for group in vars(mine).values() for row in group]
            shown = any(row["id"] == request_id for row in rows)
            assert all("note_to_coordinators" not in row for row in rows)
        else:  # the same list the pages show (Mes demandes and Par emplacement use request_queries)
            page = list_requests(session=session, user=user, scope=scope, filters=RequestFilters())
            shown = any(row["id"] == request_id for row in page.rows)
            if scope != Scope.COORDINATION:
                start = end = SERVICE_DAY
                rows = request_queries.list_requests(
                    session=session, user=user, scope=scope,
                    filters=request_queries.Filters(start=start, end=end, number=number)).rows
                assert shown == any(row["id"] == request_id for row in rows), scope
        found += letter if shown else ""
    return found


def _exported_in(session: Session, user: User, request_id: int, letters: str) -> str:
    found = ""
    number = _number(session, request_id)
    for letter, scope in SCOPE_LETTERS.items():
        if letter not in letters:
            with pytest.raises(AccessDenied):
                export_requests(session=session, user=user, scope=scope, filters=RequestFilters(),
                                fmt=ExportFormat.CSV)
            continue
        result = export_requests(session=session, user=user, scope=scope, fmt=ExportFormat.CSV,
                                 filters=RequestFilters(number=number) if number else RequestFilters())
        text = result.data.decode("utf-8-sig")
        assert NOTE not in text and "Usager Témoin" not in text  # never the note nor the patient
        rows = [line.split(";") for line in text.splitlines()[1:]]
        if number:
            shown = any(row[0] == number for row in rows)
        else:  # a draft has no number: it is the draft of this date, if any
            shown = any(row[0] == "" and row[2] == SERVICE_DAY.isoformat() for row in rows)
        found += letter if shown else ""
    return found


def _read(what: str, session: Session, user: User, request_id: int, attachment_id: int,
          scopes: str):
    """The outcome of a read: True/False for what was visible, or letters for list/export."""
    if what == "list":
        return _listed_in(session, user, request_id, scopes)
    if what == "export":
        return _exported_in(session, user, request_id, scopes)
    if what == "download":
        attachment, data = download_for(session=session, attachment_id=attachment_id, user=user)
        return attachment.request_id == request_id and data == pdf_bytes()
    detail = request_detail(session=session, request_id=request_id, user=user)
    file = coordination.request_file(session=session, user=user, request_id=request_id)
    assert file.request.id == detail.request.id == request_id
    shown = repr(detail.sections) + repr(detail.history) + repr(file.offers)
    if what == "view":
        return "Usager Témoin" in repr(detail.sections)
    if what == "note":
        assert (NOTE in shown) == detail.seen.note_to_coordinators == file.seen.note_to_coordinators
        return NOTE in repr(detail.sections)
    assert what == "history"
    assert bool(detail.history) == detail.seen.history == file.seen.history
    return bool(detail.history)


# --- the actions -----------------------------------------------------------------------------

def _act(what: str, session: Session, user: User, request_id: int, ids: dict) -> None:
    """Runs the real service a page calls for this action, as `user`."""
    version = session.get(Request, request_id).version
    if what == "modify":
        form = replace(form_from_request(session.get(Request, request_id), []),
                       location="Urgence, salle 3")
        update_request(session=session, actor=user, request_id=request_id, form=form,
                       expected_version=version, now=BEFORE)
    elif what == "cancel":
        cancel_request(session=session, actor=user, request_id=request_id,
                       detailed_reason="Usager absent", expected_version=version, now=BEFORE)
    elif what == "offer":
        coordination.offer_to(session=session, coordinator=user, request_id=request_id,
                              interpreter_ids=[ids["other_interpreter"]], expected_version=version,
                              now=BEFORE)
    elif what == "confirm":
        coordination.confirm_for(session=session, coordinator=user, request_id=request_id,
                                 interpreter_id=ids["other_interpreter"], expected_version=version,
                                 now=BEFORE)
    elif what == "accept":
        mandates.accept_offer(session=session, interpreter=user, request_id=request_id,
                              expected_version=version, now=BEFORE)
    elif what == "refuse":
        mandates.refuse_offer(session=session, interpreter=user, request_id=request_id,
                              reason="Indisponible ce jour-là", expected_version=version, now=BEFORE)
    elif what == "report":  # after the start, so that only the role rule can refuse
        mandates.report_service(session=session, interpreter=user, request_id=request_id,
                                start=time(10, 0), end=time(11, 30), expected_version=version,
                                now=AFTER)
    elif what == "close":
        coordination.close_service(session=session, coordinator=user, request_id=request_id,
                                   expected_version=version, now=AFTER)
    elif what == "return":
        coordination.return_service(session=session, coordinator=user, request_id=request_id,
                                    comment="Précisez l'heure de fin réelle.",
                                    expected_version=version, now=AFTER)
    elif what == "duplicate":  # « Dupliquer à une autre date »
        repeat_request(session=session, actor=user, request_id=request_id,
                       dates=[date(2031, 3, 10)], now=BEFORE)
    else:
        assert what == "submit"
        submit_draft(session=session, actor=user, request_id=request_id, expected_version=version,
                     now=BEFORE)


def _assert_outcome(what: str, engine, request_id: int, before: dict, status: Status,
                    user_id: int, ids: dict) -> None:
    """The stored result of an allowed action, as the person would see it afterwards."""
    after = _snapshot(engine, request_id)
    if what == "duplicate":  # a new request of the same person, transmitted; the source as it was
        with Session(engine) as session:
            copy = session.exec(select(Request).where(Request.id != request_id)).one()
        assert (copy.requested_by_id, copy.status, copy.service_date) == (
            user_id, N, date(2031, 3, 10))
        assert after["request"] == before["request"]
        return
    stored = after["request"]
    assert stored["status"] == TARGETS[(what, status)]
    assert stored["version"] > before["request"]["version"]
    last = _request_history(engine, request_id)[-1]
    assert (last.actor_id, last.from_status, last.to_status) == (user_id, status,
                                                                  TARGETS[(what, status)])
    if what == "modify":
        assert stored["location"] == "Urgence, salle 3"
    elif what == "offer":
        assert (ids["other_interpreter"], "ouverte") in after["offers"]
    elif what == "confirm":
        assert stored["assigned_interpreter_id"] == ids["other_interpreter"]
    elif what == "accept":
        assert stored["assigned_interpreter_id"] == user_id
    elif what == "refuse":
        assert (user_id, "refusee") in after["offers"] or stored["assigned_interpreter_id"] is None
    elif what == "submit":
        assert stored["number"]


FRENCH = re.compile(r"\b(Vous|vous|Seul|Seuls|Cette|demande|interprète)\b")


def _assert_french(error: RelaisError) -> None:
    assert error.message and FRENCH.search(error.message), error.message


def _id(cell) -> str:
    what, role, status = cell
    return f"{what}-{role}-{status}"


@pytest.mark.parametrize("cell", CELLS, ids=[_id(c) for c in CELLS])
def test_cell(world, cell):
    engine, base, ids = world
    what, role, status = cell
    expected = EXPECTED[cell]
    request_id, attachment_id = _build_request(engine, base, ids, status)
    before = _snapshot(engine, request_id)
    may_view = bool(EXPECTED[("view", role, status)])
    with Session(engine, expire_on_commit=False) as session:
        user = session.get(User, ids[role])
        try:
            if what in READS:
                outcome = _read(what, session, user, request_id, attachment_id, ROLE_SCOPES[role])
            else:
                _act(what, session, user, request_id, ids)
                outcome = True
        except (AccessDenied, TransitionNotAllowed) as error:
            _assert_french(error)
            # A person who may not open the request learns nothing about what it allows.
            assert may_view or isinstance(error, AccessDenied), error.message
            outcome = False if what not in ("list", "export") else "refused"
        finally:
            session.commit()  # even a caller committing after a refusal stores nothing
    if what in ("list", "export"):
        assert outcome == expected, f"{cell}: appears in {outcome!r}, expected {expected!r}"
        assert not outcome or may_view  # a list never holds what its reader may not open
    else:
        assert outcome == bool(expected), f"{cell}: {'allowed' if outcome else 'refused'}"
    if what in ACTIONS and expected:
        _assert_outcome(what, engine, request_id, before, status, ids[role], ids)
    else:
        after = _snapshot(engine, request_id)
        if what == "export" and outcome != "refused":
            after["history"] -= len(ROLE_SCOPES[role])  # each export is audited, and only that
        assert after == before, f"{cell} changed the database"


# Creating a request does not depend on a status: only requesters create (« Who uses it »).
MAY_CREATE = {"owner": True, "colleague": True, "elsewhere": True, "offered": False,
              "assigned": False, "other_interpreter": False, "coordinator": False,
              "coordinator_admin": False, "admin": False}


@pytest.mark.parametrize("transmit", [True, False], ids=["sauvegarder", "brouillon"])
@pytest.mark.parametrize("role", ROLES)
def test_only_requesters_create_requests(world, role, transmit):
    engine, base, ids = world
    with Session(engine, expire_on_commit=False) as session:
        _clear(session)
        session.commit()
        user = session.get(User, ids[role])
        installation = base["inst_b"] if role == "elsewhere" else base["inst_a"]
        form = valid_form(base, installation_id=installation.id, service_date=SERVICE_DAY)
        try:
            saved = create_request(session=session, actor=user, form=form, transmit=transmit,
                                   now=BEFORE)
            created = saved.request.requested_by_id == user.id
        except AccessDenied as error:
            _assert_french(error)
            created = False
        finally:
            session.commit()
        stored = session.exec(select(func.count()).select_from(Request)).one()
    assert created == MAY_CREATE[role] and stored == int(MAY_CREATE[role])


# The BI's figures and the administration, by role (DESIGN.md « Who uses it »): the dashboard
# is the coordinators'; accounts, reference lists, locks and the mail outbox are the admins'
# (role admin, or a coordinator who also administers).
COORDINATORS, ADMINS = {"coordinator", "coordinator_admin"}, {"admin", "coordinator_admin"}
BI_SERVICES = {"dashboard": COORDINATORS, "outbox": ADMINS, "retry_mail": ADMINS,
               "create_account": ADMINS, "update_account": ADMINS, "create_language": ADMINS,
               "locked_accounts": ADMINS, "unlock": ADMINS}
BI_ROLES = (*ROLES, "deactivated_admin")  # keeps its role and flag, administers nothing
BI_CELLS = [(what, role) for what in BI_SERVICES for role in BI_ROLES]
assert len(BI_CELLS) == 8 * 10 == 80


def _bi_service(what: str, session: Session, user: User, ids: dict, base: dict) -> None:
    if what == "dashboard":
        dashboard(session=session, user=user, first=SERVICE_DAY, last=SERVICE_DAY)
    elif what == "outbox":
        outbox(session=session, actor=user)
    elif what == "retry_mail":
        mail = session.exec(select(MailOutbox)).first()
        retry_now(session=session, actor=user, mail_id=mail.id)
    elif what == "create_account":
        create_account(session=session, actor=user, email="nouvelle@exemple.qc.ca",
                       role=Role.DEMANDEUR, installation_ids=[base["inst_a"].id])
    elif what == "update_account":  # the other interpreter becomes a coordinator
        update_account(session=session, actor=user, user_id=ids["other_interpreter"],
                       role=Role.COORDONNATEUR, admin_flag=False, installation_ids=[], active=True)
    elif what == "create_language":
        create_language(session=session, actor=user, code="ti", label="tigrigna")
    elif what == "locked_accounts":
        locked_accounts(session=session, actor=user)
    else:
        assert what == "unlock"
        unlock(session=session, user=session.get(User, ids["owner"]), actor=user)


@pytest.mark.parametrize(("what", "role"), BI_CELLS, ids=[f"{w}-{r}" for w, r in BI_CELLS])
def test_bi_and_administration_services(world, what, role):
    engine, base, ids = world
    with Session(engine, expire_on_commit=False) as session:
        _clear(session)
        session.add(MailOutbox(to_address="x@exemple.qc.ca", subject="Avis", body="Bonjour",
                               attempts=5, last_error="Connexion refusée"))
        session.commit()
    before = _counts(engine)
    with Session(engine, expire_on_commit=False) as session:
        user = session.get(User, ids[role])
        try:
            _bi_service(what, session, user, ids, base)
            allowed = True
        except AccessDenied as error:
            _assert_french(error)
            allowed = False
            session.commit()  # even a caller committing after a refusal stores nothing
        session.rollback()  # an allowed change is undone: the people are shared by the cells
    assert allowed == (role in BI_SERVICES[what])
    assert _counts(engine) == before


def _counts(engine) -> dict:
    """The rows of the people, reference lists, mails and history, and the changeable fields."""
    with Session(engine) as session:
        return {
            "users": sorted(session.exec(select(User.id, User.role, User.is_admin, User.is_active,
                                                User.version)).all()),
            "languages": session.exec(select(func.count()).select_from(Language)).one(),
            "mails": sorted(session.exec(select(MailOutbox.id, MailOutbox.attempts)).all()),
            "history": session.exec(select(func.count()).select_from(History)).one(),
        }
