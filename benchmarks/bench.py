#!/usr/bin/env python3
"""archtool performance benchmark (run on demand; see docs/performance.md).

Generates synthetic models (1k, 10k, 50k elements, and 100k for check) with the synthetic-model
generator, then for each model:

* times each stage in one process: parse (YAML only), load (read + parse + validate), graph,
  rules (``engine.run``, whatever rules are registered), render (json);
* times whole processes, interleaved (A B C … A B C …) so that drift of the machine hits all alike:
  the baseline (PyYAML ``CSafeLoader`` parsing the same files, GC on),
  ``archtool check --format json --no-cache`` (cold), the same with the caches filled and the files
  unchanged (warm: the result cache answers), the same after one element file was edited
  (edited: the parse cache answers for the other files, every rule runs), ``archtool build`` with
  empty caches, ``archtool review`` of benchmarks/synth-proposal.yaml (four elements) against the
  model with the caches filled, and the check of that proposal alone; each with its wall and CPU
  seconds (user + system, workers included) and peak memory;
* prints the ratios the targets are stated in (cold ≤ 1.0× parse, warm ≤ 0.25× parse, build CPU
  ≤ 2.5× cold check, review ≤ warm check + the proposal alone);
* with ``--workflows``, times, interleaved with the runs above, ``archtool diff`` of the model against
  a copy in which every id changed (what an import or a merge does; references follow),
  ``archtool merge`` of the model with a second one (the generator's seed 8, or the renamed copy
  for ``--model``) and ``archtool import`` of a workbook holding every element of the model (the
  ``archtool template`` layout), each with its peak memory and its ratio to the parse and to the
  cold check;
* after the last size, the growth exponent of every command between sizes
  (log(t₂/t₁) / log(n₂/n₁): 1.0 is linear). Ratios are medians of the runs' pairwise ratios.

Usage:
  python benchmarks/bench.py [--sizes 1000,10000,50000] [--check-sizes 100000] [--synth PATH] [--runs 3]
                             [--work DIR] [--only-check] [--workflows]
  python benchmarks/bench.py --model examples/tay-ninh/smart-city   # an existing model only
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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
PROPOSAL = HERE / "synth-proposal.yaml"  # four elements that fit every synthetic model
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
    from archtool.speed.cores import free_jobs

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
    result = check_architecture(arch, today=TODAY, jobs=free_jobs())  # as the command line runs them
    out["rules"] = time.perf_counter() - t
    t = time.perf_counter()
    FORMATS["json"](result, "vi", False)
    out["render"] = time.perf_counter() - t
    out["elements"] = len(arch.elements)
    out["findings"] = len(result.findings)
    return out


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds (user + system, the workers it waited for included), peak RSS in MB
    of the largest of these processes, exit code)."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({code}): {err.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, code


def stages_in_child(model: Path) -> dict[str, float]:
    """:func:`stages` in a process of its own: a process forked from one holding a loaded model
    would report that model's memory as its own peak (the peak survives ``exec`` on Linux)."""
    proc = subprocess.run([sys.executable, __file__, "--stages", str(model)], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"stages of {model} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def run_process(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB of this process and the children it waited for, exit code)."""
    wall, _cpu, rss, code = measure(cmd, env)
    return wall, rss, code


def archtool(*args: str, dated: bool = True) -> list[str]:
    return [sys.executable, "-m", "archtool", *args, *(("--as-of", TODAY.isoformat()) if dated else ())]


def processes(model: Path, runs: int, cache_dir: Path, work: Path,
              flows: dict[str, Path] | None = None, commands: bool = True) -> dict[str, float]:
    """Whole processes, interleaved: the parse baseline, check cold/warm/edited and (``commands``)
    build with cold caches and review of benchmarks/synth-proposal.yaml with warm caches, plus the
    check of that proposal alone (a model holding only it): medians of wall and CPU seconds, peak
    memory, and the medians of each run's ratio to the baseline and to the cold check."""
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
    fresh: dict[str, Path] = {}  # cache folders of a command, emptied before each run (cold caches)
    if commands:
        outputs["build"] = work / f"build-{model.name}"
        fresh["build"] = work / f"cache-build-{model.name}"
        cmds["build"] = archtool("build", str(model), "-o", str(outputs["build"]))
        cmds["review"] = archtool("review", str(PROPOSAL), "--against", str(model), "--format", "json")
        alone = work / "proposal-alone"  # the proposal as a model of its own
        if not (alone / "archtool.yaml").exists():
            alone.mkdir(parents=True, exist_ok=True)
            (alone / "archtool.yaml").write_text("archtool: 1\nmodel: {id: de-xuat, name: Đề xuất, kind: smart-city}\n",
                                                encoding="utf-8")
            shutil.copy(PROPOSAL, alone / "de-xuat.yaml")
        cmds["proposal"] = check(alone) + ["--no-cache"]
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
    cpus: dict[str, list[float]] = {k: [] for k in cmds}
    peaks: dict[str, int] = {k: 0 for k in cmds}
    for n in range(runs):  # interleaved, so that drift of the machine hits all alike
        for name, cmd in cmds.items():
            if name == "edited":
                edited_file.write_bytes(original + f"\n# edit {n}\n".encode())
            if name in outputs:
                shutil.rmtree(outputs[name], ignore_errors=True)
            if name in fresh:
                shutil.rmtree(fresh[name], ignore_errors=True)
            wall, cpu, rss, _code = measure(cmd, dict(env, ARCHTOOL_CACHE_DIR=str(fresh[name])) if name in fresh else env)
            times[name].append(wall)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], rss)
    result: dict[str, float] = {k: statistics.median(v) for k, v in times.items()}
    for k, v in times.items():  # the median of the runs' pairwise ratios: drift between runs cancels
        result[f"{k}/parse"] = statistics.median(x / b for x, b in zip(v, times["baseline"]))
        result[f"{k}/cold"] = statistics.median(x / c for x, c in zip(v, times["cold"]))
        result[f"{k}_mb"] = peaks[k]
        c = cpus[k]
        result[f"{k}_cpu"] = statistics.median(c)
        result[f"{k}_cpu/parse"] = statistics.median(x / b for x, b in zip(c, cpus["baseline"]))
        result[f"{k}_cpu/cold"] = statistics.median(x / b for x, b in zip(c, cpus["cold"]))
    if "review" in cmds:  # review against warm check + the proposal alone, run by run
        result["review/warm+proposal"] = statistics.median(
            r / (w + p) for r, w, p in zip(times["review"], times["warm"], times["proposal"]))
        result["review_cpu/warm+proposal"] = statistics.median(
            r / (w + p) for r, w, p in zip(cpus["review"], cpus["warm"], cpus["proposal"]))
    result["peak_mb"] = max(peaks[k] for k in ("cold", "warm", "edited"))
    result["load"] = os.getloadavg()[0]
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


