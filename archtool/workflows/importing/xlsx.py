"""Reading a workbook's cells within bounds: the archive checked before it is opened (zip damage,
DTDs and entities, old .xls, passwords), each sheet's stored rows and merged ranges read without
trusting its declared dimension, and the :class:`Grid` that gives merged cells their value."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection, Iterator

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601

from archtool.formats import group
from archtool.i18n import L
from archtool.workflows.importing.problems import (MAX_ARCHIVE_BYTES, MAX_MERGE_FILL, MAX_MERGED, MAX_PARTS, SNIFF,
                                                   TEXT_ECHO, Bounds, Problem, Unreadable, cell_text)


class NoCache:
    """A formula cell saved without its computed value (the file was not saved by Excel)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return "=" + self.formula


class TooLong:
    """A cell beyond the text bound (reported once, never echoed)."""

    __slots__ = ("length",)

    def __init__(self, length: int) -> None:
        self.length = length

    def __str__(self) -> str:
        return "…"


@dataclass
class RawSheet:
    title: str
    hidden: bool
    rows: dict[int, dict[int, Any]]  # row -> column -> value (non-empty cells only)
    merges: list[tuple[int, int, int, int]]  # (min_row, min_col, max_row, max_col)
    problems: list[Problem]
    stopped: bool = False  # reading stopped at a bound: the sheet is not imported


def _unreadable(path: Path, reason: L) -> Unreadable:
    return Unreadable(L(
        f"'{path}' không phải bảng tính Excel đọc được: {reason.vi}. Mở bằng Excel, lưu lại dưới dạng "
        f"Excel Workbook (.xlsx) rồi chạy lại.",
        f"'{path}' is not a readable Excel workbook: {reason.en}. Open it in Excel, save it as an Excel "
        f"Workbook (.xlsx) and run again."))


def _check_archive(path: Path) -> None:
    if not path.exists():
        raise Unreadable(L(f"không tìm thấy tệp '{path}'", f"file '{path}' not found"))
    if not path.is_file():
        raise _unreadable(path, L("đây là thư mục hoặc thiết bị, không phải tệp", "it is a folder or a device, not a file"))
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _unreadable(path, L("đây là tệp Excel cũ (.xls) hoặc tệp có đặt mật khẩu",
                                  "it is an old-format .xls file or a password-protected workbook"))
    if not head.startswith(b"PK"):
        raise _unreadable(path, L("không phải tệp .xlsx (có thể là .csv, .ods hoặc tệp khác đổi đuôi)",
                                  "it is not an .xlsx file (perhaps a .csv, .ods or another file renamed)"))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_ARCHIVE_BYTES:
                raise _unreadable(path, L(f"giải nén ra hơn {MAX_ARCHIVE_BYTES >> 20} MB hoặc {MAX_PARTS} phần",
                                          f"it unpacks to more than {MAX_ARCHIVE_BYTES >> 20} MB or {MAX_PARTS} parts"))
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        head = part.read(SNIFF)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise _unreadable(path, L(
                            f"phần '{info.filename[:80]}' có khai báo DTD/thực thể XML (Excel không bao giờ ghi như vậy)",
                            f"part '{info.filename[:80]}' declares a DTD or XML entities (Excel never writes them)"))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as exc:
        raise _unreadable(path, L(f"tệp nén bị hỏng ({exc.__class__.__name__})",
                                  f"the archive is damaged ({exc.__class__.__name__})")) from None


