"""Workflow commands: review, diff, merge, import, template, init (thin layer over archtool.workflows)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from archtool.cli import FailOn, Lang, _lang, _parse_date, _write_output, fail, guarded, load_or_exit


def _flow_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a FlowError (bad input the user must fix) into one line and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from archtool.workflows.common import FlowError

        try:
            return fn(*args, **kwargs)
        except FlowError as exc:
            fail(exc.message, exc.code)

    return wrapper


def _write_bytes(data: bytes, output: Path, lang: str) -> None:
    from archtool.fsio import atomic_write
    from archtool.i18n import t

    try:
        atomic_write(output, data)
    except OSError as exc:
        fail(t("cannot_write", lang, path=str(output), error=exc.strerror or str(exc)))


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        fail(f"--format: '{fmt}' — {', '.join(allowed)}")


def review(
    proposal: list[Path] = typer.Argument(..., help="Tệp/thư mục hồ sơ đề xuất (YAML). / Proposal file(s) or folder."),
    against: Path = typer.Option(..., "--against", help="Mô hình đối chiếu. / Model to check against."),
    format: str = typer.Option("text", "--format", "-f", help="text | markdown | docx | json"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Mức gây mã thoát 1. / Severity that makes the exit code 1."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp (bắt buộc với docx). / Output file (required for docx)."),
    catalog: list[Path] = typer.Option([], "--catalog", help="Danh mục bổ sung. / Extra catalog."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày tham chiếu YYYY-MM-DD. / Reference date."),
) -> None:
    """Thẩm định hồ sơ đề xuất dự án so với mô hình. / Review a project proposal against a model."""
    from archtool.findings import exceeds
    from archtool.i18n import t
    from archtool.model.loader import ModelNotFound
    from archtool.workflows import review as RV
    from archtool.workflows import review_render as RR

    lang_s = _lang(lang)
    _check_format(format, ("text", "markdown", "docx", "json"))
    if format == "docx" and output is None:
        fail("--format docx cần --output FILE.docx / --format docx needs --output FILE.docx")
    arch = load_or_exit(against, lang_s)
    try:
        rv = RV.review(arch, proposal, extra_catalogs=catalog, today=_parse_date(as_of))
    except ModelNotFound as exc:
        fail(t("path_not_found", lang_s, path=str(exc)))
    if format == "docx":
        _write_bytes(RR.render_docx(rv, lang_s), output, lang_s)
    else:
        _write_output(RR.TEXT_FORMATS[format](rv, lang_s), output, lang_s)
    raise typer.Exit(1 if exceeds(rv.findings, fail_on.value) else 0)


def diff(
    old: Optional[Path] = typer.Argument(None, help="Mô hình cũ (thư mục), hoặc mô hình khi dùng --git. / Old model folder, or the model with --git."),
    new: Optional[Path] = typer.Argument(None, help="Mô hình mới (thư mục). / New model folder."),
    git: Optional[str] = typer.Option(None, "--git", help="So mô hình tại phiên bản git REV với cây làm việc. / Compare the model at git REV with the working tree."),
    format: str = typer.Option("text", "--format", "-f", help="text | markdown | json"),
    exit_code: bool = typer.Option(False, "--exit-code", help="Mã thoát 1 khi có thay đổi. / Exit 1 when anything changed."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp. / Write to a file."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày tham chiếu YYYY-MM-DD. / Reference date."),
) -> None:
    """So sánh ngữ nghĩa hai phiên bản mô hình. / Semantic diff of two versions of a model."""
    import tempfile

    from archtool.rules import engine
    from archtool.workflows import diff as D

    lang_s = _lang(lang)
    _check_format(format, tuple(D.FORMATS))
    today = _parse_date(as_of)
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
        a, b = load_or_exit(old_path, lang_s), load_or_exit(new_path, lang_s)
        d = D.diff(a, b, engine.run(a, today=today), engine.run(b, today=today))
    _write_output(D.FORMATS[format](d, lang_s), output, lang_s)
    raise typer.Exit(1 if exit_code and not d.empty else 0)


def merge(
    a: Path = typer.Argument(..., help="Mô hình tỉnh cũ thứ nhất. / First former province's model."),
    b: Path = typer.Argument(..., help="Mô hình tỉnh cũ thứ hai. / Second former province's model."),
    output: Path = typer.Option(..., "--output", "-o", help="Thư mục mô hình hợp nhất (mới hoặc rỗng). / Merged model folder (new or empty)."),
    prefix_a: str = typer.Option("a", "--prefix-a", help="Tiền tố cho mã trùng của A. / Prefix for A's colliding ids."),
    prefix_b: str = typer.Option("b", "--prefix-b", help="Tiền tố cho mã trùng của B. / Prefix for B's colliding ids."),
    id: Optional[str] = typer.Option(None, "--id", help="Mã mô hình hợp nhất. / Merged model id."),
    name: Optional[str] = typer.Option(None, "--name", help="Tên mô hình hợp nhất. / Merged model name."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày tham chiếu YYYY-MM-DD. / Reference date."),
) -> None:
    """Hợp nhất mô hình hai tỉnh cũ và đề xuất hệ thống giữ/dừng. / Merge two former provinces' models and propose what to keep."""
    import re

    from archtool.fsio import atomic_write
    from archtool.model.schema import ID_PATTERN
    from archtool.rules import engine
    from archtool.workflows import merge as M
    from archtool.workflows.common import ensure_empty_dir

    lang_s = _lang(lang)
    for opt, value in (("--prefix-a", prefix_a), ("--prefix-b", prefix_b), ("--id", id)):
        if value is not None and not re.match(ID_PATTERN, value):
            fail(f"{opt}: '{value}' không phải mã hợp lệ (a-z, 0-9, '-', '.', '_') / is not a valid id")
    ensure_empty_dir(output)
    arch_a, arch_b = load_or_exit(a, lang_s), load_or_exit(b, lang_s)
    maps = M.write_merged(arch_a, arch_b, output, prefix_a=prefix_a, prefix_b=prefix_b, model_id=id, name=name)
    merged = load_or_exit(output, lang_s)
    result = engine.run(merged, today=_parse_date(as_of))
    groups = M.consolidation(merged, result.findings, result.catalogs)
    args = (groups, merged.id, arch_a.id, arch_b.id, maps, lang_s)
    atomic_write(output / "consolidation.md", M.report_markdown(*args))
    atomic_write(output / "consolidation.json", M.report_json(*args))
    errors = [f for f in merged.findings if f.severity == "error"]
    typer.echo(f"{output}: {len(merged.elements)} phần tử / elements, {len(groups)} nhóm cần hợp nhất / "
               f"consolidation groups, {sum(len(m) for m in maps.values())} mã đổi / ids prefixed")
    if errors:  # pragma: no cover - a merge of two clean models loads cleanly
        fail(f"mô hình hợp nhất có {len(errors)} lỗi khi nạp / merged model has {len(errors)} load errors", 1)


