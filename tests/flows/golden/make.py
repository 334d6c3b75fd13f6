"""Make the inputs and the expected outputs of ``tests/flows/test_golden.py``.

The expected outputs are the bytes ``diff``, ``merge`` and ``import`` write without their national-
scale work (issue 18): made by main's code (eff6063, then 392222b for the merge report that names
systems, then the duplication findings' ``details.keep``), so that every speed-up is held to "the same bytes". Remake them only for an intended
change of output, with the code that changes it, and say so in the commit: ``python
tests/flows/golden/make.py`` (``--inputs`` also remakes the inputs with the synthetic generator: ``$ARCHTOOL_SYNTH`` or
``../shared/bench/synth.py``).

Inputs (``inputs/``): ``s250`` (the synthetic generator's 250 elements, seed 7, two files, plus
``odd.yaml``: text every YAML writer tier must handle: several lines, characters beyond U+FFFF,
``yes``, ``1.0``, ``a: b``, quotes, a leading dash; an element with tags of its own; waivers),
``s250-seed8`` (seed 8: the second province of a merge, its ids colliding, and waivers, one with the
id of one of the first model's), ``s250-renamed`` (``s250`` with every fifth element under a new id,
references following, every third of those with an edited name, a few fields changed, one
element removed and one added) and ``s250.xlsx`` (the inventory workbook of ``s250``, as
``benchmarks/bench.py --workflows`` makes it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
INPUTS = HERE / "inputs"
EXPECTED = HERE / "expected"
AS_OF = "2026-01-01"

ODD = '''\
applications:
  - id: p00-odd-lines
    name: "Ứng dụng nhiều dòng"
    owner: p00-u0
    description: "Dòng một\\nDòng hai: có dấu hai chấm\\n  thụt vào\\n"
    capabilities: [smart-tourism]
    tags: ["yes", "1.0", "a: b", "- gạch đầu dòng", "#không phải chú thích", "it's", "origin:cu"]
  - id: p00-odd-chars
    name: "Cổng du lịch 🚀 chữ Nôm 𠀀"
    owner: p00-u0
    description: "Một đoạn mô tả rất dài để dòng phải gập lại đúng chỗ như PyYAML gập: hệ thống phục vụ người dân, doanh nghiệp và cơ quan nhà nước trên địa bàn tỉnh"
    capabilities: [smart-tourism]
    vendor: "Công ty \\"Số\\" & cộng sự"
waivers:
  - rule: dup-name
    reason: "Hai hệ thống cùng tên, đã rà soát"
    expires: 2027-12-31
    elements: [p00-odd-lines]
  - id: mien-tru-1
    rule: dup-dataset-master
    elements: [p00-odd-chars]
    reason: Chờ hợp nhất
    expires: 2027-06-30
    tags: [tam-thoi]
'''

WAIVERS_B = '''\
waivers:
  - id: mien-tru-1
    rule: dup-name
    reason: Cùng mã với miễn trừ của mô hình kia
    expires: 2027-03-31
  - rule: dup-dataset-master
    reason: Chưa rõ đơn vị
    expires: 2026-12-31
'''

CASES: list[tuple[str, list[str]]] = [
    # (name, arguments after ``archtool``); {out} is the case's output folder, {in} the inputs
    ("diff-s250.json", ["diff", "{in}/s250", "{in}/s250-renamed", "--format", "json"]),
    ("diff-s250.md", ["diff", "{in}/s250", "{in}/s250-renamed", "--format", "markdown"]),
    ("diff-s250.txt", ["diff", "{in}/s250", "{in}/s250-renamed"]),
    ("diff-s250-en.md", ["diff", "{in}/s250", "{in}/s250-renamed", "--format", "markdown", "--lang", "en"]),
    ("diff-examples.json", ["diff", "examples/clean/egov", "examples/tay-ninh/egov", "--format", "json"]),
    ("diff-examples.md", ["diff", "examples/tutorial/1-egov", "examples/tutorial/2-smart-city", "--format", "markdown"]),
    ("merge-s250", ["merge", "{in}/s250", "{in}/s250-seed8", "-o", "{out}"]),
    ("merge-examples", ["merge", "examples/tay-ninh/egov", "examples/clean/egov", "-o", "{out}", "--prefix-a", "tn",
                        "--prefix-b", "mau", "--lang", "en"]),
    ("import-s250", ["import", "{in}/s250.xlsx", "-o", "{out}"]),
    ("import-examples", ["import", "examples/inventory/tay-ninh-nhiem-vu-2026-2030.xlsx", "-o", "{out}", "--create-units"]),
]
DATED = ("diff", "merge")  # the commands that take --as-of


def run_case(name: str, args: list[str], target: Path) -> dict[str, bytes]:
    """The case's outputs: its standard output and, for a folder case, every file it wrote
    (the schema copies under ``.archtool/`` are the schema's, not the command's, and left out)."""
    out = target / name
    shutil.rmtree(out, ignore_errors=True)
    argv = [a.replace("{in}", str(INPUTS)).replace("{out}", str(out)) for a in args]
    if argv[0] in DATED:
        argv += ["--as-of", AS_OF]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", ARCHTOOL_CACHE_DIR=str(target / "cache"))
    res = subprocess.run([sys.executable, "-m", "archtool", *argv], cwd=ROOT, env=env, capture_output=True)
    if res.returncode not in (0, 1):
        raise RuntimeError(f"{name}: exit {res.returncode}: {res.stderr.decode(errors='replace')[-2000:]}")
    got = {"stdout": res.stdout.replace(str(INPUTS).encode(), b"<in>").replace(str(out).encode(), b"<out>"),
           "exit": str(res.returncode).encode()}
    if out.is_dir():
        for p in sorted(out.rglob("*")):
            if p.is_file() and ".archtool" not in p.relative_to(out).parts:
                got[p.relative_to(out).as_posix()] = p.read_bytes()
    return got


def make_inputs() -> None:
    synth = os.environ.get("ARCHTOOL_SYNTH", str(ROOT.parent.parent / "shared" / "bench" / "synth.py"))
    shutil.rmtree(INPUTS, ignore_errors=True)
    INPUTS.mkdir(parents=True)
    for seed, name in ((7, "s250"), (8, "s250-seed8")):
        subprocess.run([sys.executable, str(synth), "250", str(INPUTS / name), "--files", "2", "--seed", str(seed)],
                       check=True, stdout=subprocess.DEVNULL)
    (INPUTS / "s250" / "elements" / "odd.yaml").write_text(ODD, encoding="utf-8")
    (INPUTS / "s250-seed8" / "elements" / "waivers.yaml").write_text(WAIVERS_B, encoding="utf-8")
    renamed(INPUTS / "s250", INPUTS / "s250-renamed")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench  # the benchmark's workbook: every element in the ``archtool template`` layout

    bench.workbook(INPUTS / "s250", INPUTS / "s250.xlsx")


_ID = re.compile(r"(?<![\w-])(p\d\d-[a-z]+\d+)(?![\w-])")


def renamed(src: Path, dst: Path) -> None:
    """A copy of ``src`` with every fifth element (units aside) under a new id, its references
    following; every third of those gets an edited name; a few plain changes."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    files = sorted((dst / "elements").glob("part-*.yaml"))
    ids = [m for p in files for m in re.findall(r"^  - id: (p\d\d-[a-z]+\d+)$", p.read_text(encoding="utf-8"), re.M)]
    chosen = [i for n, i in enumerate(x for x in ids if "-u" not in x) if n % 5 == 0]
    mapping = {i: f"m-{i}" for i in chosen}
    edit = set(chosen[::3])
    for p in files:
        text = p.read_text(encoding="utf-8")
        lines = text.split("\n")
        current = None
        for k, line in enumerate(lines):
            m = re.match(r"  - id: (\S+)$", line)
            if m:
                current = m.group(1)
            elif current in edit and line.startswith("    name: \""):
                lines[k] = line[:-1] + " mới\"" if len(edit) % 2 else line.replace("Hệ thống", "Nền tảng", 1)
                edit.discard(current)
        text = _ID.sub(lambda m: mapping.get(m.group(1), m.group(1)), "\n".join(lines))
        text = text.replace("security_level: 2", "security_level: 3", 3)  # a few plain changes
        p.write_text(text, encoding="utf-8")
    first = files[0].read_text(encoding="utf-8")
    gone = re.search(r"^  - id: (p00-ds\d+)\n(?:    .*\n|      .*\n)*", first, re.M)  # one element removed
    first = first[:gone.start()] + first[gone.end():]
    first = first.replace("datasets:\n", "datasets:\n  - id: p00-ds-moi\n    name: \"CSDL mới thêm\"\n"
                          "    owner: p00-u0\n    personal_data: false\n", 1)  # one added
    files[0].write_text(first, encoding="utf-8")


def main(argv: list[str]) -> int:
    if "--inputs" in argv:
        make_inputs()
    shutil.rmtree(EXPECTED, ignore_errors=True)
    EXPECTED.mkdir(parents=True)
    tmp = HERE / ".work"
    for name, args in CASES:
        for rel, data in run_case(name, args, tmp).items():
            path = EXPECTED / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
