"""``archtool build MODEL -o OUT``: every artefact of a model (docs/build.md).

No ``from __future__ import annotations`` here: typer evaluates the option annotations, which are
imported from archtool.cli inside :func:`register`.
"""


import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import typer

STEPS = ("check", "findings", "diagrams", "svg", "matrix.xlsx", "plan", "report.html", "publish")


@contextmanager
def progress(enabled: bool) -> Iterator[Callable[[str], None]]:
    """Rich progress on stderr when it is a terminal; a no-op otherwise."""
    if not enabled:
        yield lambda _name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("archtool build", total=len(STEPS))

        def step(name: str) -> None:
            done = STEPS.index(name) if name in STEPS else 0
            bar.update(task, completed=done, description=f"archtool build: {name}")

        yield step


def register(app: Any) -> None:
    from archtool.cli import FailOn, Lang, _lang, _parse_date, fail, guarded, load_or_exit

    @app.command("build")
    @guarded
    def build_cmd(
        model: Path = typer.Argument(..., help="Thư mục mô hình hoặc tệp archtool.yaml. / Model folder or its archtool.yaml."),
        output: Path = typer.Option(..., "--output", "-o", help="Thư mục kết quả. / Output folder."),
        lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
        fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Mức gây mã thoát 1 (mặc định: không). / Severity that makes the exit code 1 (default: never)."),
        template: Optional[Path] = typer.Option(None, "--template", help="Thư mục mẫu thay thế (plan.md.j2, report.html.j2, reference.docx). / Folder of replacement templates."),
        catalog: list[Path] = typer.Option([], "--catalog", help="Danh mục bổ sung. / Extra catalog file or folder."),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày tham chiếu YYYY-MM-DD. / Reference date."),
    ) -> None:
        """Xuất sơ đồ, ma trận Excel, kế hoạch (MD, DOCX) và báo cáo HTML. / Build diagrams, Excel matrices, plan documents and the HTML report."""
        from archtool.build.build import OutputProblem, build
        from archtool.build.templating import TemplateProblem
        from archtool.findings import exceeds
        from archtool.render import FORMATS
        from archtool.rules import engine

        lang_s = _lang(lang)
        today = _parse_date(as_of)
        if template is not None and not template.is_dir():
            fail(f"--template: '{template}' không phải thư mục / is not a folder")
        show = sys.stderr.isatty()
        with progress(show) as step:
            step("check")
            arch = load_or_exit(model, lang_s)
            if not arch.loadable:
                result = engine.run(arch, extra_catalogs=catalog, today=today)
                sys.stderr.write(FORMATS["text"](result, lang_s, False))
                fail("không đọc được manifest nên không xuất kết quả / the manifest is unusable, nothing built", 1)
            result = engine.run(arch, extra_catalogs=catalog, today=today)
            try:
                report = build(result, output, lang_s, template, step)
            except TemplateProblem as exc:
                fail(f"mẫu / template: {exc}", 2)
            except OutputProblem as exc:
                fail(str(exc), 2)
            except OSError as exc:
                fail(f"{getattr(exc, 'filename', '') or output}: {exc.strerror or exc}", 2)
        for note in report.notes:
            typer.echo(f"archtool: {note}", err=True)
        counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
        typer.echo(("{n} tệp trong {out} — {e} lỗi, {w} cảnh báo, {i} thông tin" if lang_s == "vi" else
                    "{n} files in {out} — {e} errors, {w} warnings, {i} info").format(
            n=len(report.files), out=output, e=counts["error"], w=counts["warning"], i=counts["info"]), err=True)
        raise typer.Exit(1 if fail_on and exceeds(result.findings, fail_on.value) else 0)
