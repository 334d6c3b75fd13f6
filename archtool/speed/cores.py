"""How many processes a large model's run should use (``--jobs 0``): the cores this process may run
on, less those other programs kept busy over a measured window, not one instant's guess.

On Linux the window is measured from ``/proc/stat`` (the CPU time every core spent busy, steal
included) minus this process's own CPU time and its finished workers': the window runs from the
previous decision (or from start-up) to now, so the decision to read files in workers measures the
start-up, and the decision to check on a second core measures the whole load. A window shorter
than :data:`MIN_WINDOW` is lengthened by a short sleep (the kernel counts in 10 ms ticks); one longer
than :data:`MAX_WINDOW` (a library process deciding long after the last time) is replaced by a
fresh one. Elsewhere (macOS, BSD) the one-minute load average stands in, less this run's own core;
where there is no load figure at all (Windows) every usable core is used. Only large models ask
(:mod:`archtool.speed.reader`, :mod:`archtool.speed.checks`), so small ones never sample.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Callable

#: never more processes than this
MAX_JOBS = 8
#: seconds: a shorter window is lengthened by a sleep
MIN_WINDOW = 0.05
#: seconds: a longer window is replaced by a fresh one
MAX_WINDOW = 10.0


@dataclass(frozen=True)
class Sample:
    wall: float  # time.monotonic()
    own: float  # CPU seconds of this process and of its workers that ended
    busy: float | None  # CPU seconds the cores this process may use have been busy (None: unknown)


def usable_cpus() -> set[int] | int:
    """The processors this process may run on (a set where the platform says which), else a count."""
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Windows or macOS
        return os.cpu_count() or 1


def jobs_for(cpus: int, busy: float | None) -> int:
    """Processes for ``cpus`` usable cores of which ``busy`` are kept busy by other programs (None:
    unknown, every core); a core counts as free when at most half of it is used."""
    if busy is None:
        return max(1, min(cpus, MAX_JOBS))
    return max(1, min(cpus, MAX_JOBS, int(cpus - busy + 0.5)))


def busy_seconds(stat: str, cpus: set[int] | int, ticks: float) -> float | None:
    """CPU seconds the given cores spent busy, from the text of ``/proc/stat`` (user, nice,
    system, irq, softirq and steal: everything but idle and I/O wait); None if unreadable."""
    total = 0
    seen = 0
    for line in stat.splitlines():
        if not line.startswith("cpu") or line.startswith("cpu "):
            continue
        name, *fields = line.split()
        try:
            n = int(name[3:])
            user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
        except ValueError:
            return None
        if isinstance(cpus, set) and n not in cpus:
            continue
        total += user + nice + system + irq + softirq + steal
        seen += 1
    if seen == 0 or (isinstance(cpus, set) and seen != len(cpus)):
        return None
    return total / ticks


def busy_between(a: Sample, b: Sample) -> float | None:
    """Cores kept busy by other programs between two samples, on average (None: unknown)."""
    if a.busy is None or b.busy is None or b.wall <= a.wall:
        return None
    return max(0.0, (b.busy - a.busy - (b.own - a.own)) / (b.wall - a.wall))


def load_average_busy(getloadavg: Callable[[], tuple[float, float, float]] | None) -> float | None:
    """Cores kept busy by others from the one-minute load average, which counts this run too."""
    if getloadavg is None:
        return None
    try:
        return max(0.0, getloadavg()[0] - 1.0)
    except OSError:  # no load average on this system
        return None


def read_proc_stat() -> str | None:
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            return fh.read()
    except (OSError, ValueError):  # not Linux
        return None


def _ticks() -> float:
    try:
        return float(os.sysconf("SC_CLK_TCK"))
    except (AttributeError, OSError, ValueError):  # pragma: no cover - sysconf exists where /proc/stat does
        return 100.0


def sample(cpus: set[int] | int) -> Sample:
    t = os.times()
    stat = read_proc_stat()
    return Sample(time.monotonic(), t.user + t.system + t.children_user + t.children_system,
                  busy_seconds(stat, cpus, _ticks()) if stat is not None else None)


class Cores:
    """The decision of ``--jobs 0``, over a window that starts when this object is made (at start-up
    for the process-wide :data:`CORES`) and restarts with each decision."""

    def __init__(self) -> None:
        self.cpus = usable_cpus()
        self.last = sample(self.cpus)

    def jobs(self) -> int:
        cpus = self.cpus if isinstance(self.cpus, int) else len(self.cpus)
        if cpus < 2:
            return 1
        now = sample(self.cpus)
        if now.busy is None:
            return jobs_for(cpus, load_average_busy(getattr(os, "getloadavg", None)))
        if now.wall - self.last.wall > MAX_WINDOW:
            self.last = now
        if now.wall - self.last.wall < MIN_WINDOW:
            time.sleep(MIN_WINDOW - (now.wall - self.last.wall))
            now = sample(self.cpus)
        busy = busy_between(self.last, now)
        self.last = now
        return jobs_for(cpus, busy)


#: the process's window: it starts when archtool's pipeline is imported
CORES = Cores()


def free_jobs() -> int:
    """Processes for ``--jobs 0`` now: at least 1, at most :data:`MAX_JOBS`."""
    return CORES.jobs()


def count(jobs: int | Callable[[], int]) -> int:
    """A job count given as a number, or as the function that measures it (:func:`free_jobs`),
    asked only now: by a large model's run, when it is about to start workers."""
    return jobs() if callable(jobs) else jobs
