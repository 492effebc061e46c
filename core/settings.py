"""One settings object, read once from the environment (and `.streamlit/secrets.toml`).

The names are a contract (DESIGN.md, "Configuration contract"): operators and CI set them.
"""
from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from core.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///data/relais.db"
TIMEZONE = ZoneInfo("America/Toronto")


def _secrets_file() -> dict:
    path = PROJECT_ROOT / ".streamlit" / "secrets.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "oui", "on"}


def _int(raw: dict, name: str, default: int) -> int:
    value = raw.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"Le paramètre {name} doit être un nombre entier (reçu : {value!r}).") from exc


@dataclass(frozen=True)
class Settings:
    database_url: str
    embedded: bool  # no DATABASE_URL given: a local SQLite file created on first run
    demo: bool
    app_base_url: str
    cookie_key: str
    smtp_host: str | None
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_starttls: bool
    mail_from: str
    login_max_failures: int = 5
    login_window_minutes: int = 15
    login_lock_minutes: int = 15
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    travel_buffer_minutes: int = 30
    extra: dict = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _embedded_cookie_key() -> str:
    """In embedded mode the key is made once and kept beside the database, never committed."""
    path = PROJECT_ROOT / "data" / "cookie_key"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def load_settings(environ: dict | None = None) -> Settings:
    raw = {**_secrets_file(), **(environ if environ is not None else os.environ)}
    database_url = (raw.get("DATABASE_URL") or "").strip()
    embedded = database_url == ""
    cookie_key = (raw.get("COOKIE_KEY") or "").strip()
    if not cookie_key:
        if not embedded:
            raise ConfigurationError(
                "COOKIE_KEY est obligatoire lorsque DATABASE_URL est défini : "
                "donnez-lui une valeur secrète d'au moins 32 caractères."
            )
        cookie_key = _embedded_cookie_key()
    return Settings(
        database_url=database_url or DEFAULT_DATABASE_URL,
        embedded=embedded,
        demo=_flag(raw.get("RELAIS_DEMO"), default=embedded),
        app_base_url=(raw.get("APP_BASE_URL") or "http://localhost:8501").rstrip("/"),
        cookie_key=cookie_key,
        smtp_host=(raw.get("SMTP_HOST") or None),
        smtp_port=_int(raw, "SMTP_PORT", 587),
        smtp_user=(raw.get("SMTP_USER") or None),
        smtp_password=(raw.get("SMTP_PASSWORD") or None),
        smtp_starttls=_flag(raw.get("SMTP_STARTTLS"), default=True),
        mail_from=(raw.get("MAIL_FROM") or "relais@localhost"),
        login_max_failures=_int(raw, "RELAIS_LOGIN_MAX_FAILURES", 5),
        login_window_minutes=_int(raw, "RELAIS_LOGIN_WINDOW_MINUTES", 15),
        login_lock_minutes=_int(raw, "RELAIS_LOGIN_LOCK_MINUTES", 15),
        session_idle_minutes=_int(raw, "RELAIS_SESSION_IDLE_MINUTES", 30),
        session_max_hours=_int(raw, "RELAIS_SESSION_MAX_HOURS", 12),
        travel_buffer_minutes=_int(raw, "RELAIS_TRAVEL_BUFFER_MINUTES", 30),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def reset_settings_cache() -> None:
    """Tests change the environment; they call this to read it again."""
    get_settings.cache_clear()
