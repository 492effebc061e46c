"""`python -m benchmarks.run` completes on a small database and writes its tables (no timing
is asserted: the numbers depend on the machine)."""
from __future__ import annotations

from benchmarks import run
from core.settings import reset_settings_cache


def test_the_benchmark_runs_on_200_requests_and_writes_its_section(tmp_path, monkeypatch):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Mesures\n\n## Charge (benchmarks.load)\n")
    for name in ("DATABASE_URL", "COOKIE_KEY", "RELAIS_DEMO"):  # the run sets them; restored after
        monkeypatch.setenv(name, "")
    try:
        run.main(["--requests", "200", "--runs", "1", "--database-url", f"sqlite:///{tmp_path / 'bench.db'}",
                  "--doc", str(doc)])
    finally:
        reset_settings_cache()
    text = doc.read_text()
    assert "### SQLite, 200 demandes" in text
    assert "Mes demandes, Aujourd'hui" in text and "Coordination, Le mois précédent" in text
    assert "Exporter" in text and "bcrypt, coût 12" in text
    assert text.rstrip().endswith("## Charge (benchmarks.load)")
    assert (tmp_path / "benchmarks.json").exists()
