"""The build orchestrator: one check result in, every artefact out.

Everything is written into a staging folder beside ``OUT`` (each file with ``atomic_write``), then
moved into ``OUT`` file by file with ``os.replace``; a failure leaves ``OUT`` as it was. Only fixed
names and sanitised ids are used as file names, and every path is checked to stay inside ``OUT``.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from archtool.output import atomic_write, stable_zip
from archtool.publish import archimate, handwritten, templating
from archtool.publish import diagrams as D
from archtool.publish import views as V
from archtool.publish.context import common
from archtool.publish.excel import build_workbook
from archtool.publish.planctx import SECTIONS, plan_context
from archtool.publish.report import report_context
from archtool.publish.view import View
from archtool.publish.wordwriter import markdown_to_docx
from archtool.render import FORMATS

DIAGRAM_SUFFIXES = (".dot", ".mmd", ".svg", ".png")
#: above this many elements build leaves the ArchiMate file to ``archtool export`` (docs/build.md)
ARCHIMATE_LIMIT = 20_000
_REL = re.compile(r"^(diagrams/)?[a-z0-9][a-z0-9._-]*$")


class OutputProblem(Exception):
    """The output folder cannot be used (one line for the user)."""


@dataclass
class BuildReport:
    out: Path
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Staging:
    """Files of one build, written under a temporary folder and published into ``out`` at the end."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve() if out.exists() else out.absolute()
        if self.out.exists() and (self.out.is_symlink() or not self.out.is_dir()):
            raise OutputProblem(f"'{out}' exists and is not a folder / không phải thư mục")
        diagrams = self.out / "diagrams"
        if diagrams.is_symlink() or (diagrams.exists() and not diagrams.is_dir()):
            raise OutputProblem(f"'{diagrams}' is not a plain folder / không phải thư mục thường")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.build-", dir=self.out.parent))
        (self.root / "diagrams").mkdir()
        self.files: list[str] = []

    def path(self, rel: str) -> Path:
        if not _REL.match(rel):
            raise OutputProblem(f"refusing to write '{rel}' (not a safe output name)")
        path = self.root / rel
        if path.resolve().parent not in (self.root.resolve(), (self.root / "diagrams").resolve()):
            raise OutputProblem(f"refusing to write '{rel}' outside the output folder")
        return path

    def put(self, rel: str, data: str | bytes) -> None:
        atomic_write(self.path(rel), data)
        self.files.append(rel)

    def publish(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "diagrams").mkdir(exist_ok=True)
        written = set(self.files)
        for rel in sorted(written):
            os.replace(self.root / rel, self.out / rel)
        for old in sorted((self.out / "diagrams").iterdir()):  # stale diagrams of an earlier build
            if old.suffix in DIAGRAM_SUFFIXES and f"diagrams/{old.name}" not in written and old.is_file():
                old.unlink()
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24]) if data[:8] == b"\x89PNG\r\n\x1a\n" else (4, 3)


def _diagrams(v: View, views: list[D.Diagram], stage: Staging, notes: list[str],
              step: Callable[[str], None]) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Write every view as DOT and Mermaid and, with a Graphviz binary, as SVG; draw the plan's
    figures as PNG (the layered view split by layer when it would not be readable on one page)."""
    binary = D.find_renderer()
    if binary is None:
        notes.append(D.renderer_hint(v.lang))
    dots = {d.name: d.to_dot() for d in views}
    for d in views:
        stage.put(f"diagrams/{d.name}.dot", dots[d.name])
        stage.put(f"diagrams/{d.name}.mmd", d.to_mermaid())
    figures_of = V.plan_views(v)
    for part in (d for parts in figures_of.values() for d in parts):
        dots.setdefault(part.name, part.to_dot())
    plan = {key: [d.name for d in parts] for key, parts in figures_of.items()}
    rendered: dict[tuple[str, str], bytes] = {}
    if binary:
        step("svg")
        jobs = [(d.name, "svg") for d in views] + [(name, "png") for names in plan.values() for name in names]

        def run(job: tuple[str, str]) -> tuple[str, str, bytes | None, str]:
            try:
                return job[0], job[1], D.render(binary, dots[job[0]], job[1]), ""
            except D.RenderError as exc:
                return job[0], job[1], None, str(exc)

        with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
            for name, fmt, data, problem in pool.map(run, jobs):
                if data is None:
                    notes.append(f"{name}.{fmt}: {binary} failed / lỗi: {problem}")
                    continue
                stage.put(f"diagrams/{name}.{fmt}", data)
                rendered[(name, fmt)] = data
    out = []
    for d in views:
        svg = rendered.get((d.name, "svg"))
        markup = None
        if svg:
            text = svg.decode("utf-8", "replace")
            text = text[text.find("<svg"):] if "<svg" in text else ""
            markup = Markup(text)  # produced by Graphviz from escaped labels; no model markup
        out.append({"name": d.name, "title": d.title, "svg": markup})
    figures: dict[str, list[dict[str, Any]]] = {}
    for key, names in plan.items():
        for name in names:
            png = rendered.get((name, "png"))
            if png:
                width, height = _png_size(png)
                # a figure much wider than high reads better on a landscape page
                title = next(d.title for d in figures_of[key] if d.name == name)
                figures.setdefault(key, []).append({"name": name, "png": f"diagrams/{name}.png",
                                                    "caption": title if key != "layers" else "",
                                                    "landscape": width > 1.35 * height})
    return out, figures


def build(result: Any, out: Path, lang: str = "vi", template_dir: Path | None = None,
          step: Callable[[str], None] = lambda _name: None) -> BuildReport:
    """Write every artefact of ``result`` into ``out``. Raises :class:`OutputProblem` or
    ``templating.TemplateProblem`` with a one-line message; ``out`` is untouched then."""
    v = View(result, lang)
    stage = Staging(out)
    report = BuildReport(out=stage.out)
    try:
        step("findings")
        stage.put("findings.json", FORMATS["json"](result, lang, False))
        stage.put("findings.sarif", FORMATS["sarif"](result, lang, False))
        step("diagrams")
        views = V.all_views(v)
        diagrams, figures = _diagrams(v, views, stage, report.notes, step)
        step("matrix.xlsx")
        stage.put("matrix.xlsx", stable_zip(build_workbook(v)))
        if len(v.arch.elements) <= ARCHIMATE_LIMIT:
            stage.put("archimate.xml", archimate.export(v, views))
        else:  # a national model's exchange file is tens of MB that no modelling tool opens whole
            report.notes.append(v.text(f"archimate.xml không ghi (trên {ARCHIMATE_LIMIT:,} phần tử); dùng: archtool export "
                                       "--format archimate", f"archimate.xml not written (over {ARCHIMATE_LIMIT:,} "
                                       "elements); use: archtool export --format archimate"))
        step("plan")
        hand = handwritten.read(result.arch.top.root, SECTIONS)
        report.notes.extend(hand.problems)
        base = common(v, diagrams)
        md = templating.render("plan.md.j2", template_dir, plan_context(v, diagrams, hand, figures, base))
        stage.put("plan.md", md)
        reference = template_dir / "reference.docx" if template_dir and (template_dir / "reference.docx").is_file() else None
        stage.put("plan.docx", markdown_to_docx(md, stage.root, reference, lang, v.title))
        step("report.html")
        stage.put("report.html", templating.render("report.html.j2", template_dir, report_context(v, diagrams, base)))
        step("publish")
        report.files = sorted(stage.files)
        stage.publish()
    except BaseException:
        stage.discard()
        raise
    return report
