"""Timing: the median of several runs after a warm-up, and the load of the machine meanwhile."""
from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from typing import Callable

RUNS = 7


@dataclass(frozen=True)
class Timing:
    """Milliseconds over `runs` timed runs (the warm-up is not counted)."""

    median: float
    worst: float
    runs: int
    load: float  # 1-minute load average when the measure ended

    def __str__(self) -> str:
        return f"{self.median:,.1f}"


def load_average() -> float:
    return os.getloadavg()[0]


def timed(action: Callable[[], object], *, runs: int = RUNS, warmup: int = 1,
          prepare: Callable[[], object] | None = None) -> Timing:
    """Run `action` `warmup` times untimed, then `runs` times timed; `prepare` runs untimed before each."""
    for _ in range(warmup):
        if prepare:
            prepare()
        action()
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(statistics.median(times), max(times), runs, load_average())
