"""Audit rows for security events (History entity "auth"): logins, locks, tokens, two-factor.

A row says who, what and when; it never holds a password, a token, a code or a secret.
"""
from __future__ import annotations

from core.history import record_history
from db.models import History

AUTH_ENTITY = "auth"
SELF = object()  # the actor is the person concerned


def record_auth_event(*, session, user, action: str, detail: str | None = None,
                      actor=SELF) -> History:
    """Adds one audit row in the caller's transaction. `user` may be None (unknown account).

    The actor is the person concerned unless given (an admin, or None for the command line).
    """
    return record_history(session=session, entity=AUTH_ENTITY, entity_id=getattr(user, "id", None),
                          action=action, actor_id=getattr(user if actor is SELF else actor, "id", None),
                          detail=detail)