class _BadXml(Exception):
    pass


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _F, _IS, _T, _R = (f"{_NS}{t}" for t in ("row", "c", "v", "f", "is", "t", "r"))
_MERGE = f"{_NS}mergeCell"
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cells(src: Any, strings: Any, date_styles: set[int], epoch: Any) -> Iterator[tuple[Any, Any]]:
    """(row number, [(column, value)]) for each ``<row>``, then ("merge", ref) for each merged range:
    the sheet as stored, whatever its ``<dimension>`` says (a leaner reader than openpyxl's own)."""
    row_no = 0
    for _event, el in ET.iterparse(src, events=("end",)):
        tag = el.tag
        if tag == _ROW:
            r = el.get("r")
            row_no = int(r) if r else row_no + 1
            col_no = 0
            cells = []
            for c in el:
                if c.tag != _C:
                    continue
                ref = c.get("r")
                m = _REF.match(ref) if ref else None
                col_no = _col_index(m.group(1)) if m else col_no + 1
                t = c.get("t", "n")
                if t == "inlineStr":
                    box = c.find(_IS)
                    value: Any = None if box is None else "".join(
                        (x.text or "") for x in box.iter(_T) if x is not None) or None
                else:
                    v = c.findtext(_V)
                    if v is None or v == "":
                        f = c.find(_F)
                        value = NoCache((f.text or "")[:TEXT_ECHO]) if f is not None else None
                    elif t == "s":
                        value = strings[int(v)]
                    elif t == "n":
                        value = float(v) if ("." in v or "E" in v or "e" in v) else int(v)
                        style = c.get("s")
                        if style and int(style) in date_styles:
                            try:
                                value = from_excel(value, epoch)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif t == "b":
                        value = bool(int(v))
                    elif t == "d":
                        value = from_ISO8601(v)
                    else:  # str, e
                        value = v
                if value is not None:
                    cells.append((col_no, value))
            el.clear()
            yield row_no, cells
        elif tag == _MERGE:
            yield "merge", el.get("ref")
            el.clear()


def _rows_of(src: Any, strings: Any, date_styles: set[int], epoch: Any) -> Iterator[tuple[Any, Any]]:
    it = _cells(src, strings, date_styles, epoch)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a broken part: ParseError, a bad number, a bad string index...
            raise _BadXml(exc.__class__.__name__) from None
        yield item


def _read_cells(wb: Any, ws: Any, bounds: Bounds) -> RawSheet:
    title = ws.title
    raw = RawSheet(title, getattr(ws, "sheet_state", "visible") != "visible", {}, [], [])
    src = wb._archive.open(ws._worksheet_path)
    merges: list[str] = []
    try:
        for r, cells in _rows_of(src, ws._shared_strings, set(wb._date_formats), wb.epoch):
            if r == "merge":
                merges.append(cells)
                if len(merges) > MAX_MERGED:
                    raw.problems.append(Problem("error", title, None, None, L(
                        f"trang có hơn {group(MAX_MERGED)} vùng ô gộp: không được nhập; bỏ gộp ô (Merge & Center › Unmerge).",
                        f"the sheet has more than {group(MAX_MERGED, 'en')} merged ranges: not imported; unmerge the cells.")))
                    raw.stopped = True
                    return raw
                continue
            row: dict[int, Any] | None = None
            for c, v in cells:
                if isinstance(v, str) and not v.strip():
                    continue
                if r > bounds.max_rows or c > bounds.max_columns:
                    ref = f"{get_column_letter(min(c, 16384))}{r}"
                    which = (L(f"{group(bounds.max_rows)} dòng", f"{group(bounds.max_rows, 'en')} rows"), "--max-rows") \
                        if r > bounds.max_rows else \
                        (L(f"{bounds.max_columns} cột", f"{bounds.max_columns} columns"), "--max-columns")
                    raw.problems.append(Problem("error", title, r, get_column_letter(min(c, 16384)), L(
                        f"ô {ref} có dữ liệu, vượt giới hạn đọc {which[0].vi}: trang '{title}' không được nhập. "
                        f"Xóa các ô thừa ở cuối trang (hoặc chạy lại với {which[1]} lớn hơn nếu bảng thật sự lớn như vậy).",
                        f"cell {ref} holds data beyond the reading bound of {which[0].en}: sheet '{title}' is not "
                        f"imported. Delete the stray cells at the end of the sheet (or run again with a larger {which[1]} "
                        f"if the table really is that large).")))
                    raw.stopped = True
                    return raw
                if isinstance(v, str) and len(v) > bounds.max_cell_chars:
                    raw.problems.append(Problem("error", title, r, get_column_letter(c), L(
                        f"ô dài {group(len(v))} ký tự, vượt giới hạn {group(bounds.max_cell_chars)} (--max-cell-chars); nội dung "
                        f"không được hiển thị. Rút gọn nội dung ô.",
                        f"the cell is {group(len(v), 'en')} characters long, beyond the bound of {group(bounds.max_cell_chars, 'en')} "
                        f"(--max-cell-chars); its content is not shown. Shorten it.")))
                    v = TooLong(len(v))
                if row is None:
                    row = raw.rows.setdefault(r, {})
                row[c] = v
    finally:
        src.close()
    for ref in merges:
        try:
            c0, r0, c1, r1 = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if None not in (c0, r0, c1, r1):
            raw.merges.append((r0, c0, r1, c1))
    return raw


