"""``archtool check`` (once, or ``--watch``: again on every save), ``rules``, ``schema`` and
``catalog list|show``."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Literal, Optional

import typer
import yaml

from archtool import pipeline
from archtool.catalogs import CatalogError, load
from archtool.commands.common import (AS_OF, CATALOG, JOBS, LANG, MAX_FILE_SIZE, MODEL, NO_CACHE, FailOn, Lang, asked,
                                      fail, lang_of, write_output)
from archtool.findings import exceeds
from archtool.output import json_dumps
from archtool.render import FORMATS
from archtool.rules.engine import describe_rule
from archtool.rules.registry import by_category
from archtool.suggest import closest
from archtool.vocab import t
from archtool.workflows.schemas import FILES, editor_schema

CheckFormat = Literal[tuple(FORMATS)]  # type: ignore[valid-type]
SchemaOf = Literal[tuple(FILES)]  # type: ignore[valid-type]
WATCH_SECONDS = 1.0  # how often --watch looks at the files (a stat of each; no OS-specific notification)


def check(
    model: Path = MODEL,
    format: Optional[CheckFormat] = typer.Option(None, "--format", "-f", help="Định dạng kết quả (line: tệp:dòng:cột cho trình soạn thảo). / Report format (line: file:line:col for editors)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Mức gây mã thoát 1 (mặc định error). / Severity that makes the exit code 1 (default error)."),
    lang: Optional[Lang] = LANG,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi kết quả vào tệp. / Write the report to a file."),
    catalog: list[Path] = CATALOG,
    as_of: Optional[str] = AS_OF,
    max_file_size: Optional[int] = MAX_FILE_SIZE,
    no_cache: bool = NO_CACHE,
    jobs: int = JOBS,
    watch: bool = typer.Option(False, "--watch", "-w", help="Theo dõi và kiểm tra lại mỗi khi lưu tệp (Ctrl+C để dừng). / Check again on every save (Ctrl+C stops)."),
) -> None:
    """Kiểm tra mô hình và báo cáo phát hiện. / Check a model and report findings."""
    args = asked(lang=lang, fail_on=fail_on, format=format, as_of=as_of, catalog=catalog,
                 max_file_size=max_file_size, no_cache=no_cache, jobs=jobs)

    def once() -> tuple[int, list[Path]]:
        run = pipeline.check(model, args)
        opts = run.options
        if opts.format not in FORMATS:
            fail(f"--format: '{opts.format}' — {', '.join(FORMATS)}")
        color = output is None and opts.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        write_output(FORMATS[opts.format](run.result, opts.lang, color, fail_on=opts.fail_on), output, opts.lang)
        roots = [m.root for m in run.arch.models] + [Path(p) for p in catalog]
        return (1 if exceeds(run.result.findings, opts.fail_on) else 0), roots

    if not watch:
        raise typer.Exit(once()[0])
    raise typer.Exit(watch_loop(once, lang_of(lang)))


def snapshot(roots: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Every YAML file (and pyproject.toml) below ``roots`` with its modification time and size:
    what a save changes. Plain ``os.stat`` calls, the same on every system."""
    seen: list[tuple[str, int, int]] = []
    for root in roots:
        files = [str(root)] if root.is_file() else []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
            files += [os.path.join(dirpath, n) for n in sorted(filenames) if n.endswith((".yaml", ".yml"))]
        for parent in (root if root.is_dir() else root.parent, *root.resolve().parents):
            if (parent / "pyproject.toml").is_file():
                files.append(str(parent / "pyproject.toml"))
                break
        for name in files:
            try:
                st = os.stat(name)
            except OSError:
                continue
            seen.append((name, st.st_mtime_ns, st.st_size))
    return tuple(sorted(set(seen)))


