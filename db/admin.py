"""Administration from the command line.

    python -m db.admin create-user --email … --role admin [--installation "Hôpital A"] [--first-name … --last-name …]
    python -m db.admin unlock --email …
    python -m db.admin send-mail
    python -m db.admin backup --to PATH
    python -m db.admin restore --from PATH [--yes]
    python -m db.admin purge --older-than-months N [--yes]
    python -m db.admin check

Outside demo mode the first admin is created here; the command prints a one-time setup link
(the person chooses a password there: no password is ever printed or mailed).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlmodel import select

from core.accounts import create_account, find_by_email
from core.errors import RelaisError, ValidationFailed
from core.mail import deliver_pending
from core.retention import purge_closed_requests
from core.roles import Role
from core.throttle import unlock
from db.backup import backup_database, restore_database
from db.engine import get_engine, read_session, session_scope
from db.integrity import integrity_problems
from db.migrate import upgrade_database
from db.models import Installation


def _installation_ids(session, names: list[str]) -> list[int]:
    """Installations given by number or by exact name."""
    ids = []
    for name in names:
        query = (select(Installation.id).where(Installation.id == int(name)) if name.isdigit()
                 else select(Installation.id).where(Installation.nom == name))
        found = session.exec(query).first()
        if found is None:
            raise ValidationFailed({"installation": f"Installation introuvable : {name}"})
        ids.append(found)
    return ids


def cmd_create_user(args, engine) -> int:
    with session_scope(engine) as session:
        user, link = create_account(
            session=session, actor=None, email=args.email, role=args.role,
            installation_ids=_installation_ids(session, args.installation or []),
            first_name=args.first_name or "", last_name=args.last_name or "",
            is_admin_flag=args.admin)
    deliver_pending(engine=engine)  # send the activation mail now: this process ends right after
    print(f"Compte créé : {user.email} (identifiant {user.public_id}, rôle {user.role}).")
    print("Lien d'activation à usage unique (valide 72 heures) :")
    print(link)
    return 0


def cmd_unlock(args, engine) -> int:
    with session_scope(engine) as session:
        user = find_by_email(session=session, email=args.email)
        if user is None:
            print("Aucun compte ne correspond à cette adresse.", file=sys.stderr)
            return 1
        lifted = unlock(session=session, user=user, actor=None)
    print("Verrouillage levé." if lifted else "Ce compte n'était pas verrouillé; compteur remis à zéro.")
    return 0


def cmd_send_mail(_args, engine) -> int:
    report = deliver_pending(engine=engine)
    if report.skipped:
        print("SMTP_HOST n'est pas défini : les courriels restent dans la boîte d'envoi.")
        return 0
    print(f"Courriels envoyés : {report.sent}; échecs (réessayés plus tard) : {report.failed}.")
    return 0 if report.failed == 0 else 2


def cmd_backup(args, engine) -> int:
    path = backup_database(engine=engine, destination=args.to)
    print(f"Sauvegarde écrite : {path} ({path.stat().st_size} octets, pièces jointes comprises).")
    return 0


def cmd_restore(args, engine) -> int:
    if not args.yes:
        print(f"La restauration remplace TOUTE la base de données actuelle par {args.source}.\n"
              "Relancez avec --yes pour confirmer (faites d'abord une sauvegarde de la base actuelle).",
              file=sys.stderr)
        return 1
    restore_database(engine=engine, source=args.source)
    upgrade_database(engine)  # a backup made by an older version is brought to the current schema
    print(f"Base de données restaurée depuis {args.source}.")
    return 0


def cmd_purge(args, engine) -> int:
    with session_scope(engine) as session:
        report = purge_closed_requests(session=session, actor=None,
                                       older_than_months=args.older_than_months, apply=args.yes)
    print(report.summary())
    if not args.yes:
        print("Simulation : rien n'a été modifié. Relancez avec --yes pour appliquer.")
    return 0


def cmd_check(_args, engine) -> int:
    with read_session(engine) as session:
        problems = integrity_problems(session=session)
    for problem in problems:
        print(problem, file=sys.stderr)
    print("Données cohérentes : chaque pièce jointe a son contenu intact." if not problems
          else f"{len(problems)} problème(s) d'intégrité.")
    return 1 if problems else 0


def _add_operations(commands) -> None:
    backup = commands.add_parser("backup", help="sauvegarder la base (pièces jointes comprises)")
    backup.add_argument("--to", required=True, type=Path, help="fichier de sauvegarde à écrire")
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help="remplacer la base par une sauvegarde")
    restore.add_argument("--from", dest="source", required=True, type=Path)
    restore.add_argument("--yes", action="store_true", help="confirme le remplacement de la base")
    restore.set_defaults(handler=cmd_restore)
    purge = commands.add_parser("purge", help="anonymiser les demandes fermées ou annulées anciennes (Loi 25)")
    purge.add_argument("--older-than-months", required=True, type=int)
    purge.add_argument("--yes", action="store_true", help="applique (sinon simulation)")
    purge.set_defaults(handler=cmd_purge)
    check = commands.add_parser("check", help="vérifier l'intégrité des données (pièces jointes, numéros)")
    check.set_defaults(handler=cmd_check)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m db.admin", description="Administration de Relais")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="créer un compte et afficher son lien d'activation")
    create.add_argument("--email", required=True)
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--installation", action="append", help="nom ou numéro; répétable")
    create.add_argument("--first-name")
    create.add_argument("--last-name")
    create.add_argument("--admin", action="store_true", help="donne aussi les droits d'administration")
    create.set_defaults(handler=cmd_create_user)
    unlock_cmd = commands.add_parser("unlock", help="lever le verrouillage d'un compte")
    unlock_cmd.add_argument("--email", required=True)
    unlock_cmd.set_defaults(handler=cmd_unlock)
    send = commands.add_parser("send-mail", help="envoyer les courriels en attente")
    send.set_defaults(handler=cmd_send_mail)
    _add_operations(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engine = get_engine()
    upgrade_database(engine)
    try:
        return args.handler(args, engine)
    except ValidationFailed as exc:
        print(exc.message, *exc.errors.values(), sep="\n", file=sys.stderr)
        return 1
    except RelaisError as exc:
        print(exc.message, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
