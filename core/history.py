"""The history and audit trail: one row per change, written in the caller's transaction."""
from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session, select

from db.models import History


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def record_history(*, session: Session, actor_id: int | None, entity: str, entity_id: int | None,
                   action: str, from_status: str | None = None, to_status: str | None = None,
                   changes: dict[str, tuple[Any, Any]] | None = None,
                   detail: str | None = None) -> History:
    """Adds a history row to the session; it commits or rolls back with the change it records."""
    row = History(
        actor_id=actor_id, entity=entity, entity_id=entity_id, action=action,
        from_status=from_status, to_status=to_status,
        changes=json.dumps({k: [_jsonable(a), _jsonable(b)] for k, (a, b) in changes.items()},
                           ensure_ascii=False) if changes else None,
        detail=detail[:1000] if detail else None,
    )
    session.add(row)
    return row


def history_of(*, session: Session, entity: str, entity_id: int) -> list[History]:
    """Rows of one object, oldest first."""
    statement = (select(History).where(History.entity == entity, History.entity_id == entity_id)
                 .order_by(History.at, History.id))
    return list(session.exec(statement).all())


def changed_fields(row: History) -> dict[str, list]:
    return json.loads(row.changes) if row.changes else {}
