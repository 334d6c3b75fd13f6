"""Issue 17, hangs and memory: every input archtool reads is bounded.

An ``include`` glob is expanded with one walk of the tree whatever its ``**``; catalog files (from
the manifest or ``--catalog``) and ``pyproject.toml`` go through the bounded reader of model files
(regular files only, size checked before reading); ``import`` reads a workbook with its declared
dimension ignored and stops at bounds on rows, columns, merged ranges and string length, never
echoing a huge cell.

Cases that would hang or eat memory today run as a child process under an address-space bound and a
hang guard (tests/hostile/blackbox.py), or watch for the one operation that blocks.
"""

from __future__ import annotations

import errno
import io
import json
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import TODAY, UNITS, run_cli, write_model
from tests.hostile.blackbox import HANG_GUARD_S, assert_no_crash, posix_only, run_process

HEAD = "archtool: 1\nmodel: {id: m, name: M, kind: e-government}\n"
HUGE = 3 * 1024 * 1024 * 1024  # a sparse file: costs no disk, but 3 GB to whoever reads it whole


# ---------------------------------------------------------------------------------------------
# include globs


class _TooManyListings(Exception):
    pass


def _count_listings(monkeypatch, root: Path, budget: int) -> list[str]:
    """Count the directory listings archtool makes below ``root`` (os.scandir / os.listdir, which
    pathlib, glob and os.walk all use) and stop the run once it exceeds ``budget``: a measure of
    work, not of time."""
    seen: list[str] = []
    prefix = os.fspath(root)

    def counting(real):
        def wrapper(path=".", *a, **kw):
            p = path if isinstance(path, int) else os.fspath(path)
            if not isinstance(p, int) and os.fsdecode(p).startswith(prefix):
                seen.append(os.fsdecode(p))
                if len(seen) > budget:
                    raise _TooManyListings(f"more than {budget} directory listings below the model")
            return real(path, *a, **kw)
        return wrapper

    monkeypatch.setattr(os, "scandir", counting(os.scandir))
    monkeypatch.setattr(os, "listdir", counting(os.listdir))
    return seen


@pytest.mark.xfail(strict=True, reason="issue 17: an include glob with several ** grows exponentially")
def test_include_with_eight_double_stars_on_25_nested_folders_is_one_walk(tmp_path, monkeypatch):
    pattern = "/".join(["**"] * 8) + "/*.yaml"
    root = write_model(tmp_path / "m", {}, manifest=HEAD + f"include: ['{pattern}']\n")
    deep = root.joinpath(*[f"d{i}" for i in range(25)])
    deep.mkdir(parents=True)
    (deep / "units.yaml").write_text("units:\n  - id: a\n    name: A\n    level: nowhere\n", encoding="utf-8")
    listings = _count_listings(monkeypatch, root, budget=26 * 20)  # one walk lists 26 folders
    code, out, err = run_cli("check", str(root), "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache")
    assert code == 1, (code, err[-500:], len(listings))
    report = json.loads(out)
    rel = "/".join(f"d{i}" for i in range(25)) + "/units.yaml"
    hits = [f for f in report["findings"] if f["location"] and f["location"]["file"] == rel]
    assert len(hits) == 1 and hits[0]["rule"] == "schema-invalid", hits  # found once, read once


def test_include_globs_still_match_as_documented(tmp_path):
    """Non-regression for the one-walk expansion: ``*``, ``**`` and literal parts."""
    root = write_model(tmp_path / "m", {
        "units.yaml": UNITS,
        "systems/a.yaml": "applications:\n  - {id: a, name: A, owner: so-khcn, status: operational, security_level: 2, capabilities: [email]}\n",
        "systems/deep/b.yaml": "applications:\n  - {id: b, name: B, owner: so-khcn, status: operational, security_level: 2, capabilities: [web-portal]}\n",
        "other/c.yaml": "applications:\n  - {id: c, name: C, owner: nobody, status: operational}\n",
    }, manifest=HEAD + "include: ['units.yaml', 'systems/**/*.yaml']\n")
    code, out, err = run_cli("check", str(root), "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache",
                             "--fail-on", "never")
    findings = json.loads(out)["findings"]
    files = {f["location"]["file"] for f in findings if f["location"]}
    assert "other/c.yaml" not in files  # not included: its unknown owner is never reported
    missing = {c for f in findings if f["rule"] == "gap-capability" for c in (f.get("capabilities") or [])}
    assert "one-stop-system" in missing  # the gap rule reports capabilities (the check below means something)
    assert "email" not in missing and "web-portal" not in missing  # a.yaml and deep/b.yaml were read


