"""The CI's supply-chain step tells a vulnerability from an unreachable advisory service."""
from __future__ import annotations

import importlib.util
import subprocess

from core.settings import PROJECT_ROOT


def _audit_module():
    spec = importlib.util.spec_from_file_location("audit_dependencies", PROJECT_ROOT / ".ci" / "audit_dependencies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_run(module, monkeypatch, returncode, dependencies, stderr=""):
    result = subprocess.CompletedProcess([], returncode, "", stderr)
    monkeypatch.setattr(module, "_run", lambda requirements: (result, dependencies))


def test_a_known_vulnerability_fails(monkeypatch, capsys):
    module = _audit_module()
    _fake_run(module, monkeypatch, 1, [{"name": "jinja2", "version": "2.10", "vulns": [
        {"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"]}]}])
    assert module.main() == 1
    assert "jinja2 2.10: PYSEC-2019-217 (corrigé dans 2.10.1)" in capsys.readouterr().out


def test_an_unreachable_service_warns_without_failing(monkeypatch, capsys):
    module = _audit_module()
    _fake_run(module, monkeypatch, 1, [], stderr="NewConnectionError: Connection refused")
    assert module.main() == 0
    assert "injoignable" in capsys.readouterr().out


def test_packages_not_found_on_the_service_are_not_called_safe(monkeypatch, capsys):
    module = _audit_module()
    _fake_run(module, monkeypatch, 0, [{"name": "streamlit", "skip_reason": "Dependency not found on PyPI"}])
    assert module.main() == 0
    out = capsys.readouterr().out
    assert "n'a PAS pu être fait pour : streamlit" in out and "aucune vulnérabilité" not in out


def test_another_failure_fails(monkeypatch):
    module = _audit_module()
    _fake_run(module, monkeypatch, 2, [], stderr="usage: pip-audit: unrecognized arguments")
    assert module.main() == 1
