"""Work started in a worker process forked from this one, that sees everything this process holds
(no transfer) and sends back bytes: ``merge`` writes the merged model's files in the worker while
this process checks it and writes the report; ``import`` reads a large workbook's largest sheets
in the worker while this process reads the others.

Linux only (``fork``): elsewhere :func:`start` returns None and the caller does the work itself;
a failed worker also makes the caller do it, so the outcome never depends on the worker.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from archtool.speed import no_gc

_TASK: Any = None  # what a forked worker computes


def start(task: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
    """Run ``task`` in a worker forked now; returns the function that waits for its bytes (None:
    the worker failed), or None where no worker could be started."""
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

    def wait() -> bytes | None:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - a failed worker: the caller does the work
            return None
        finally:
            pool.shutdown()

    return wait


def _work() -> bytes:
    with no_gc():
        return _TASK()
