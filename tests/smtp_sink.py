"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, free port) that keeps what it receives."""
from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from email.message import Message

import pytest
from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self):
        self.messages: list[Message] = []
        self.received = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.received:
            self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                               policy=email.policy.default))
            self.received.notify_all()
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, port: int):
        self.handler = _Handler()
        self.host, self.port = "127.0.0.1", port
        self.controller = Controller(self.handler, hostname=self.host, port=port)

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def wait_for(self, count: int = 1, timeout: float = 15.0) -> list[Message]:
        """Waits until `count` messages arrived (condition wait, no fixed sleep)."""
        deadline = time.monotonic() + timeout
        with self.handler.received:
            while len(self.handler.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{len(self.handler.messages)} courriel(s) reçu(s), {count} attendu(s)")
                self.handler.received.wait(remaining)
            return list(self.handler.messages)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_sink(monkeypatch):
    """A started SMTP server; SMTP_HOST/SMTP_PORT point to it, STARTTLS off (plain local test)."""
    from core.settings import reset_settings_cache

    sink = SmtpSink(free_port())
    sink.controller.start()
    monkeypatch.setenv("SMTP_HOST", sink.host)
    monkeypatch.setenv("SMTP_PORT", str(sink.port))
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    monkeypatch.setenv("MAIL_FROM", "relais@exemple.qc.ca")
    reset_settings_cache()
    yield sink
    sink.controller.stop()
    reset_settings_cache()


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()
