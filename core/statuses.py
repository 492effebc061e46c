"""Statuses of a request, with the labels of the guide's lexicon."""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    BROUILLON = "brouillon"
    NOUVEAU = "nouveau"
    EN_ATTENTE = "en_attente"
    RESERVE = "reserve"
    MODIFIE = "modifie"
    ANNULE = "annule"
    SERVICE_FOURNI = "service_fourni"
    SERVICE_FERME = "service_ferme"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.BROUILLON: "Brouillon",
    Status.NOUVEAU: "Nouveau",
    Status.EN_ATTENTE: "En attente",
    Status.RESERVE: "Réservé",
    Status.MODIFIE: "Modifié",
    Status.ANNULE: "Annulé",
    Status.SERVICE_FOURNI: "Service fourni",
    Status.SERVICE_FERME: "Service fermé",
}

# The lexicon's definitions (guide, section 9), shown in the Lexique and as help beside a status.
STATUS_MEANINGS = {
    Status.BROUILLON: "Demande non transmise (non sauvegardée).",
    Status.NOUVEAU: "Demande transmise à la BI, en attente de traitement.",
    Status.EN_ATTENTE: "Demande transmise et en attente de traitement par la BI et en attente "
                       "d'acceptation par l'interprète.",
    Status.RESERVE: "Demande confirmée, c'est-à-dire acceptée par un interprète.",
    Status.MODIFIE: "La demande était réservée (déjà acceptée par un interprète) et elle a été "
                    "modifiée : l'interprète doit l'accepter ou la refuser de nouveau.",
    Status.ANNULE: "Demande annulée, avec une raison globale et une raison détaillée.",
    Status.SERVICE_FOURNI: "Demande réalisée : l'interprète a complété la section qui décrit le "
                           "service rendu.",
    Status.SERVICE_FERME: "Demande validée : le coordonnateur de la BI a vérifié la conformité des "
                          "informations transmises par l'interprète après le service.",
}

# Status is never shown by colour alone: each has a symbol and its label; colours are extra.
STATUS_SYMBOLS = {
    Status.BROUILLON: "✎",
    Status.NOUVEAU: "★",
    Status.EN_ATTENTE: "◐",
    Status.RESERVE: "✔",
    Status.MODIFIE: "↻",
    Status.ANNULE: "✖",
    Status.SERVICE_FOURNI: "☑",
    Status.SERVICE_FERME: "■",
}

STATUS_COLOURS = {
    Status.BROUILLON: "#6b7280",
    Status.NOUVEAU: "#1d4ed8",
    Status.EN_ATTENTE: "#b45309",
    Status.RESERVE: "#15803d",
    Status.MODIFIE: "#7c3aed",
    Status.ANNULE: "#b91c1c",
    Status.SERVICE_FOURNI: "#0e7490",
    Status.SERVICE_FERME: "#374151",
}

OPEN_STATUSES = (Status.NOUVEAU, Status.EN_ATTENTE, Status.RESERVE, Status.MODIFIE)


def status_label(value: str) -> str:
    return Status(value).label


def status_badge(value: str) -> str:
    """Symbol and label, readable without colour."""
    status = Status(value)
    return f"{STATUS_SYMBOLS[status]} {status.label}"
