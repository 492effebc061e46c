"""Typed domain errors. Each carries a French message a user can act on; pages show it as is."""
from __future__ import annotations


class RelaisError(Exception):
    """Base of every refusal the domain explains to a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConfigurationError(RelaisError):
    """A setting is missing or malformed; raised at start, shown to the operator."""


class TransitionNotAllowed(RelaisError):
    """The workflow refuses this action, for this person, on this request, in this status."""


class AccessDenied(RelaisError):
    """The person may not read or change this object."""


class NotFound(RelaisError):
    """The object does not exist (or the person may not know it exists)."""


class ConcurrentModification(RelaisError):
    """Someone else saved the same object first; the person must reload."""

    def __init__(self, message: str = "Cette fiche a été modifiée par quelqu'un d'autre entre-temps. "
                 "Rechargez la page pour voir la version à jour, puis refaites votre modification."):
        super().__init__(message)


class ValidationFailed(RelaisError):
    """One or more fields are invalid. `errors` maps a field name to its French message."""

    def __init__(self, errors: dict[str, str], message: str | None = None):
        super().__init__(message or "Certains champs sont à corriger : rien n'a été enregistré.")
        self.errors = dict(errors)


class AuthenticationFailed(RelaisError):
    """A login was refused. One message for every cause, so that it reveals nothing about accounts."""

    def __init__(self, message: str = "Courriel, identifiant ou mot de passe invalide."):
        super().__init__(message)
