"""A database unreachable at start, or lost while a person works: a clear French message, then
the app recovers when the database returns.

The app reaches PostgreSQL through a small TCP relay on a port of its own: closed at first (the
server is "down"), then opened (the server "comes back"), without restarting the app.
"""
from __future__ import annotations

import socket
import threading

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from core.settings import reset_settings_cache
from db.models import Installation
from tests.app.conftest import log_in, start_app
from tests.databases import empty_schema
from tests.factories import make_user
from ui.db import DATABASE_UNREACHABLE


class TcpRelay:
    """Forwards connections from 127.0.0.1:port to the real server while it is started."""

    def __init__(self, port: int, target: tuple[str, int]):
        self.port, self.target, self._sockets = port, target, []

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._sockets.append(self._listener)
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        for sock in self._sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._sockets = []

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            sink.close()


def _make_demandeur(engine) -> None:
    with Session(engine) as session:  # at an installation of the reference lists the app loaded
        installation = session.exec(select(Installation)).first()
        make_user(session, installations=[installation], email="camille@exemple.qc.ca")
        session.commit()


def _has_key(at, key: str) -> bool:
    return any(widget.key == key for widget in at.text_input)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_app_waits_for_the_database_then_recovers(pg_engine, monkeypatch):
    empty_schema(pg_engine)  # the app migrates an empty database itself
    real = pg_engine.url
    relay = TcpRelay(_free_port(), (real.host or "127.0.0.1", real.port or 5432))
    relayed = make_url(real.render_as_string(hide_password=False)).set(host="127.0.0.1", port=relay.port)
    monkeypatch.setenv("DATABASE_URL", relayed.render_as_string(hide_password=False))
    monkeypatch.setenv("RELAIS_DEMO", "0")
    reset_settings_cache()
    try:
        at = start_app()  # nothing listens on the relay's port yet
        assert [e.value for e in at.error] == [DATABASE_UNREACHABLE]
        assert not at.exception and not at.text_input
        assert not at.run().text_input  # still down: the same message, no crash
        assert [e.value for e in at.error] == [DATABASE_UNREACHABLE]

        relay.start()  # the database is back: the next run works, the failure was not cached
        at.run()
        assert not at.error and not at.exception
        assert [t.value for t in at.title] == ["Connexion"]
        with pg_engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1

        _make_demandeur(pg_engine)
        at = log_in(at, "camille@exemple.qc.ca")
        assert not at.error and at.title
        relay.stop()  # the database goes away while the person works
        at.run()
        assert not at.exception
        assert [e.value.split("\n")[0] for e in at.error] == [DATABASE_UNREACHABLE]
        relay.start()  # and comes back: the person carries on, still signed in
        at.run()
        assert not at.error and not at.exception
        assert not _has_key(at, "login_password")
        assert at.title and at.title[0].value != "Connexion"
    finally:
        relay.stop()
        reset_settings_cache()
