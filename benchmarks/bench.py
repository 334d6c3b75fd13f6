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
* with ``--build``, times one ``archtool build`` of each model;
* with ``--workflows``, times, interleaved with the runs above, ``archtool diff`` of the model against
  a copy in which every id changed (what an import or a merge does; references follow),
  ``archtool merge`` of the model with a second one (the generator's seed 8, or the renamed copy
  for ``--model``) and ``archtool import`` of a workbook holding every element of the model (the
  ``archtool template`` layout), each with its peak memory and its ratio to the parse and to the
  cold check; after the last size, the growth exponent of every command between sizes
  (log(t₂/t₁) / log(n₂/n₁): 1.0 is linear). Ratios are medians of the runs' pairwise ratios.

Usage:
  python benchmarks/bench.py [--sizes 1000,10000,50000] [--synth PATH] [--runs 3] [--work DIR] [--build] [--workflows]
  python benchmarks/bench.py --model examples/tay-ninh/smart-city   # an existing model only
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
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


#: starts the command from a small process and writes its peak RSS (KiB) and exit status to argv[1]:
#: a child's ru_maxrss counts the pages of the process it was forked from, and this benchmark's own
#: process holds a whole model after :func:`stages`
LAUNCH = r"""
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_pid, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_process(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB of the command and the children it waited for, exit code)."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as note:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCH, note.name, *cmd], env=env,
                       stdout=subprocess.DEVNULL, stderr=err)
        wall = time.perf_counter() - t
        rss_kb, code = (int(x) for x in note.read().split())
        if code not in (0, 1):
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({code}): {err.read().decode(errors='replace')[-2000:]}")
    return wall, rss_kb // 1024, code


def archtool(*args: str, dated: bool = True) -> list[str]:
    return [sys.executable, "-m", "archtool", *args, *(("--as-of", TODAY.isoformat()) if dated else ())]


def processes(model: Path, runs: int, cache_dir: Path, work: Path,
              flows: dict[str, Path] | None = None) -> dict[str, float]:
    env = dict(os.environ, ARCHTOOL_CACHE_DIR=str(cache_dir), ARCHTOOL_RESULT_CACHE="1")  # on in CI too

    def check(path: Path) -> list[str]:
        return archtool("check", str(path), "--format", "json")

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
    outputs: dict[str, Path] = {}  # folders a command writes, removed before each run
    if flows:
        cmds["diff"] = archtool("diff", str(model), str(flows["renamed"]), "--format", "json", "--no-cache",
                                "-o", str(work / f"diff-{model.name}.json"))
        outputs["merge"] = work / f"merge-{model.name}"
        cmds["merge"] = archtool("merge", str(model), str(flows["second"]), "-o", str(outputs["merge"]), "--no-cache")
        outputs["import"] = work / f"import-{model.name}"
        cmds["import"] = archtool("import", str(flows["workbook"]), "-o", str(outputs["import"]), dated=False)
    run_process(cmds["warm"], env)  # fills the caches (and warms the OS file cache)
    run_process(cmds["edited"], env)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    peaks: dict[str, int] = {k: 0 for k in cmds}
    for n in range(runs):  # interleaved, so that drift of the machine hits all alike
        for name, cmd in cmds.items():
            if name == "edited":
                edited_file.write_bytes(original + f"\n# edit {n}\n".encode())
            if name in outputs:
                shutil.rmtree(outputs[name], ignore_errors=True)
            wall, rss, _code = run_process(cmd, env)
            times[name].append(wall)
            peaks[name] = max(peaks[name], rss)
    result: dict[str, float] = {k: statistics.median(v) for k, v in times.items()}
    for k, v in times.items():  # the median of the runs' pairwise ratios: drift between runs cancels
        result[f"{k}/parse"] = statistics.median(x / b for x, b in zip(v, times["baseline"]))
        result[f"{k}/cold"] = statistics.median(x / c for x, c in zip(v, times["cold"]))
        result[f"{k}_mb"] = peaks[k]
    result["peak_mb"] = max(peaks[k] for k in ("cold", "warm", "edited"))
    return result


def renamed_copy(model: Path, target: Path) -> Path:
    """The model with every id of its own elements changed (``v2-`` before it) and every reference
    following: what a diff sees after an import or a merge re-made the ids."""
    from archtool.model.loader import load
    from archtool.workflows.common import dump_element, rewrite_references, write_model_files

    if (target / "archtool.yaml").exists():
        return target
    arch = load(model)
    own = [el for el in arch.elements.values() if not arch.is_baseline(el)]
    renames = {el.id: f"v2-{el.id}" for el in own}
    collections: dict[str, list] = {}
    for el in own:
        collections.setdefault(el.KIND, []).append(rewrite_references(dump_element(el), renames))
    manifest = {"archtool": 1, "model": {**arch.manifest.model.model_dump(mode="json", exclude_none=True)}}
    if arch.manifest.extends:
        manifest["extends"] = os.path.relpath(os.path.abspath(model / arch.manifest.extends), os.path.abspath(target))
    write_model_files(target, manifest, collections)
    return target


def workbook(model: Path, target: Path) -> Path:
    """A planner's inventory workbook (the ``archtool template`` layout) holding every element."""
    from archtool.model.loader import load
    from archtool.workflows.common import dump_element
    from archtool.workflows.xlsx_template import write_workbook

    if not target.exists():
        arch = load(model)
        collections: dict[str, list] = {}
        for el in sorted(arch.elements.values(), key=lambda e: e.id):
            collections.setdefault(el.KIND, []).append(dump_element(el))
        target.write_bytes(write_workbook(collections))
    return target


