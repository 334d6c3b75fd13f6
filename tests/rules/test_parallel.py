"""Checks on two cores (archtool/rules/parallel.py): the same findings, in the same order, as one
core; a child that fails leaves the work to the parent."""

from __future__ import annotations

import os
import sys

import pytest

from archtool.model.loader import Limits, load
from archtool.render import FORMATS
from archtool.rules import engine, parallel
from tests.conftest import EXAMPLE, TODAY

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="checks are forked on Linux only")


def _report(jobs: int) -> str:
    arch = load(EXAMPLE / "smart-city", Limits())
    return FORMATS["json"](engine.run(arch, today=TODAY, jobs=jobs), "en", False)


def test_two_processes_give_the_same_report(monkeypatch):
    serial = _report(1)
    monkeypatch.setattr(parallel, "MIN_ELEMENTS", 0)
    forked = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forked.append(1) or real_fork())
    assert _report(2) == serial
    assert forked == [1]  # it did fork


def test_a_failing_child_leaves_its_checks_to_the_parent(monkeypatch):
    serial = _report(1)
    monkeypatch.setattr(parallel, "MIN_ELEMENTS", 0)
    parent = os.getpid()
    from archtool.rules.registry import get

    rule = get("dup-name")
    real = rule.check
    ran_here = []

    def only_in_parent(ctx):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        ran_here.append(1)
        return real(ctx)

    monkeypatch.setattr(type(rule), "check", property(lambda self: only_in_parent if self.id == "dup-name" else
                                                      self.__dict__["check"]), raising=False)
    assert _report(2) == serial
    assert ran_here == [1]  # dup-name belongs to the child's share; the parent ran it after the child failed
