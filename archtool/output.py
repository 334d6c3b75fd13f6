"""Writing output: atomically, deterministically.

* :func:`atomic_write` — a temporary file beside the target, then a rename: a reader never sees a
  half-written report, and an interrupted run leaves the old file intact.
* :func:`fixed_time` and :func:`stable_zip` — the one place that decides the timestamps written
  into Office files (DOCX, XLSX): ``SOURCE_DATE_EPOCH`` when set, else 1980-01-01 (the zip epoch),
  so the same model gives byte-identical artefacts.
* :func:`json_dumps` — report JSON: two-space indentation, non-ASCII kept, a final newline.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import re
import secrets
import stat
import zipfile
from pathlib import Path
from typing import Any

try:  # pragma: no cover - depends on the installation
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]

ZIP_EPOCH = dt.datetime(1980, 1, 1)


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename.

    The file keeps the permission bits of the file it replaces (a private 0600 report stays
    private); a new file gets ``0666`` less the umask, like any file the user's shell creates.
    The temporary file is created with those bits from the start (no window where it is wider)."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    try:
        keep: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        keep = None
    fd, tmp = _create_temporary(directory, target.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if keep is not None:
            os.chmod(tmp, keep)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _create_temporary(directory: Path, name: str) -> tuple[int, str]:
    """A new file ``.NAME.<random>.tmp`` in ``directory``, created with mode 0666 so that the
    kernel applies the umask (``tempfile.mkstemp`` always creates 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = os.path.join(directory, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) as a UTC time without tzinfo, or None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)


def fixed_time() -> dt.datetime:
    """The timestamp of Office metadata and zip entries: ``SOURCE_DATE_EPOCH``, else 1980-01-01."""
    when = source_date_epoch()
    return max(when, ZIP_EPOCH) if when is not None else ZIP_EPOCH


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


def stable_zip(data: bytes) -> bytes:
    """An Office file (a zip) rewritten with the :func:`fixed_time` as every entry's date and as
    the document's created/modified properties: the same content gives the same bytes."""
    when = fixed_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m.group(1) + stamp, body)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, body)
    return out.getvalue()


def json_dumps(obj: Any) -> str:
    """``obj`` as indented JSON text ending in a newline.

    orjson writes exactly the bytes ``json.dumps(obj, ensure_ascii=False, indent=2)`` writes, about
    ten times faster (a national model's report has tens of thousands of findings); the standard
    library is the fallback for what orjson refuses (integers beyond 64 bits, non-string keys)."""
    if orjson is not None:
        try:
            return orjson.dumps(obj, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    return stdlib_dumps(obj)


def stdlib_dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
