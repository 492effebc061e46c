"""The requesters' guide's own words: good practices (section 8) and lexicon (section 9).

Kept here, apart from the pages, so that forms can show a practice beside the field it concerns.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.statuses import STATUS_MEANINGS, Status

GOOD_PRACTICES_TITLE = "Conseils pour les demandeurs de service"

# Keyed by what each practice concerns, so that a form can show it beside the matching field.
GOOD_PRACTICES: dict[str, str] = {
    "relecture": "Assurez-vous de bien compléter une demande avant de la transmettre (relire les "
                 "champs remplis).",
    "champs": "Complétez tous les champs requis et utilisez les champs non obligatoires pour "
              "transmettre des informations additionnelles pouvant être utiles à la demande de "
              "service. Plus l'interprète sera renseigné mieux il pourra se préparer à donner un "
              "excellent service.",
    "lieu": "Indiquez le bon lieu où se déroulera le service en présence car cette information "
            "guidera l'interprète au bon endroit.",
    "centre_de_cout": "Choisissez le bon centre de coût car c'est le numéro inscrit qui servira "
                      "à imputer la dépense pour le service de l'interprète.",
    "contexte": "Précisez le contexte de la demande de service (fin de vie, interruption de "
                "grossesse, protection de la jeunesse, etc.) afin de faciliter le jumelage avec "
                "le bon interprète ou la préparation de l'interprète attribué.",
    "note_coordonnateurs": "Dans le cas où le professionnel souhaite travailler avec un "
                           "interprète en particulier ou que le service est convenu, précisez-le "
                           "dans la section Note aux coordonnateurs afin qu'on assigne la demande "
                           "au bon interprète.",
    "arabe": "Lorsque la demande concerne l'arabe, il faut choisir la langue précise car la "
             "langue arabe varie selon le pays.",
    "plateforme": "N'oubliez pas de créer toutes les demandes dont vous avez besoin dans la "
                  "plateforme web (même si préalablement convenue verbalement) car c'est la "
                  "seule façon de s'assurer que l'interprète sera rémunéré.",
    "genre": "Bien identifier le genre de l'interprète qui est souhaité.",
    "annulation": "Dans le cas d'une annulation, il est important d'effectuer le suivi "
                  "rapidement dans la plateforme, ceci évitera de bloquer la plage horaire de "
                  "l'interprète et de devoir défrayer les coûts si l'annulation se fait trop "
                  "tardivement.",
}


@dataclass(frozen=True)
class LexiconTerm:
    term: str
    definition: str


def _status_terms() -> tuple[LexiconTerm, ...]:
    return tuple(LexiconTerm(f"Statut {status.label.lower()}", STATUS_MEANINGS[status])
                 for status in Status)


LEXICON: tuple[LexiconTerm, ...] = (
    LexiconTerm("Contexte", "Information qui précise le type de contexte caractérisant la demande "
                            "(ex. protection de la jeunesse, violence conjugale, santé mentale, "
                            "santé physique, etc.)."),
    LexiconTerm("Demande de service", "Demande pour un service d'interprétation, en présence ou à "
                                      "distance, ou de traduction."),
    LexiconTerm("Demande (type de)", "Précise s'il s'agit d'une demande en présence ou à "
                                     "distance, d'une transmission de message ou d'une "
                                     "traduction."),
    LexiconTerm("Demandeur", "Demandeur du service d'interprétariat travaillant pour un "
                             "établissement du réseau de la santé et des services sociaux."),
    LexiconTerm("Coordonnateur / BI", "Un membre de l'équipe de la banque d'interprètes (BI) qui "
                                      "soutient la demande de service et l'assignation de "
                                      "l'interprète."),
    LexiconTerm("Compétences linguistiques", "Langues indiquées selon les informations "
                                             "transmises lors de l'embauche de l'interprète."),
    LexiconTerm("Établissement", "Organisation du réseau de la santé et des services sociaux "
                                 "(par exemple un CIUSSS ou un CISSS) pour laquelle travaille le "
                                 "demandeur. Un établissement comporte plusieurs installations."),
    LexiconTerm("Installation", "Lieu où le professionnel demandeur du service travaille. Un "
                                "établissement comporte plusieurs installations."),
    LexiconTerm("Interprète", "Prestataire du service d'interprétariat."),
    LexiconTerm("IMS", "Interpreter Management System. Fournisseur et développeur de la "
                       "plate-forme web de gestion des demandes que Relais remplace. Dans Relais, "
                       "cliquer sur « Relais » en haut de la page ramène à la page d'accueil."),
    LexiconTerm("Langue de départ", "Langue du professionnel clinique/intervenant."),
    LexiconTerm("Langue d'arrivée", "Langue de l'usager."),
    LexiconTerm("Statut", "État de la demande de service."),
    *_status_terms(),
    LexiconTerm("Usager", "Personne qui bénéficie du service d'interprétariat. Il s'agit d'une "
                          "personne dont la connaissance du français est limitée."),
)
