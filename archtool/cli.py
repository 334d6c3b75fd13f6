"""The ``archtool`` command line (typer). Each command is a thin layer over the library.

Exit codes (spec §6): 0 ran and nothing at or above ``--fail-on``; 1 findings at or above it;
2 could not run (bad command line, path not found, unreadable file system, internal error).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from archtool import __version__, jsontext

app = typer.Typer(
    name="archtool",
    help="Kiến trúc ICT của tỉnh dưới dạng mã: kiểm tra trùng lặp, thiếu hụt, xuất báo cáo.\n\n"
         "A province's ICT architecture as code: check duplication and gaps, publish reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(help="Duyệt danh mục tham chiếu. / Browse the reference catalogs.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

_STATE = {"debug": False}


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _lang(value: Optional[Lang]) -> str:
    if value is not None:
        return value.value
    env = os.environ.get("ARCHTOOL_LANG", "")
    return env if env in ("vi", "en") else "vi"


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print one clear line on stderr and exit."""
    typer.echo(f"archtool: {message}", err=True)
    raise typer.Exit(code)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn unexpected exceptions into one line and exit code 2 (``--debug`` shows the traceback)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            fail("interrupted / đã dừng", 2)
        except Exception as exc:  # noqa: BLE001 - the user interface never shows a traceback
            if _STATE["debug"]:
                raise
            from archtool.i18n import t

            lang = _lang(kwargs.get("lang"))
            fail(t("internal_error", lang, error=f"{type(exc).__name__}: {exc}"), 2)

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"archtool {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Phiên bản. / Show the version."),
    debug: bool = typer.Option(False, "--debug", help="Hiện traceback khi có lỗi nội bộ. / Show tracebacks on internal errors."),
) -> None:
    _STATE["debug"] = debug


def _write_output(text: str, output: Optional[Path], lang: str) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from archtool.fsio import atomic_write
    from archtool.i18n import t

    try:
        atomic_write(output, text)
    except OSError as exc:
        fail(t("cannot_write", lang, path=str(output), error=exc.strerror or str(exc)))


def load_or_exit(model: Path, lang: str, max_file_size: Optional[int] = None, use_cache: bool = False,
                 jobs: Optional[int] = 1, scan: bool = False) -> Any:
    """Load a model; ``use_cache`` reads unchanged files from the parse cache, ``jobs`` (None: one
    per processor) lets large models be parsed in worker processes; ``scan`` only reads what a load
    would read (manifests, and the bytes of element files) for the result cache."""
    from archtool.i18n import t
    from archtool.model.loader import Limits, ModelNotFound, load

    limits = Limits()
    if max_file_size:
        limits.max_file_size = max_file_size
    cache = None
    if use_cache:
        from archtool.cache import ParseCache

        cache = ParseCache()
    if jobs is None or jobs < 1:
        from archtool.cache import default_jobs

        jobs = default_jobs()
    try:
        return load(model, limits, cache=cache, jobs=jobs, scan=scan)
    except ModelNotFound:
        fail(t("path_not_found", lang, path=str(model)))
    except PermissionError as exc:
        fail(f"{exc.filename}: permission denied / không có quyền đọc", 2)


