"""What every command shares: its common options, one-line failures, guarded execution, UTF-8
streams, writing the report, and turning the command line into :class:`~archtool.options.Asked`."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Callable, NoReturn, Optional

import typer

from archtool.model.loader import ModelNotFound
from archtool.options import Asked, OptionsError, env_lang
from archtool.output import atomic_write
from archtool.vocab import t
from archtool.workflows import FlowError

STATE = {"debug": False}


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


LANG = typer.Option(None, "--lang", help="vi (mặc định) | en")
AS_OF = typer.Option(None, "--as-of", help="Ngày tham chiếu YYYY-MM-DD (mặc định hôm nay). / Reference date (default today).")
CATALOG = typer.Option([], "--catalog", help="Danh mục bổ sung (tệp hoặc thư mục). / Extra catalog file or folder.")
MODEL = typer.Argument(..., help="Thư mục mô hình (chứa archtool.yaml) hoặc tệp archtool.yaml. / Model folder or its archtool.yaml.")
NO_CACHE = typer.Option(False, "--no-cache", help="Không dùng bộ nhớ đệm (đọc lại mọi tệp, chạy lại mọi quy tắc). / Bypass the caches (re-read every file, re-run every rule).")
JOBS = typer.Option(0, "--jobs", "-j", help="Số tiến trình đọc tệp và kiểm tra cho mô hình lớn (0: theo số lõi đang rảnh). / Processes for reading and checking large models (0: one per idle core).")
MAX_FILE_SIZE = typer.Option(None, "--max-file-size", help="Giới hạn kích thước mỗi tệp (byte). / Per-file size limit in bytes.")


def utf8_streams() -> None:
    """Write UTF-8 whatever the console code page: a redirected stdout on Windows (``archtool check m
    > x.txt``), a pipe, or PYTHONIOENCODING=cp1252 would otherwise fail on the first Vietnamese
    letter. An interactive Windows console is already UTF-8 (PEP 528); only files and pipes change.
    A stream without ``reconfigure`` (replaced by a test harness) is left alone."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a closed or detached stream
                pass


def lang_of(value: Optional[Lang]) -> str:
    """The language of a command's own messages before any model is read."""
    if value is not None:
        return value.value
    return env_lang() or "vi"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one clear line on stderr and exit."""
    typer.echo(f"archtool: {message}", err=True)
    raise typer.Exit(code)


def parse_date(value: Optional[str]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of: '{value}' không phải ngày YYYY-MM-DD / is not a YYYY-MM-DD date")


def asked(*, lang: Optional[Lang] = None, fail_on: Optional[FailOn] = None, format: Optional[str] = None,
          as_of: Optional[str] = None, catalog: list[Path] = (), max_file_size: Optional[int] = None,
          no_cache: bool = False, jobs: int = 0) -> Asked:
    """The command line's part of a run's options."""
    return Asked(lang=lang.value if lang else None, fail_on=fail_on.value if fail_on else None, format=format,
                 as_of=parse_date(as_of), catalogs=list(catalog), max_file_size=max_file_size,
                 cache=not no_cache, jobs=jobs)


def interrupted() -> NoReturn:
    """Ctrl-C: one line and exit code 130 (128 + SIGINT, as shells report it). What the interrupt
    leaves half-done (an open workbook's generators, closed when the process ends) may complain
    while it is cleaned up; after an interrupt that is noise, so it is not printed."""
    sys.unraisablehook = lambda _unraisable: None
    typer.echo("archtool: đã dừng / interrupted", err=True)
    raise typer.Exit(130)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Expected failures become one line and their exit code; anything else one line and exit
    code 2 (``--debug`` shows the traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = lang_of(kwargs.get("lang"))
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            interrupted()
        except ModelNotFound as exc:
            fail(t("path_not_found", lang, path=str(exc)))
        except OptionsError as exc:
            fail(str(exc))
        except PermissionError as exc:
            fail(f"{exc.filename}: permission denied / không có quyền đọc", 2)
        except FlowError as exc:
            fail(exc.message, exc.code)
        except Exception as exc:  # noqa: BLE001 - the user interface never shows a traceback
            if STATE["debug"]:
                raise
            fail(t("internal_error", lang, error=f"{type(exc).__name__}: {exc}"), 2)

    return wrapper


def write_output(text: str | bytes, output: Optional[Path], lang: str) -> None:
    """The report on stdout, or atomically into ``output``."""
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        sys.stdout.flush()
        return
    try:
        atomic_write(output, text)
    except OSError as exc:
        fail(t("cannot_write", lang, path=str(output), error=exc.strerror or str(exc)))


def check_choice(option: str, value: str, allowed: Any) -> None:
    if value not in allowed:
        fail(f"{option}: '{value}' — {', '.join(allowed)}")