def read_sheets(path: Path, bounds: Bounds | None = None) -> list[RawSheet]:
    """Every worksheet's non-empty cells and merged ranges, within ``bounds``."""
    got = read_each(path, bounds)
    for value in got.values():
        if isinstance(value, Unreadable):
            raise value  # the first damaged sheet
    return list(got.values())  # type: ignore[arg-type]


def read_each(path: Path, bounds: Bounds | None = None, only: Collection[int] | None = None,
              sizes: list[int] | None = None) -> dict[int, RawSheet | Unreadable]:
    """The worksheets (those of index in ``only``, or all), by index in workbook order: each one's
    :class:`RawSheet`, or the :class:`Unreadable` its damage raises, reading no sheet after it (the
    caller raises the first damage). A workbook that cannot be opened raises at once.
    ``sizes``, when given, gets the unpacked size of every worksheet's part (to share the work)."""
    bounds = bounds or Bounds()
    path = Path(path)
    _check_archive(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions mean nothing to a planner
        try:
            wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # noqa: BLE001 - a damaged part raises anything from KeyError to ParseError
            raise _unreadable(path, L(f"không mở được ({exc.__class__.__name__})",
                                      f"it cannot be opened ({exc.__class__.__name__})")) from None
        try:
            if sizes is not None:
                parts = {i.filename: i.file_size for i in wb._archive.infolist()}
                sizes.extend(parts.get(ws._worksheet_path, 0) for ws in wb.worksheets)
            got: dict[int, RawSheet | Unreadable] = {}
            for i, ws in enumerate(wb.worksheets):
                if only is not None and i not in only:
                    continue
                try:
                    got[i] = _read_cells(wb, ws, bounds)
                except _BadXml as exc:
                    got[i] = _unreadable(path, L(f"một trang tính bị hỏng ({exc})", f"a worksheet is damaged ({exc})"))
                except (KeyError, OSError) as exc:
                    got[i] = _unreadable(path, L(f"thiếu hoặc hỏng một phần của tệp ({exc.__class__.__name__})",
                                                 f"a part of the file is missing or damaged ({exc.__class__.__name__})"))
                if isinstance(got[i], Unreadable):
                    break  # (a sheet of another caller's share may come first: the caller raises the first)
            return got
        finally:
            wb.close()


# -- the grid: values with merged cells ---------------------------------------------------------


class Grid:
    """A sheet's cells; a merged range's value belongs to all its cells in the header and to the
    cells of its first column in the data (a vertical merge shares a value between rows; a
    horizontal one only widens it)."""

    def __init__(self, raw: RawSheet) -> None:
        self.title = raw.title
        self.rows = raw.rows
        self.last_row = max(raw.rows, default=0)
        self.last_col = max((max(r) for r in raw.rows.values() if r), default=0)
        self.cover: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        self.too_many_merges = False
        budget = MAX_MERGE_FILL
        for rng in raw.merges:
            r0, c0, r1, c1 = rng
            r1c, c1c = min(r1, self.last_row), min(c1, self.last_col)
            if r0 > r1c or c0 > c1c or (r0 == r1 and c0 == c1):
                continue
            budget -= (r1c - r0 + 1) * (c1c - c0 + 1)
            if budget < 0:
                self.too_many_merges = True
                break
            for r in range(r0, r1c + 1):
                for c in range(c0, c1c + 1):
                    self.cover[(r, c)] = rng

    def own(self, r: int, c: int) -> Any:
        row = self.rows.get(r)
        return row.get(c) if row else None

    def value(self, r: int, c: int) -> Any:
        """The value shown in the cell (a merged range's value in every cell of it)."""
        v = self.own(r, c)
        if v is None:
            rng = self.cover.get((r, c))
            if rng is not None:
                v = self.own(rng[0], rng[1])
        return v

    def data_value(self, r: int, c: int) -> tuple[Any, tuple[int, int, int, int] | None]:
        """The value of a data cell, and the merged range it came from when it was filled."""
        v = self.own(r, c)
        if v is None:
            rng = self.cover.get((r, c))
            if rng is not None and rng[1] == c and rng[0] < r:
                return self.own(rng[0], rng[1]), rng
        return v, None

    def text(self, r: int, c: int) -> str:
        return cell_text(self.value(r, c))


