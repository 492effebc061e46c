"""RELAIS_TIMING_LOG (read by benchmarks.load): one line per script run when set, nothing otherwise."""
from __future__ import annotations

from tests.app.requests_app import open_as, texts, world_db  # noqa: F401 (fixture)


def test_each_run_appends_its_page_and_account_when_the_log_is_named(world_db, tmp_path, monkeypatch):
    _, world = world_db
    log = tmp_path / "timing.tsv"
    monkeypatch.setenv("RELAIS_TIMING_LOG", str(log))
    at = open_as(world["owner"])
    at.run()
    lines = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    assert all(fields[3] == "Accueil" and fields[5] == str(world["owner"].id) for fields in lines)
    assert all(float(fields[1]) >= float(fields[2]) >= 0 for fields in lines)  # duration, CPU time
    assert "Demandes de réservation – Mes demandes" in texts(at)


def test_nothing_is_written_without_the_variable(world_db, tmp_path, monkeypatch):
    _, world = world_db
    monkeypatch.delenv("RELAIS_TIMING_LOG", raising=False)
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    at = open_as(world["owner"])
    assert "Demandes de réservation – Mes demandes" in texts(at)
    assert list(here.iterdir()) == []
