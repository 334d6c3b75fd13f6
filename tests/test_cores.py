"""The job count of ``--jobs 0`` (archtool/speed/cores.py): the decision from measured figures, the
measurement's arithmetic, the fallbacks where a platform has no ``/proc/stat`` or no load average,
and that small models never ask. No clock is read: samples are scripted."""

from __future__ import annotations

import os

import pytest

from archtool.model.files import Limits
from archtool.model.loader import load
from archtool.speed import checks, cores
from archtool.speed.cores import Cores, Sample, busy_between, busy_seconds, jobs_for, load_average_busy
from archtool.speed.reader import FastReader
from tests.conftest import EXAMPLE

STAT = """cpu  500 10 200 9000 30 0 5 40 0 0
cpu0 200 5 100 4500 10 0 2 20 0 0
cpu1 300 5 100 4500 20 0 3 20 0 0
intr 11226740 0 0
ctxt 123
"""


@pytest.mark.parametrize("cpus, busy, jobs", [
    (2, 0.0, 2), (2, 0.4, 2), (2, 0.6, 1), (2, 1.0, 1), (2, 5.0, 1),
    (1, 0.0, 1), (4, 1.4, 3), (4, 1.6, 2), (16, 0.0, cores.MAX_JOBS), (16, 9.0, 7),
    (4, None, 4), (16, None, cores.MAX_JOBS), (2, None, 2),
])
def test_the_job_count_from_cores_and_their_use_by_others(cpus, busy, jobs):
    assert jobs_for(cpus, busy) == jobs


def test_busy_seconds_count_everything_but_idle_and_io_wait_on_the_usable_cores():
    assert busy_seconds(STAT, 2, 100.0) == pytest.approx((200 + 5 + 100 + 2 + 20 + 300 + 5 + 100 + 3 + 20) / 100)
    assert busy_seconds(STAT, {1}, 100.0) == pytest.approx((300 + 5 + 100 + 3 + 20) / 100)  # pinned to cpu1
    assert busy_seconds(STAT, {0, 1, 2}, 100.0) is None  # a usable core /proc/stat does not show
    assert busy_seconds("intr 1 2 3\n", 2, 100.0) is None
    assert busy_seconds("cpu0 a b c d e f g h\n", 2, 100.0) is None


def test_others_use_is_the_machine_s_busy_time_less_this_process_s_own():
    a = Sample(wall=10.0, own=1.0, busy=100.0)
    assert busy_between(a, Sample(wall=11.0, own=1.9, busy=101.5)) == pytest.approx(0.6)
    assert busy_between(a, Sample(wall=10.5, own=1.5, busy=100.5)) == 0.0  # only this process worked
    assert busy_between(a, Sample(wall=10.5, own=1.6, busy=100.5)) == 0.0  # tick rounding: never below 0
    assert busy_between(a, Sample(wall=10.0, own=1.0, busy=100.0)) is None  # no window
    assert busy_between(a, Sample(wall=11.0, own=1.0, busy=None)) is None


def test_the_load_average_stands_in_less_this_run():
    assert load_average_busy(lambda: (2.5, 0.0, 0.0)) == pytest.approx(1.5)
    assert load_average_busy(lambda: (0.3, 0.0, 0.0)) == 0.0
    assert load_average_busy(None) is None

    def unavailable():
        raise OSError("no load average")

    assert load_average_busy(unavailable) is None


class _Script:
    """Scripted samples and a sleep that only records (no clock is read)."""

    def __init__(self, monkeypatch, samples, cpus=frozenset({0, 1})):
        self.samples, self.slept = list(samples), []
        monkeypatch.setattr(cores, "usable_cpus", lambda: set(cpus))
        monkeypatch.setattr(cores, "sample", lambda _cpus: self.samples.pop(0))
        monkeypatch.setattr(cores.time, "sleep", self.slept.append)


def test_a_window_long_enough_is_measured_without_sleeping(monkeypatch):
    s = _Script(monkeypatch, [Sample(0.0, 0.0, 0.0), Sample(0.5, 0.45, 0.55), Sample(3.5, 3.4, 5.9)])
    c = Cores()
    assert c.jobs() == 2 and s.slept == []  # others used 0.2 core over the start-up
    assert c.jobs() == 1  # over the load, others used 0.8 core: the second core is taken


def test_a_short_window_is_lengthened_by_a_sleep(monkeypatch):
    s = _Script(monkeypatch, [Sample(0.0, 0.0, 0.0), Sample(0.01, 0.01, 0.01), Sample(0.05, 0.04, 0.09)])
    assert Cores().jobs() == 1 and s.slept == [pytest.approx(cores.MIN_WINDOW - 0.01)]


def test_a_stale_window_is_replaced_by_a_fresh_one(monkeypatch):
    # busy for an hour before (another run long ago), idle now
    s = _Script(monkeypatch, [Sample(0.0, 0.0, 0.0), Sample(3600.0, 0.0, 3600.0), Sample(3600.05, 0.0, 3600.0)])
    assert Cores().jobs() == 2 and s.slept == [pytest.approx(cores.MIN_WINDOW)]


def test_without_proc_stat_the_load_average_then_every_core(monkeypatch):
    _Script(monkeypatch, [Sample(0.0, 0.0, None), Sample(1.0, 0.5, None)] * 2, cpus={0, 1, 2, 3})
    monkeypatch.setattr(os, "getloadavg", lambda: (3.0, 0.0, 0.0), raising=False)
    c = Cores()
    assert c.jobs() == 2  # 4 cores, 2 busy with others
    monkeypatch.delattr(os, "getloadavg", raising=False)  # Windows
    assert c.jobs() == 4


def test_one_core_never_samples(monkeypatch):
    s = _Script(monkeypatch, [Sample(0.0, 0.0, 0.0)], cpus={0})
    assert Cores().jobs() == 1 and s.samples == []


def test_the_measured_figures_of_this_machine_give_a_valid_count():
    """The real sampler (whatever this machine's load): a count between 1 and the usable cores."""
    n = Cores().jobs()
    usable = cores.usable_cpus()
    assert 1 <= n <= min(cores.MAX_JOBS, len(usable) if isinstance(usable, set) else usable)


def test_small_models_never_ask_for_the_job_count(monkeypatch):
    def asked():
        raise AssertionError("a small model asked for the job count")

    arch = load(EXAMPLE / "smart-city", FastReader(Limits(), None, asked))
    assert arch.elements
    assert len(arch.elements) < checks.MIN_ELEMENTS
    assert checks.run_checks(_Ctx(arch), [_Rule()], asked) == []


class _Rule:
    heavy, id = True, "x"

    def check(self, _ctx):
        return []


class _Ctx:
    def __init__(self, arch):
        self.arch = arch