def build_time(model: Path, work: Path, cache_dir: Path) -> float:
    out = work / f"build-{model.name}"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, ARCHTOOL_CACHE_DIR=str(cache_dir), ARCHTOOL_RESULT_CACHE="1")  # on in CI too
    wall, _rss, _code = run_process([sys.executable, "-m", "archtool", "build", str(model), "-o", str(out),
                                     "--as-of", TODAY.isoformat()], env)
    return wall


def synthesize(synth: str, n: int, work: Path, seed: int | None = None) -> Path:
    target = work / (f"synth{n}" if seed is None else f"synth{n}-seed{seed}")
    if not (target / "archtool.yaml").exists():
        extra = [] if seed is None else ["--seed", str(seed)]
        subprocess.run([sys.executable, synth, str(n), str(target), *extra], check=True, stdout=subprocess.DEVNULL)
    return target


FLOWS = (("diff", "diff, every id changed (--no-cache)", "<= 2x cold"),
         ("merge", "merge with a second model", "<= 3x cold"),
         ("import", "import of the model's workbook", "<= 1.5x cold"))


def report(name: str, st: dict[str, float], pr: dict[str, float]) -> str:
    base = pr["baseline"]
    lines = [
        f"## {name}: {int(st['elements'])} elements, {int(st['findings'])} findings",
        "stage      seconds",
        *(f"{k:<10} {st[k]:7.3f}" for k in ("parse", "validate", "load", "graph", "rules", "render")),
        "",
        "whole process (median)      seconds   ratio to parse baseline",
        f"baseline (CSafeLoader, GC)  {base:7.3f}   1.00",
        f"check --no-cache (cold)     {pr['cold']:7.3f}   {pr['cold/parse']:4.2f}   (target <= 1.00)",
        f"check (warm cache)          {pr['warm']:7.3f}   {pr['warm/parse']:4.2f}   (target <= 0.25)",
        f"check (one file edited)     {pr['edited']:7.3f}   {pr['edited/parse']:4.2f}",
        f"peak memory of check        {pr['peak_mb']:7d} MB  (target < 1024 MB)",
    ]
    if any(k in pr for k, _label, _target in FLOWS):
        lines += ["", "workflow (median)                      seconds   / parse   / cold check   peak MB"]
        for key, label, target in FLOWS:
            if key in pr:
                lines.append(f"{label:<38} {pr[key]:7.3f}   {pr[key + '/parse']:6.2f}   {pr[key + '/cold']:6.2f} "
                             f"({target})   {pr[key + '_mb']:5d}")
    if "build" in pr:
        lines.append(f"build (one run)             {pr['build']:7.3f}   (target < 60 s)")
    return "\n".join(lines + [""])


def growth(results: list[tuple[int, dict[str, float]]]) -> str:
    """Growth exponents between consecutive sizes (1.0: linear, 2.0: quadratic)."""
    keys = [k for k in ("baseline", "cold", "warm", "edited", "diff", "merge", "import") if k in results[0][1]]
    lines = ["## growth exponents (log(t2/t1) / log(n2/n1))", "command    " + "  ".join(
        f"{a:>6}->{b:<6}" for (a, _), (b, _) in zip(results, results[1:]))]
    for k in keys:
        cells = []
        for (n1, r1), (n2, r2) in zip(results, results[1:]):
            cells.append(f"{math.log(r2[k] / r1[k]) / math.log(n2 / n1):13.2f}" if r1[k] > 0 and r2[k] > 0 and n2 != n1 else
                         f"{'-':>13}")
        lines.append(f"{k:<10} " + "  ".join(cells))
    return "\n".join(lines + [""])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--synth", default=DEFAULT_SYNTH, help="path of the synthetic-model generator")
    ap.add_argument("--model", action="append", type=Path, help="benchmark this model instead")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, help="folder for generated models (default: a temporary one)")
    ap.add_argument("--build", action="store_true", help="also time one `archtool build` of each model")
    ap.add_argument("--workflows", action="store_true", help="also time diff, merge and import")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="archtool-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cache_dir = work / "cache"
    try:
        if args.model:
            models = [(str(m), m, None) for m in args.model]
        else:
            if not Path(args.synth).is_file():
                sys.exit(f"generator not found: {args.synth} (give --synth or ARCHTOOL_SYNTH)")
            models = [(f"synth {n}", synthesize(args.synth, int(n), work), int(n)) for n in args.sizes.split(",")]
        results: list[tuple[int, dict[str, float]]] = []
        for name, model, n in models:
            flows = None
            if args.workflows:
                tag = model.name if n is None else str(n)
                renamed = renamed_copy(model, work / f"renamed-{tag}")
                second = renamed if n is None else synthesize(args.synth, n, work, seed=8)
                flows = {"renamed": renamed, "second": second, "workbook": workbook(model, work / f"workbook-{tag}.xlsx")}
            st = stages(model)
            pr = processes(model, args.runs, cache_dir, work, flows)
            if args.build:
                pr["build"] = build_time(model, work, cache_dir)
            print(report(name, st, pr), flush=True)
            results.append((int(st["elements"]), pr))
        if len(results) > 1:
            print(growth(results), flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
