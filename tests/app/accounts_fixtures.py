"""A fresh database per test for the account pages (they change passwords, locks, profiles)."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT, reset_settings_cache
from db.engine import build_engine
from db.migrate import upgrade_database
from db.models import MailOutbox, User
from tests.factories import PASSWORD, make_reference, make_user
from tests.app.page_text import texts  # noqa: F401  (re-exported to the page tests)

EMAILS = {"demandeur": "lea.roy@exemple.qc.ca", "coordonnateur": "coord@exemple.qc.ca",
          "admin": "admin@exemple.qc.ca"}


class AccountsApp:
    def __init__(self, url: str, engine):
        self.url, self.engine = url, engine

    def start(self, **query) -> AppTest:
        at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=30)
        for name, value in query.items():
            at.query_params[name] = value
        return at.run()

    def user(self, email: str) -> User:
        with Session(self.engine) as session:
            return session.exec(select(User).where(User.email == email)).one()

    def enable_two_factor(self, email: str) -> str:
        """Two-factor already on for this account (as for admins outside demo); returns its key."""
        from datetime import timedelta

        import pyotp

        from core.totp import confirm_enrollment, start_enrollment
        from db.types import utcnow

        with Session(self.engine) as session:
            user = session.exec(select(User).where(User.email == email)).one()
            secret = start_enrollment(session=session, user=user)
            earlier = utcnow() - timedelta(minutes=2)
            confirm_enrollment(session=session, user=user, code=pyotp.TOTP(secret).at(earlier), now=earlier)
            session.commit()
        return secret

    def mails(self) -> list[MailOutbox]:
        with Session(self.engine) as session:
            return list(session.exec(select(MailOutbox).order_by(MailOutbox.id)).all())


def _app_on_fresh_database(tmp_path, monkeypatch) -> AccountsApp:
    url = f"sqlite:///{tmp_path / 'accounts-app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RELAIS_DEMO", "0")
    monkeypatch.setenv("APP_BASE_URL", "https://relais.exemple.qc.ca")
    monkeypatch.delenv("SMTP_HOST", raising=False)
    reset_settings_cache()
    engine = build_engine(url)
    upgrade_database(engine)
    return AccountsApp(url, engine)


@pytest.fixture
def empty_app(tmp_path, monkeypatch):
    """A new platform: migrated, without any account."""
    app = _app_on_fresh_database(tmp_path, monkeypatch)
    yield app
    app.engine.dispose()
    reset_settings_cache()


@pytest.fixture
def accounts_app(empty_app):
    """A demandeur, a coordonnateur and an admin, all with tests.factories.PASSWORD."""
    with Session(empty_app.engine) as session:
        ref = make_reference(session)
        make_user(session, email=EMAILS["demandeur"], first_name="Léa", last_name="Roy",
                  installations=[ref["inst_a"]])
        make_user(session, role="coordonnateur", email=EMAILS["coordonnateur"])
        make_user(session, role="admin", is_admin=True, email=EMAILS["admin"])
        session.commit()
    return empty_app


def submit_login(at: AppTest, login: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_identifier").input(login)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click()
    return at.run()


def submit_new_password(at: AppTest, prefix: str, submit_key: str, password: str,
                        current: str | None = None) -> AppTest:
    """Fills a « nouveau mot de passe » form (twice the same password) and submits it."""
    if current is not None:
        at.text_input(key=f"{prefix}_current").input(current)
    at.text_input(key=f"{prefix}_new").input(password)
    at.text_input(key=f"{prefix}_confirm").input(password)
    at.button(key=submit_key).click()
    return at.run()
