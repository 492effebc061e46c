"""Opt-in server-side timing of each script run, read by `python -m benchmarks.load`.

Off unless RELAIS_TIMING_LOG names a file; then every run appends one tab-separated line:
end (epoch seconds), duration (ms), CPU time of the run's thread (ms), page title, Streamlit
session id, account id (or "-"). The browser cannot see how long the server worked, and on a
busy machine the CPU time tells the run's own cost from its wait. It changes nothing else.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.session import USER_ID

TIMING_LOG = "RELAIS_TIMING_LOG"


@contextmanager
def timed_run():
    """Yields a dict whose "page" the entry point fills; writes the line even when the run stops."""
    run = {"page": "?"}
    path = os.environ.get(TIMING_LOG)
    if not path:
        yield run
        return
    started, cpu_started = time.perf_counter(), time.thread_time()
    try:
        yield run
    finally:
        elapsed_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.thread_time() - cpu_started) * 1000
        context = get_script_run_ctx()
        user_id = st.session_state.get(USER_ID) or "-"
        line = (f"{time.time():.3f}\t{elapsed_ms:.1f}\t{cpu_ms:.1f}\t{run['page']}\t"
                f"{context.session_id if context else '-'}\t{user_id}\n")
        with open(path, "a", encoding="utf-8") as log:  # one short write: lines never interleave
            log.write(line)
