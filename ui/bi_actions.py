"""Running a BI action from a button: one transaction, a French message, never a traceback.

Buttons call `perform` from their `on_click` callback with the arguments bound when the page
was drawn (notably the version of the request the person saw), so a save based on a stale
screen is refused by core/ with « Rechargez la page ».
"""
from __future__ import annotations

from typing import Callable

from sqlmodel import Session

from core.errors import AccessDenied, RelaisError, ValidationFailed
from db.engine import session_scope
from db.models import User
from ui.db import app_engine
from ui.flash import flash
from ui.session import current_person

def acting_user(session: Session) -> User:
    """The signed-in person's account row, read in this transaction."""
    user = session.get(User, current_person().id)
    if user is None or not user.is_active:
        raise AccessDenied("Votre compte n'est plus actif.")
    return user


def perform(service: Callable, success: str, actor: str, **arguments) -> bool:
    """Runs `service(session=…, <actor>=the person, **arguments)` and commits; keeps a message."""
    try:
        with session_scope(app_engine()) as session:
            service(session=session, **{actor: acting_user(session)}, **arguments)
    except ValidationFailed as error:
        details = " ".join(error.errors.values())
        flash(f"{error.message} {details}".strip(), "error")
        return False
    except RelaisError as error:
        flash(error.message, "error")
        return False
    flash(success)
    return True
