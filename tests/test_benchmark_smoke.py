"""The on-demand benchmark (benchmarks/bench.py) still runs: every stage and every ratio is printed."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import EXAMPLE, ROOT


def test_benchmark_script_runs_on_a_small_model(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--model", str(EXAMPLE / "smart-city"),
                           "--runs", "1", "--work", str(tmp_path), "--build", "--workflows"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for stage in ("parse", "validate", "load", "graph", "rules", "render"):
        assert re.search(rf"^{stage}\s+\d+\.\d{{3}}$", out, re.M), stage
    for label in ("baseline", "cold", "warm", "edited"):
        assert re.search(rf"{label}.*\s\d+\.\d{{3}}\s+\d+\.\d\d", out), label
    assert re.search(r"peak memory of check\s+\d+ MB", out)
    assert re.search(r"build \(one run\)\s+\d+\.\d{3}", out)
    for flow in ("diff, every id changed", "merge with a second model", "import of the model's workbook"):
        assert re.search(rf"^{re.escape(flow)}.*\s\d+\.\d{{3}}\s+\d+\.\d\d\s+\d+\.\d\d .*\s\d+$", out, re.M), flow
    assert (tmp_path / "cache").is_dir()  # the warm runs used the benchmark's own cache folder
