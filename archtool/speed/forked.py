"""A check started in a worker process forked from this one, that sees everything this process
holds (no transfer) and sends back its findings as plain data: ``diff`` checks its two models at
once, the old one's rules in the worker while this process runs the new one's.

Linux only (``fork``): elsewhere :func:`start` returns None and the caller checks both itself; a
failed worker also makes the caller do the work, so the outcome never depends on the worker.
"""

from __future__ import annotations

import marshal
import sys
from typing import Any, Callable

from archtool.speed import no_gc
from archtool.speed.codec import finding_record, revive_finding

Waiter = Callable[[], "tuple[int, list[Any], list[Any]] | None"]

_TASK: Any = None  # what a forked worker computes: () -> (element count, findings, waived)


def start(task: Callable[[], tuple[int, list[Any], list[Any]]]) -> Waiter | None:
    """Run ``task`` in a worker forked now; returns the function that waits for its (element
    count, findings, waived), or None where no worker could be started (the caller runs it)."""
    if not sys.platform.startswith("linux"):
        return None
    import multiprocessing  # lazy: process pools cost start-up time and only large models use them
    from concurrent.futures import ProcessPoolExecutor

    global _TASK
    _TASK = task
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        future = pool.submit(_work)
    except (OSError, RuntimeError):
        return None
    finally:
        _TASK = None  # a started worker has its copy

    def wait() -> tuple[int, list[Any], list[Any]] | None:
        try:
            blob = future.result()
        except Exception:  # noqa: BLE001 - a failed worker: the caller does the work
            return None
        finally:
            pool.shutdown()
        with no_gc():
            count, findings, waived = marshal.loads(blob)
            return count, [revive_finding(r) for r in findings], [revive_finding(r) for r in waived]

    return wait


def _work() -> bytes:
    with no_gc():
        count, findings, waived = _TASK()
        return marshal.dumps((count, [finding_record(f) for f in findings], [finding_record(f) for f in waived]))
