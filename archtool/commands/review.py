"""``archtool review PROPOSAL --against MODEL``: a consultant's opinion on a project proposal."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

import typer

from archtool import pipeline
from archtool.commands.common import AS_OF, CATALOG, LANG, FailOn, Lang, asked, check_choice, fail, write_output
from archtool.findings import exceeds

FORMATS = ("text", "markdown", "docx", "json")


def review(
    proposal: list[Path] = typer.Argument(..., help="Tệp/thư mục hồ sơ đề xuất (YAML). / Proposal file(s) or folder."),
    against: Path = typer.Option(..., "--against", help="Mô hình đối chiếu. / Model to check against."),
    format: Optional[Literal[FORMATS]] = typer.Option(None, "--format", "-f", help="Định dạng (docx cần --output). / Format (docx needs --output)."),  # type: ignore[valid-type]
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Mức gây mã thoát 1 (mặc định error). / Severity that makes the exit code 1 (default error)."),
    lang: Optional[Lang] = LANG,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp (bắt buộc với docx). / Output file (required for docx)."),
    catalog: list[Path] = CATALOG,
    as_of: Optional[str] = AS_OF,
) -> None:
    """Thẩm định hồ sơ đề xuất dự án so với mô hình. / Review a project proposal against a model."""
    if format is not None:
        check_choice("--format", format, FORMATS)
    if format == "docx" and output is None:
        fail("--format docx cần --output FILE.docx / --format docx needs --output FILE.docx")
    run, fragment = pipeline.review(against, proposal, asked(lang=lang, fail_on=fail_on, as_of=as_of, catalog=catalog))
    opts = run.options
    fmt = format or "text"
    from archtool.workflows import review as RV  # lazy: the command's workflow, imported when it runs (every command's start-up pays for the imports at the top)

    rv = RV.review(run.result, fragment)
    from archtool.workflows import review_render as RR  # lazy: it loads python-docx

    if fmt == "docx":
        write_output(RR.render_docx(rv, opts.lang), output, opts.lang)
    else:
        write_output(RR.TEXT_FORMATS[fmt](rv, opts.lang), output, opts.lang)
    raise typer.Exit(1 if exceeds(rv.findings, opts.fail_on) else 0)
