"""Checks on two cores (archtool/speed/checks.py): the same findings, in the same order, as one
core; a worker that fails leaves its work to this process."""

from __future__ import annotations

import os
import sys

import pytest

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
