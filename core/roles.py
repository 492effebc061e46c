"""Roles of the people who use Relais (DESIGN.md, "Who uses it")."""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    DEMANDEUR = "demandeur"
    COORDONNATEUR = "coordonnateur"
    INTERPRETE = "interprete"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.DEMANDEUR: "Demandeur",
    Role.COORDONNATEUR: "Coordonnateur (BI)",
    Role.INTERPRETE: "Interprète",
    Role.ADMIN: "Administrateur (BI)",
}


def is_admin(user) -> bool:
    """An active administrator, or an active coordinator who also administers.

    A deactivated account keeps its role and flag (to be reactivated as it was) but administers
    nothing: every admin service asks this, whichever account row its caller passes.
    """
    if not getattr(user, "is_active", True):
        return False
    return user.role == Role.ADMIN or bool(getattr(user, "is_admin", False))
