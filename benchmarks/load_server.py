"""The server side of `benchmarks.load`: database, accounts, `streamlit run` and its memory.

The database is a SQLite file seeded by `db.seed` (reused when present: the seed only tops up);
the accounts are demandeurs who share the demo password, created through core when too few.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlmodel import Session, select

from core.settings import PROJECT_ROOT
from tests.e2e.app_server import start_server, stop_server  # noqa: F401  (used by benchmarks.load)

LOAD_DOMAIN = "charge.relais.demo"  # accounts this benchmark had to create
SAMPLE_EVERY = 0.5
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def server_environment(database_url: str, timing_log: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "RELAIS_DEMO": "1",
           "COOKIE_KEY": os.environ.get("COOKIE_KEY") or secrets.token_urlsafe(48),
           "RELAIS_TIMING_LOG": str(timing_log)}
    env.pop("TEST_DATABASE_URL", None)
    return env


def seed_database(env: dict, requests: int) -> None:
    """`python -m db.seed --demo --requests N`: builds the file, or only tops it up."""
    subprocess.run([sys.executable, "-m", "db.seed", "--demo", "--requests", str(requests)],
                   cwd=PROJECT_ROOT, env=env, check=True)


def load_accounts(database_url: str, count: int, password: str) -> list[str]:
    """`count` active demandeurs without two-factor who log in with `password` (demo ones first).

    Missing ones are created as an admin would (core.accounts), then given the password through
    their setup link, so that the password policy applies to them too.
    """
    from db.engine import build_engine
    from db.models import User

    engine = build_engine(database_url)
    try:
        with Session(engine) as session:
            known = session.exec(
                select(User.email).where(User.role == "demandeur", User.is_active,
                                         User.totp_enabled == False,  # noqa: E712 (SQL)
                                         User.email.like("%relais.demo"))
                .order_by(User.id).limit(count)).all()
            emails = list(known)
            for index in range(len(emails), count):
                emails.append(_create_account(session, f"charge-{index + 1:02d}@{LOAD_DOMAIN}", password))
            session.commit()
    finally:
        engine.dispose()
    return emails


def _create_account(session: Session, email: str, password: str) -> str:
    from core.accounts import create_account, set_password_with_token
    from db.models import Installation

    installation = session.exec(select(Installation.id).order_by(Installation.id)).first()
    _, link = create_account(session=session, actor=None, email=email, role="demandeur",
                             installation_ids=[installation], first_name="Charge", last_name="Test")
    token = next(iter(parse_qs(urlsplit(link).query).values()))[0]
    set_password_with_token(session=session, raw_token=token, password=password, confirmation=password)
    return email


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except OSError:
            continue
    return found


def _rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += _children(current)
    return found


def tree_rss(pid: int) -> int:
    return sum(_rss_bytes(member) for member in _tree(pid))


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _machine_busy_ticks() -> int:
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # all but idle and iowait


class CpuShare:
    """CPU seconds used by a set of process trees, summed from samples (processes come and go)."""

    def __init__(self, roots: dict[str, int]):
        self.roots, self.seconds, self._last = roots, dict.fromkeys(roots, 0.0), {}
        self._machine_start, self._started = _machine_busy_ticks(), time.monotonic()
        self.machine = self.elapsed = 0.0

    def sample(self) -> None:
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        for name, root in self.roots.items():
            for member in _tree(root):
                ticks = _cpu_ticks(member)
                previous = self._last.get(member, 0)  # a process born since: all its time
                self.seconds[name] += max(0, ticks - previous) / ticks_per_second
                self._last[member] = ticks
        self.machine = (_machine_busy_ticks() - self._machine_start) / ticks_per_second
        self.elapsed = time.monotonic() - self._started

    def reset(self) -> None:
        """From now on: the time used before (start-up, warm-up) is not counted."""
        self.sample()
        self.seconds = dict.fromkeys(self.roots, 0.0)
        self._machine_start, self.machine = _machine_busy_ticks(), 0.0
        self._started, self.elapsed = time.monotonic(), 0.0


class MemorySampler(threading.Thread):
    """Samples the server's RSS (with children) every half second, keeps the peak and the series,
    and the CPU used by the server, by this process's tree (Playwright, Chromium) and by all."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.samples, self.load_started_rss = pid, 0, [], 0
        self.cpu = CpuShare({"server": pid, "browsers": os.getpid()})
        self._stop_event = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        while not self._stop_event.is_set():
            rss = tree_rss(self.pid)
            self.samples.append((time.monotonic() - started, rss))
            self.peak = max(self.peak, rss)
            self.cpu.sample()
            self._stop_event.wait(SAMPLE_EVERY)

    def load_starts(self) -> None:
        self.cpu.reset()
        self.load_started_rss = tree_rss(self.pid)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=2)


def cpu_load() -> tuple[float, float, float]:
    return os.getloadavg()
