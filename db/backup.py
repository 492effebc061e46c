"""Backups and restores of the whole database; attachments live in it, so they come along.

SQLite: the online backup API (safe while the app runs). A restore first copies the backup into
a temporary file and checks it, then copies it into the live database in ONE backup step, which
SQLite applies as a single write transaction: readers see the old database or the new one, never
a mix. (Replacing the file itself would be unsafe in WAL mode: the live database's -wal file
would then be replayed over the restored file.)

PostgreSQL: `pg_dump -Fc` and `pg_restore --clean --if-exists --single-transaction`, with the
host, port, user, password and database of the URL.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
# Runs pg_dump/pg_restore found on PATH with an argument list (no shell): nothing is interpolated.
import subprocess  # nosec B404
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL, Engine

from core.errors import RelaisError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(RelaisError):
    """A backup or restore could not be done; nothing was changed."""


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Cette base SQLite n'est pas un fichier : rien à sauvegarder.")
    return Path(url.database)


def _temporary_beside(path: Path) -> Path:
    """An empty temporary file in the same folder, so that os.replace stays atomic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def _sqlite_copy(source: Path, destination: Path) -> None:
    """Copies a whole SQLite database page by page in one step (the online backup API)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(destination, timeout=30)
    try:
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()


def _check_sqlite_file(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        connection.close()
    if verdict != "ok" or "request" not in tables:
        raise BackupError(f"Le fichier {path} n'est pas une sauvegarde Relais valide : rien n'a été restauré.")


def _backup_sqlite(url: URL, destination: Path) -> None:
    temporary = _temporary_beside(destination)
    try:
        _sqlite_copy(_sqlite_path(url), temporary)
        os.replace(temporary, destination)
    except sqlite3.Error as exc:
        raise BackupError(f"La sauvegarde SQLite a échoué : {exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)


def _restore_sqlite(url: URL, source: Path) -> None:
    live = _sqlite_path(url)
    checked = _temporary_beside(live)
    try:
        try:
            _sqlite_copy(source, checked)
            _check_sqlite_file(checked)
        except sqlite3.Error as exc:
            raise BackupError(f"Le fichier {source} est endommagé ou n'est pas une sauvegarde Relais : "
                              "rien n'a été restauré.") from exc
        _sqlite_copy(checked, live)  # one transaction on the live database
    finally:
        checked.unlink(missing_ok=True)


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"L'outil {name} est introuvable : installez le client PostgreSQL "
                          "(paquet Debian postgresql-client, de la même version que le serveur ou plus récent).")
    return path


def _pg_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    arguments = ["--host", url.host or "localhost", "--port", str(url.port or 5432),
                 "--username", url.username or "postgres", "--dbname", url.database or "postgres"]
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return arguments, environment


def _run_pg_tool(command: list[str], environment: dict[str, str], failure: str) -> None:
    # An argument list without a shell; the values come from the operator's DATABASE_URL.
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{failure}\n{result.stderr.strip()}")


def _backup_postgresql(url: URL, destination: Path) -> None:
    arguments, environment = _pg_arguments(url)
    temporary = _temporary_beside(destination)
    try:
        _run_pg_tool([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                      "--file", str(temporary), *arguments], environment,
                     "La sauvegarde PostgreSQL a échoué (pg_dump) :")
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def _restore_postgresql(url: URL, source: Path) -> None:
    arguments, environment = _pg_arguments(url)
    _run_pg_tool([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", "--exit-on-error", *arguments, str(source)], environment,
                 "La restauration PostgreSQL a échoué (pg_restore) ; la base est restée telle quelle :")


def _expect_format(source: Path, magic: bytes, kind: str) -> None:
    if not source.is_file():
        raise BackupError(f"Fichier de sauvegarde introuvable : {source}")
    with source.open("rb") as handle:
        if handle.read(len(magic)) != magic:
            raise BackupError(f"{source} n'est pas une sauvegarde {kind} : rien n'a été restauré.")


def backup_database(*, engine: Engine, destination: Path) -> Path:
    """Writes a complete, consistent copy of the database to `destination` (replaced atomically)."""
    destination = Path(destination)
    if engine.dialect.name == "sqlite":
        _backup_sqlite(engine.url, destination)
    elif engine.dialect.name == "postgresql":
        _backup_postgresql(engine.url, destination)
    else:
        raise BackupError(f"Base de données non prise en charge : {engine.dialect.name}")
    return destination


def restore_database(*, engine: Engine, source: Path) -> None:
    """Replaces the whole database with the backup `source`, all at once or not at all."""
    source = Path(source)
    engine.dispose()  # no pooled connection of this process holds the old database
    if engine.dialect.name == "sqlite":
        _expect_format(source, SQLITE_MAGIC, "SQLite")
        _restore_sqlite(engine.url, source)
    elif engine.dialect.name == "postgresql":
        _expect_format(source, PG_CUSTOM_MAGIC, "PostgreSQL (pg_dump -Fc)")
        _restore_postgresql(engine.url, source)
    else:
        raise BackupError(f"Base de données non prise en charge : {engine.dialect.name}")
    engine.dispose()
