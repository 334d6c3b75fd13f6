"""``archtool merge A B -o OUT``: merge two former provinces' models and propose what to keep."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer

from archtool import pipeline
from archtool.commands.common import AS_OF, LANG, Lang, asked, fail
from archtool.model.schema import ID_PATTERN
from archtool.output import atomic_write
from archtool.workflows import merge as M
from archtool.workflows.common import ensure_empty_dir


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
) -> None:
    """Hợp nhất mô hình hai tỉnh cũ và đề xuất hệ thống giữ/dừng. / Merge two former provinces' models and propose what to keep."""
    for opt, value in (("--prefix-a", prefix_a), ("--prefix-b", prefix_b), ("--id", id)):
        if value is not None and not re.match(ID_PATTERN, value):
            fail(f"{opt}: '{value}' không phải mã hợp lệ (a-z, 0-9, '-', '.', '_') / is not a valid id")
    ensure_empty_dir(output)
    opts = asked(lang=lang, as_of=as_of)
    arch_a, arch_b = pipeline.load_model(a, opts), pipeline.load_model(b, opts)
    maps = M.write_merged(arch_a, arch_b, output, prefix_a=prefix_a, prefix_b=prefix_b, model_id=id, name=name)
    run = pipeline.check(output, opts, need_model=True)
    merged, lang_s = run.arch, run.options.lang
    groups = M.consolidation(merged, run.result.findings, run.result.catalogs)
    args = (groups, merged.id, arch_a.id, arch_b.id, maps, lang_s)
    atomic_write(output / "consolidation.md", M.report_markdown(*args))
    atomic_write(output / "consolidation.json", M.report_json(*args))
    errors = [f for f in merged.findings if f.severity == "error"]
    typer.echo(f"{output}: {len(merged.elements)} phần tử / elements, {len(groups)} nhóm cần hợp nhất / "
               f"consolidation groups, {sum(len(m) for m in maps.values())} mã đổi / ids prefixed")
    if errors:  # pragma: no cover - a merge of two clean models loads cleanly
        fail(f"mô hình hợp nhất có {len(errors)} lỗi khi nạp / merged model has {len(errors)} load errors", 1)
