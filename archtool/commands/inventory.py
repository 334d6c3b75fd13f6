"""``archtool import FILE.xlsx -o DIR`` and ``archtool template -o FILE.xlsx``: Excel inventories
with Vietnamese headers, in and out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, Optional

import typer

from archtool.commands.common import LANG, Lang, check_choice, fail, lang_of, write_output
from archtool.vocab import MODEL_KIND
from archtool.workflows.common import ensure_empty_dir, slug, write_model_files

KINDS = tuple(MODEL_KIND)


def import_workbook(
    file: Path = typer.Argument(..., help="Tệp Excel .xlsx. / Excel workbook."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Thư mục mô hình tạo ra (mới hoặc rỗng). / Model folder to create."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ kiểm tra, không ghi. / Check only, write nothing."),
    kind: Literal[KINDS] = typer.Option("e-government", "--kind", help="Loại mô hình. / Model kind."),  # type: ignore[valid-type]
    id: Optional[str] = typer.Option(None, "--id", help="Mã mô hình. / Model id."),
    name: Optional[str] = typer.Option(None, "--name", help="Tên mô hình. / Model name."),
    format: Literal["text", "json"] = typer.Option("text", "--format", "-f", help="Danh sách lỗi dạng văn bản hoặc JSON. / Problem list as text or JSON."),
    lang: Optional[Lang] = LANG,
) -> None:
    """Nhập bảng kê Excel (tiêu đề tiếng Việt) thành mô hình YAML. / Import an Excel inventory into model YAML."""
    from archtool.workflows import xlsx_import as X  # lazy: it loads openpyxl

    lang_s = lang_of(lang)
    check_choice("--format", format, ("text", "json"))
    check_choice("--kind", kind, KINDS)
    if output is None and not dry_run:
        fail("cần --output DIR (hoặc --dry-run) / --output DIR (or --dry-run) is required")
    if output is not None and not dry_run:
        ensure_empty_dir(output)
    imp = X.read_workbook(file)
    counts = {k: len(v) for k, v in imp.collections.items()}
    if format == "json":
        text = json.dumps({"tool": "archtool", "command": "import", "file": str(file), "elements": counts,
                           "problems": [p.as_dict(lang_s) for p in imp.problems]}, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [f"{p.where()}: {p.severity}: {p.message.get(lang_s)}" for p in imp.problems]
        lines.append(("Đọc được" if lang_s == "vi" else "Read") + ": " +
                     ", ".join(f"{k} {v}" for k, v in counts.items()) +
                     f" — {len(imp.errors)} " + ("lỗi" if lang_s == "vi" else "errors"))
        text = "\n".join(lines) + "\n"
    if imp.errors:
        typer.echo(text, nl=False, err=format == "text")
        if format == "text" and not dry_run:
            typer.echo("archtool: " + ("có lỗi, chưa ghi gì; sửa bảng tính rồi chạy lại." if lang_s == "vi"
                                        else "errors found, nothing written; fix the workbook and run again."), err=True)
        raise typer.Exit(1)
    if not dry_run:
        stem = slug(file.stem)
        manifest = {"archtool": 1, "model": {"id": id or stem, "name": name or file.stem, "kind": kind}}
        header = f"# Nhập từ / imported from {file.name} bởi / by 'archtool import'\n"
        write_model_files(output, manifest, imp.collections, header)
    typer.echo(text, nl=False)


def template(
    output: Path = typer.Option(..., "--output", "-o", help="Tệp .xlsx tạo ra. / Workbook to write."),
    lang: Optional[Lang] = LANG,
) -> None:
    """Tạo bảng kê Excel mẫu từ lược đồ (có danh sách chọn). / Write an empty inventory workbook from the schema."""
    from archtool.workflows.xlsx_template import write_workbook  # lazy: it loads openpyxl

    write_output(write_workbook(), output, lang_of(lang))
    typer.echo(str(output))
