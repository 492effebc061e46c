"""The demo people: fixed accounts listed on the login page, and a few colleagues around them.

All share the public demo password. Loaded only in demo mode; never on a real deployment.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import bcrypt
from sqlmodel import Session, select

from core.identifiers import existing_public_ids, generate_public_id
from core.roles import Role
from db.models import Installation, InterpreterLanguage, InterpreterProfile, Language, User, UserInstallation
from db.types import utcnow

DEMO_PASSWORD = "Mauve-Tortue-42!"
DEMO_DOMAIN = "relais.demo"
BCRYPT_COST = 12
INTERPRETER_TYPE = "BI du RSSS"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: Role
    public_id: str | None = None
    installations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    gender: str | None = None
    phone: str = "514 555-0100"
    cost_center: str | None = None
    is_admin: bool = False


def _d(email, first, last, installations, phone, cost_center, public_id=None) -> DemoPerson:
    return DemoPerson(email, first, last, Role.DEMANDEUR, public_id, tuple(installations),
                      phone=phone, cost_center=cost_center)


def _i(email, first, last, gender, languages, phone, public_id=None) -> DemoPerson:
    return DemoPerson(email, first, last, Role.INTERPRETE, public_id, languages=tuple(languages),
                      gender=gender, phone=phone)


ND = "Hôpital Notre-Dame"
DEMANDEURS = (
    _d("demandeur@relais.demo", "Marie-Ève", "Tremblay", [ND], "514 555-0142, poste 24512",
       "CC 71420 – Clinique externe de médecine", "R1000001"),
    _d("collegue@relais.demo", "Jean-François", "Gagnon", [ND], "514 555-0143, poste 24530",
       "CC 71435 – Soins intensifs", "R1000002"),
    _d("autre@relais.demo", "Sophie", "Bouchard", ["Hôpital du Sacré-Cœur-de-Montréal"],
       "514 555-0161, poste 3120", "CC 75210 – Pédiatrie", "R1000003"),
    _d("nathalie.cote@relais.demo", "Nathalie", "Côté", ["CLSC des Faubourgs", "CLSC du Plateau-Mont-Royal"],
       "514 555-0155", "CC 72610 – Services psychosociaux"),
    _d("mathieu.pelletier@relais.demo", "Mathieu", "Pelletier", ["CLSC des Faubourgs"], "514 555-0156",
       "CC 72615 – Périnatalité"),
    _d("karim.benali@relais.demo", "Karim", "Benali", ["Hôpital Maisonneuve-Rosemont"], "514 555-0171",
       "CC 76105 – Néphrologie"),
    _d("isabelle.lavoie@relais.demo", "Isabelle", "Lavoie", ["Hôpital général juif"], "514 555-0174",
       "CC 77340 – Obstétrique"),
    _d("catherine.roy@relais.demo", "Catherine", "Roy", ["Hôpital de la Cité-de-la-Santé"], "450 555-0118",
       "CC 78020 – Urgence"),
    _d("olivier.gauthier@relais.demo", "Olivier", "Gauthier", ["Centre jeunesse de Montréal"], "514 555-0177",
       "CC 73400 – Protection de la jeunesse"),
    _d("genevieve.morin@relais.demo", "Geneviève", "Morin", ["PRAIDA"], "514 555-0179",
       "CC 77810 – Accueil des demandeurs d'asile"),
)
INTERPRETES = (
    _i("interprete@relais.demo", "Amina", "El Idrissi", "femme", ["es", "ar-MA"], "514 555-0130", "R1000005"),
    _i("diego.hernandez@relais.demo", "Diego", "Hernández", "homme", ["es", "pt"], "514 555-0131"),
    _i("lucia.morales@relais.demo", "Lucía", "Morales", "femme", ["es"], "438 555-0132"),
    _i("rania.haddad@relais.demo", "Rania", "Haddad", "femme", ["ar-LB", "ar-SY", "ar-001"], "514 555-0133"),
    _i("omar.belkacem@relais.demo", "Omar", "Belkacem", "homme", ["ar-DZ", "ar-TN", "ar-MA"], "514 555-0134"),
    _i("mona.abdelrahman@relais.demo", "Mona", "Abdelrahman", "femme", ["ar-EG", "ar-SD", "ar-001"],
       "438 555-0135"),
    _i("ali.hassan@relais.demo", "Ali", "Hassan", "homme", ["ar-IQ", "ar-YE", "ckb"], "514 555-0136"),
    _i("jeanne.uwimana@relais.demo", "Jeanne", "Uwimana", "femme", ["sw", "rw", "rn"], "514 555-0137"),
    _i("patrick.mukendi@relais.demo", "Patrick", "Mukendi", "homme", ["sw", "ln"], "450 555-0138"),
    _i("sita.gurung@relais.demo", "Sita", "Gurung", "femme", ["ne", "hi"], "514 555-0139"),
    _i("mohammed.rafiq@relais.demo", "Mohammed", "Rafiq", "homme", ["rhg", "my", "bn"], "514 555-0140"),
    _i("zahra.ahmadi@relais.demo", "Zahra", "Ahmadi", "femme", ["fa", "fa-AF", "ps"], "438 555-0141"),
    _i("selam.tesfaye@relais.demo", "Selam", "Tesfaye", "femme", ["ti", "am"], "514 555-0144"),
    _i("wei.chen@relais.demo", "Wei", "Chen", "homme", ["zh", "yue"], "514 555-0145"),
    _i("oksana.kovalenko@relais.demo", "Oksana", "Kovalenko", "femme", ["uk", "ru"], "514 555-0146"),
)
BI_TEAM = (
    DemoPerson("coordination@relais.demo", "Julie", "Fortin", Role.COORDONNATEUR, "R1000004",
               phone="514 555-0120, poste 1"),
    DemoPerson("patrick.belanger@relais.demo", "Patrick", "Bélanger", Role.COORDONNATEUR,
               phone="514 555-0121, poste 2", is_admin=True),
    DemoPerson("admin@relais.demo", "Louise", "Bergeron", Role.ADMIN, "R1000006", phone="514 555-0122"),
)
DEMO_PEOPLE = DEMANDEURS + BI_TEAM + INTERPRETES
FIXED_ACCOUNTS = tuple(person for person in DEMO_PEOPLE if person.public_id)


@lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """One real-cost hash of the demo password, shared by every demo account (seeding stays fast)."""
    return bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(rounds=BCRYPT_COST)).decode("ascii")


def demo_people_present(session: Session) -> bool:
    return session.exec(select(User.id).where(User.email == FIXED_ACCOUNTS[0].email)).first() is not None


def load_demo_people(session: Session) -> dict[str, User]:
    """Create the demo people that are missing (by email); returns every demo person by email."""
    installations = {inst.nom: inst.id for inst in session.exec(select(Installation)).all()}
    languages = {lang.code: lang.id for lang in session.exec(select(Language)).all()}
    demo_users = session.exec(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}")))
    existing = {user.email: user for user in demo_users}
    rng = random.Random("relais-demo-people")
    taken = existing_public_ids(session=session) | {person.public_id for person in FIXED_ACCOUNTS}
    for person in DEMO_PEOPLE:
        if person.email not in existing:
            public_id = person.public_id or generate_public_id(session=session, taken=taken, rng=rng)
            existing[person.email] = _create(session, person, public_id, installations, languages)
    session.flush()
    return existing


def _create(session: Session, person: DemoPerson, public_id: str, installations: dict,
            languages: dict) -> User:
    now = utcnow()
    user = User(public_id=public_id,
                email=person.email, first_name=person.first_name, last_name=person.last_name,
                phone=person.phone, cost_center=person.cost_center, role=str(person.role),
                is_admin=person.is_admin, password_hash=demo_password_hash(), password_changed_at=now)
    session.add(user)
    session.flush()
    session.add_all(UserInstallation(user_id=user.id, installation_id=installations[name])
                    for name in person.installations)
    if person.role == Role.INTERPRETE:
        session.add(InterpreterProfile(user_id=user.id, interpreter_type=INTERPRETER_TYPE,
                                       gender=person.gender))
        session.add_all(InterpreterLanguage(interpreter_id=user.id, language_id=languages[code])
                        for code in person.languages)
    return user
