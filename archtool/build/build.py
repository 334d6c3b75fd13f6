"""The build orchestrator: one check result in, every artefact out.

Everything is written into a staging folder beside ``OUT`` (each file with ``atomic_write``), then
moved into ``OUT`` file by file with ``os.replace``; a failure leaves ``OUT`` as it was. Only fixed
names and sanitised ids are used as file names, and every path is checked to stay inside ``OUT``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from archtool.build.view import View

OUTPUTS = ("findings.json", "findings.sarif", "matrix.xlsx", "plan.md", "plan.docx", "report.html")
DIAGRAM_SUFFIXES = (".dot", ".mmd", ".svg", ".png")
_REL = re.compile(r"^(diagrams/)?[a-z0-9][a-z0-9._-]*$")


class OutputProblem(Exception):
    """The output folder cannot be used (one line for the user)."""


@dataclass
class BuildReport:
    out: Path
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def fixed_time() -> dt.datetime:
    """The timestamp written into DOCX/XLSX metadata and zip entries: ``SOURCE_DATE_EPOCH`` when
    set, else 1980-01-01 (the zip epoch), so two builds are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
        return max(when, dt.datetime(1980, 1, 1))
    return dt.datetime(1980, 1, 1)


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an Office zip with fixed entry dates and fixed core-property timestamps."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + stamp, body)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, body)
    return out.getvalue()


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
        from archtool.fsio import atomic_write

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


def _diagrams(v: View, stage: Staging, notes: list[str], step: Callable[[str], None]) -> list[dict[str, Any]]:
    from markupsafe import Markup

    from archtool.build import diagrams as D

    views = D.all_views(v)
    binary = D.find_renderer()
    if binary is None:
        notes.append(D.renderer_hint(v.lang))
    dots = {d.name: d.to_dot() for d in views}
    for d in views:
        stage.put(f"diagrams/{d.name}.dot", dots[d.name])
        stage.put(f"diagrams/{d.name}.mmd", d.to_mermaid())
    svgs: dict[str, bytes | None] = {}
    if binary:
        step("svg")
        jobs = [(d.name, "svg") for d in views] + [("layers", "png")]

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
                if fmt == "svg":
                    svgs[name] = data
    out = []
    for d in views:
        svg = svgs.get(d.name)
        markup = None
        if svg:
            text = svg.decode("utf-8", "replace")
            text = text[text.find("<svg"):] if "<svg" in text else ""
            markup = Markup(text)  # produced by Graphviz from escaped labels; no model markup
        out.append({"name": d.name, "title": d.title, "svg": markup,
                    "png": d.name == "layers" and "diagrams/layers.png" in stage.files})
    return out


def build(result: Any, out: Path, lang: str = "vi", template_dir: Path | None = None,
          step: Callable[[str], None] = lambda _name: None) -> BuildReport:
    """Write every artefact of ``result`` into ``out``. Raises :class:`OutputProblem` or
    ``templating.TemplateProblem`` with a one-line message; ``out`` is untouched then."""
    from archtool.build import templating
    from archtool.build.context import context
    from archtool.build.excel import build_workbook
    from archtool.build.plan import markdown_to_docx
    from archtool.render import FORMATS

    v = View(result, lang)
    when = fixed_time()
    stage = Staging(out)
    report = BuildReport(out=stage.out)
    try:
        step("findings")
        stage.put("findings.json", FORMATS["json"](result, lang, False))
        stage.put("findings.sarif", FORMATS["sarif"](result, lang, False))
        step("diagrams")
        diagrams = _diagrams(v, stage, report.notes, step)
        step("matrix.xlsx")
        stage.put("matrix.xlsx", normalize_zip(build_workbook(v), when))
        ctx = context(v, diagrams)
        step("plan")
        md = templating.render("plan.md.j2", template_dir, ctx)
        stage.put("plan.md", md)
        reference = template_dir / "reference.docx" if template_dir and (template_dir / "reference.docx").is_file() else None
        stage.put("plan.docx", normalize_zip(markdown_to_docx(md, stage.root, reference, lang), when))
        step("report.html")
        stage.put("report.html", templating.render("report.html.j2", template_dir, ctx))
        step("publish")
        report.files = sorted(stage.files)
        stage.publish()
    except BaseException:
        stage.discard()
        raise
    return report
