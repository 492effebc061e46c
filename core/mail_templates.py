"""Texts of the security mails, in French. Each returns (subject, body)."""
from __future__ import annotations

from datetime import datetime

from core.settings import TIMEZONE

SIGNATURE = "\n\n— Relais, plateforme de demandes d'interprètes\nCe courriel est envoyé automatiquement."
NOT_YOU = ("Si vous n'êtes pas à l'origine de cette action, communiquez sans tarder avec la banque "
           "d'interprètes (BI).")


def _greeting(user) -> str:
    name = (getattr(user, "first_name", "") or "").strip()
    return f"Bonjour {name}," if name else "Bonjour,"


def _local(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%d à %H h %M")


def reset_mail(user, link: str, minutes: int) -> tuple[str, str]:
    body = (f"{_greeting(user)}\n\nUne réinitialisation du mot de passe de votre compte Relais a été "
            f"demandée. Pour choisir un nouveau mot de passe, ouvrez ce lien :\n\n{link}\n\n"
            f"Ce lien est valide {minutes} minutes et ne peut servir qu'une fois. Si vous n'avez rien "
            f"demandé, ignorez ce courriel : votre mot de passe actuel reste valide.")
    return "Relais – Réinitialisation du mot de passe", body + SIGNATURE


def setup_mail(user, link: str, hours: int) -> tuple[str, str]:
    body = (f"{_greeting(user)}\n\nUn compte Relais a été créé pour vous (identifiant : "
            f"{user.public_id}). Pour l'activer, choisissez votre mot de passe en ouvrant ce lien :"
            f"\n\n{link}\n\nCe lien est valide {hours} heures et ne peut servir qu'une fois.")
    return "Relais – Activation de votre compte", body + SIGNATURE


def password_changed_mail(user, when: datetime) -> tuple[str, str]:
    body = (f"{_greeting(user)}\n\nLe mot de passe de votre compte Relais a été modifié le "
            f"{_local(when)}. Toutes les sessions ouvertes ont été fermées.\n\n{NOT_YOU}")
    return "Relais – Votre mot de passe a été modifié", body + SIGNATURE


def email_changed_mail(user, old_address: str, new_address: str, when: datetime) -> tuple[str, str]:
    body = (f"{_greeting(user)}\n\nL'adresse courriel de votre compte Relais a été changée le "
            f"{_local(when)} : {old_address} a été remplacée par {new_address}.\n\n{NOT_YOU}")
    return "Relais – Votre adresse courriel a été modifiée", body + SIGNATURE


def two_factor_changed_mail(user, enabled: bool, when: datetime) -> tuple[str, str]:
    state = "activée" if enabled else "désactivée"
    body = (f"{_greeting(user)}\n\nL'authentification sécurisée (code à 6 chiffres) a été {state} "
            f"sur votre compte Relais le {_local(when)}.\n\n{NOT_YOU}")
    return f"Relais – Authentification sécurisée {state}", body + SIGNATURE