def watch_loop(once: Callable[[], tuple[int, list[Path]]], lang: str,
               sleep: Optional[Callable[[float], None]] = None) -> int:
    """Check, then check again whenever a file of the model, its baseline or a catalog changes,
    until Ctrl+C; returns the exit code of the last check."""
    sleep = sleep or time.sleep
    vi = lang != "en"
    code, roots = once()
    state = snapshot(roots)
    try:
        while True:
            sys.stderr.write(f"archtool: {'đang theo dõi thay đổi (Ctrl+C để dừng)' if vi else 'watching for changes (Ctrl+C stops)'}\n")
            sys.stderr.flush()
            while True:
                sleep(WATCH_SECONDS)
                now = snapshot(roots)
                if now != state:
                    break
            stamp = dt.datetime.now().strftime("%H:%M:%S")
            sys.stderr.write(f"\narchtool: {'kiểm tra lại lúc' if vi else 'checking again at'} {stamp}\n")
            code, roots = once()
            state = snapshot(roots)
    except KeyboardInterrupt:
        sys.stderr.write(f"archtool: {'đã dừng theo dõi' if vi else 'stopped watching'}\n")
        return code


def schema(
    which: SchemaOf = typer.Argument("model", help="manifest: archtool.yaml; elements: các tệp phần tử; model: cả hai. / manifest: archtool.yaml; elements: element files; model: either."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp. / Write to a file."),
) -> None:
    """In JSON Schema của định dạng mô hình (cho trình soạn thảo). / Print the JSON Schema of the model format (for editors)."""
    write_output(json_dumps(editor_schema(which)), output, "vi")


def rules(
    lang: Optional[Lang] = LANG,
    format: Literal["text", "json"] = typer.Option("text", "--format", "-f", help="Định dạng. / Format."),
) -> None:
    """Liệt kê các quy tắc kiểm tra. / List the check rules."""
    lang_s = lang_of(lang)
    all_rules = by_category()
    if format == "json":
        write_output(json_dumps([describe_rule(r, lang_s) for r in all_rules]), None, lang_s)
        return
    width = max(len(r.id) for r in all_rules)
    lines = [f"{r.id:<{width}}  {r.category:<12} {r.severity:<8} {r.title.get(lang_s)}" for r in all_rules]
    write_output("\n".join(lines) + "\n", None, lang_s)


def _catalogs_or_exit(paths: list[Path]) -> Any:
    try:
        return load(paths)
    except CatalogError as exc:
        fail(f"{exc.file}:{exc.line}: {exc.message}")
    except OSError as exc:
        fail(f"{exc.filename}: {exc.strerror}")


def catalog_list(
    name: Optional[str] = typer.Argument(None, help="Mã danh mục (ví dụ capabilities, d950). / Catalog id."),
    lang: Optional[Lang] = LANG,
    catalog: list[Path] = CATALOG,
) -> None:
    """Liệt kê danh mục hoặc các mục của một danh mục. / List catalogs, or the entries of one."""
    lang_s = lang_of(lang)
    cats = _catalogs_or_exit(catalog)
    if name is None:
        rows = [f"{c.id:<18} {c.version:<10} {len(cats.in_catalog(c.id)):>4}  {c.title.get(lang_s, '')}"
                for c in sorted(cats.catalogs.values(), key=lambda c: c.id)]
        write_output("\n".join(rows) + "\n", None, lang_s)
        return
    if name not in cats.catalogs:
        fail(f"no catalog '{name}' / không có danh mục '{name}': {', '.join(sorted(cats.catalogs))}")
    entries = cats.in_catalog(name)
    width = max((len(e.id) for e in entries), default=4)
    rows = [f"{e.id:<{width}}  {e.kind:<16} {'✓' if e.verified else '?'}  {e.display(lang_s)}" for e in entries]
    write_output("\n".join(rows) + "\n", None, lang_s)


def catalog_show(
    id: str = typer.Argument(..., help="Mã mục danh mục. / Catalog entry id."),
    lang: Optional[Lang] = LANG,
    catalog: list[Path] = CATALOG,
) -> None:
    """Hiện chi tiết một mục danh mục. / Show one catalog entry."""
    lang_s = lang_of(lang)
    cats = _catalogs_or_exit(catalog)
    entry = cats.get(id)
    if entry is None:
        near = closest(id, cats.entries)
        hint = t("did_you_mean", lang_s, name=near) if near else ""
        fail(t("unknown_catalog_entry", lang_s, id=id, hint=hint), 1)
    body = yaml.safe_dump({"catalog": entry.catalog, **entry.data}, allow_unicode=True, sort_keys=False, width=100)
    write_output(body, None, lang_s)
