"""The report of `benchmarks.load`: server-side run times attributed to the browser's steps.

The server writes one line per script run (ui.timing): end time, duration, page, Streamlit
session, account id. A Streamlit session belongs to the account that signed in through it; a run
belongs to the step of that account during which it ended (runs outside any step: « autre »).
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_session import STEPS, Step

OTHER = "autre (entre deux étapes)"
LOGIN_PAGE = "Connexion"  # its run checks the password: bcrypt, cost 12, by design
RUN_HEADER = "| {} | Exécutions | p50 | p95 | max | CPU p50 | CPU p95 | CPU max |"
RUN_RULE = "|---|---:|---:|---:|---:|---:|---:|---:|"
MB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    ended: float
    ms: float
    cpu_ms: float
    page: str
    session: str
    user: str


def read_runs(path: Path) -> list[Run]:
    if not path.exists():
        return []
    # end, ms, cpu ms, page, session, user
    runs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 6:
            runs.append(Run(float(parts[0]), float(parts[1]), float(parts[2]), *parts[3:]))
    return runs


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def attribute(runs: list[Run], steps: list[Step], user_ids: dict[str, str]) -> dict[str, list[Run]]:
    """The server's runs by the browser step they belong to."""
    account_of_session = {run.session: run.user for run in runs if run.user != "-"}
    windows = defaultdict(list)
    for step in steps:
        windows[user_ids[step.account]].append(step)
    by_step = defaultdict(list)
    for run in runs:
        user = account_of_session.get(run.session, "-")
        step = next((s for s in windows.get(user, ()) if s.started <= run.ended <= s.ended + 0.05), None)
        by_step[step.name if step else OTHER].append(run)
    return by_step


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} | {percentile(values, 0.95):.0f} | {max(values):.0f}"


def _row(name: str, values: list[float]) -> str:
    return f"| {name} | {len(values)} | {_stats(values)} |"


def _run_row(name: str, runs: list[Run]) -> str:
    """Wall time, then the CPU time of the run's own thread (the wall time minus the waiting)."""
    return f"| {name} | {len(runs)} | {_stats([r.ms for r in runs])} | {_stats([r.cpu_ms for r in runs])} |"


def markdown(*, settings: dict, steps: list[Step], runs: list[Run], user_ids: dict[str, str],
             memory, load: dict) -> str:
    """`memory` is the load_server.MemorySampler (RSS and CPU shares)."""
    errors, cpu = [step for step in steps if not step.ok], memory.cpu
    by_step = attribute(runs, steps, user_ids)
    by_page = defaultdict(list)
    for run in runs:
        by_page[run.page].append(run)
    browser = defaultdict(list)
    for step in steps:
        if step.ok:
            browser[step.name].append((step.ended - step.started) * 1000)
    order = [name for name, _ in STEPS] + [OTHER]
    lines = [
        f"### {settings['sessions']} sessions × {settings['minutes']:g} min — {settings['date']}",
        "",
        f"Base : {settings['database']} ({settings['requests']} demandes) ; serveur `streamlit run Home.py` "
        f"sur 127.0.0.1 ; {settings['cpus']} cœurs partagés par le serveur, Chromium et le pilote Playwright.",
        "",
        f"- Étapes réussies : {len(steps) - len(errors)} ; boucles complètes : {settings['loops']} ; "
        f"**erreurs : {len(errors)}**.",
    ]
    lines += [f"  - {step.name} (session {step.session}) : {step.message}" for step in errors[:5]]
    walls, cpus = [run.ms for run in runs] or [0], [run.cpu_ms for run in runs] or [0]
    lines += [
        f"- Exécutions du script côté serveur : {len(runs)} ; durée p50 {statistics.median(walls):.0f} ms, "
        f"**p95 {percentile(walls, 0.95):.0f} ms** ; temps CPU du fil d'exécution p50 "
        f"{statistics.median(cpus):.0f} ms, p95 {percentile(cpus, 0.95):.0f} ms.",
        f"- Mémoire du serveur (RSS, avec ses enfants, toutes les 0,5 s) : **pic {memory.peak / MB:.0f} Mo** ; "
        f"{memory.samples[0][1] / MB:.0f} Mo au démarrage, {memory.load_started_rss / MB:.0f} Mo au début de "
        f"la charge (après un tour d'échauffement), {memory.samples[-1][1] / MB:.0f} Mo à la fin.",
        f"- Charge de la machine (load average 1 min) : {load['before']:.1f} avant, {load['during']:.1f} "
        f"au plus fort pendant l'essai. Temps CPU pendant la charge : serveur {cpu.seconds['server']:.0f} s, "
        f"navigateurs et pilote Playwright {cpu.seconds['browsers']:.0f} s, autres processus de la machine "
        f"{max(0.0, cpu.machine - cpu.seconds['server'] - cpu.seconds['browsers']):.0f} s, "
        f"sur {settings['cpus'] * cpu.elapsed:.0f} s disponibles ({settings['cpus']} cœurs × "
        f"{cpu.elapsed:.0f} s, jusqu'à la fin des dernières étapes). Navigateurs lancés avec nice "
        f"{settings['nice']}.",
        "",
        "Exécutions du script côté serveur, par étape du navigateur (ms ; durée, puis temps CPU "
        "du fil qui exécute le script) :",
        "",
        RUN_HEADER.format("Étape"), RUN_RULE,
    ]
    lines += [_run_row(name, by_step[name]) for name in order if name in by_step]
    lines += [_run_row("**toutes**", runs),
              _run_row("toutes hors page Connexion (bcrypt)", [r for r in runs if r.page != LOGIN_PAGE]),
              "", "Par page (ms) :", "", RUN_HEADER.format("Page"), RUN_RULE]
    lines += [_run_row(page, values) for page, values in sorted(by_page.items())]
    lines += ["", "Attente vue du navigateur, étapes réussies (ms ; comprend la saisie et le rendu) :", "",
              "| Étape | Nombre | p50 | p95 | max |", "|---|---:|---:|---:|---:|"]
    lines += [_row(name, browser[name]) for name in order if name in browser]
    return "\n".join(lines) + "\n"
