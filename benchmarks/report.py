"""The results: kept as JSON (docs/benchmarks.json, one entry per database and size) and
rendered into docs/benchmarks.md between markers, so that a rerun replaces only its own lines."""
from __future__ import annotations

import json
import os
import platform
import sqlite3
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from core.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "benchmarks.md"
LOAD_HEADING = "## Charge (benchmarks.load)"  # filled by benchmarks.load, never by this module
BEGIN, END = "<!-- benchmarks.run: begin (generated) -->", "<!-- benchmarks.run: end -->"
LIBRARIES = ("streamlit", "sqlalchemy", "sqlmodel", "psycopg", "xlsxwriter", "bcrypt", "pandas")
DIALECT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
GROWTH_SIZES = (10_000, 100_000, 1_000_000)


def machine(engine) -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    server = (f"SQLite {sqlite3.sqlite_version}" if engine.dialect.name == "sqlite" else
              "PostgreSQL " + ".".join(str(p) for p in engine.dialect.server_version_info or ()))
    return {"cpus": os.cpu_count(), "memory_gib": round(memory, 1), "cpu": platform.processor() or platform.machine(),
            "python": platform.python_version(), "database": server,
            "libraries": {name: version(name) for name in LIBRARIES}}


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def results_path(doc: Path) -> Path:
    return doc.with_suffix(".json")


def store(doc: Path, key: str, result: dict) -> dict:
    path = results_path(doc)
    results = json.loads(path.read_text()) if path.exists() else {}
    results[key] = result
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return results


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}".replace(",", " ") if value >= 100 else f"{value:.1f}"


def _count(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _size_label(requests: int) -> str:
    return f"{_count(requests)} demandes"


def page_rows(result: dict) -> list[str]:
    lines = ["| Page (AppTest, connecté) | lignes | page | plancher | SQL brut | page − (plancher + SQL) "
             "| ratio page / (plancher + SQL) |", "|---|--:|--:|--:|--:|--:|--:|"]
    floors = result["floors"]
    for page in result["pages"]:
        floor = floors[page["email"]]["median"]
        base = floor + page["raw"]["median"]
        lines.append(f"| {page['label']} | {_count(page['rows'])} | {_ms(page['page']['median'])} | {_ms(floor)} "
                     f"| {_ms(page['raw']['median'])} | {_ms(page['page']['median'] - base)} "
                     f"| {page['page']['median'] / base:.2f} |")
    for email, floor in floors.items():
        lines.append(f"| *{floor['label']}* | | {_ms(floor['median'])} | | | | |")
    return lines


def service_rows(result: dict) -> list[str]:
    lines = ["| Service (sans page) | médiane | pire | cible |", "|---|--:|--:|--:|"]
    for item in result.get("services", []):
        lines.append(f"| {item['label']} | {_ms(item['median'])} | {_ms(item['worst'])} | {item['target']} |")
    return lines


def _run_header(result: dict) -> str:
    m = result["machine"]
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
    seeded = (f"base construite par `db.seed` en {result['seed_seconds']:.0f} s" if result.get("seed_seconds")
              else "base réutilisée")
    return (f"Mesuré le {result['date']} ; {m['cpus']} processeurs ({m['cpu']}), {m['memory_gib']} Gio, "
            f"charge moyenne (1 min) {result['load_before']:.2f} au début, {result['load_after']:.2f} à la fin ; "
            f"Python {m['python']}, {m['database']}, {libs} ; {seeded} ; médiane de {result['runs']} exécutions "
            f"après une exécution d'échauffement (ms).")


def run_key(dialect: str, requests: int) -> str:
    return f"{dialect}-{requests}"


def growth_key(dialect: str, requests: int) -> str:
    return f"growth:{dialect}-{requests}"


def growth_rows(results: dict, dialect: str) -> list[str]:
    sizes = [n for n in GROWTH_SIZES if growth_key(dialect, n) in results]
    if not sizes:
        return []
    head = "| Page (médiane, ms) | " + " | ".join(_size_label(n) for n in sizes) + " | 1 M / 100 k |"
    lines = [head, "|---|" + "--:|" * (len(sizes) + 1)]
    by_size = {n: results[growth_key(dialect, n)] for n in sizes}
    labels = [(p["key"], p["label"]) for p in by_size[sizes[-1]]["pages"]]
    for key, label in labels:
        for part, suffix in (("page", ""), ("raw", " — SQL brut")):
            cells, values = [], {}
            for n in sizes:
                page = next((p for p in by_size[n]["pages"] if p["key"] == key), None)
                values[n] = page[part]["median"] if page else None
                rows = f" ({_count(page['rows'])} l.)" if page and part == "page" else ""
                cells.append(_ms(values[n]) + rows)
            ratio = (f"{values[1_000_000] / values[100_000]:.2f}" if values.get(1_000_000) and values.get(100_000)
                     else "—")
            lines.append(f"| {label}{suffix} | " + " | ".join(cells) + f" | {ratio} |")
    floors = by_size[sizes[-1]]["floors"]
    for email, floor in floors.items():
        cells = [_ms(by_size[n]["floors"].get(email, {}).get("median")) for n in sizes]
        lines.append(f"| *{floor['label']}* | " + " | ".join(cells) + " | |")
    seeds = [f"{_size_label(n)} : " + (f"{by_size[n]['seed_seconds']:.0f} s" if by_size[n].get("seed_seconds")
                                        else "réutilisée") for n in sizes]
    loads = [f"{_size_label(n)} : {by_size[n]['load_before']:.1f}–{by_size[n]['load_after']:.1f} "
             f"({by_size[n]['date']})" for n in sizes]
    lines += ["", "Construction de la base : " + " ; ".join(seeds) + ".",
              "Charge moyenne pendant la mesure : " + " ; ".join(loads) + "."]
    return lines


def render(results: dict) -> str:
    parts = [BEGIN, ""]
    for dialect in DIALECT_NAMES:
        for key in sorted((k for k in results if k.startswith(dialect + "-")), key=lambda k: int(k.split("-")[1])):
            result = results[key]
            parts += [f"### {DIALECT_NAMES[dialect]}, {_size_label(result['requests'])}", "",
                      _run_header(result), "", *page_rows(result), "", *service_rows(result), ""]
    for dialect, name in DIALECT_NAMES.items():
        rows = growth_rows(results, dialect)
        if rows:
            parts += [f"### Croissance, {name}", "", *rows, ""]
    parts.append(END)
    return "\n".join(parts)


def write(doc: Path, results: dict) -> None:
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:  # first run: before the load test's section when there is one
        head, found, tail = text.partition(LOAD_HEADING)
        text = (head.rstrip() + f"\n\n{BEGIN}\n{END}\n\n" + found + tail if found
                else text.rstrip() + f"\n\n{BEGIN}\n{END}\n")
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    doc.write_text(before + render(results) + after)
