"""``archtool merge A B -o OUT``: merge two former provinces' models and propose what to keep."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from archtool import pipeline
from archtool.commands.common import AS_OF, JOBS, LANG, NO_CACHE, Lang, asked, fail
from archtool.findings import Finding
from archtool.i18n import L
from archtool.model.schema import ID_PATTERN
from archtool.options import Asked, find_pyproject
from archtool.output import atomic_write

if TYPE_CHECKING:
    from archtool.workflows import consolidation as C
    from archtool.workflows import merge as M

#: below this many elements in the merged model a second process costs more than it saves
PARALLEL_MIN_ELEMENTS = 4_000


def merge(
    a: Path = typer.Argument(..., help="Mô hình tỉnh cũ thứ nhất. / First former province's model."),
    b: Path = typer.Argument(..., help="Mô hình tỉnh cũ thứ hai. / Second former province's model."),
    output: Path = typer.Option(..., "--output", "-o", help="Thư mục mô hình hợp nhất (mới hoặc rỗng). / Merged model folder (new or empty)."),
    prefix_a: str = typer.Option("a", "--prefix-a", help="Tiền tố cho mã trùng của A. / Prefix for A's colliding ids."),
    prefix_b: str = typer.Option("b", "--prefix-b", help="Tiền tố cho mã trùng của B. / Prefix for B's colliding ids."),
    id: Optional[str] = typer.Option(None, "--id", help="Mã mô hình hợp nhất. / Merged model id."),
    name: Optional[str] = typer.Option(None, "--name", help="Tên mô hình hợp nhất. / Merged model name."),
    lang: Optional[Lang] = LANG,
    as_of: Optional[str] = AS_OF,
    no_cache: bool = NO_CACHE,
    jobs: int = JOBS,
) -> None:
    """Hợp nhất mô hình hai tỉnh cũ và đề xuất hệ thống giữ/dừng. / Merge two former provinces' models and propose what to keep."""
    from archtool.workflows import merge as M  # lazy: the command's workflow, imported when it runs (every command's start-up pays for the imports at the top)
    from archtool.workflows.common import ensure_empty_dir  # lazy: as above

    for opt, value in (("--prefix-a", prefix_a), ("--prefix-b", prefix_b), ("--id", id)):
        if value is not None and not re.match(ID_PATTERN, value):
            fail(f"{opt}: '{value}' không phải mã hợp lệ (a-z, 0-9, '-', '.', '_') / is not a valid id")
    ensure_empty_dir(output)
    opts = asked(lang=lang, as_of=as_of, no_cache=no_cache, jobs=jobs)
    first, second = pipeline.load_model(a, opts), pipeline.load_model(b, opts)
    with pipeline.no_gc():  # hundreds of thousands of dumps, strings and report rows, none in a cycle
        merged = M.merge_models(first, second, prefix_a=prefix_a, prefix_b=prefix_b, model_id=id, name=name)
        del first, second  # their elements are the merged model's now
        tmp = M.stage(merged, output)
        try:
            count, plan, errors, lang_s = _write_and_plan(merged, tmp, opts)
            M.publish(tmp, output)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    renamed = sum(len(m) for m in merged.renamed.values())
    typer.echo(L("{output}: {count} phần tử, {groups} nhóm cần hợp nhất, {moves} hệ thống cần chuyển hoặc kết nối "
                 "lại, {renamed} mã được thêm tiền tố",
                 "{output}: {count:element|elements}, {groups:consolidation group|consolidation groups}, "
                 "{moves:system|systems} to re-host or re-connect, {renamed:id|ids} prefixed").format(
        output=str(output), count=count, groups=len(plan.groups), moves=len(plan.moves), renamed=renamed).get(lang_s))
    if errors:  # pragma: no cover - a merge of two clean models loads cleanly
        fail(f"mô hình hợp nhất có {len(errors)} lỗi khi nạp / merged model has {len(errors)} load errors", 1)


def _write_and_plan(merged: M.Merged, tmp: Path, opts: Asked) -> tuple[int, C.Plan, list[Finding], str]:
    """Write the merged model and its report into ``tmp``; the element count, the plan, the load
    errors and the report's language. A national merge with a second core free writes the model's files in a worker
    process while this one checks the model and writes the report (the plan does not depend on
    where elements are written: :func:`~archtool.workflows.merge.placeholders`)."""
    from archtool.workflows import consolidation as C  # lazy: as merge()
    from archtool.workflows import merge as M  # lazy: as merge()
    from archtool.workflows import merge_render as MR  # lazy: as merge()

    placed = M.place_all(merged)
    writer = None
    if sum(len(v) for v in placed.values()) >= PARALLEL_MIN_ELEMENTS and pipeline.cores_for(opts) >= 2:
        reader = M.Written(M.placeholders(tmp, placed))
        arch = M.load_merged(tmp, reader)
        writer = pipeline.elsewhere(lambda: _written(tmp, placed))
    if writer is None:
        reader = M.Written(M.write_placed(tmp, placed))
        arch = M.load_merged(tmp, reader)
        placed = {}  # written: the model holds its elements (let go with it, before the report)
    _path, pyproject = find_pyproject(tmp, pipeline.pyproject_bytes)
    # the plan reads only the dup-capability findings: the other rules are not run
    run = pipeline.check_loaded(arch, opts, pyproject, only=C.RULES)
    lang = run.options.lang
    plan = C.consolidation(run.arch, run.result.findings, run.result.catalogs)
    errors = [f for f in run.arch.findings if f.severity == "error"]
    count = len(run.arch.elements)
    del run, arch, reader  # the reports need only the plan: let the merged model go first
    atomic_write(tmp / "consolidation.md", MR.report_markdown(merged, plan, lang))
    atomic_write(tmp / "consolidation.json", MR.report_json(merged, plan, lang))
    if writer is not None and writer() is None:
        M.write_placed(tmp, placed, positions=False)  # the worker failed: this process writes the files
    return count, plan, errors, lang


def _written(tmp: Path, placed: dict[str, list[M.Placed]]) -> bytes:
    from archtool.workflows import merge as M  # lazy: as merge()

    M.write_placed(tmp, placed, positions=False)
    return b"done"