def flow_inputs_in_child(model: Path, renamed: Path, book: Path) -> tuple[Path, Path]:
    """:func:`renamed_copy` and :func:`workbook` made in a process of their own (both load the model:
    this process must stay small, see :func:`stages_in_child`)."""
    if not (renamed / "archtool.yaml").exists() or not book.exists():
        proc = subprocess.run([sys.executable, __file__, "--flow-inputs", str(model), str(renamed), str(book)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"workflow inputs of {model} failed: {proc.stderr[-2000:]}")
    return renamed, book


def synthesize(synth: str, n: int, work: Path, seed: int | None = None) -> Path:
    target = work / (f"synth{n}" if seed is None else f"synth{n}-seed{seed}")
    if not (target / "archtool.yaml").exists():
        extra = [] if seed is None else ["--seed", str(seed)]
        subprocess.run([sys.executable, synth, str(n), str(target), *extra], check=True, stdout=subprocess.DEVNULL)
    return target


FLOWS = (("diff", "diff, every id changed (--no-cache)", "<= 2x cold"),
         ("merge", "merge with a second model", "<= 3x cold, < 1 GB"),
         ("import", "import of the model's workbook", "<= 1.5x parse"))


def report(name: str, st: dict[str, float], pr: dict[str, float]) -> str:
    def row(label: str, key: str, target: str = "") -> str:
        return (f"{label:<32} {pr[key]:7.3f}  {pr[key + '/parse']:5.2f}  {pr[key + '_cpu']:7.3f}  "
                f"{pr[key + '_cpu/parse']:5.2f}  {pr[key + '_cpu/cold']:5.2f}  {pr[key + '_mb']:5d}  {target}")

    lines = [
        f"## {name}: {int(st['elements'])} elements, {int(st['findings'])} findings "
        f"(load average at the end {pr['load']:.1f})",
        "stage      seconds",
        *(f"{k:<10} {st[k]:7.3f}" for k in ("parse", "validate", "load", "graph", "rules", "render")),
        "",
        "whole process (medians; ratios: median of pairwise ratios)",
        f"{'':<32} {'wall s':>7}  {'/parse':>5}  {'CPU s':>7}  {'/parse':>5}  {'/cold':>5}  {'MB':>5}  target",
        row("baseline (CSafeLoader, GC)", "baseline"),
        row("check --no-cache (cold)", "cold", "wall <= 1.0x parse; one core <= 0.6x, two <= 0.4x"),
        row("check (warm cache)", "warm", "wall <= 0.25x parse"),
        row("check (one file edited)", "edited"),
        f"{'peak memory of check':<32} {pr['peak_mb']:7d} MB  (target < 1024 MB)",
    ]
    if "build" in pr:
        lines.append(row("build (cold caches)", "build", "CPU <= 2.5x cold check"))
    if "review" in pr:
        lines += [row("review of 4 elements (warm)", "review"), row("check of the proposal alone", "proposal"),
                  f"review / (warm check + proposal alone): wall {pr['review/warm+proposal']:.2f}, "
                  f"CPU {pr['review_cpu/warm+proposal']:.2f}   (target <= 1.00)"]
    if any(k in pr for k, _label, _target in FLOWS):
        lines += ["", f"{'workflow (medians; ratios as above)':<38} {'wall s':>7}  {'/parse':>6}  {'/cold':>5}  "
                      f"{'CPU s':>7}  {'/cold':>5}  {'MB':>5}  target"]
        for key, label, target in FLOWS:
            if key in pr:
                lines.append(f"{label:<38} {pr[key]:7.3f}  {pr[key + '/parse']:6.2f}  {pr[key + '/cold']:5.2f}  "
                             f"{pr[key + '_cpu']:7.3f}  {pr[key + '_cpu/cold']:5.2f}  {pr[key + '_mb']:5d}  {target}")
    return "\n".join(lines + [""])


def growth(results: list[tuple[int, dict[str, float]]]) -> str:
    """Growth exponents between consecutive sizes (1.0: linear, 2.0: quadratic)."""
    keys = [k for k in ("baseline", "cold", "warm", "edited", "build", "review", "diff", "merge", "import")
            if any(k in r for _n, r in results)]
    lines = ["## growth exponents (log(t2/t1) / log(n2/n1)), of the wall and of the CPU seconds",
             "command       " + "  ".join(f"{a:>6}->{b:<6}" for (a, _), (b, _) in zip(results, results[1:]))]
    for k in keys:
        for label, key in (("", k), (" CPU", f"{k}_cpu")):
            cells = []
            for (n1, r1), (n2, r2) in zip(results, results[1:]):
                cells.append(f"{math.log(r2[key] / r1[key]) / math.log(n2 / n1):13.2f}"
                             if r1.get(key, 0) > 0 and r2.get(key, 0) > 0 and n2 != n1 else f"{'-':>13}")
            if any(c.strip() != "-" for c in cells):
                lines.append(f"{k + label:<13} " + "  ".join(cells))
    return "\n".join(lines + [""])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--synth", default=DEFAULT_SYNTH, help="path of the synthetic-model generator")
    ap.add_argument("--model", action="append", type=Path, help="benchmark this model instead")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, help="folder for generated models (default: a temporary one)")
    ap.add_argument("--check-sizes", default="100000",
                    help="more sizes at which only check runs (no build, review or workflows); '' for none")
    ap.add_argument("--only-check", action="store_true", help="time check only (no build, no review)")
    ap.add_argument("--workflows", action="store_true", help="also time diff, merge and import")
    ap.add_argument("--stages", type=Path, help=argparse.SUPPRESS)  # one model's stages as JSON (a child)
    ap.add_argument("--flow-inputs", nargs=3, type=Path, help=argparse.SUPPRESS)  # model, renamed copy, workbook
    args = ap.parse_args(argv)
    if args.stages:
        print(json.dumps(stages(args.stages)))
        return 0
    if args.flow_inputs:
        model, target, book = args.flow_inputs
        renamed_copy(model, target)
        workbook(model, book)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="archtool-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cache_dir = work / "cache"
    try:
        if args.model:
            models = [(str(m), m, None, True) for m in args.model]
        else:
            if not Path(args.synth).is_file():
                sys.exit(f"generator not found: {args.synth} (give --synth or ARCHTOOL_SYNTH)")
            sizes = [(int(n), True) for n in args.sizes.split(",") if n] + \
                [(int(n), False) for n in args.check_sizes.split(",") if n]
            models = [(f"synth {n}", synthesize(args.synth, n, work), n, every) for n, every in sizes]
        results: list[tuple[int, dict[str, float]]] = []
        for name, model, n, every in models:
            flows = None
            if args.workflows and every:
                tag = model.name if n is None else str(n)
                renamed, book = flow_inputs_in_child(model, work / f"renamed-{tag}", work / f"workbook-{tag}.xlsx")
                second = renamed if n is None else synthesize(args.synth, n, work, seed=8)
                flows = {"renamed": renamed, "second": second, "workbook": book}
            st = stages_in_child(model)
            pr = processes(model, args.runs, cache_dir, work, flows, commands=every and not args.only_check)
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
