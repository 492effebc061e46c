"""The services timed without a page: submit with an attachment, ranking, exports, one login."""
from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from benchmarks.measure import Timing, timed
from core.access import Scope
from core.attachments import Upload
from core.auth import BCRYPT_COST, authenticate
from core.coordination_queries import DatePreset, RequestFilters, local_today
from core.exports import export_requests
from core.matching import rank_candidates
from core.request_form import RequestForm
from core.request_service import create_request
from db.engine import read_session, session_scope
from db.models import (
    Attachment, AttachmentContent, History, Language, Request, RequestOffer, RequestPriorityInterpreter, User,
)

DEMO_PASSWORD = "Mauve-Tortue-42!"  # the demo accounts' password (README)
BENCH_LOCATION = "Banc d'essai (benchmarks.run)"  # marks the requests the benchmark submits
EXPORT_ROWS = 100_000


def one_megabyte_pdf() -> bytes:
    """A PDF of 1 MB: a valid header, a comment of padding, a trailer."""
    head, tail = b"%PDF-1.4\n%", b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return head + b"0" * (1024 * 1024 - len(head) - len(tail)) + tail


def person(session: Session, email: str) -> User:
    return session.execute(select(User).where(User.email == email)).scalar_one()


def _next_weekday(days: int) -> date:
    day = local_today() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def submit_with_attachment(engine: Engine, runs: int) -> Timing:
    """« Sauvegarder » of a new request with a 1 MB PDF, committed (service call, no page);
    the requests it created are deleted afterwards so that reruns measure the same database."""
    pdf = one_megabyte_pdf()
    with read_session(engine) as session:
        codes = dict(session.execute(select(Language.code, Language.id)).all())
    form = RequestForm(location=BENCH_LOCATION, request_type="presence", service_date=_next_weekday(9),
                       service_time=time(10, 0), duration_minutes=120, source_language_id=codes["fr"],
                       target_language_id=codes["es"])
    created: list[int] = []

    def submit() -> None:
        with session_scope(engine) as session:
            saved = create_request(session=session, actor=person(session, "demandeur@relais.demo"),
                                   form=form, uploads=[Upload("lettre.pdf", pdf)])
            created.append(saved.request.id)

    try:
        return timed(submit, runs=runs)
    finally:
        _delete_requests(engine, created)


def _delete_requests(engine: Engine, ids: list[int]) -> None:
    if not ids:
        return
    with session_scope(engine) as session:
        attachments = select(Attachment.id).where(Attachment.request_id.in_(ids))
        session.execute(delete(AttachmentContent).where(AttachmentContent.attachment_id.in_(attachments)))
        for model in (Attachment, RequestOffer, RequestPriorityInterpreter):
            session.execute(delete(model).where(model.request_id.in_(ids)))
        session.execute(delete(History).where(History.entity == "request", History.entity_id.in_(ids)))
        session.execute(delete(Request).where(Request.id.in_(ids)))


def ranking(engine: Engine, runs: int) -> Timing:
    """Ranking the interpreters for « Nouveau » requests of the coming days, one after the other."""
    with read_session(engine) as session:
        ids = list(session.execute(
            select(Request.id).where(Request.status == "nouveau", Request.service_date >= local_today())
            .order_by(Request.service_date).limit(20)).scalars())
        targets = iter(ids * (runs + 1))

        def rank() -> None:
            rank_candidates(session=session, request=session.get(Request, next(targets)))

        return timed(rank, runs=runs)


def export_filters(engine: Engine) -> RequestFilters:
    """The coordinators' list from its first date to the day where it passes 100,000 rows."""
    with read_session(engine) as session:
        dates = select(Request.service_date).where(Request.status != "brouillon").order_by(Request.service_date)
        first = session.execute(dates.limit(1)).scalar_one()
        last = session.execute(dates.offset(EXPORT_ROWS - 1).limit(1)).scalar_one_or_none()
    return RequestFilters(preset=DatePreset.PERSONNALISEE, date_from=first, date_to=last)


def export(engine: Engine, fmt: str, runs: int) -> tuple[Timing, int]:
    """The Exportations page's export of about 100,000 rows (audited, rolled back)."""
    filters, rows = export_filters(engine), []
    with Session(engine) as session:
        coordinator = person(session, "coordination@relais.demo")

        def run() -> None:
            result = export_requests(session=session, user=coordinator, scope=Scope.COORDINATION,
                                     filters=filters, fmt=fmt)
            rows.append(result.rows)
            session.rollback()  # the audit row is not kept

        return timed(run, runs=runs), rows[-1]


def login(engine: Engine, runs: int) -> tuple[Timing, int]:
    """One login by email and password (bcrypt check, audit, committed); returns the hash's cost."""
    with read_session(engine) as session:
        stored = person(session, "demandeur@relais.demo").password_hash
    cost = int(stored.split("$")[2]) if stored and stored.startswith("$2") else BCRYPT_COST

    def sign_in() -> None:
        with session_scope(engine) as session:
            authenticate(session=session, login="demandeur@relais.demo", password=DEMO_PASSWORD)

    return timed(sign_in, runs=runs), cost
