"""``archtool export MODEL --format archimate``: the model in another tool's format (the ArchiMate 3.1
Model Exchange File, which Archi imports; docs/build.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from archtool import pipeline
from archtool.commands.common import AS_OF, CATALOG, LANG, MODEL, Lang, asked, check_choice, fail, write_output
from archtool.render import FORMATS as CHECK_FORMATS

FORMATS = ("archimate",)


def export(
    model: Path = MODEL,
    format: str = typer.Option("archimate", "--format", "-f", help="archimate (ArchiMate 3.1 Open Exchange XML)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp (mặc định: stdout). / Output file (default: stdout)."),
    lang: Optional[Lang] = LANG,
    catalog: list[Path] = CATALOG,
    as_of: Optional[str] = AS_OF,
) -> None:
    """Xuất mô hình sang định dạng trao đổi ArchiMate (mở bằng Archi). / Export the model as an ArchiMate exchange file."""
    check_choice("--format", format, FORMATS)
    run = pipeline.check(model, asked(lang=lang, as_of=as_of, catalog=catalog), fail_on="never", need_model=True)
    if not run.result.arch.loadable:
        sys.stderr.write(CHECK_FORMATS["text"](run.result, run.options.lang, False))
        fail("không đọc được manifest nên không xuất / the manifest is unusable, nothing exported", 1)
    # lazy: the publishing layer (views, catalogs of labels) is only needed by this command and build
    from archtool.publish import archimate, views
    from archtool.publish.view import View

    v = View(run.result, run.options.lang)
    write_output(archimate.export(v, views.all_views(v)), output, run.options.lang)
