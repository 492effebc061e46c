"""The pilot's deployment files, checked by reading them (no Docker engine runs in CI)."""
from __future__ import annotations

import re

import yaml

from core.settings import PROJECT_ROOT

SETTINGS = {"DATABASE_URL", "COOKIE_KEY", "APP_BASE_URL", "SMTP_HOST", "SMTP_PORT", "SMTP_USER",
            "SMTP_PASSWORD", "SMTP_STARTTLS", "MAIL_FROM"}


def _compose() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _dockerfile() -> list[str]:
    text = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_compose_runs_relais_after_a_healthy_postgresql_15_with_a_named_volume():
    compose = _compose()
    postgres, relais = compose["services"]["postgres"], compose["services"]["relais"]
    assert postgres["image"] == "postgres:15"
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert relais["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "/_stcore/health" in " ".join(relais["healthcheck"]["test"])


def test_compose_takes_every_setting_from_the_environment_and_no_secret_in_clear():
    relais = _compose()["services"]["relais"]
    environment = relais["environment"]
    assert SETTINGS <= set(environment)
    assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
    for name in ("COOKIE_KEY", "APP_BASE_URL", "SMTP_PASSWORD"):
        assert re.fullmatch(r"\$\{[A-Z_]+[^}]*\}", environment[name]), name
    assert str(environment["RELAIS_DEMO"]) == "0"
    assert all(port.startswith("127.0.0.1:") for port in relais["ports"])  # behind the proxy only


def test_dockerfile_is_slim_unprivileged_and_checks_its_health():
    lines = _dockerfile()
    assert lines[0] == "FROM python:3.11-slim"
    assert any(line.startswith("RUN pip install -r requirements.txt") for line in lines)
    user = next(i for i, line in enumerate(lines) if line.startswith("USER "))
    assert lines[user] != "USER root"
    cmd = next(i for i, line in enumerate(lines) if line.startswith("CMD "))
    assert user < cmd
    assert any(line.startswith("HEALTHCHECK") and "/_stcore/health" in line for line in lines)
    assert "streamlit run Home.py --server.address 0.0.0.0" in lines[cmd]
    assert "python -m db.migrate" in lines[cmd]
    assert any("postgresql-client" in line for line in lines)  # backups from the container


def test_dockerignore_keeps_data_and_secrets_out_of_the_image():
    ignored = (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "data/", ".streamlit/secrets.toml", ".env"} <= set(ignored)
