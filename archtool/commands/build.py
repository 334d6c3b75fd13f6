"""``archtool build MODEL -o OUT``: every artefact of a model (docs/build.md)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer

from archtool import pipeline
from archtool.commands.common import AS_OF, CATALOG, LANG, MODEL, FailOn, Lang, asked, fail, lang_of
from archtool.findings import exceeds, summarize
from archtool.i18n import L
from archtool.render import FORMATS

#: the steps of a build, as the progress bar names them
STEPS: dict[str, L] = {
    "check": L("kiểm tra mô hình", "checking the model"),
    "findings": L("ghi các phát hiện", "writing the findings"),
    "diagrams": L("dựng sơ đồ", "building the diagrams"),
    "svg": L("vẽ sơ đồ (SVG, PNG)", "drawing the diagrams (SVG, PNG)"),
    "matrix.xlsx": L("ma trận Excel", "the Excel matrices"),
    "plan": L("kế hoạch (MD, DOCX)", "the plan (MD, DOCX)"),
    "report.html": L("báo cáo HTML", "the HTML report"),
    "publish": L("ghi vào thư mục kết quả", "publishing to the output folder"),
}


@contextmanager
def progress(enabled: bool, lang: str = "vi") -> Iterator[Callable[[str], None]]:
    """Rich progress on stderr when it is a terminal; a no-op otherwise."""
    if not enabled:
        yield lambda _name: None
        return
    from rich.console import Console  # lazy: rich's progress bar costs start-up time
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("archtool build", total=len(STEPS))

        def step(name: str) -> None:
            done = list(STEPS).index(name) if name in STEPS else 0
            shown = STEPS[name].get(lang) if name in STEPS else name
            bar.update(task, completed=done, description=f"archtool build: {shown}")

        yield step


def build(
    model: Path = MODEL,
    output: Path = typer.Option(..., "--output", "-o", help="Thư mục kết quả. / Output folder."),
    lang: Optional[Lang] = LANG,
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Mức gây mã thoát 1 (mặc định: không). / Severity that makes the exit code 1 (default: never)."),
    template: Optional[Path] = typer.Option(None, "--template", help="Thư mục mẫu thay thế (plan.md.j2, report.html.j2, reference.docx). / Folder of replacement templates."),
    catalog: list[Path] = CATALOG,
    as_of: Optional[str] = AS_OF,
    force: bool = typer.Option(False, "--force", help="Xuất cả vào thư mục có sẵn không do archtool tạo (chỉ thay các tệp cùng tên, giữ mọi tệp khác). / Build into an existing folder archtool did not create (only files of the same names are replaced; every other file stays)."),
) -> None:
    """Xuất sơ đồ, ma trận Excel, kế hoạch (MD, DOCX) và báo cáo HTML. / Build diagrams, Excel matrices, plan documents and the HTML report."""
    # lazy: the writers load python-docx, openpyxl and Jinja, which no other command needs at start-up
    from archtool.publish.build import OutputProblem, build as publish
    from archtool.publish.templating import TemplateProblem

    if template is not None and not template.is_dir():
        fail(f"--template: '{template}' không phải thư mục / is not a folder")
    with progress(sys.stderr.isatty(), lang_of(lang)) as step:
        step("check")
        run = pipeline.check(model, asked(lang=lang, fail_on=fail_on, as_of=as_of, catalog=catalog),
                             fail_on="never", need_model=True)
        result, lang_s = run.result, run.options.lang
        if not result.arch.loadable:
            sys.stderr.write(FORMATS["text"](result, lang_s, False))
            fail("không đọc được manifest nên không xuất kết quả / the manifest is unusable, nothing built", 1)
        try:
            report = publish(result, output, lang_s, template, step, force)
        except TemplateProblem as exc:
            fail(f"mẫu / template: {exc}", 2)
        except OutputProblem as exc:
            fail(str(exc), 2)
        except OSError as exc:
            fail(f"{getattr(exc, 'filename', '') or output}: {exc.strerror or exc}", 2)
    for note in report.notes:
        typer.echo(f"archtool: {note}", err=True)
    counts = summarize(result.findings)
    typer.echo(L("{n} tệp trong {out} — {e} lỗi, {w} cảnh báo, {i} thông tin",
                 "{n:file|files} in {out} — {e:error|errors}, {w:warning|warnings}, {i} info").format(
        n=len(report.files), out=str(output), e=counts["error"], w=counts["warning"], i=counts["info"]).get(lang_s),
        err=True)
    raise typer.Exit(1 if exceeds(result.findings, run.options.fail_on) else 0)
