"""Running a national-scale model's checks on two cores.

After loading, a large model's checks take about as long as a quarter of its parsing, on one core.
With a second core free, :func:`run_checks` gives the rules marked ``heavy`` (they visit every
element yet report little, so little has to travel back) to one worker process
(:func:`archtool.speed.forked.start`) and runs the others meanwhile. The worker is
forked after the model is loaded, so it sees the parent's model without any transfer; its findings
come back as plain data. Anything unexpected in the worker makes this process run those checks
itself, so the outcome never depends on the worker. Where processes cannot be forked (Windows,
macOS: ``spawn``), the checks run in this process; reading files still uses every core there
(:mod:`archtool.speed.reader`).
"""

from __future__ import annotations

import marshal
import sys
from typing import Any, Callable

from archtool.findings import Finding
from archtool.speed import cores, forked, no_gc
from archtool.speed.codec import finding_record, revive_finding

#: below this many elements a worker costs more than it saves
MIN_ELEMENTS = 20_000


def run_checks(ctx: Any, checks: list[Any], jobs: int | Callable[[], int] = 1) -> list[Finding]:
    """The findings of ``checks`` (rules with a check function), in the order of ``checks``;
    ``jobs`` may be a function, asked only for a large model (:func:`archtool.speed.cores.free_jobs`)."""
    heavy = [r for r in checks if r.heavy]
    if not heavy or len(ctx.arch.elements) < MIN_ELEMENTS or not sys.platform.startswith("linux") or \
            cores.count(jobs) < 2:
        return [f for r in checks for f in r.check(ctx)]
    wait = forked.start(lambda: _worker(ctx, heavy))
    if wait is None:  # no process could be started: one process does it all
        return [f for r in checks for f in r.check(ctx)]
    mine = {r.id: list(r.check(ctx)) for r in checks if not r.heavy}
    blob = wait()
    try:
        got: dict[str, list[Finding]] | None = _decode(blob) if blob is not None else None
    except Exception:  # noqa: BLE001 - a failed worker: this process does its share
        got = None
    if got is None:
        got = {r.id: list(r.check(ctx)) for r in heavy}
    return [f for r in checks for f in (mine[r.id] if r.id in mine else got.get(r.id, ()))]


def _worker(ctx: Any, rules: list[Any]) -> bytes:
    # each finding's defer_to travels too: the parent drops deferred findings after the checks
    # (forked.start runs this with the garbage collector paused)
    return marshal.dumps([(r.id, [(finding_record(f), f.defer_to) for f in r.check(ctx)]) for r in rules])


def _decode(blob: bytes) -> dict[str, list[Finding]]:
    with no_gc():
        return {rid: [_revive(rec, defer_to) for rec, defer_to in recs] for rid, recs in marshal.loads(blob)}


def _revive(rec: tuple, defer_to: tuple[str, ...]) -> Finding:
    f = revive_finding(rec)
    f.defer_to = tuple(defer_to)
    return f
