"""Invented but plausible names, places and phone numbers for demo and volume data.

Phone numbers use the 555-01xx block, reserved for fiction in North America.
"""
from __future__ import annotations

import random

FIRST_NAMES = (
    "Marie-Ève", "Jean-François", "Sophie", "Nathalie", "Mathieu", "Isabelle", "Catherine",
    "Olivier", "Geneviève", "Julie", "Patrick", "Louise", "Alexandre", "Émilie", "Maxime",
    "Audrey", "Simon", "Mélanie", "Francis", "Valérie", "Guillaume", "Annie", "Sébastien",
    "Caroline", "Étienne", "Karine", "Philippe", "Chantal", "Marc-André", "Stéphanie", "Benoît",
    "Josée", "Vincent", "Marie-Claude", "Gabriel", "Léa", "Samuel", "Camille", "Félix", "Chloé",
    "Karim", "Yasmine", "Thi Lan", "Rodrigo", "Fatou", "Nadia", "Hugo", "Élodie", "Amélie", "Luc",
)
LAST_NAMES = (
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
    "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier",
    "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau", "Martin",
    "Landry", "Martel", "Bédard", "Grenier", "Lessard", "Bernier", "Richard", "Michaud", "Hébert",
    "Desjardins", "Couture", "Turcotte", "Benali", "Nguyen", "Joseph", "Diallo",
)
PATIENT_NAMES = (
    "Rosa Martínez", "Luis Fernández", "Fatima Zahra Alaoui", "Youssef Bennani", "Amina Ouédraogo",
    "Jean-Baptiste Niyonzima", "Esperance Mukamana", "Bishnu Tamang", "Maya Rai", "Nur Kabir",
    "Rahima Begum", "Ahmad Rahimi", "Farida Noori", "Gul Khan", "Yohannes Tesfay", "Meron Alemu",
    "Li Wei", "Chan Mei Ling", "Harpreet Kaur", "Arun Kumar", "Samira Khoury", "Tarek Haddad",
    "Mariam Abdallah", "Olena Shevchenko", "Dmitri Ivanov", "Nguyen Van An", "Marisol Gutiérrez",
    "Karima Bensaïd", "Hassan Jama", "Ibrahim Diop", "Carlos Ramírez", "Ana Sofía Torres",
    "Salma Mahmoud", "Ali Al-Jabouri", "Rukhsana Akter", "Pema Sherpa", "Daniela Rojas",
)
PROFESSIONS = (
    "infirmière clinicienne", "médecin de famille", "travailleuse sociale", "pédiatre",
    "sage-femme", "psychologue", "physiothérapeute", "ergothérapeute", "nutritionniste",
    "psychiatre", "infirmier praticien spécialisé", "agente de relations humaines",
)
UNITS = (
    "Clinique externe de médecine", "Soins intensifs", "Urgence", "Obstétrique", "Pédiatrie",
    "Santé mentale adulte", "Oncologie", "Gériatrie", "Services psychosociaux", "Périnatalité",
    "Vaccination", "Réadaptation", "Soutien à domicile", "Cardiologie", "Néphrologie",
)
ROOMS = ("local 2.114", "local 1.032", "salle 4.210", "bureau 3.07", "porte 12", "local B-205")
REASONS = (
    "Suivi de grossesse et explication des examens à venir.",
    "Consultation de suivi et ajustement de la médication.",
    "Évaluation psychosociale à l'accueil.",
    "Annonce de résultats d'examens et plan de traitement.",
    "Rencontre de planification du congé avec la famille.",
    "Vaccination des enfants et questionnaire de santé.",
    "Évaluation des besoins à domicile.",
)
MESSAGES = (
    "Se présenter à l'accueil principal et demander la clinique.",
    "L'usager sera accompagné de sa fille.",
    "Prévoir un peu de temps après le rendez-vous pour les consignes de pharmacie.",
    "Entrée par la porte de l'avenue; stationnement payant.",
)
NOTES = (
    "Service déjà convenu avec l'interprète qui suit la famille.",
    "Continuité souhaitée avec le même interprète.",
    "Rendez-vous possiblement prolongé.",
)
AREA_CODES = ("514", "438", "450")


def phone(rng: random.Random, *, extension: bool = False) -> str:
    number = f"{rng.choice(AREA_CODES)} 555-01{rng.randrange(100):02d}"
    return f"{number}, poste {rng.randrange(20000, 60000)}" if extension else number


def cost_center(rng: random.Random) -> str:
    return f"CC {rng.randrange(70000, 79999)} – {rng.choice(UNITS)}"


def location(rng: random.Random) -> str:
    return f"{rng.choice(UNITS)}, {rng.choice(ROOMS)}"


def professional(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, {rng.choice(PROFESSIONS)}"