@app.command()
@guarded
def check(
    model: Path = typer.Argument(..., help="Thư mục mô hình (chứa archtool.yaml) hoặc tệp archtool.yaml. / Model folder or its archtool.yaml."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="text | json | sarif | junit | github | markdown"),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Mức gây mã thoát 1 (mặc định error). / Severity that makes the exit code 1 (default error)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="vi (mặc định) | en"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi kết quả vào tệp. / Write the report to a file."),
    catalog: list[Path] = typer.Option([], "--catalog", help="Danh mục bổ sung (tệp hoặc thư mục). / Extra catalog file or folder."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày tham chiếu YYYY-MM-DD (mặc định hôm nay). / Reference date (default today)."),
    max_file_size: Optional[int] = typer.Option(None, "--max-file-size", help="Giới hạn kích thước mỗi tệp (byte). / Per-file size limit in bytes."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Không dùng bộ nhớ đệm (đọc lại mọi tệp, chạy lại mọi quy tắc). / Bypass the caches (re-read every file, re-run every rule)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Số tiến trình đọc tệp và kiểm tra cho mô hình lớn (0: theo số lõi đang rảnh). / Processes for reading and checking large models (0: one per idle core)."),
) -> None:
    """Kiểm tra mô hình và báo cáo phát hiện. / Check a model and report findings."""
    from archtool.findings import exceeds
    from archtool.render import FORMATS
    from archtool.rules import engine

    from archtool.pyproject_options import OptionsError, find

    try:  # precedence: command line > manifest `check:` > [tool.archtool] > defaults
        _, py = find(model)
    except OptionsError as exc:
        fail(str(exc))
    lang_s = lang.value if lang else py.get("lang") or _lang(None)
    today = _parse_date(as_of)
    result = result_cache = None
    if not no_cache:  # files all unchanged since an earlier check: its findings, no parsing at all
        from archtool.cache import ResultCache

        result_cache = ResultCache()
        result = engine.cached(load_or_exit(model, lang_s, max_file_size, scan=True), extra_catalogs=catalog,
                               today=today, cache=result_cache)
    from archtool.cache import default_jobs

    auto_jobs = jobs < 1
    if auto_jobs:
        jobs = default_jobs()
    arch = result.arch if result is not None else load_or_exit(model, lang_s, max_file_size, use_cache=not no_cache,
                                                               jobs=jobs)
    opts = arch.manifest.check if arch.manifest and arch.manifest.check else None
    if lang is None and opts and opts.lang:
        lang_s = opts.lang
    fmt = format or (opts.format if opts and opts.format else py.get("format", "text"))
    if fmt not in FORMATS:
        fail(f"--format: '{fmt}' — {', '.join(sorted(FORMATS))}")
    threshold = fail_on.value if fail_on else (opts.fail_on if opts and opts.fail_on else py.get("fail-on", "error"))
    if result is None:
        if auto_jobs:  # the cores free now, after loading
            jobs = default_jobs()
        result = engine.run(arch, extra_catalogs=catalog, today=today, cache=result_cache, jobs=jobs)
    color = output is None and fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    _write_output(FORMATS[fmt](result, lang_s, color), output, lang_s)
    raise typer.Exit(1 if exceeds(result.findings, threshold) else 0)


def _parse_date(value: Optional[str]) -> dt.date:
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of: '{value}' không phải ngày YYYY-MM-DD / is not a YYYY-MM-DD date")
        raise  # pragma: no cover


@app.command()
@guarded
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp. / Write to a file."),
) -> None:
    """In JSON Schema của định dạng mô hình. / Print the JSON Schema of the model format."""
    from archtool.model.schema import json_schema

    _write_output(jsontext.dumps(json_schema()), output, "vi")


@app.command("rules")
@guarded
def rules_cmd(
    lang: Optional[Lang] = typer.Option(None, "--lang"),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
) -> None:
    """Liệt kê các quy tắc kiểm tra. / List the check rules."""
    from archtool.rules.registry import all_rules

    lang_s = _lang(lang)
    rules = all_rules()
    if format == "json":
        data = [{"id": r.id, "category": r.category, "severity": r.severity, "title": r.title.get(lang_s),
                 "rationale": r.rationale.get(lang_s), "citation": r.citation} for r in rules]
        _write_output(jsontext.dumps(data), None, lang_s)
        return
    width = max(len(r.id) for r in rules)
    lines = [f"{r.id:<{width}}  {r.category:<12} {r.severity:<8} {r.title.get(lang_s)}" for r in rules]
    _write_output("\n".join(lines) + "\n", None, lang_s)


def _catalogs_or_exit(paths: list[Path]) -> Any:
    from archtool.catalogs import CatalogError, load

    try:
        return load(paths)
    except CatalogError as exc:
        fail(f"{exc.file}:{exc.line}: {exc.message}")
    except OSError as exc:
        fail(f"{exc.filename}: {exc.strerror}")


@catalog_app.command("list")
@guarded
def catalog_list(
    name: Optional[str] = typer.Argument(None, help="Mã danh mục (ví dụ capabilities, d950). / Catalog id."),
    lang: Optional[Lang] = typer.Option(None, "--lang"),
    catalog: list[Path] = typer.Option([], "--catalog", help="Danh mục bổ sung. / Extra catalog."),
) -> None:
    """Liệt kê danh mục hoặc các mục của một danh mục. / List catalogs, or the entries of one."""
    lang_s = _lang(lang)
    cats = _catalogs_or_exit(catalog)
    if name is None:
        rows = [f"{c.id:<18} {c.version:<10} {len(cats.in_catalog(c.id)):>4}  {c.title.get(lang_s, '')}"
                for c in sorted(cats.catalogs.values(), key=lambda c: c.id)]
        _write_output("\n".join(rows) + "\n", None, lang_s)
        return
    if name not in cats.catalogs:
        fail(f"no catalog '{name}' / không có danh mục '{name}': {', '.join(sorted(cats.catalogs))}")
    entries = cats.in_catalog(name)
    width = max((len(e.id) for e in entries), default=4)
    rows = [f"{e.id:<{width}}  {e.kind:<16} {'✓' if e.verified else '?'}  {e.display(lang_s)}" for e in entries]
    _write_output("\n".join(rows) + "\n", None, lang_s)


@catalog_app.command("show")
@guarded
def catalog_show(
    id: str = typer.Argument(..., help="Mã mục danh mục. / Catalog entry id."),
    lang: Optional[Lang] = typer.Option(None, "--lang"),
    catalog: list[Path] = typer.Option([], "--catalog", help="Danh mục bổ sung. / Extra catalog."),
) -> None:
    """Hiện chi tiết một mục danh mục. / Show one catalog entry."""
    import yaml

    from archtool.i18n import t
    from archtool.suggest import closest

    lang_s = _lang(lang)
    cats = _catalogs_or_exit(catalog)
    entry = cats.get(id)
    if entry is None:
        near = closest(id, cats.entries)
        hint = t("did_you_mean", lang_s, name=near) if near else ""
        fail(t("unknown_catalog_entry", lang_s, id=id, hint=hint), 1)
    body = yaml.safe_dump({"catalog": entry.catalog, **entry.data}, allow_unicode=True, sort_keys=False, width=100)
    _write_output(body, None, lang_s)


# Commands defined in their own modules (one module per workflow) register themselves here.
# Each module exposes ``register(app)``.
COMMAND_MODULES: tuple[str, ...] = (
    "archtool.commands.build",
    "archtool.commands.flows",
)


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_commands()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("archtool: interrupted\n")
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
