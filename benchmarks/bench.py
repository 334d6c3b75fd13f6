#!/usr/bin/env python3
"""archtool performance benchmark (run on demand; see docs/performance.md).

Generates synthetic models (1k, 10k, 50k elements) with the synthetic-model generator, then for
each model:

* times each stage in one process: parse (YAML only), load (read + parse + validate), graph,
  rules (``engine.run``, whatever rules are registered), render (json);
* times whole processes: the baseline (PyYAML ``CSafeLoader`` parsing the same files, GC on),
  ``archtool check --format json --no-cache`` (cold), the same with the caches filled and the files
  unchanged (warm: the result cache answers), and the same after one element file was edited
  (edited: the parse cache answers for the other files, every rule runs), with their peak memory;
* prints the ratios the targets are stated in (cold ≤ 1.0× parse, warm ≤ 0.25× parse);
* with ``--build``, times one ``archtool build`` of each model.

Usage:
  python benchmarks/bench.py [--sizes 1000,10000,50000] [--synth PATH] [--runs 3] [--work DIR] [--build]
  python benchmarks/bench.py --model examples/tay-ninh/smart-city   # an existing model only
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SYNTH = os.environ.get("ARCHTOOL_SYNTH", str(HERE.parent.parent / "shared" / "bench" / "synth.py"))
TODAY = dt.date(2026, 1, 1)

BASELINE = r"""
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob('*.y*ml')):
    with open(p, 'rb') as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)
"""


def yaml_files(model: Path) -> list[Path]:
    return sorted(p for p in model.rglob("*") if p.suffix in (".yaml", ".yml"))


def stages(model: Path) -> dict[str, float]:
    """Seconds per stage, measured in this process (each stage once, cold: no cache)."""
    from archtool.model.files import parse_bytes
    from archtool.model.loader import load
    from archtool.pipeline import check_architecture
    from archtool.render import FORMATS
    from archtool.speed import no_gc
    from archtool.speed.reader import default_jobs

    out: dict[str, float] = {}
    files = [(p, p.read_bytes()) for p in yaml_files(model)]
    t = time.perf_counter()
    with no_gc():
        for p, raw in files:
            parse_bytes(raw, p.name)
    out["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    with no_gc():
        arch = load(model)
    out["load"] = time.perf_counter() - t
    out["validate"] = max(0.0, out["load"] - out["parse"])
    t = time.perf_counter()
    arch.graph  # noqa: B018 - built on first use
    out["graph"] = time.perf_counter() - t
    t = time.perf_counter()
    result = check_architecture(arch, today=TODAY, jobs=default_jobs())  # as the command line runs them
    out["rules"] = time.perf_counter() - t
    t = time.perf_counter()
    FORMATS["json"](result, "vi", False)
    out["render"] = time.perf_counter() - t
    out["elements"] = len(arch.elements)
    out["findings"] = len(result.findings)
    return out


def run_process(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB, exit code) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return wall, max(peak, before) // 1024, proc.returncode


def processes(model: Path, runs: int, cache_dir: Path, work: Path) -> dict[str, float]:
    env = dict(os.environ, ARCHTOOL_CACHE_DIR=str(cache_dir), ARCHTOOL_RESULT_CACHE="1")  # on in CI too

    def check(path: Path) -> list[str]:
        return [sys.executable, "-m", "archtool", "check", str(path), "--format", "json", "--as-of", TODAY.isoformat()]

    edit_copy = work / f"edit-{model.name}"  # a copy whose first element file changes before each run
    shutil.rmtree(edit_copy, ignore_errors=True)
    shutil.copytree(model, edit_copy)
    edited_file = yaml_files(edit_copy)[-1]
    original = edited_file.read_bytes()
    cmds = {
        "baseline": [sys.executable, "-c", BASELINE, str(model)],
        "cold": check(model) + ["--no-cache"],
        "warm": check(model),
        "edited": check(edit_copy),
    }
    run_process(cmds["warm"], env)  # fills the caches (and warms the OS file cache)
    run_process(cmds["edited"], env)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    peak = 0
    for n in range(runs):  # interleaved, so that drift of the machine hits all alike
        for name, cmd in cmds.items():
            if name == "edited":
                edited_file.write_bytes(original + f"\n# edit {n}\n".encode())
            wall, rss, _code = run_process(cmd, env)
            times[name].append(wall)
            if name != "baseline":
                peak = max(peak, rss)
    result = {k: statistics.median(v) for k, v in times.items()}
    result["peak_mb"] = peak
    return result


def build_time(model: Path, work: Path, cache_dir: Path) -> float:
    out = work / f"build-{model.name}"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, ARCHTOOL_CACHE_DIR=str(cache_dir), ARCHTOOL_RESULT_CACHE="1")  # on in CI too
    wall, _rss, _code = run_process([sys.executable, "-m", "archtool", "build", str(model), "-o", str(out),
                                     "--as-of", TODAY.isoformat()], env)
    return wall


def synthesize(synth: str, n: int, work: Path) -> Path:
    target = work / f"synth{n}"
    if not (target / "archtool.yaml").exists():
        subprocess.run([sys.executable, synth, str(n), str(target)], check=True, stdout=subprocess.DEVNULL)
    return target


def report(name: str, st: dict[str, float], pr: dict[str, float]) -> str:
    base = pr["baseline"]
    lines = [
        f"## {name}: {int(st['elements'])} elements, {int(st['findings'])} findings",
        "stage      seconds",
        *(f"{k:<10} {st[k]:7.3f}" for k in ("parse", "validate", "load", "graph", "rules", "render")),
        "",
        "whole process (median)      seconds   ratio to parse baseline",
        f"baseline (CSafeLoader, GC)  {base:7.3f}   1.00",
        f"check --no-cache (cold)     {pr['cold']:7.3f}   {pr['cold'] / base:4.2f}   (target <= 1.00)",
        f"check (warm cache)          {pr['warm']:7.3f}   {pr['warm'] / base:4.2f}   (target <= 0.25)",
        f"check (one file edited)     {pr['edited']:7.3f}   {pr['edited'] / base:4.2f}",
        f"peak memory of check        {pr['peak_mb']:7d} MB  (target < 1024 MB)",
    ]
    if "build" in pr:
        lines.append(f"build (one run)             {pr['build']:7.3f}   (target < 60 s)")
    return "\n".join(lines + [""])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--synth", default=DEFAULT_SYNTH, help="path of the synthetic-model generator")
    ap.add_argument("--model", action="append", type=Path, help="benchmark this model instead")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, help="folder for generated models (default: a temporary one)")
    ap.add_argument("--build", action="store_true", help="also time one `archtool build` of each model")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="archtool-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cache_dir = work / "cache"
    try:
        if args.model:
            models = [(str(m), m) for m in args.model]
        else:
            if not Path(args.synth).is_file():
                sys.exit(f"generator not found: {args.synth} (give --synth or ARCHTOOL_SYNTH)")
            models = [(f"synth {n}", synthesize(args.synth, int(n), work)) for n in args.sizes.split(",")]
        for name, model in models:
            st = stages(model)
            pr = processes(model, args.runs, cache_dir, work)
            if args.build:
                pr["build"] = build_time(model, work, cache_dir)
            print(report(name, st, pr), flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
