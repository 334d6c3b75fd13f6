"""``archtool diff OLD NEW`` / ``archtool diff --git REV [MODEL]``: a semantic diff of two models."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal, Optional

import typer

from archtool import pipeline
from archtool.commands.common import AS_OF, JOBS, LANG, NO_CACHE, Lang, asked, check_choice, fail, write_output


def diff(
    old: Optional[Path] = typer.Argument(None, help="Mô hình cũ (thư mục), hoặc mô hình khi dùng --git. / Old model folder, or the model with --git."),
    new: Optional[Path] = typer.Argument(None, help="Mô hình mới (thư mục). / New model folder."),
    git: Optional[str] = typer.Option(None, "--git", help="So mô hình tại phiên bản git REV với cây làm việc. / Compare the model at git REV with the working tree."),
    format: Literal["text", "markdown", "json"] = typer.Option("text", "--format", "-f", help="Định dạng. / Format."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Mã thoát 1 khi có thay đổi. / Exit 1 when anything changed."),
    lang: Optional[Lang] = LANG,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp. / Write to a file."),
    as_of: Optional[str] = AS_OF,
    no_cache: bool = NO_CACHE,
    jobs: int = JOBS,
) -> None:
    """So sánh ngữ nghĩa hai phiên bản mô hình. / Semantic diff of two versions of a model."""
    from archtool.workflows import diff as D  # lazy: the command's workflow, imported when it runs (every command's start-up pays for the imports at the top)
    from archtool.workflows import diff_render as DR  # lazy: as above

    check_choice("--format", format, tuple(DR.FORMATS))
    opts = asked(lang=lang, as_of=as_of, no_cache=no_cache, jobs=jobs)
    with tempfile.TemporaryDirectory(prefix="archtool-diff-") as tmp:
        if git is not None:
            if new is not None:
                fail("--git REV [MODEL]: chỉ một thư mục mô hình / only one model folder with --git")
            model = old or Path(".")
            old_path, new_path = D.git_snapshot(git, model, Path(tmp)), model
            if not old_path.exists():
                fail(f"'{model}' không có ở phiên bản {git} / '{model}' does not exist at revision {git}", 2)
        else:
            if old is None or new is None:
                fail("cần OLD NEW, hoặc --git REV [MODEL] / give OLD NEW, or --git REV [MODEL]")
            old_path, new_path = old, new
        a = pipeline.check(old_path, opts, need_model=True)
        b = pipeline.check(new_path, opts, need_model=True)
        d = D.diff(a.arch, b.arch, a.result, b.result)
    lang_s = b.options.lang
    write_output(DR.FORMATS[format](d, lang_s), output, lang_s)
    raise typer.Exit(1 if exit_code and not d.empty else 0)
