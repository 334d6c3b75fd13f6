"""The on-demand benchmark (benchmarks/bench.py) still runs: every stage and every ratio is printed."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import EXAMPLE, ROOT


def test_benchmark_script_runs_on_a_small_model(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--model", str(EXAMPLE / "smart-city"),
                           "--runs", "1", "--work", str(tmp_path), "--workflows"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for stage in ("parse", "validate", "load", "graph", "rules", "render"):
        assert re.search(rf"^{stage}\s+\d+\.\d{{3}}$", out, re.M), stage
    number = r"\s+\d+\.\d{3}\s+\d+\.\d\d\s+\d+\.\d{3}\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+"  # wall, /parse, CPU, /parse, /cold, MB
    for label in ("baseline", "cold", "warm", "edited", "build", "review of 4 elements", "check of the proposal alone"):
        assert re.search(rf"^[^\n]*{re.escape(label)}[^\n]*?{number}", out, re.M), label
    assert re.search(r"peak memory of check\s+\d+ MB", out)
    assert re.search(r"review / \(warm check \+ proposal alone\): wall \d+\.\d\d, CPU \d+\.\d\d", out)
    for flow in ("diff, every id changed", "merge with a second model", "import of the model's workbook"):
        # wall, /parse, /cold, CPU, /cold, MB, target
        assert re.search(rf"^{re.escape(flow)}.*?\s\d+\.\d{{3}}\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d{{3}}\s+\d+\.\d\d\s+\d+\s+<= ",
                         out, re.M), flow
    assert (tmp_path / "cache").is_dir()  # the warm runs used the benchmark's own cache folder
