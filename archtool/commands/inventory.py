"""``archtool import FILE.xlsx -o DIR`` and ``archtool template -o FILE.xlsx``: Excel inventories
with Vietnamese headers, in and out."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Callable, Literal, Optional

import typer

from archtool import pipeline
from archtool.commands.common import JOBS, LANG, Lang, asked, check_choice, fail, lang_of, write_output
from archtool.i18n import L
from archtool.model.schema import ID_PATTERN
from archtool.vocab import KINDS, MODEL_KIND, SEVERITY

MODEL_KINDS = tuple(MODEL_KIND)


def import_workbook(
    file: Path = typer.Argument(..., help="Tệp Excel .xlsx. / Excel workbook."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Thư mục mô hình tạo ra (mới hoặc rỗng). / Model folder to create."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ kiểm tra, không ghi. / Check only, write nothing."),
    kind: Literal[MODEL_KINDS] = typer.Option("e-government", "--kind", help="Loại mô hình. / Model kind."),  # type: ignore[valid-type]
    id: Optional[str] = typer.Option(None, "--id", help="Mã mô hình. / Model id."),
    name: Optional[str] = typer.Option(None, "--name", help="Tên mô hình. / Model name."),
    extends: Optional[Path] = typer.Option(None, "--extends", help="Mô hình nền (thư mục có archtool.yaml): đơn vị và phần tử của nó được dùng để đối chiếu. / Baseline model folder: its units and elements are matched."),
    period: Optional[str] = typer.Option(None, "--period", help="Kỳ kế hoạch, ví dụ 2026-2030 (mặc định: theo tiêu đề bảng). / Planning period, e.g. 2026-2030 (default: from the table's title)."),
    create_units: bool = typer.Option(False, "--create-units", help="Tạo đơn vị mới cho tên đơn vị chưa có (mỗi đơn vị được liệt kê). / Create units for owners not listed (each one reported)."),
    max_rows: int = typer.Option(200_000, "--max-rows", min=1, help="Giới hạn số dòng mỗi trang. / Row bound per sheet."),
    max_columns: int = typer.Option(200, "--max-columns", min=1, max=16384, help="Giới hạn số cột. / Column bound."),
    max_cell_chars: int = typer.Option(20_000, "--max-cell-chars", min=1, help="Giới hạn độ dài một ô. / Cell text bound."),
    format: Literal["text", "json"] = typer.Option("text", "--format", "-f", help="Danh sách vấn đề dạng văn bản hoặc JSON. / Problem list as text or JSON."),
    lang: Optional[Lang] = LANG,
    jobs: int = JOBS,
) -> None:
    """Nhập bảng kê Excel (tiêu đề tiếng Việt) thành mô hình YAML. / Import an Excel inventory into model YAML."""
    from archtool.workflows import importing as X  # lazy: it loads openpyxl
    from archtool.workflows.common import ensure_empty_dir, slug, write_model_files  # lazy: the YAML writer

    lang_s = lang_of(lang)
    vi = lang_s == "vi"
    opts = asked(jobs=jobs)

    def elsewhere(task: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
        """A large workbook's largest sheets read in a worker process, when a second core is free."""
        return pipeline.elsewhere(task) if pipeline.cores_for(opts) >= 2 else None
    check_choice("--format", format, ("text", "json"))
    check_choice("--kind", kind, MODEL_KINDS)
    if output is None and not dry_run:
        fail("cần --output THƯ_MỤC (hoặc --dry-run)" if vi else "--output DIR (or --dry-run) is required")
    if id is not None and not re.match(ID_PATTERN, id):
        fail(f"--id: '{id}' không phải mã hợp lệ (chữ thường không dấu, số, '-', '.', '_')" if vi
             else f"--id: '{id}' is not a valid id (lowercase ASCII letters, digits, '-', '.', '_')")
    model_period = None
    if period is not None:
        try:
            model_period = X.parse_period(period)
        except X.CellError as exc:
            fail(f"--period: {exc.text.get(lang_s)}")
    baseline = None
    if extends is not None:
        base = extends
        if not (base / "archtool.yaml").is_file() and output is not None and (output / extends / "archtool.yaml").is_file():
            base = output / extends  # written relative to the new folder, as 'init --extends' takes it
        if not (base / "archtool.yaml").is_file():
            fail(f"--extends: không thấy '{extends}/archtool.yaml'" if vi else f"--extends: '{extends}/archtool.yaml' not found")
        baseline = pipeline.load_model(base, opts)
        broken = [f for f in baseline.findings if f.severity == "error" and f.category in ("syntax", "schema", "reference")]
        if broken:
            fail((f"--extends: mô hình nền '{base}' có {len(broken)} lỗi khi nạp; chạy 'archtool check {base}' và sửa trước."
                  if vi else f"--extends: the baseline '{base}' has {len(broken)} load errors; run 'archtool check {base}' first."))
        extends = base
    if output is not None and not dry_run:
        ensure_empty_dir(output)
    try:
        with pipeline.no_gc():  # a national inventory is hundreds of thousands of cells and dicts, none in a cycle
            imp = X.read_workbook(file, baseline=baseline, create_units=create_units, elsewhere=elsewhere,
                                  bounds=X.Bounds(max_rows=max_rows, max_columns=max_columns, max_cell_chars=max_cell_chars))
    except X.Unreadable as exc:
        fail(exc.text.get(lang_s), exc.code)
    if model_period is None and imp.period is not None:
        model_period = {"start": imp.period[0], "end": imp.period[1]}
        imp.problems.insert(0, X.Problem("info", imp.period_where, None, None, L(
            f"kỳ kế hoạch {imp.period[0]}–{imp.period[1]} lấy theo tiêu đề bảng; dùng --period để đổi.",
            f"planning period {imp.period[0]}–{imp.period[1]} taken from the table's title; use --period to change it.")))
    counts = {k: len(v) for k, v in imp.collections.items()}
    n_err = len(imp.errors)
    n_warn = sum(p.severity == "warning" for p in imp.problems)
    n_info = sum(p.severity == "info" for p in imp.problems)
    if format == "json":
        text = json.dumps({"tool": "archtool", "command": "import", "file": str(file), "elements": counts,
                           "summary": {"error": n_err, "warning": n_warn, "info": n_info},
                           "problems": [p.as_dict(lang_s) for p in imp.problems]}, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [f"{p.where()}: {SEVERITY[p.severity].get(lang_s)}: {p.message.get(lang_s)}" for p in imp.problems]
        read = ", ".join(f"{v} {KINDS[k].get(lang_s)}" + ("s" if not vi and v != 1 and k != "infrastructure" else "")
                         for k, v in counts.items()) or ("0 phần tử" if vi else "nothing")
        lines.append(L("Đọc được: {read} — {e} lỗi, {w} cảnh báo, {i} thông tin",
                       "Read: {read} — {e:error|errors}, {w:warning|warnings}, {i} info").format(
            read=read, e=n_err, w=n_warn, i=n_info).get(lang_s))
        text = "\n".join(lines) + "\n"
    if n_err:
        typer.echo(text, nl=False, err=format == "text")
        if format == "text" and not dry_run:
            typer.echo("archtool: " + ("có lỗi, chưa ghi gì; sửa bảng tính rồi chạy lại." if vi
                                        else "errors found, nothing written; fix the workbook and run again."), err=True)
        raise typer.Exit(1)
    if not dry_run:
        model: dict[str, Any] = {"id": id or slug(file.stem), "name": name or file.stem, "kind": kind}
        if baseline is not None and baseline.manifest and baseline.manifest.model.province:
            model["province"] = baseline.manifest.model.province
        if model_period is not None:
            model["period"] = model_period
        manifest: dict[str, Any] = {"archtool": 1, "model": model}
        if extends is not None:
            manifest["extends"] = os.path.relpath(os.path.abspath(extends), os.path.abspath(output)).replace(os.sep, "/")
        header = f"# Nhập từ / imported from {file.name} bởi / by 'archtool import'\n"  # after each file's schema line
        with pipeline.no_gc():
            written = write_model_files(output, manifest, imp.collections, header)
    typer.echo(text, nl=False)
    if not dry_run and format == "text":
        typer.echo((f"Đã ghi {len(written)} tệp vào '{output}'; kiểm tra: archtool check {output}" if vi else
                    f"Wrote {len(written)} files to '{output}'; check it: archtool check {output}"))


def template(
    output: Path = typer.Option(..., "--output", "-o", help="Tệp .xlsx tạo ra. / Workbook to write."),
    lang: Optional[Lang] = LANG,
) -> None:
    """Tạo bảng kê Excel mẫu từ lược đồ (có danh sách chọn). / Write an empty inventory workbook from the schema."""
    from archtool.workflows.xlsx_template import write_workbook  # lazy: it loads openpyxl

    write_output(write_workbook(), output, lang_of(lang))
    typer.echo(str(output))