# ---------------------------------------------------------------------------------------------
# catalog files


def _run_watching_fifo(fifo: Path, *args: str) -> tuple[bool, tuple[int, str, str] | None]:
    """Run the CLI in a thread and watch ``fifo``: whenever archtool has it open for reading, hold
    the writing end (no data) for a while. A run that only looks at it (a non-blocking open, fstat)
    goes on meanwhile; a run blocked reading it is still there: that is the hang, reported as
    ``blocked``. Closing the writing end then gives the reader end-of-file, so nothing hangs."""
    result: dict[str, tuple[int, str, str]] = {}
    thread = threading.Thread(target=lambda: result.setdefault("r", run_cli(*args)), daemon=True)
    thread.start()
    blocked = False
    deadline = time.monotonic() + HANG_GUARD_S
    while thread.is_alive() and time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: nobody has it open for reading
                raise
            thread.join(0.01)
            continue
        try:
            thread.join(5)  # a guard, not a speed assertion: a run that is not blocked ends or moves on
            if thread.is_alive():
                blocked = True
        finally:
            os.close(fd)  # end of file for the reader
    thread.join(HANG_GUARD_S)
    return blocked, result.get("r")


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: a catalog that is a FIFO is read and blocks forever")
@pytest.mark.parametrize("where", ["manifest", "command line"])
def test_a_catalog_that_is_a_fifo_is_refused_without_blocking(tmp_path, where):
    root = write_model(tmp_path / "m", {"units.yaml": UNITS},
                       manifest=HEAD + ("catalogs: [extra.catalog]\n" if where == "manifest" else ""))
    fifo = (root if where == "manifest" else tmp_path) / "extra.catalog"
    os.mkfifo(fifo)
    args = ["check", str(root), "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache"]
    if where == "command line":
        args += ["--catalog", str(fifo)]
    blocked, res = _run_watching_fifo(fifo, *args)
    assert not blocked, "archtool blocked reading the FIFO (without a writer it would wait forever)"
    assert res is not None, "no result within the hang guard"
    code, out, err = res
    assert code in (1, 2) and "extra.catalog" in out + err
    assert_no_crash(out, err)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.xfail(strict=True, reason="issue 17: --catalog /dev/zero is read until memory runs out")
def test_catalog_dev_zero_is_refused_quickly(tmp_path):
    root = write_model(tmp_path / "m", {"units.yaml": UNITS})
    res = run_process("check", root, "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache",
                      "--catalog", "/dev/zero", cache_dir=tmp_path / "cache")
    assert res.returncode in (1, 2), res.stderr
    assert_no_crash(res.stdout, res.stderr)
    assert "/dev/zero" in res.stdout + res.stderr


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: catalog files have no size bound (read whole)")
@pytest.mark.parametrize("where", ["manifest", "command line"])
def test_a_huge_catalog_file_is_refused_before_reading(tmp_path, where):
    root = write_model(tmp_path / "m", {"units.yaml": UNITS},
                       manifest=HEAD + ("catalogs: [catalogs/big.yml]\n" if where == "manifest" else ""))
    big = (root / "catalogs" if where == "manifest" else tmp_path) / "big.yml"
    big.parent.mkdir(exist_ok=True)
    with open(big, "wb") as fh:
        fh.truncate(HUGE)
    args = ["check", root, "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache"]
    if where == "command line":
        args += ["--catalog", big]
    res = run_process(*args, cache_dir=tmp_path / "cache")
    assert res.returncode in (1, 2), res.stderr
    assert_no_crash(res.stdout, res.stderr)
    assert "big.yml" in res.stdout + res.stderr


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: pyproject.toml is read whole, without the size bound")
def test_a_huge_pyproject_toml_beside_the_model_is_bounded(tmp_path):
    root = write_model(tmp_path / "m", {"units.yaml": UNITS})
    with open(root / "pyproject.toml", "wb") as fh:
        fh.truncate(HUGE)
    res = run_process("check", root, "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache",
                      cache_dir=tmp_path / "cache")
    assert res.returncode in (0, 1, 2), res.stderr
    assert_no_crash(res.stdout, res.stderr)
    if res.returncode == 2:  # refused: one line naming the file
        assert "pyproject.toml" in res.stderr and len(res.stderr.strip().splitlines()) == 1


