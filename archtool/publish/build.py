"""The build orchestrator: one check result in, every artefact out.

Everything is written into a staging folder beside ``OUT`` (each file with ``atomic_write``), then
published into ``OUT`` all or nothing (publish/staging.py: only files archtool wrote are ever removed
or replaced, no symbolic link on the way). Only fixed names and sanitised ids are used as file
names, and every path is checked to stay inside ``OUT``.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from archtool.output import stable_zip
from archtool.publish import diagrams as D
from archtool.publish import templating
from archtool.publish.context import context
from archtool.publish.excel import build_workbook
from archtool.publish.plan import markdown_to_docx
from archtool.publish.staging import OutputProblem, Staging
from archtool.publish.view import View
from archtool.render import FORMATS

__all__ = ["BuildReport", "OutputProblem", "Staging", "build"]


@dataclass
class BuildReport:
    out: Path
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _diagrams(v: View, stage: Staging, notes: list[str], step: Callable[[str], None]) -> list[dict[str, Any]]:
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
          step: Callable[[str], None] = lambda _name: None, force: bool = False) -> BuildReport:
    """Write every artefact of ``result`` into ``out``. Raises :class:`OutputProblem` or
    ``templating.TemplateProblem`` with a one-line message; ``out`` is untouched then. ``force``
    builds into a folder archtool did not create (replacing only files of archtool's names)."""
    v = View(result, lang)
    stage = Staging(out, force)
    report = BuildReport(out=stage.out)
    try:
        step("findings")
        stage.put("findings.json", FORMATS["json"](result, lang, False))
        stage.put("findings.sarif", FORMATS["sarif"](result, lang, False))
        step("diagrams")
        diagrams = _diagrams(v, stage, report.notes, step)
        step("matrix.xlsx")
        stage.put("matrix.xlsx", stable_zip(build_workbook(v)))
        ctx = context(v, diagrams)
        step("plan")
        md = templating.render("plan.md.j2", template_dir, ctx)
        stage.put("plan.md", md)
        reference = template_dir / "reference.docx" if template_dir and (template_dir / "reference.docx").is_file() else None
        stage.put("plan.docx", stable_zip(markdown_to_docx(md, stage.root, reference, lang)))
        step("report.html")
        stage.put("report.html", templating.render("report.html.j2", template_dir, ctx))
        step("publish")
        report.files = sorted(stage.files)
        stage.publish()
    except BaseException:
        stage.discard()
        raise
    return report