def import_cmd(
    file: Path = typer.Argument(..., help="Tệp Excel .xlsx. / Excel workbook."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Thư mục mô hình tạo ra (mới hoặc rỗng). / Model folder to create."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ kiểm tra, không ghi. / Check only, write nothing."),
    kind: str = typer.Option("e-government", "--kind", help="smart-city | e-government"),
    id: Optional[str] = typer.Option(None, "--id", help="Mã mô hình. / Model id."),
    name: Optional[str] = typer.Option(None, "--name", help="Tên mô hình. / Model name."),
    extends: Optional[Path] = typer.Option(None, "--extends", help="Mô hình nền (thư mục có archtool.yaml): đơn vị và phần tử của nó được dùng để đối chiếu. / Baseline model folder: its units and elements are matched."),
    period: Optional[str] = typer.Option(None, "--period", help="Kỳ kế hoạch, ví dụ 2026-2030 (mặc định: theo tiêu đề bảng). / Planning period, e.g. 2026-2030 (default: from the table's title)."),
    create_units: bool = typer.Option(False, "--create-units", help="Tạo đơn vị mới cho tên đơn vị chưa có (mỗi đơn vị được liệt kê). / Create units for owners not listed (each one reported)."),
    max_rows: int = typer.Option(200_000, "--max-rows", min=1, help="Giới hạn số dòng mỗi trang. / Row bound per sheet."),
    max_columns: int = typer.Option(200, "--max-columns", min=1, max=16384, help="Giới hạn số cột. / Column bound."),
    max_cell_chars: int = typer.Option(20_000, "--max-cell-chars", min=1, help="Giới hạn độ dài một ô. / Cell text bound."),
    format: str = typer.Option("text", "--format", "-f", help="text | json (danh sách vấn đề / problem list)"),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
) -> None:
    """Nhập bảng kê Excel (tiêu đề tiếng Việt) thành mô hình YAML. / Import an Excel inventory into model YAML."""
    import json
    import os
    import re

    from archtool.i18n.messages import KINDS, SEVERITIES
    from archtool.model.schema import ID_PATTERN
    from archtool.workflows import xlsx_import as X
    from archtool.workflows.common import SCHEMA_LINE, ensure_empty_dir, slug, write_model_files

    lang_s = _lang(lang)
    vi = lang_s == "vi"
    _check_format(format, ("text", "json"))
    _check_kind(kind)
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
        baseline = load_or_exit(base, lang_s)
        broken = [f for f in baseline.findings if f.severity == "error" and f.category in ("syntax", "schema", "reference")]
        if broken:
            fail((f"--extends: mô hình nền '{base}' có {len(broken)} lỗi khi nạp; chạy 'archtool check {base}' và sửa trước."
                  if vi else f"--extends: the baseline '{base}' has {len(broken)} load errors; run 'archtool check {base}' first."))
        extends = base
    if output is not None and not dry_run:
        ensure_empty_dir(output)
    try:
        imp = X.read_workbook(file, baseline=baseline, create_units=create_units,
                              bounds=X.Bounds(max_rows=max_rows, max_columns=max_columns, max_cell_chars=max_cell_chars))
    except X.Unreadable as exc:
        fail(exc.text.get(lang_s), exc.code)
    if model_period is None and imp.period is not None:
        model_period = {"start": imp.period[0], "end": imp.period[1]}
        imp.problems.insert(0, X.Problem("info", imp.period_where, None, None, X.L(
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
        lines = [f"{p.where()}: {SEVERITIES[p.severity].get(lang_s)}: {p.message.get(lang_s)}" for p in imp.problems]
        read = ", ".join(f"{v} {KINDS[k].get(lang_s)}" + ("s" if not vi and v != 1 and k != "infrastructure" else "")
                         for k, v in counts.items()) or ("0 phần tử" if vi else "nothing")
        lines.append((f"Đọc được: {read} — {n_err} lỗi, {n_warn} cảnh báo, {n_info} thông tin" if vi else
                      f"Read: {read} — {n_err} errors, {n_warn} warnings, {n_info} info"))
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
        header = SCHEMA_LINE + f"# Nhập từ / imported from {file.name} bởi / by 'archtool import'\n"
        written = write_model_files(output, manifest, imp.collections, header)
    typer.echo(text, nl=False)
    if not dry_run and format == "text":
        typer.echo((f"Đã ghi {len(written)} tệp vào '{output}'; kiểm tra: archtool check {output}" if vi else
                    f"Wrote {len(written)} files to '{output}'; check it: archtool check {output}"))


def _check_kind(kind: str) -> None:
    if kind not in ("smart-city", "e-government"):
        fail(f"--kind: '{kind}' — smart-city, e-government")


def template(
    output: Path = typer.Option(..., "--output", "-o", help="Tệp .xlsx tạo ra. / Workbook to write."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
) -> None:
    """Tạo bảng kê Excel mẫu từ lược đồ (có danh sách chọn). / Write an empty inventory workbook from the schema."""
    from archtool.workflows.xlsx_template import write_workbook

    _write_bytes(write_workbook(), output, _lang(lang))
    typer.echo(str(output))


def init(
    folder: Path = typer.Argument(..., help="Thư mục mô hình mới (chưa có hoặc rỗng). / New model folder (absent or empty)."),
    kind: str = typer.Option(..., "--kind", help="smart-city | e-government"),
    extends: Optional[str] = typer.Option(None, "--extends", help="Thư mục mô hình nền, tương đối so với FOLDER. / Baseline folder, relative to FOLDER."),
    province: str = typer.Option("Tên tỉnh", "--province", help="Tên tỉnh. / Province name."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
) -> None:
    """Tạo khung mô hình để bắt đầu. / Scaffold a model to start from."""
    from archtool.workflows.init import scaffold

    _check_kind(kind)
    import os

    if extends is not None and not os.path.exists(os.path.normpath(os.path.join(folder, extends, "archtool.yaml"))):
        fail(f"--extends: không thấy '{folder / extends}/archtool.yaml' (đường dẫn tương đối so với {folder}) / "
             f"'{folder / extends}/archtool.yaml' not found (path relative to {folder})")
    for path in scaffold(folder, kind, province, extends):
        typer.echo(str(path))


COMMANDS: list[tuple[str, Callable[..., Any]]] = [
    ("review", review),
    ("diff", diff),
    ("merge", merge),
    ("import", import_cmd),
    ("template", template),
    ("init", init),
]


def register(app: typer.Typer) -> None:
    for name, fn in COMMANDS:
        app.command(name)(guarded(_flow_errors(fn)))
