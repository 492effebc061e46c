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
    """An administrator, or a coordinator who also administers."""
    return user.role == Role.ADMIN or bool(getattr(user, "is_admin", False))
