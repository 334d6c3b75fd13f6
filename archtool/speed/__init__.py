"""The speed layer: what makes checks of national-scale models fast, kept apart from the model and
the rules, which know nothing of it.

* :func:`no_gc` — the cyclic garbage collector paused while many long-lived objects are built;
* :mod:`archtool.speed.codec` — a file's parse result and a run's findings as plain data;
* :mod:`archtool.speed.caches` — the parse cache (per file) and the result cache (per run);
* :mod:`archtool.speed.bounds` — the caches' size bounds: compressed result entries, bounded reads
  and inflation, pruning least recently used first;
* :mod:`archtool.speed.cores` — how many processes ``--jobs 0`` uses, from the cores measured free;
* :mod:`archtool.speed.reader` — a reader that answers from the parse cache and reads large models
  in worker processes, and the scan reader that only notes what a load would read;
* :mod:`archtool.speed.checks` — running a large model's checks on a second core.

Only :mod:`archtool.pipeline` uses this package: every command gets the caches and the workers
through it, and ``--no-cache`` / ``--jobs 1`` switch them off without changing any result.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator



@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    A model's data holds no reference cycles worth collecting while it is built, yet each of the
    hundreds of thousands of containers would trigger generation scans (2–3× slower parsing).
    Afterwards the survivors are moved to the permanent generation (``gc.freeze``) so later
    collections do not scan them again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()

