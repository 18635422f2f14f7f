"""Run one job per trial on every core: forked worker processes for large sites (issue 7).

Each trial's pages, data files and gates depend on the trial and on the shared content only, so
trials are independent jobs. A forked worker inherits the loaded content and the compiled
templates, so a job is sent as a number and only its result travels back, with what the job
logged: the parent logs it as its own (so `--strict` counts a worker's warnings too). Forking
is used only from a single-threaded process (`trialsite build`, `trialsite check`): a fork of
a threaded one, such as the preview server, could inherit a lock another thread holds.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import TrialsiteError

logger = logging.getLogger(__name__)
T = TypeVar("T")
PARALLEL_MIN_JOBS = 40
"""Below this many trials, starting the workers costs more than it saves."""
WORKERS_VARIABLE = "TRIALSITE_WORKERS"
"""Environment variable: how many processes to use (1 turns the workers off)."""

_job: Callable[[int], Any] | None = None  # set before the fork, read by the workers


def worker_count(jobs: int) -> int:
    """Return how many processes should run `jobs` jobs: 1 means here, in this process."""
    wanted = os.environ.get(WORKERS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        count = int(wanted)
    elif jobs < PARALLEL_MIN_JOBS:
        return 1
    else:
        count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    single_threaded = threading.active_count() == 1
    return min(count, jobs) if can_fork and single_threaded else 1


def map_jobs(job: Callable[[int], T], jobs: int, workers: int | None = None) -> list[T]:
    """Return `[job(0), ..., job(jobs - 1)]`, run across processes when that pays.

    `workers` (1: in this process) overrides the choice of `worker_count`.
    """
    workers = worker_count(jobs) if workers is None else workers
    if workers <= 1:
        return [job(index) for index in range(jobs)]
    global _job
    _job = job
    logger.debug("running %d jobs in %d processes", jobs, workers)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_collect_logs) as pool:
            chunk = max(1, jobs // (workers * 8))
            outcomes = pool.map(_run, range(jobs), chunksize=chunk)
    finally:
        _job = None
    results = []
    for records, result in outcomes:
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if isinstance(result, _Failed):
            raise result.error
        results.append(result)
    return results


class _Failed:
    """A job's error on its way back to the parent, which raises it as its own."""

    def __init__(self, error: TrialsiteError) -> None:
        try:
            self.error = pickle.loads(pickle.dumps(error))
        except Exception:  # an error with extra constructor arguments: keep its message
            self.error = TrialsiteError(error.format_message())


class _Records(logging.Handler):
    """What a worker's jobs log, kept to be sent back with each result."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


_records = _Records()


def _collect_logs() -> None:
    """In a new worker: keep what the generator logs instead of printing it from here."""
    ours = logging.getLogger("generator")
    ours.handlers[:] = [_records]
    ours.propagate = False


def _run(index: int) -> tuple[list[tuple[str, int, str]], Any]:
    assert _job is not None, "map_jobs sets the job before starting the workers"
    _records.records = []
    try:
        result = _job(index)
    except TrialsiteError as error:
        result = _Failed(error)
    return _records.records, result
