"""The choices the request form and the list filters offer, read from the reference tables."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from core.roles import Role
from db.models import Context, Installation, Language, RequestType, User, UserInstallation

FRENCH_CODE = "fr"
DURATIONS = tuple(range(15, 8 * 60 + 1, 15))


def duration_label(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}"


@dataclass(frozen=True)
class FormChoices:
    installations: dict[int, str]  # the requester's own, or all for the BI
    request_types: dict[str, str]
    languages: dict[int, str]  # active ones, by label
    contexts: tuple[str, ...]
    french_id: int | None


def installations_of(*, session: Session, user: User) -> dict[int, str]:
    statement = select(Installation.id, Installation.nom).where(Installation.active)
    if user.role == Role.DEMANDEUR:
        statement = statement.join(UserInstallation, UserInstallation.installation_id == Installation.id) \
            .where(UserInstallation.user_id == user.id)
    return dict(session.exec(statement.order_by(Installation.nom)).all())


def form_choices(*, session: Session, user: User) -> FormChoices:
    languages = dict(session.exec(select(Language.id, Language.label).where(Language.active)
                                  .order_by(Language.label)).all())
    french = session.exec(select(Language.id).where(Language.code == FRENCH_CODE)).first()
    return FormChoices(
        installations=installations_of(session=session, user=user),
        request_types=dict(session.exec(select(RequestType.code, RequestType.label)
                                        .order_by(RequestType.position, RequestType.label)).all()),
        languages=languages,
        contexts=tuple(session.exec(select(Context.label).order_by(Context.position, Context.label)).all()),
        french_id=french,
    )