@posix_only
def test_a_fifo_or_device_named_pyproject_toml_is_skipped(tmp_path):
    """Guard: today ``is_file()`` already skips them; the bounded reader must keep doing so."""
    root = write_model(tmp_path / "m", {"units.yaml": UNITS})
    os.mkfifo(root / "pyproject.toml")
    blocked, res = _run_watching_fifo(root / "pyproject.toml", "check", str(root), "--format", "json",
                                      "--as-of", TODAY.isoformat(), "--no-cache")
    assert not blocked and res is not None and res[0] in (0, 1)


# ---------------------------------------------------------------------------------------------
# import: workbooks with huge dimensions


def _workbook(rows: list[list[str]], title: str = "Ứng dụng") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, part: str, edit) -> bytes:
    """The workbook ``data`` with one zip part edited (for what openpyxl will not write)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            z.writestr(info.filename, edit(body) if info.filename == part else body)
    return out.getvalue()


INVENTORY = [["Mã", "Tên hệ thống", "Đơn vị quản lý", "Năm vận hành"],
             ["app-a", "Hệ thống A", "Sở Khoa học và Công nghệ", "2020"]]


def _import(tmp_path: Path, book: bytes):
    path = tmp_path / "kiem-ke.xlsx"
    path.write_bytes(book)
    out = tmp_path / "out"
    res = run_process("import", path, "-o", out, cache_dir=tmp_path / "cache")
    return res, out


def test_import_of_a_workbook_with_a_cell_at_xfd1048576_stops_at_a_bound(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Ứng dụng"
    for r in INVENTORY:
        ws.append(r)
    ws["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    assert len(buf.getvalue()) < 20_000
    res, out = _import(tmp_path, buf.getvalue())
    assert res.returncode in (1, 2), (res.returncode, res.stdout[-500:], res.stderr[-500:])
    assert_no_crash(res.stdout, res.stderr)
    said = res.stdout + res.stderr
    assert ("Ứng dụng" in said or "kiem-ke.xlsx" in said) and len(said) < 5000
    assert not out.exists() or not any(out.iterdir())


def test_import_of_a_workbook_with_a_sheet_wide_merged_range_stops_at_a_bound(tmp_path):
    book = _rewrite(_workbook(INVENTORY), "xl/worksheets/sheet1.xml", lambda b: b.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="D3:XFD1048576"/></mergeCells>'))
    res, out = _import(tmp_path, book)
    assert res.returncode in (1, 2), (res.returncode, res.stdout[-500:], res.stderr[-500:])
    assert_no_crash(res.stdout, res.stderr)
    assert len(res.stdout + res.stderr) < 5000
    assert not out.exists() or not any(out.iterdir())


LONG = 100_000  # beyond Excel's own limit of 32,767 characters per cell: no real workbook holds it


def test_import_refuses_a_cell_longer_than_excel_allows(tmp_path):
    # openpyxl cuts strings at Excel's limit when it saves, so the long cell is written into the XML
    book = _rewrite(_workbook(INVENTORY), "xl/worksheets/sheet1.xml", lambda b: b.replace(
        "Sở Khoa học và Công nghệ".encode("ascii", "xmlcharrefreplace"), b"S" * LONG, 1))
    assert b"S" * LONG in zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet1.xml")
    res, out = _import(tmp_path, book)
    assert res.returncode in (1, 2), (res.returncode, res.stdout[-300:], res.stderr[-300:])
    assert_no_crash(res.stdout, res.stderr)
    said = res.stdout + res.stderr
    assert "C2" in said and len(said) < 5000, said[:500]
    assert not out.exists() or not any(out.iterdir())


def test_import_never_echoes_a_huge_cell(tmp_path):
    rows = [INVENTORY[0], ["app-a", "Hệ thống A", "Sở Khoa học và Công nghệ", "năm " + "9x" * 15_000]]  # 30,004 chars
    res, out = _import(tmp_path, _workbook(rows))
    assert res.returncode == 1, res.returncode
    assert_no_crash(res.stdout, res.stderr)
    said = res.stdout + res.stderr
    assert "D2" in said and len(said) < 5000, len(said)
