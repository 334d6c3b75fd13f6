"""Helpers of the hostile-model suite."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.conftest import TODAY, run_cli

try:  # POSIX only; elsewhere the memory bound is not asserted
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

#: a guard against hangs, not a speed requirement (speed is measured in benchmarks/): hostile input
#: that would hang or run for minutes fails, a slow machine does not
LIMIT_SECONDS = 120
LIMIT_KB = 1024 * 1024  # 1 GB (ru_maxrss is in KB on Linux)
MANIFEST_INCLUDE = "archtool: 1\nmodel: {id: m, name: M, kind: e-government}\ninclude: ['parts/*.yaml', 'parts/*/*.yaml']\n"


def hostile(root: Path, rule: str | None, file: str, line: int | None, *extra: str) -> dict[str, Any]:
    """Check ``root``; assert exit code 1 or 2, no traceback, no hang, and exactly one
    finding about ``file`` (of ``rule`` when given, at ``line`` when given). Returns that finding."""
    t = time.perf_counter()
    code, out, err = run_cli("check", str(root), "--format", "json", "--as-of", TODAY.isoformat(), *extra)
    elapsed = time.perf_counter() - t
    assert elapsed < LIMIT_SECONDS, f"took {elapsed:.1f} s"
    if resource is not None:
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < LIMIT_KB  # peak of this whole process
    assert code in (1, 2), (code, out, err)
    assert "Traceback" not in out + err
    report = json.loads(out)
    about = [f for f in report["findings"] if f["location"] and f["location"]["file"] == file
             and (rule is None or f["rule"] == rule)]
    assert len(about) == 1, [(f["rule"], f["location"]) for f in report["findings"]]
    f = about[0]
    if rule is not None:
        assert f["rule"] == rule
    if line is not None:
        assert f["location"]["line"] == line, f["location"]
    assert f["location"]["line"] >= 1 and f["location"]["column"] >= 1
    assert f["message"] and f["suggestion"]
    return f
