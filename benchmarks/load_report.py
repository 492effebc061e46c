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
MB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    ended: float
    ms: float
    page: str
    session: str
    user: str


def read_runs(path: Path) -> list[Run]:
    if not path.exists():
        return []
    runs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 5:
            runs.append(Run(float(parts[0]), float(parts[1]), parts[2], parts[3], parts[4]))
    return runs


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def attribute(runs: list[Run], steps: list[Step], user_ids: dict[str, str]) -> dict[str, list[float]]:
    """Run durations (ms) by step name."""
    account_of_session = {run.session: run.user for run in runs if run.user != "-"}
    windows = defaultdict(list)
    for step in steps:
        windows[user_ids[step.account]].append(step)
    by_step = defaultdict(list)
    for run in runs:
        user = account_of_session.get(run.session, "-")
        step = next((s for s in windows.get(user, ()) if s.started <= run.ended <= s.ended + 0.05), None)
        by_step[step.name if step else OTHER].append(run.ms)
    return by_step


def _row(name: str, values: list[float]) -> str:
    if not values:
        return f"| {name} | 0 | – | – | – |"
    return (f"| {name} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} "
            f"| {max(values):.0f} |")


def markdown(*, settings: dict, steps: list[Step], runs: list[Run], user_ids: dict[str, str],
             peak_rss: int, samples: list[tuple[float, int]], load: dict) -> str:
    errors = [step for step in steps if not step.ok]
    by_step = attribute(runs, steps, user_ids)
    by_page = defaultdict(list)
    for run in runs:
        by_page[run.page].append(run.ms)
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
    p95 = percentile([run.ms for run in runs], 0.95) if runs else 0
    lines += [
        f"- Exécutions du script côté serveur : {len(runs)} ; p50 "
        f"{statistics.median([r.ms for r in runs]) if runs else 0:.0f} ms, **p95 {p95:.0f} ms**.",
        f"- Mémoire du serveur (RSS, avec ses enfants, toutes les 0,5 s) : **pic {peak_rss / MB:.0f} Mo** ; "
        f"au départ {samples[0][1] / MB if samples else 0:.0f} Mo, à la fin {samples[-1][1] / MB if samples else 0:.0f} Mo.",
        f"- Charge de la machine (load average 1 min) : {load['before']:.1f} avant, {load['during']:.1f} "
        f"au plus fort pendant l'essai.",
        "",
        "Durée d'exécution du script côté serveur, par étape du navigateur (ms) :",
        "",
        "| Étape | Exécutions | p50 | p95 | max |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [_row(name, by_step[name]) for name in order if name in by_step]
    lines += [_row("**toutes**", [run.ms for run in runs]), "", "Par page (ms) :", "",
              "| Page | Exécutions | p50 | p95 | max |", "|---|---:|---:|---:|---:|"]
    lines += [_row(page, values) for page, values in sorted(by_page.items())]
    lines += ["", "Attente vue du navigateur, étapes réussies (ms ; comprend la saisie et le rendu) :", "",
              "| Étape | Nombre | p50 | p95 | max |", "|---|---:|---:|---:|---:|"]
    lines += [_row(name, browser[name]) for name in order if name in browser]
    return "\n".join(lines) + "\n"
