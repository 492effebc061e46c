"""An unexpected error shows a French message with an incident number; the log has the traceback."""
from __future__ import annotations

import logging
import re

import streamlit

from tests.app.conftest import log_in
from ui.errors import UNEXPECTED_ERROR

HOME_TITLE = "Demandes de réservation – Mes demandes"


def _break_the_home_page(monkeypatch) -> None:
    """The demandeur's home page fails halfway, as a bug in any function it calls would."""
    title = streamlit.title

    def failing_title(body, *args, **kwargs):
        if body == HOME_TITLE:
            raise RuntimeError("connection reset by peer (détail interne)")
        return title(body, *args, **kwargs)

    monkeypatch.setattr(streamlit, "title", failing_title)


def test_a_page_that_fails_shows_an_incident_number_logged_with_the_traceback(app, monkeypatch, caplog):
    _break_the_home_page(monkeypatch)
    caplog.set_level(logging.ERROR, logger="relais")
    at = log_in(app, "demandeur@relais.demo")
    assert not at.exception
    [message] = [e.value for e in at.error]
    assert message.startswith(UNEXPECTED_ERROR)
    assert "connection reset" not in message and "Traceback" not in message
    incident = re.search(r"Numéro d'incident : \*\*([0-9A-F]{8})\*\*", message).group(1)
    [record] = [r for r in caplog.records if incident in r.getMessage()]
    assert record.exc_info and "connection reset by peer" in str(record.exc_info[1])


def test_two_failures_get_two_different_incident_numbers(app, monkeypatch):
    _break_the_home_page(monkeypatch)
    at = log_in(app, "demandeur@relais.demo")
    first = at.error[0].value
    second = at.run().error[0].value
    assert first != second and UNEXPECTED_ERROR in second
