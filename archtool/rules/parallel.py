"""Running the checks on two cores for national-scale models.

After loading, a large model's checks take about as long as a quarter of its parsing, on one core.
On Linux, with a second core idle, :func:`run_checks` forks: the child runs the checks listed in
:data:`CHILD_CHECKS` (costly for the findings they produce, so little has to travel back) on its
copy-on-write view of the model and sends their findings back as plain data (:mod:`marshal`,
messages formatted in both languages); the parent runs the others meanwhile. The findings are
merged in registry order, exactly as a serial run orders them. Anything unexpected in the child
(an exception, a signal, unreadable data) makes the parent run those checks itself, so the
outcome never depends on the fork.
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import Any

from archtool.findings import Finding

#: below this many elements a fork costs more than it saves
MIN_ELEMENTS = 20_000
#: checks the child runs: they scan the whole model but report little
CHILD_CHECKS = frozenset({
    "dup-name", "ref-unresolved", "ref-wrong-kind", "ref-unknown-capability", "gap-dependency-retired",
    "gap-dependency-timeline", "gap-data-sharing", "gap-security-level", "principle-district-unit",
})


def run_checks(ctx: Any, checks: list[Any], jobs: int = 1) -> list[Finding]:
    """The findings of ``checks`` (rules with a check function), in the order of ``checks``."""
    child = [r for r in checks if r.id in CHILD_CHECKS]
    if jobs < 2 or not child or len(ctx.arch.elements) < MIN_ELEMENTS or not _can_fork():
        return _serial(ctx, checks)
    pending = _forked(ctx, child)
    mine = {r.id: list(r.check(ctx)) for r in checks if r.id not in CHILD_CHECKS}
    got = pending.result() if pending is not None else None
    if got is None:  # the child failed: do its share here
        got = {r.id: list(r.check(ctx)) for r in child}
    out: list[Finding] = []
    for r in checks:
        out.extend(mine[r.id] if r.id in mine else got.get(r.id, ()))
    return out


def _serial(ctx: Any, checks: list[Any]) -> list[Finding]:
    out: list[Finding] = []
    for r in checks:
        out.extend(r.check(ctx))
    return out


def _can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork")


class _Pending:
    """A forked child's share: ``result()`` waits for it and returns ``{rule id: findings}`` or None."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd

    def result(self) -> dict[str, list[Finding]] | None:
        from archtool.cache import _revive_finding, no_gc

        chunks = []
        with os.fdopen(self.fd, "rb") as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        if status != 0:
            return None
        try:
            with no_gc():
                data = marshal.loads(b"".join(chunks))
                return {rid: [_revive_finding(rec) for rec in recs] for rid, recs in data}
        except Exception:  # noqa: BLE001 - damaged transfer: the parent runs the checks itself
            return None


def _forked(ctx: Any, child: list[Any]) -> _Pending | None:
    """Start the child running ``child`` (None when no process can be started)."""
    from archtool.cache import _finding_record

    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: compute, send, leave without running any exit handlers
        code = 1
        try:
            os.close(read_fd)
            data = [(r.id, [_finding_record(f) for f in r.check(ctx)]) for r in child]
            blob = marshal.dumps(data)
            with os.fdopen(write_fd, "wb") as fh:
                fh.write(blob)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return _Pending(pid, read_fd)
