"""Checks on two cores (archtool/speed/checks.py): the same findings, in the same order, as one
core; a worker that fails leaves its work to this process."""

from __future__ import annotations

import os
import sys

import pytest

from archtool.i18n import L
from archtool.model.loader import load
from archtool.pipeline import check_architecture
from archtool.render import FORMATS
from archtool.rules.registry import BY_ID
from archtool.speed import checks
from tests.conftest import EXAMPLE, TODAY

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="checks run in a worker on Linux only")


def _report(jobs: int) -> str:
    return FORMATS["json"](check_architecture(load(EXAMPLE / "smart-city"), today=TODAY, jobs=jobs), "en", False)


def test_two_processes_give_the_same_report(monkeypatch):
    serial = _report(1)
    monkeypatch.setattr(checks, "MIN_ELEMENTS", 0)
    parent = os.getpid()
    rule = BY_ID["dup-name"]
    real = rule.check
    seen = []

    def where(ctx):
        seen.append(os.getpid() != parent)
        return real(ctx)

    monkeypatch.setattr(rule, "check", where)
    assert _report(2) == serial
    assert seen == []  # the heavy check ran in the worker, whose list this process cannot see


def test_a_failing_worker_leaves_its_checks_to_this_process(monkeypatch):
    serial = _report(1)
    monkeypatch.setattr(checks, "MIN_ELEMENTS", 0)
    parent = os.getpid()
    rule = BY_ID["dup-name"]
    real = rule.check
    ran_here = []

    def only_in_parent(ctx):
        if os.getpid() != parent:
            raise RuntimeError("the worker fails")
        ran_here.append(1)
        return real(ctx)

    monkeypatch.setattr(rule, "check", only_in_parent)
    assert _report(2) == serial
    assert ran_here == [1]  # dup-name belongs to the worker's share; this process ran it after the worker failed


def test_findings_from_the_worker_keep_their_deferrals(monkeypatch):
    """A heavy rule's finding that defers to another rule (platform-unused -> dup-capability) must
    still defer when it comes back from the worker: it once came back without ``defer_to``, and a
    national model's two-core check reported 33 unused-platform findings its one-core check did not."""
    monkeypatch.setattr(checks, "MIN_ELEMENTS", 0)
    rule = BY_ID["platform-unused"]
    assert rule.heavy and rule.defer_to
    arch = load(EXAMPLE / "smart-city")
    element = next(iter(arch.elements))
    made = [rule.finding(elements=[element], message=L("Chưa dùng", "Unused"), suggestion=L("Dùng", "Use")),
            rule.finding(elements=[element], message=L("Chưa dùng", "Unused"), suggestion=L("Dùng", "Use"),
                         defer_to=("dup-name",))]
    monkeypatch.setattr(rule, "check", lambda ctx: iter(made))

    class Ctx:
        pass

    ctx = Ctx()
    ctx.arch = arch
    got = checks.run_checks(ctx, [rule], 2)
    assert [f.defer_to for f in got] == [rule.defer_to, ("dup-name",)]
    assert [(f.rule, f.elements, f.message.en) for f in got] == [(f.rule, f.elements, f.message.en) for f in made]
