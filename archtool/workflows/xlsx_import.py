"""``archtool import``: a planner's Excel tables into model YAML, never writing a wrong number silently.

**Reading is bounded** (:class:`Bounds`). The sheet's declared dimension is ignored and cells are read
as the file stores them, so a stray cell at XFD1048576 is one cell, not a million rows; reading a
sheet stops at the first value beyond the row or column bound, with a message naming that cell; a
cell longer than the text bound is reported by its length and never echoed. A file that is not a
workbook Excel writes (zip damage, a DTD or entity declaration, an old .xls, a password) is refused
in one line (:class:`Unreadable`).

**Tables as planners make them.** A sheet is recognised by its name, or else by its header
("Sheet1", "Phụ lục 2"). The header is found below title rows and may span several rows with merged
cells ("Kinh phí (triệu đồng)" over "Tổng số / NSTW / NSĐP / XHH"). A money unit in any header cell
above a column, or in a note above the table ("Đơn vị tính: triệu đồng", "ĐVT: tỷ đồng"), applies to
every money column under it; two units that disagree are an error. Rows that are not data (the
column-number row, group headings, total rows, blank rows, notes and signatures below the table)
are skipped and listed.

**Money.** Amounts become whole đồng. Text is read the Vietnamese way ("4,5" is 4.5, "45.000.000.000"
is 45e9, "15.000" in a triệu-đồng column is 15 tỷ đồng, "45 tỷ" carries its own unit); ambiguous text
("4,500") and amounts without any unit that are not plainly đồng are refused with what to write. A
total that differs from the sum of its sources is an error at the total's cell (the factor is named
when it is 1000 or another power of ten); a "TỔNG CỘNG" row that differs from the rows above is a
warning.

**Owners** must be units of the workbook's units sheet or of the baseline (``--extends``):
abbreviations ("Sở KH&CN", "UBND tỉnh") and diacritics are matched; anything else is an error at its
cell with the closest unit. No unit is created unless asked (``create_units``). Partner lists ("Các
sở, ban, ngành; UBND các xã") stay text: units that match become ``partner:<id>`` tags, the rest is
kept in the description.

Every problem is collected as ``sheet!cell`` with a Vietnamese and an English text; a bad row never
stops the others, and schema problems are worded as :mod:`archtool.model.errors` words them.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from pydantic import ValidationError
from rapidfuzz import fuzz, process

from archtool.i18n import L
from archtool.model.errors import describe
from archtool.model.schema import ID_PATTERN, KIND_CLASSES
from archtool.suggest import closest
from archtool.textnorm import fold, nfc
from archtool.vocab import KINDS, RELATIONS
from archtool.workflows import FlowError
from archtool.workflows import sheets as S
from archtool.workflows.common import slug

ID_RE = re.compile(ID_PATTERN)
HEADER_SCAN = 30  # rows searched for the header (title blocks take up to ~10)
HEADER_DEPTH = 4  # rows a header may span
TOLERANCE = 1_000_000  # đồng: rounding of amounts written in tỷ đồng with few decimals
MIN_AMOUNT = 1_000_000  # a budget line below 1 triệu đồng is a unit slip
MAX_AMOUNT = 10**14  # 100.000 tỷ đồng: more than a province's yearly budget
UNITLESS_MIN = 10**8  # with no unit anywhere, only amounts ≥ 100 triệu are plainly đồng
MAX_ARCHIVE_BYTES = 1 << 30  # uncompressed size of all parts of the workbook
MAX_PARTS = 10_000
MAX_MERGED = 100_000  # merged ranges per sheet
MAX_MERGE_FILL = 500_000  # cells covered by merged ranges (clipped to the data) per sheet
SNIFF = 65_536  # bytes of each XML part searched for a DTD
TEXT_ECHO = 60  # characters of a cell quoted in a message


@dataclass(frozen=True)
class Bounds:
    """What one import reads at most (``--max-rows``, ``--max-columns``, ``--max-cell-chars``)."""

    max_rows: int = 200_000
    max_columns: int = 200
    max_cell_chars: int = 20_000  # the format's longest text (description)


class Unreadable(FlowError):
    """The file is not a workbook archtool can read; ``text`` in both languages, exit code 2."""

    def __init__(self, text: L, code: int = 2) -> None:
        super().__init__(f"{text.vi} / {text.en}", code)
        self.text = text


class CellError(ValueError):
    """A cell's value cannot be read; ``text`` says why and what to write."""

    def __init__(self, text: L) -> None:
        super().__init__(text.vi)
        self.text = text


@dataclass
class Problem:
    severity: str  # error | warning | info
    sheet: str
    row: int | None
    column: str | None
    message: L

    def where(self) -> str:
        if self.row is None and self.column is None:
            return self.sheet
        return f"{self.sheet}!{self.column or ''}{self.row or ''}"

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"severity": self.severity, "sheet": self.sheet, "row": self.row, "column": self.column,
                "cell": self.where(), "message": self.message.get(lang)}


@dataclass
class Imported:
    collections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    #: the planning period a table's title states ("... GIAI ĐOẠN 2026 - 2030"), and where
    period: tuple[int, int] | None = None
    period_where: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def count(self) -> int:
        return sum(len(v) for v in self.collections.values())

    def sort(self) -> None:
        order = {s: i for i, s in enumerate(self.sheets)}
        self.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0,
                                          column_index_from_string(p.column) if p.column else 0))


# -- reading ------------------------------------------------------------------------------------

class _NoCache:
    """A formula cell saved without its computed value (the file was not saved by Excel)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return "=" + self.formula


class _TooLong:
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
                        value = _NoCache((f.text or "")[:TEXT_ECHO]) if f is not None else None
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
                        f"trang có hơn {MAX_MERGED:,} vùng ô gộp: không được nhập; bỏ gộp ô (Merge & Center › Unmerge).".replace(",", "."),
                        f"the sheet has more than {MAX_MERGED:,} merged ranges: not imported; unmerge the cells.")))
                    raw.stopped = True
                    return raw
                continue
            row: dict[int, Any] | None = None
            for c, v in cells:
                if isinstance(v, str) and not v.strip():
                    continue
                if r > bounds.max_rows or c > bounds.max_columns:
                    ref = f"{get_column_letter(min(c, 16384))}{r}"
                    which = (L(f"{bounds.max_rows:,} dòng".replace(",", "."), f"{bounds.max_rows:,} rows"), "--max-rows") \
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
                        f"ô dài {len(v):,} ký tự, vượt giới hạn {bounds.max_cell_chars:,} (--max-cell-chars); nội dung "
                        f"không được hiển thị. Rút gọn nội dung ô.".replace(",", "."),
                        f"the cell is {len(v):,} characters long, beyond the bound of {bounds.max_cell_chars:,} "
                        f"(--max-cell-chars); its content is not shown. Shorten it.")))
                    v = _TooLong(len(v))
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
            return [_read_cells(wb, ws, bounds) for ws in wb.worksheets]
        except _BadXml as exc:
            raise _unreadable(path, L(f"một trang tính bị hỏng ({exc})", f"a worksheet is damaged ({exc})")) from None
        except (KeyError, OSError) as exc:
            raise _unreadable(path, L(f"thiếu hoặc hỏng một phần của tệp ({exc.__class__.__name__})",
                                      f"a part of the file is missing or damaged ({exc.__class__.__name__})")) from None
        finally:
            wb.close()


# -- the grid: values with merged cells ---------------------------------------------------------

def _text(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is str:
        s = v.strip()
        return s if s.isascii() or unicodedata.is_normalized("NFC", s) else nfc(s)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return nfc(str(v)).strip()


def _short(text: Any) -> str:
    s = re.sub(r"\s+", " ", _text(text))
    return s if len(s) <= TEXT_ECHO else s[: TEXT_ECHO - 1] + "…"


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
        return _text(self.value(r, c))


def _letter(c: int) -> str:
    return get_column_letter(c)


def _rows_text(rows: list[int]) -> str:
    """[3, 4, 5, 9] -> "3–5, 9"."""
    out: list[str] = []
    start = prev = None
    for r in sorted(rows):
        if prev is not None and r == prev + 1:
            prev = r
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = r
    if start is not None:
        out.append(str(start) if start == prev else f"{start}–{prev}")
    return ", ".join(out)


def _rows_en(rows: list[int]) -> str:
    text = _rows_text(rows)
    return f"row {text}" if len(rows) == 1 else f"rows {text}"


# -- money --------------------------------------------------------------------------------------

def _unit_name(mult: int, lang: str) -> str:
    vi, en = S.UNIT_NAMES.get(mult, (f"×{mult}", f"×{mult}"))
    return en if lang == "en" else vi


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def _num(d: Decimal, lang: str) -> str:
    """A decimal the reader's way: 45.000,5 (vi) / 45,000.5 (en)."""
    q = d.quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
    whole = int(q)
    frac = str(abs(q - whole)).split(".")[1].rstrip("0") if q != whole else ""
    text = _group(whole, "." if lang == "vi" else ",")
    return text + ((("," if lang == "vi" else ".") + frac) if frac else "")


def vnd(amount: int, lang: str) -> str:
    """``15_000_000_000`` -> "15 tỷ đồng" / "VND 15 billion"; triệu or đồng for smaller amounts."""
    mult = 10**9 if amount >= 10**9 else 10**6 if amount >= 10**6 else 1
    text = _num(Decimal(amount) / mult, lang)
    if lang == "en":
        return {10**9: f"VND {text} billion", 10**6: f"VND {text} million", 1: f"VND {text}"}[mult]
    return f"{text} {_unit_name(mult, 'vi')}"


def _ambiguous(s: str) -> CellError:
    whole, frac = s.split(",")
    dec, grouped = (f"{whole},{frac.rstrip('0')}" if frac.rstrip("0") else whole), f"{whole}.{frac}"
    return CellError(L(
        f"'{s}' không rõ nghĩa: dấu phẩy là dấu thập phân ({dec}) hay phân cách hàng nghìn ({grouped})? Ghi "
        f"'{dec}' nếu là số thập phân, '{grouped}' nếu là hàng nghìn, hoặc nhập dạng số",
        f"'{s}' is ambiguous: is the comma a decimal comma ({dec}) or a thousands separator ({grouped})? Write "
        f"'{dec}' for a decimal, '{grouped}' for thousands, or enter it as a number"))


def _vn_number(s: str) -> Decimal:
    """Vietnamese number text: dots group thousands, the comma is the decimal mark."""
    if re.fullmatch(r"\d{1,3}( \d{3})+", s):
        s = s.replace(" ", "")
    if re.fullmatch(r"\d+", s):
        return Decimal(s)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):  # 45.000.000.000, 15.000
        return Decimal(s.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", s):  # 1.234,5
        return Decimal(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d+", s):  # 4,5 — but 4,500 could be either
        whole, frac = s.split(",")
        if len(frac) == 3 and len(whole) <= 3:
            raise _ambiguous(s)
        return Decimal(f"{whole}.{frac}")
    if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", s) or re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", s):  # 45,000,000,000
        return Decimal(s.replace(",", ""))
    if re.fullmatch(r"\d+\.\d+", s):  # 4.5: a decimal point typed the English way (4.500 was grouping)
        return Decimal(s)
    raise ValueError(s)


_EXCEL_ERRORS = ("#ref!", "#value!", "#div/0!", "#n/a", "#name?", "#num!", "#null!", "#spill!", "#calc!")


def _not_amount(text: str) -> CellError:
    return CellError(L(
        f"'{_short(text)}' không phải số tiền; ghi một số (theo đơn vị của cột, ví dụ 12,5 hoặc 15.000), hoặc số kèm "
        f"đơn vị ('45 tỷ', '4,5 triệu'); không ghi khoảng hay chữ",
        f"'{_short(text)}' is not an amount; write a number (in the column's unit, e.g. 12,5 or 15.000) or a number "
        f"with its unit ('45 tỷ', '4,5 triệu'); no ranges or words"))


def _formula_error(v: _NoCache) -> CellError:
    return CellError(L(
        f"ô có công thức '{_short(v)}' nhưng tệp không lưu giá trị đã tính (tệp không được lưu bằng Excel); mở tệp "
        f"bằng Excel hoặc LibreOffice, lưu lại, rồi chạy lại",
        f"the cell has the formula '{_short(v)}' but the file holds no computed value (it was not saved by Excel); "
        f"open it in Excel or LibreOffice, save, and run again"))


def read_amount(value: Any, mult: int | None) -> tuple[int, int] | None:
    """(amount in đồng, unit it was read in) for a money cell; None when the cell is empty or "-".

    ``mult`` is the column's unit (from its header or the note above the table); a unit written in the
    cell ("45 tỷ") wins. Without any unit, only amounts ≥ 100 triệu are read (as đồng)."""
    if value is None:
        return None
    if isinstance(value, _NoCache):
        raise _formula_error(value)
    if isinstance(value, bool) or isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise CellError(L(f"'{_short(value)}' là ngày tháng hoặc giá trị đúng/sai, không phải số tiền",
                          f"'{_short(value)}' is a date or a true/false value, not an amount"))
    cell_unit = None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise _not_amount(str(value))
        if value < 0:
            raise CellError(L("số tiền âm", "negative amount"))
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        raw = nfc(str(value)).strip().replace("\u00a0", " ")
        if raw in ("-", "–", "—", "x", "X"):
            return None
        if raw.lower() in _EXCEL_ERRORS:
            raise CellError(L(f"ô có lỗi công thức Excel '{raw}'; sửa công thức", f"the cell holds the Excel error '{raw}'; fix the formula"))
        m = re.fullmatch(r"([0-9][0-9., ]*?)\s*([^\W\d_].*)?", raw.lower())
        if not m:
            raise _not_amount(raw)
        if m.group(2):
            cell_unit = S.unit_word(m.group(2))
            if cell_unit is None:
                raise _not_amount(raw)
        try:
            number = _vn_number(m.group(1).strip())
        except CellError:
            raise
        except ValueError:
            raise _not_amount(raw) from None
    if number == 0:
        return 0, cell_unit or mult or 1
    unit = cell_unit or mult
    if unit is None:
        if number < UNITLESS_MIN:
            shown = _short(value)
            raise CellError(L(
                f"'{shown}': không rõ đơn vị tiền (đồng, triệu đồng hay tỷ đồng?). Ghi đơn vị ở tiêu đề cột (ví dụ "
                f"'Kinh phí (triệu đồng)'), trong dòng 'Đơn vị tính: …' phía trên bảng, hoặc ngay trong ô ('{shown} tỷ')",
                f"'{shown}': the money unit is unknown (đồng, triệu or tỷ đồng?). Write it in the column header (e.g. "
                f"'Kinh phí (triệu đồng)'), in an 'Đơn vị tính: …' line above the table, or in the cell ('{shown} tỷ')"))
        unit = 1
    try:
        amount = int((number * unit).to_integral_value(rounding=ROUND_HALF_EVEN))
    except (InvalidOperation, OverflowError):
        raise _not_amount(str(value)) from None
    return amount, unit


def parse_amount(value: Any, mult: int | None) -> int:
    """A money cell in whole đồng (see :func:`read_amount`); an empty cell is 0."""
    got = read_amount(value, mult)
    return got[0] if got else 0


def _plausible(amount: int, unit: int, value: Any) -> CellError | None:
    if 0 < amount < MIN_AMOUNT:
        return CellError(L(
            f"'{_short(value)}' {_unit_name(unit, 'vi')} = {vnd(amount, 'vi')}: quá nhỏ cho kinh phí một dự án; nếu là "
            f"triệu hay tỷ đồng, ghi kèm đơn vị ('{_short(value)} tỷ') hoặc sửa đơn vị ở tiêu đề cột",
            f"'{_short(value)}' {_unit_name(unit, 'en')} = {vnd(amount, 'en')}: too small for a project budget; if it is "
            f"millions or billions, write the unit ('{_short(value)} tỷ') or fix the unit in the column header"))
    if amount > MAX_AMOUNT:
        return CellError(L(
            f"'{_short(value)}' {_unit_name(unit, 'vi')} = {vnd(amount, 'vi')}: quá lớn cho một dự án; có lẽ ô ghi bằng "
            f"đồng trong cột {_unit_name(unit, 'vi')}; ghi theo đơn vị của cột, hoặc kèm đơn vị ('45 tỷ')",
            f"'{_short(value)}' {_unit_name(unit, 'en')} = {vnd(amount, 'en')}: too large for one project; the cell is "
            f"probably in đồng in a column of {_unit_name(unit, 'en')}; write it in the column's unit or with its unit"))
    return None


def _factor(a: int, b: int) -> L:
    """" (gấp 1.000 lần: ...)" when a/b is a power of ten, else empty."""
    if a <= 0 or b <= 0:
        return L("", "")
    k = round(math.log10(a / b))
    if k == 0 or abs(a / b / 10**k - 1) > 0.02:
        return L("", "")
    times_vi = _group(10 ** abs(k), ".")
    times_en = _group(10 ** abs(k), ",")
    rel_vi = f"gấp {times_vi} lần" if k > 0 else f"bằng 1/{times_vi}"
    rel_en = f"{times_en} times" if k > 0 else f"1/{times_en} of"
    return L(f" — {rel_vi}: có lẽ một cột ghi sai đơn vị (đồng/triệu/tỷ)",
             f" — {rel_en} the sum: a column is probably in the wrong unit (đồng/triệu/tỷ)")


# -- periods ------------------------------------------------------------------------------------

_YEARS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_SHORT_END = re.compile(r"(?<!\d)(\d{4})\s*[-–—/]\s*(\d{2})(?!\d)")


def parse_period(value: Any) -> dict[str, int]:
    """"2026-2028", "2026–2028", "2026 - 2030", "2026-28", "Năm 2027", 2027 -> {start, end}."""
    if isinstance(value, _NoCache):
        raise _formula_error(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        raise CellError(L(f"'{_short(value)}' là ngày tháng; ghi năm bắt đầu-kết thúc, ví dụ 2026-2028",
                          f"'{_short(value)}' is a date; write start-end years, e.g. 2026-2028"))
    text = _text(value)
    m = _SHORT_END.search(text)
    if m and not _YEARS.search(text[m.end():]):
        start = int(m.group(1))
        years = [start, start // 100 * 100 + int(m.group(2))]
    else:
        years = [int(y) for y in _YEARS.findall(text)]
    bad = L(f"'{_short(text)}' không phải thời gian thực hiện; ghi năm bắt đầu-kết thúc, ví dụ 2026-2028 (hoặc một năm: 2027)",
            f"'{_short(text)}' is not a period; write start-end years, e.g. 2026-2028 (or one year: 2027)")
    if not years or len(years) > 2 or any(not 1990 <= y <= 2100 for y in years):
        raise CellError(bad)
    if years[-1] < years[0]:
        raise CellError(L(f"'{_short(text)}': năm kết thúc {years[-1]} trước năm bắt đầu {years[0]}",
                          f"'{_short(text)}': end year {years[-1]} is before start year {years[0]}"))
    return {"start": years[0], "end": years[-1]}


# -- the table: header, units, columns ----------------------------------------------------------

_FOOTNOTE = re.compile(r"\(\s*(\d{1,2}|\*+)\s*\)|\*+$")
_GROUP_HEADERS = {"trong do", "nguon von", "chia ra", "co cau nguon von", "nguon kinh phi", "phan theo nguon von",
                  "bao gom", "kinh phi", "von dau tu", "du kien kinh phi"}


@dataclass
class Col:
    index: int
    column: S.Column
    header: str  # the header text that named the column
    header_row: int
    unit: int | None = None
    unit_from: str = ""  # the cell the unit was read from, e.g. "F7" or "I6 (Đơn vị tính)"


@dataclass
class Table:
    collection: str
    top: int
    bottom: int
    cols: dict[int, Col]
    unknown: list[tuple[int, int, str]]
    duplicates: list[tuple[int, int, str, int]]
    title_rows: list[int]
    title_text: str
    name_specific: bool
    problems: list[Problem] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {c.column.key for c in self.cols.values()}

    def col(self, key: str) -> Col | None:
        return next((c for c in self.cols.values() if c.column.key == key), None)


_LOOKUPS: dict[str, dict[str, S.Column]] = {}


def _lookup(coll: str) -> dict[str, S.Column]:
    lut = _LOOKUPS.get(coll)
    if lut is None:
        lut = {}
        for col in S.columns(coll):
            for syn in col.synonyms:
                lut.setdefault(syn, col)
        _LOOKUPS[coll] = lut
    return lut


def _match(lut: dict[str, S.Column], text: str) -> tuple[S.Column | None, int | None, str]:
    base, unit = S.money_unit(_FOOTNOTE.sub(" ", text))
    col = lut.get(base)
    if col is None and base.startswith("trong do "):
        col = lut.get(base[len("trong do "):])
    return col, unit, base


def _headerish(grid: Grid, lut: dict[str, S.Column], r: int) -> bool:
    for c in range(1, grid.last_col + 1):
        t = grid.text(r, c)
        if t:
            col, unit, base = _match(lut, t)
            if col is not None or unit is not None or base in _GROUP_HEADERS:
                return True
    return False


def _lone_header(grid: Grid, lut: dict[str, S.Column], r: int) -> bool:
    """A one-column header ("Tên đơn vị" alone): one unmerged cell naming a column."""
    own = [(c, v) for c, v in (grid.rows.get(r) or {}).items() if _text(v)]
    return len(own) == 1 and (r, own[0][0]) not in grid.cover and _match(lut, _text(own[0][1]))[0] is not None


def _distinct(grid: Grid, r: int) -> int:
    return len({grid.text(r, c) for c in range(1, grid.last_col + 1)} - {""})


def _match_columns(grid: Grid, lut: dict[str, S.Column], top: int, bottom: int) -> tuple[dict[int, Col], list, list]:
    cols: dict[int, Col] = {}
    first: dict[str, int] = {}
    unknown: list[tuple[int, int, str]] = []
    dups: list[tuple[int, int, str, int]] = []
    for c in range(1, grid.last_col + 1):
        stack: list[tuple[int, str]] = []
        prev: Any = None
        for r in range(top, bottom + 1):
            t = grid.text(r, c)
            if not t:
                continue
            ident = grid.cover.get((r, c)) or (r, c)
            if ident == prev:
                continue
            prev = ident
            stack.append((r, t))
        if not stack:
            continue
        r_b, t_b = stack[-1]
        col, _unit, _base = _match(lut, t_b)
        if col is None:
            unknown.append((r_b, c, t_b))
            continue
        if col.key in first:
            dups.append((r_b, c, t_b, first[col.key]))
            continue
        first[col.key] = c
        cols[c] = Col(c, col, t_b, r_b)
    return cols, unknown, dups


def find_table(grid: Grid, coll: str) -> Table | None:
    """The header of ``coll``'s table: the row (with the rows above it that belong to the header)
    naming the most columns, among the first :data:`HEADER_SCAN` rows."""
    lut = _lookup(coll)
    scan = min(HEADER_SCAN, grid.last_row)
    multi = {r: _distinct(grid, r) >= 2 for r in range(1, scan + 1)}
    headerish: dict[int, bool] = {}
    best: tuple[int, int, int, dict[int, Col], list, list] | None = None
    for r in range(1, scan + 1):
        if not multi[r] and not _lone_header(grid, lut, r):
            continue
        top = r
        while top > 1 and r - top + 1 < HEADER_DEPTH and multi.get(top - 1):
            if top - 1 not in headerish:
                headerish[top - 1] = _headerish(grid, lut, top - 1)
            if not headerish[top - 1]:
                break
            top -= 1
        cols, unknown, dups = _match_columns(grid, lut, top, r)
        n = len(cols)
        if n and (best is None or n > len(best[3])):
            best = (top, r, n, cols, unknown, dups)
    if best is None:
        return None
    top, bottom, _n, cols, unknown, dups = best
    title_rows = [r for r in range(1, top) if grid.rows.get(r)]
    title_text = " ".join(_text(v) for r in title_rows for _c, v in sorted(grid.rows[r].items()))
    name = next((c for c in cols.values() if c.column.key == "name"), None)
    specific = bool(name and _match(lut, name.header)[2] in S.NAME_SYNONYMS.get(coll, ()))
    table = Table(coll, top, bottom, cols, unknown, dups, title_rows, title_text, specific)
    _money_units(grid, table)
    return table


def _money_units(grid: Grid, table: Table) -> None:
    """Give every money column its unit: the nearest one written in a header cell above it (a merged
    "Kinh phí (triệu đồng)" covers all its sub-columns), else the note above the table. Units that
    disagree are an error at the column's header."""
    sheet = grid.title
    notes: list[tuple[int, int, int]] = []
    for r in table.title_rows:
        for c, v in sorted(grid.rows[r].items()):
            u = S.note_unit(_text(v))
            if u is not None:
                notes.append((u, r, c))
    note_units = {u for u, _r, _c in notes}
    if len(note_units) > 1:
        where = ", ".join(f"{_letter(c)}{r} ({_unit_name(u, 'vi')})" for u, r, c in notes)
        where_en = ", ".join(f"{_letter(c)}{r} ({_unit_name(u, 'en')})" for u, r, c in notes)
        table.problems.append(Problem("error", sheet, notes[0][1], _letter(notes[0][2]), L(
            f"các dòng 'Đơn vị tính' phía trên bảng ghi đơn vị khác nhau: {where}; giữ một dòng đúng",
            f"the 'Đơn vị tính' notes above the table disagree: {where_en}; keep the right one")))
    note = notes[0] if len(note_units) == 1 else None
    for c, col in table.cols.items():
        if col.column.kind not in ("amount", "total"):
            continue
        found: list[tuple[int, int, int]] = []  # (unit, row, col of the cell that says it)
        prev: Any = None
        for r in range(table.bottom, table.top - 1, -1):
            t = grid.text(r, c)
            if not t:
                continue
            rng = grid.cover.get((r, c))
            ident = rng or (r, c)
            if ident == prev:
                continue
            prev = ident
            u = S.money_unit(_FOOTNOTE.sub(" ", t))[1]
            if u is not None:
                found.append((u, rng[0] if rng else r, rng[1] if rng else c))
        units = {u for u, _r, _c in found}
        if note is not None and found and note[0] not in units:
            found.append(note)
            units.add(note[0])
        if len(units) > 1:
            said = "; ".join(f"{_letter(fc)}{fr}: {_unit_name(u, 'vi')}" for u, fr, fc in found)
            said_en = "; ".join(f"{_letter(fc)}{fr}: {_unit_name(u, 'en')}" for u, fr, fc in found)
            table.problems.append(Problem("error", sheet, col.header_row, _letter(c), L(
                f"'{col.header}': các tiêu đề và ghi chú ghi đơn vị tiền khác nhau ({said}); sửa cho thống nhất",
                f"'{col.header}': the headers and notes give different money units ({said_en}); make them agree")))
            col.unit = None
            col.unit_from = "conflict"
            continue
        if found:
            u, fr, fc = found[0]
            col.unit, col.unit_from = u, f"{_letter(fc)}{fr}"
        elif note is not None:
            col.unit, col.unit_from = note[0], f"{_letter(note[2])}{note[1]}"
    # "Tổng kinh phí (triệu đồng)" | NSTW | NSĐP: sources without a unit of their own are read in the
    # total's unit — every row's total is checked against its sources, so a wrong guess cannot pass
    money = [c for c in table.cols.values() if c.column.kind in ("amount", "total")]
    total = next((c for c in money if c.column.kind == "total" and c.unit is not None), None)
    stated = {c.unit for c in money if c.unit is not None}
    if total is not None and len(stated) == 1 and not any(c.unit_from == "conflict" for c in money):
        for c in money:
            if c.unit is None:
                c.unit, c.unit_from = total.unit, f"{_letter(total.index)}{total.header_row}*"


_COMMON_KEYS: set[str] | None = None


def _common_keys() -> set[str]:
    global _COMMON_KEYS
    if _COMMON_KEYS is None:
        sets = [{c.key for c in S.columns(coll)} for coll in S.SHEETS]
        _COMMON_KEYS = set.intersection(*sets)
    return _COMMON_KEYS


def _score(table: Table) -> int:
    keys = table.keys()
    if "name" not in keys:
        return 0
    specific = len(keys - _common_keys())
    if not specific and not table.name_specific:
        return 0
    hint = S.sheet_collection(table.title_text) == table.collection if table.title_text else False
    return 2 * specific + len(keys & _common_keys()) + 3 * table.name_specific + 3 * hint


def detect_table(grid: Grid) -> tuple[Table | None, list[str]]:
    """The collection a sheet holds, judged by its header (for sheets whose name says nothing).
    Returns the table, or None and the collections that tie."""
    scored = []
    for coll in S.SHEETS:
        table = find_table(grid, coll)
        if table is not None:
            s = _score(table)
            if s:
                scored.append((s, coll, table))
    if not scored:
        return None, []
    scored.sort(key=lambda x: -x[0])
    ties = [coll for s, coll, _t in scored if s == scored[0][0]]
    if len(ties) > 1:
        return None, ties
    return scored[0][2], []


# -- rows ---------------------------------------------------------------------------------------

_NUMBER_CELL = re.compile(r"^\(?\s*\d{1,3}\s*\)?(\s*=.*)?$|^\(?[A-Z]\)?$")
_ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})[.)]?$")
_LETTER = re.compile(r"^[A-Z][.)]?$")
_GROUP_NAME = re.compile(r"^(?:(?=[IVXLC]+\s*[.)/:-])[IVXLC]+|[A-Z])\s*[.)/:-]\s*\S")
_GROUP_WORDS = ("nhóm ", "lĩnh vực ", "phần ")
_TOTAL = re.compile(r"^(tổng cộng|tổng số|tổng|cộng)(\s*(\(.*\)|[ivxlc]+|[a-z]|\d+|nhóm\b.*|toàn tỉnh|chung|các nhóm.*|:.*|=.*))?\s*$")
_TOTAL_ASCII = {"tong cong", "tong so", "tong", "cong"}
_FOOTER = re.compile(r"^(ghi chú|nơi nhận|người lập|kt\.|tm\.|t/m|giám đốc|chủ tịch|phó chủ tịch|thủ trưởng|lãnh đạo|"
                     r"xác nhận|chú thích|lưu ý|nguồn\s*:|\(\*\)|\*)")
_FOOTER_FIRST = set("gGnNkKtTcCpPxXlLqQ(*")
_GENERIC_UNITS = re.compile(r"^(các|những)\b|\bcác\b|liên quan|\bcó liên quan\b|^toàn bộ|^tất cả")


_ID_ITEM = re.compile(r"^\s*[a-z0-9][a-z0-9._-]*\s*(\(\s*(master|write|read)\s*\))?\s*$", re.I)


def _split(text: str, commas: bool) -> list[str]:
    """Items of a list cell: separated by ';' or new lines; by commas too when every piece is an id
    ("iot-platform, gis-platform"), never inside a name ("Nền tảng tích hợp, chia sẻ dữ liệu")."""
    out: list[str] = []
    for part in re.split(r"[;\n]", text):
        pieces = part.split(",")
        if commas and len(pieces) > 1 and all(_ID_ITEM.match(p) for p in pieces):
            out += [p.strip() for p in pieces if p.strip()]
        elif part.strip():
            out.append(re.sub(r"\s+", " ", nfc(part.strip())))
    return out


_ENUM_CACHE: dict[tuple[str, str], str | None] = {}
_PERIOD_CACHE: dict[str, dict[str, int]] = {}


@dataclass
class RowData:
    sheet: str
    row: int
    coll: str
    data: dict[str, Any]
    letters: dict[str, str]
    headers: dict[str, str]
    units: dict[str, list[str]] = field(default_factory=dict)  # owner/parent/partners/scope: texts
    money: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (đồng, letter)
    ok: bool = True
    money_failed: bool = False  # a money cell could not be read: its total is not compared
    failed: set[str] = field(default_factory=set)  # fields already reported (no second message from the schema)


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text).lower()).strip()


def _is_total(text: str) -> bool:
    if not text or text[0] not in "tTcC":
        return False  # every total label starts with "tổng" or "cộng"
    low = _label(text)
    return bool(low) and (bool(_TOTAL.match(low)) or fold(low) in _TOTAL_ASCII and low.isascii())


class _SheetReader:
    """The data rows of one table, with every skipped row and problem reported."""

    def __init__(self, grid: Grid, table: Table, out: Imported, kinds: dict[str, str]) -> None:
        self.grid, self.table, self.out = grid, table, out
        self.sheet = grid.title
        self.kinds = kinds
        self.by_key = {c.column.key: c for c in table.cols.values()}
        self.letters = {c.column.key: _letter(c.index) for c in table.cols.values()}  # shared by the rows: read only
        self.headers = {c.column.key: c.header for c in table.cols.values()}

    def info(self, row: int | None, vi: str, en: str, column: str | None = None, severity: str = "info") -> None:
        self.out.problems.append(Problem(severity, self.sheet, row, column, L(vi, en)))

    def read(self) -> list[RowData]:
        g, t = self.grid, self.table
        if t.title_rows:
            first = _short(max((" ".join(_text(v) for _c, v in sorted(g.rows[r].items())) for r in t.title_rows), key=len))
            self.info(t.title_rows[0], f"bỏ qua dòng {_rows_text(t.title_rows)}: tiêu đề phía trên bảng ('{first}').",
                      f"{_rows_en(t.title_rows)} skipped: titles above the table ('{first}').")
        self._report_columns()
        seq = self.by_key.get("seq")
        name = self.by_key["name"]
        out: list[RowData] = []
        blanks: list[int] = []
        totals: list[tuple[int, str]] = []
        footer: list[int] = []
        shared_warned: set[tuple[int, int, int, int]] = set()
        for r in range(t.bottom + 1, g.last_row + 1):
            own = g.rows.get(r)
            if footer:
                if own:
                    footer.append(r)
                continue
            if not own:
                blanks.append(r)
                continue
            seq_text = g.text(r, seq.index) if seq else ""
            name_text = _text(g.data_value(r, name.index)[0])
            if not name_text or _NUMBER_CELL.match(name_text):
                filled = [x for x in (g.text(r, c) for c in t.cols) if x]
                if len(filled) >= min(3, len(t.cols)) and all(_NUMBER_CELL.match(x) for x in filled):
                    self.info(r, f"bỏ qua dòng {r}: dòng đánh số cột ('{_short(' '.join(filled[:4]))} …').",
                              f"row {r} skipped: the column-number row ('{_short(' '.join(filled[:4]))} …').")
                    continue
            first_text = _text(own[min(own)])
            label = next((x for x in (seq_text, name_text, first_text) if _is_total(x)), "")
            if label:
                totals.append((r, label))
                self.info(r, f"bỏ qua dòng {r}: dòng tổng ('{_short(label)}').", f"row {r} skipped: a total row ('{_short(label)}').")
                continue
            if out and first_text[:1] in _FOOTER_FIRST and _FOOTER.match(_label(first_text)):
                footer.append(r)
                continue
            if self._is_group(r, seq_text, name_text, own):
                numeral = seq_text + "." if (_ROMAN.match(seq_text) or _LETTER.match(seq_text)) and seq_text[-1:].isalpha() else seq_text
                heading = _short(" ".join(x for x in (numeral, name_text) if x) or first_text)
                self.info(r, f"bỏ qua dòng {r}: dòng nhóm ('{heading}').", f"row {r} skipped: a group heading ('{heading}').")
                continue
            rd = self._row(r, shared_warned)
            if rd is not None:
                out.append(rd)
        last_data = out[-1].row if out else t.bottom
        inner = [b for b in blanks if b < last_data]
        if inner:
            self.info(inner[0], f"bỏ qua dòng {_rows_text(inner)}: dòng trống.", f"{_rows_en(inner)} skipped: blank.")
        if footer:
            self.info(footer[0], f"bỏ qua dòng {_rows_text(footer)}: ghi chú, chữ ký dưới bảng.",
                      f"{_rows_en(footer)} skipped: notes and signatures below the table.")
        self._check_totals(totals, out)
        return out

    def _report_columns(self) -> None:
        g, t = self.grid, self.table
        for r, c, text in t.unknown:
            self.info(r, f"cột '{_short(text)}' không nhận ra, bỏ qua.", f"column '{_short(text)}' not recognised, ignored.",
                      _letter(c), "warning")
        for r, c, text, first in t.duplicates:
            key = t.cols[first].column
            if key.kind in ("amount", "total"):
                self.info(r, f"cột '{_short(text)}' là nguồn kinh phí thứ hai cùng loại với cột {_letter(first)} "
                             f"('{t.cols[first].header}'); bảng có hai nhóm kinh phí (theo giai đoạn?) thì archtool không "
                             f"cộng được: gộp thành một nhóm cột, hoặc tách thành hai trang.",
                          f"column '{_short(text)}' is a second budget column of the same source as column {_letter(first)} "
                          f"('{t.cols[first].header}'); archtool cannot add up two budget blocks (by phase?): merge them "
                          f"into one block of columns, or split the table into two sheets.", _letter(c), "error")
            else:
                self.info(r, f"cột '{_short(text)}' trùng nghĩa với cột {_letter(first)} ('{t.cols[first].header}'), bỏ qua.",
                          f"column '{_short(text)}' means the same as column {_letter(first)} ('{t.cols[first].header}'), ignored.",
                          _letter(c), "warning")
        for c, col in sorted(t.cols.items()):
            if col.column.kind not in ("amount", "total") or col.unit is None or g.last_row <= t.bottom:
                continue  # (an empty table: nothing is read in any unit)
            if col.unit_from.endswith("*"):
                src = col.unit_from[:-1]
                self.info(col.header_row, f"cột '{col.header}' không ghi đơn vị: đọc theo {_unit_name(col.unit, 'vi')} như cột tổng "
                                          f"(ô {src}); mỗi dòng, tổng được đối chiếu với các nguồn.",
                          f"column '{col.header}' states no unit: read in {_unit_name(col.unit, 'en')} like the total column "
                          f"(cell {src}); each row's total is checked against its sources.", _letter(c))
            else:
                self.info(col.header_row, f"cột '{col.header}' đọc theo {_unit_name(col.unit, 'vi')} (ghi ở ô {col.unit_from}).",
                          f"column '{col.header}' read in {_unit_name(col.unit, 'en')} (as cell {col.unit_from} says).", _letter(c))
        self.out.problems.extend(t.problems)
        coll = t.collection
        if coll != "units" and "owner" not in t.keys():
            self.info(t.bottom, f"bảng không có cột đơn vị chủ quản/chủ trì (bắt buộc cho {self.kinds[coll]}); thêm cột "
                                f"'{S.OWNER_PROJECT if coll == 'projects' else S.HEADERS['owner'][0]}'.",
                      f"the table has no owner column (required for {coll}); add a "
                      f"'{S.OWNER_PROJECT if coll == 'projects' else S.HEADERS['owner'][0]}' column.", None, "error")

    def _is_group(self, r: int, seq_text: str, name_text: str, own: dict[int, Any]) -> bool:
        if _ROMAN.match(seq_text) or _LETTER.match(seq_text):
            return True
        if not seq_text and _GROUP_NAME.match(name_text):
            return True
        if seq_text[:1].isdigit():
            return False  # a numbered row is data
        texts = [(c, v) for c, v in own.items() if _text(v)]
        if len(texts) == 1:
            c, _t = texts[0]
            rng = self.grid.cover.get((r, c))
            if rng is not None and rng[0] == rng[2] and rng[3] > rng[1]:
                return True  # one text merged across the row: "HẠ TẦNG KỸ THUẬT"
        owner = self.by_key.get("owner")
        if not seq_text and name_text[:1] in "nNlLpP" and _label(name_text).startswith(_GROUP_WORDS) \
                and not (owner and self.grid.text(r, owner.index)):
            return True
        return False

    def _row(self, r: int, shared_warned: set) -> RowData | None:
        g, t = self.grid, self.table
        rd = RowData(self.sheet, r, t.collection, {}, self.letters, self.headers)
        name = self.by_key["name"]
        for c, col in t.cols.items():
            letter = self.letters[col.column.key]
            value, rng = g.data_value(r, c)
            if value is None:
                continue
            if isinstance(value, _TooLong):
                rd.ok = False  # reported when read
                continue
            if rng is not None and rng not in shared_warned:
                shared_warned.add(rng)
                span = f"{_letter(rng[1])}{rng[0]}:{_letter(rng[3])}{rng[2]}"
                if col.column.kind in ("amount", "total"):
                    self.info(rng[0], f"ô gộp {span}: một số tiền '{_short(value)}' cho nhiều dòng ({rng[0]}–{min(rng[2], g.last_row)}) "
                                      f"sẽ bị tính nhiều lần; tách ô và ghi số tiền của từng dòng.",
                              f"merged cells {span}: one amount '{_short(value)}' for several rows ({rng[0]}–{min(rng[2], g.last_row)}) "
                              f"would be counted several times; unmerge and give each row its amount.", _letter(rng[1]), "error")
                else:
                    self.info(rng[0], f"ô gộp {span}: giá trị '{_short(value)}' được dùng cho mọi dòng của vùng gộp.",
                              f"merged cells {span}: value '{_short(value)}' is used for every row of the range.",
                              _letter(rng[1]), "warning")
            if rng is not None and col.column.kind in ("amount", "total"):
                rd.ok = False
                continue
            try:
                self._cell(col, value, rd)
            except CellError as exc:
                rd.ok = False
                if col.column.kind in ("amount", "total"):
                    rd.money_failed = True
                self.out.problems.append(Problem("error", self.sheet, r, letter, L(
                    f"'{col.header}': {exc.text.vi}.", f"'{col.header}': {exc.text.en}.")))
        if not _text(rd.data.get("name")):
            if not any(k in rd.data or k in rd.units for k in ("owner", "period", "id")) and rd.money:
                self.info(r, f"bỏ qua dòng {r}: chỉ có số tiền, không có tên (coi là dòng cộng); nếu là một dự án, điền tên.",
                          f"row {r} skipped: amounts without a name (taken as a total row); if it is a project, give its name.",
                          None, "warning")
                return None
            if rd.ok:
                self.info(r, f"'{name.header}' để trống; dòng không được nhập.", f"'{name.header}' is empty; the row is not imported.",
                          _letter(name.index), "error")
            return None
        return rd

    def _cell(self, col: Col, value: Any, rd: RowData) -> None:
        kind, key = col.column.kind, col.column.key
        if isinstance(value, _NoCache) and kind not in ("amount", "total", "period"):
            raise _formula_error(value)
        text = _text(value)
        if kind == "seq":
            return
        if kind in ("amount", "total"):
            got = read_amount(value, col.unit)
            if got is None:
                return
            amount, unit = got
            bad = _plausible(amount, unit, value)
            if bad is not None:
                raise bad
            rd.money[key] = (amount, _letter(col.index))
        elif kind == "int":
            if isinstance(value, (_dt.datetime, _dt.date)) and key in ("since", "until"):
                rd.data[key] = value.year
                return
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or not (isinstance(value, int) or text.isdigit()):
                raise CellError(L(f"'{_short(text)}' không phải số nguyên", f"'{_short(text)}' is not a whole number"))
            rd.data[key] = int(value if isinstance(value, int) else text)
        elif col.column.enum:
            enum = col.column.enum
            code = _ENUM_CACHE.get((enum, text), "")
            if code == "":
                code = _ENUM_CACHE[(enum, text)] = S.enum_code(enum, text)
            if code is None and enum == "security_level":
                m = re.fullmatch(r"(?:cấp\s*độ|cấp|cap do|cap|level)?\s*([1-5])", _label(text))
                code = m.group(1) if m else None
            if code is None:
                allowed = ", ".join(S.ENUMS[enum].values())
                raise CellError(L(f"'{_short(text)}' không thuộc danh sách cho phép ({allowed})",
                                  f"'{_short(text)}' is not an allowed value ({allowed})"))
            rd.data[key] = {"true": True, "false": False}.get(code, int(code) if enum == "security_level" else code)
        elif kind == "period":
            got = _PERIOD_CACHE.get(text) if isinstance(value, str) else None
            if got is None:
                got = parse_period(value)
                if isinstance(value, str) and len(_PERIOD_CACHE) < 10_000:
                    _PERIOD_CACHE[text] = got
            rd.data[key] = dict(got)
        elif kind == "list":
            rd.data[key] = _split(text, commas=key not in ("sources", "tags"))
        elif kind == "datasets":
            items = []
            for part in _split(text, commas=True):
                m = re.fullmatch(r"\s*(.+?)\s*(?:\(\s*(master|write|read)\s*\))?\s*", part, re.I)
                assert m is not None
                items.append({"id": nfc(m.group(1)), **({"access": m.group(2).lower()} if m.group(2) and m.group(2).lower() != "read" else {})})
            rd.data[key] = items
        elif kind == "scope":
            if fold(text) in ("province", "toan tinh", "tinh", "ca tinh"):
                rd.data[key] = "province"
            else:
                rd.units[key] = [x.strip() for x in re.split(r"[;\n]", text) if x.strip()]
        elif kind in ("unit", "units"):
            rd.units[key] = [x.strip() for x in re.split(r"[;\n]", text) if x.strip()]
        elif key == "description":
            rd.data[key] = text
        else:
            rd.data[key] = re.sub(r"\s+", " ", text)  # a name typed over two lines in its cell

    def _check_totals(self, totals: list[tuple[int, str]], rows: list[RowData]) -> None:
        """A "TỔNG CỘNG" row against the rows read: a difference is a warning (a row misread, or a stale total)."""
        g = self.grid
        if not all(rd.ok for rd in rows):
            return  # rows with errors: the comparison would only repeat them
        for r, label in totals:
            if not _label(label).startswith("tổng") and fold(label) not in ("tong cong", "tong so", "tong"):
                continue  # "Cộng" subtotals of a group
            for c, col in self.table.cols.items():
                if col.column.kind not in ("amount", "total"):
                    continue
                value = g.own(r, c)
                if value is None:
                    continue
                try:
                    got = read_amount(value, col.unit)
                except CellError:
                    continue
                if not got:
                    continue
                key = col.column.key
                summed = sum(rd.money[key][0] for rd in rows if key in rd.money)
                if key == "total":
                    summed = sum(rd.money["total"][0] if "total" in rd.money else
                                 sum(a for k, (a, _l) in rd.money.items() if k.startswith("budget:")) for rd in rows)
                if abs(got[0] - summed) > TOLERANCE * max(1, len(rows)):
                    f = _factor(got[0], summed)
                    self.info(r, f"dòng '{_short(label)}' ghi {vnd(got[0], 'vi')} ở cột '{col.header}', nhưng các dòng đọc được "
                                 f"cộng lại {vnd(summed, 'vi')}{f.vi}; kiểm tra lại các dòng (có dòng bị bỏ qua?) và số tổng.",
                              f"row '{_short(label)}' says {vnd(got[0], 'en')} in column '{col.header}', but the rows read add up "
                              f"to {vnd(summed, 'en')}{f.en}; check the rows (was one skipped?) and the total.",
                              _letter(c), "warning")


# -- owners and references ----------------------------------------------------------------------

#: abbreviations in unit names (folded tokens) and what they stand for, longest first
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("vh tt dl", "van hoa the thao du lich"), ("vhttdl", "van hoa the thao du lich"),
    ("ld tb xh", "lao dong thuong binh xa hoi"), ("ldtbxh", "lao dong thuong binh xa hoi"),
    ("nn ptnt", "nong nghiep phat trien nong thon"), ("nnptnt", "nong nghiep phat trien nong thon"),
    ("cntt tt", "cong nghe thong tin truyen thong"),
    ("kh cn", "khoa hoc cong nghe"), ("khcn", "khoa hoc cong nghe"),
    ("tt tt", "thong tin truyen thong"), ("tttt", "thong tin truyen thong"),
    ("tn mt", "tai nguyen moi truong"), ("tnmt", "tai nguyen moi truong"),
    ("nn mt", "nong nghiep moi truong"), ("nnmt", "nong nghiep moi truong"),
    ("kh dt", "ke hoach dau tu"), ("khdt", "ke hoach dau tu"),
    ("gd dt", "giao duc dao tao"), ("gddt", "giao duc dao tao"),
    ("gt vt", "giao thong van tai"), ("gtvt", "giao thong van tai"),
    ("pvhcc", "phuc vu hanh chinh cong"), ("hcc", "hanh chinh cong"),
    ("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"), ("cntt", "cong nghe thong tin"),
    ("vp", "van phong"),
)
#: after "Sở": short forms of a department's name
DEPARTMENTS = {"xd": "xay dung", "yt": "y te", "tc": "tai chinh", "nv": "noi vu", "ct": "cong thuong",
               "tp": "tu phap", "vhtt": "van hoa the thao"}
_CANON_CACHE: dict[str, str] = {}


def canon(name: str) -> str:
    """A unit name compared the planner's way: diacritics, case, "và", abbreviations and the trailing
    "tỉnh <name>" ignored: "Sở KH&CN" and "Sở Khoa học và Công nghệ tỉnh Tây Ninh" -> "so khoa hoc cong nghe"."""
    got = _CANON_CACHE.get(name)
    if got is not None:
        return got
    s = f" {fold(name)} "
    for short, full in ABBREVIATIONS:
        s = s.replace(f" {short} ", f" {full} ")
    words = [w for w in s.split() if w != "va"]
    if len(words) >= 2 and words[0] == "so" and words[1] in DEPARTMENTS:
        words[1:2] = DEPARTMENTS[words[1]].split()
    if words and words[0] == "tt" and len(words) > 1:
        words[0:1] = ["trung", "tam"]
    if words and words[0] == "ca":
        words[0:1] = ["cong", "an"]
    if "tinh" in words[1:]:
        i = len(words) - 1 - words[::-1].index("tinh")
        if i > 0 and len(words) - i - 1 <= 4:
            words = words[:i]
    out = " ".join(words)
    _CANON_CACHE[name] = out
    return out


TTTT = "so thong tin truyen thong"
KHCN = "so khoa hoc cong nghe"


class Units:
    """The units an owner may name: the workbook's units sheet and the baseline's units."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # id -> name
        self.by_fold: dict[str, list[str]] = defaultdict(list)
        self.by_canon: dict[str, list[str]] = defaultdict(list)
        self.cache: dict[str, tuple[list[str], str]] = {}

    def add(self, uid: str, name: str) -> None:
        if uid in self.names:
            return
        self.cache.clear()
        self.names[uid] = name
        self.by_fold[fold(name)].append(uid)
        self.by_canon[canon(name)].append(uid)

    def find(self, text: str) -> tuple[list[str], str]:
        """Candidate ids and how they matched: id | name | canon | none."""
        got = self.cache.get(text)
        if got is None:
            got = self.cache[text] = self._find(text)
        return got

    def _find(self, text: str) -> tuple[list[str], str]:
        t = nfc(text).strip()
        if t in self.names:
            return [t], "id"
        got = self.by_fold.get(fold(t))
        if got:
            return got, "name"
        got = self.by_canon.get(canon(t))
        if got:
            return got, "canon"
        return [], "none"

    def label(self, uid: str) -> str:
        return f"'{self.names[uid]}' ({uid})"

    def suggest(self, text: str) -> list[str]:
        choices = {uid: canon(name) for uid, name in self.names.items()}
        got = process.extract(canon(text), choices, scorer=fuzz.token_sort_ratio, score_cutoff=72, limit=2)
        return [uid for _name, _score, uid in got]

    def merged_into(self, text: str) -> str | None:
        """Sở TT&TT merged into Sở KH&CN from 1/3/2025: the Sở KH&CN when the list has it."""
        if canon(text) != TTTT:
            return None
        return next(iter(self.by_canon.get(KHCN, [])), None)


def _guess_level(name: str) -> str | None:
    key = canon(name)
    if key.startswith(("bo ", "chinh phu", "van phong chinh phu")):
        return "central"
    if key.startswith(("uy ban nhan dan xa", "uy ban nhan dan phuong", "xa ", "phuong ")):
        return "commune"
    if key.startswith(("so ", "uy ban nhan dan", "cong an", "van phong uy ban", "ban ")):
        return "province"
    return None


def _unique(base: str, taken: Any) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# -- the workbook -------------------------------------------------------------------------------

def read_workbook(path: Path, *, baseline: Any = None, bounds: Bounds | None = None,
                  create_units: bool = False) -> Imported:
    """Read a workbook into element dicts by collection, with every problem found.

    ``baseline`` is the loaded model of ``--extends`` (its units may own the workbook's elements, its
    elements may be referenced by name or id); ``create_units`` creates a unit for an owner found in
    neither (each one reported)."""
    kinds = {k: v.vi for k, v in KINDS.items()}
    out = Imported()
    raws = read_sheets(Path(path), bounds)
    out.sheets = [r.title for r in raws]
    tables: list[tuple[Grid, Table]] = []
    for raw in raws:
        out.problems.extend(raw.problems)
        if raw.stopped:
            continue
        coll = S.sheet_collection(raw.title)
        if raw.hidden:
            if coll or raw.rows:
                out.problems.append(Problem("warning", raw.title, None, None, L(
                    f"trang ẩn '{raw.title}' không được nhập (hiện trang ra nếu cần nhập).",
                    f"hidden sheet '{raw.title}' is not imported (unhide it to import it).")))
            continue
        if coll is None and any(fold(raw.title).startswith(s) for s in S.IGNORED_SHEETS):
            continue
        if not raw.rows:
            continue
        grid = Grid(raw)
        if grid.too_many_merges:
            out.problems.append(Problem("error", raw.title, None, None, L(
                f"trang có quá nhiều ô gộp (hơn {MAX_MERGE_FILL:,} ô): không được nhập; bỏ gộp các vùng lớn.".replace(",", "."),
                f"the sheet has too many merged cells (over {MAX_MERGE_FILL:,}): not imported; unmerge the large ranges.")))
            continue
        if coll is not None:
            table = find_table(grid, coll)
            if table is None or "name" not in table.keys():
                expect = S.NAME_HEADERS[coll]
                got = ", ".join(sorted(table.keys() - {"seq"})) if table else ""
                out.problems.append(Problem("error", raw.title, None, None, L(
                    f"không tìm thấy dòng tiêu đề có cột tên (ví dụ '{expect}') trong {HEADER_SCAN} dòng đầu"
                    + (f"; các cột nhận ra: {got}" if got else "") + ".",
                    f"no header row with a name column (e.g. '{expect}') in the first {HEADER_SCAN} rows"
                    + (f"; columns recognised: {got}" if got else "") + ".")))
                continue
        else:
            table, ties = detect_table(grid)
            if table is None:
                names = ", ".join(h for h, _ in S.SHEETS.values())
                if ties:
                    which = ", ".join(S.SHEETS[t][0] for t in ties)
                    out.problems.append(Problem("warning", raw.title, None, None, L(
                        f"bỏ qua trang '{raw.title}': tiêu đề cột hợp với nhiều loại ({which}); đặt tên trang là một trong số đó.",
                        f"sheet '{raw.title}' skipped: its headers fit several kinds ({which}); name the sheet after one of them.")))
                else:
                    out.problems.append(Problem("warning", raw.title, None, None, L(
                        f"bỏ qua trang '{raw.title}': tên trang và tiêu đề cột không ứng với loại phần tử nào ({names}).",
                        f"sheet '{raw.title}' skipped: neither its name nor its headers match an element kind ({names}).")))
                continue
            out.problems.append(Problem("info", raw.title, table.bottom, None, L(
                f"trang '{raw.title}' đọc là {S.SHEETS[table.collection][0]} (theo tiêu đề cột).",
                f"sheet '{raw.title}' read as {table.collection} (from its column headers).")))
        tables.append((grid, table))
        if table.collection == "projects" and out.period is None:
            m = re.search(r"giai đoạn\s*(\d{4})\s*[-–—]\s*(\d{2,4})(?!\d)", nfc(table.title_text).lower())
            if m:
                start, end = int(m.group(1)), int(m.group(2))
                end = start // 100 * 100 + end if end < 100 else end
                if 1990 <= start <= end <= 2100:
                    out.period, out.period_where = (start, end), raw.title
    if not tables and not out.errors:
        raise_missing(Path(path), out)
    rows: list[RowData] = []
    for grid, table in tables:
        rows.extend(_SheetReader(grid, table, out, kinds).read())
    _Resolver(out, baseline, create_units, kinds).run(rows)
    out.sort()
    return out


def raise_missing(path: Path, out: Imported) -> None:
    expected = ", ".join(h for h, _ in S.SHEETS.values())
    raise Unreadable(L(
        f"'{path}': không có trang tính nào nhận ra được (cần một trang tên là, hoặc có tiêu đề cột của, một trong: "
        f"{expected}); dùng 'archtool template' để có mẫu.",
        f"'{path}': no sheet recognised (a sheet must be named after, or have the column headers of, one of: "
        f"{expected}); run 'archtool template' for a template."), 1)


class _Resolver:
    """Ids, owners, references, budgets and the schema, across all sheets and the baseline."""

    def __init__(self, out: Imported, baseline: Any, create_units: bool, kinds: dict[str, str]) -> None:
        self.out = out
        self.create_units = create_units
        self.kinds = kinds
        self.units = Units()
        self.base_ids: dict[str, str] = {}  # baseline id -> kind
        self.names: dict[str, list[tuple[str, str]]] = defaultdict(list)  # folded name -> [(id, kind)]
        self.created: list[dict[str, Any]] = []
        self.said: dict[tuple[str, str, str], list[int]] = {}
        self.has_baseline = baseline is not None
        self.has_units_sheet = False
        if baseline is not None:
            for el in baseline.elements.values():
                self.base_ids[el.id] = el.KIND
                self.names[fold(el.name)].append((el.id, el.KIND))
                if el.KIND == "units":
                    self.units.add(el.id, el.name)

    def _once(self, rd: RowData, key: str, text: str, message: L) -> None:
        """An information said once per sheet and text, naming the other rows it applies to."""
        seen = self.said.get((rd.sheet, key, text))
        if seen is not None:
            seen.append(rd.row)
            return
        more: list[int] = []
        self.said[(rd.sheet, key, text)] = more

        def render(lang: str) -> str:
            base = message.get(lang)
            if not more:
                return base + "."
            rows = _rows_text(more)
            return f"{base} (cả dòng {rows})." if lang == "vi" else f"{base} (rows {rows} too)."

        self.out.problems.append(Problem("info", rd.sheet, rd.row, rd.letters.get(key), L.build(render)))

    def problem(self, severity: str, rd: RowData, key: str | None, vi: str, en: str) -> None:
        if severity == "error" and key:
            rd.failed.add(key)
        self.out.problems.append(Problem(severity, rd.sheet, rd.row, rd.letters.get(key) if key else None, L(vi, en)))

    def run(self, rows: list[RowData]) -> None:
        self._ids(rows)
        unit_rows = [rd for rd in rows if rd.coll == "units"]
        self.has_units_sheet = bool(unit_rows)
        base_units = {canon(n): uid for uid, n in self.units.names.items()}
        for rd in unit_rows:
            name = _text(rd.data["name"])
            twin = base_units.get(canon(name))
            if twin:
                self.problem("warning", rd, "name", f"đơn vị '{_short(name)}' đã có trong mô hình nền: {self.units.label(twin)}; "
                             f"bỏ dòng này (các ô ghi đơn vị này sẽ khớp cả hai nên bị coi là không rõ).",
                             f"unit '{_short(name)}' is already in the baseline: {self.units.label(twin)}; drop this row "
                             f"(cells naming it would match both and be ambiguous).")
            self.units.add(rd.data["id"], name)
        self.ids: dict[str, str] = dict(self.base_ids)
        for rd in rows:
            self.ids.setdefault(rd.data["id"], rd.coll)
            self.names[fold(_text(rd.data["name"]))].append((rd.data["id"], rd.coll))
        self._duplicate_names(rows)
        if not self.units.names and any(rd.units.get("owner") for rd in rows) and not self.create_units:
            first = next(rd for rd in rows if rd.units.get("owner"))
            self.out.problems.append(Problem("error", first.sheet, None, None, L(
                "bảng tính không có trang Đơn vị và không có mô hình nền: không đối chiếu được đơn vị chủ trì/quản lý. Thêm "
                "trang 'Đơn vị' (cột 'Tên cơ quan, đơn vị'), hoặc chạy với --extends THƯ_MỤC_MÔ_HÌNH_NỀN, hoặc "
                "--create-units để tạo đơn vị từ tên.",
                "the workbook has no units sheet and there is no baseline: owners cannot be checked. Add a 'Đơn vị' "
                "sheet (column 'Tên cơ quan, đơn vị'), or run with --extends BASELINE_FOLDER, or --create-units to "
                "create units from their names.")))
        collections: dict[str, list[dict[str, Any]]] = {k: [] for k in S.SHEETS}
        for rd in rows:
            element = self._finish(rd)
            if element is not None:
                collections[rd.coll].append(element)
        collections["units"].extend(self.created)
        self.out.collections = {k: v for k, v in collections.items() if v}

    def _ids(self, rows: list[RowData]) -> None:
        seen: dict[str, RowData] = {}
        for rd in rows:
            given = rd.data.get("id")
            if not given:
                continue
            if given in self.base_ids:
                rd.ok = False
                self.problem("error", rd, "id", f"mã '{_short(given)}' đã có trong mô hình nền ({self.kinds.get(self.base_ids[given], '')}); "
                             f"đặt mã khác, hoặc bỏ dòng nếu là cùng một phần tử.",
                             f"id '{_short(given)}' already exists in the baseline; use another id, or drop the row if it is the "
                             f"same element.")
            elif given in seen:
                rd.ok = False
                first = seen[given]
                self.problem("error", rd, "id", f"mã '{_short(given)}' trùng với {first.sheet}!{first.letters.get('id', '')}{first.row}.",
                             f"id '{_short(given)}' is also used at {first.sheet}!{first.letters.get('id', '')}{first.row}.")
            else:
                seen[given] = rd
        taken = set(seen) | set(self.base_ids)
        for rd in rows:
            if not rd.data.get("id"):
                rd.data["id"] = _unique(slug(_text(rd.data["name"])), taken)
                taken.add(rd.data["id"])

    def _duplicate_names(self, rows: list[RowData]) -> None:
        first: dict[tuple[str, str], RowData] = {}
        for rd in rows:
            key = (rd.coll, fold(_text(rd.data["name"])))
            if key in first and rd.coll != "units":
                f = first[key]
                extra_vi = "; nếu là cùng một dự án, kinh phí bị tính hai lần" if rd.coll == "projects" else ""
                extra_en = "; if it is the same project, its budget is counted twice" if rd.coll == "projects" else ""
                self.problem("warning", rd, "name", f"'{_short(rd.data['name'])}' trùng tên với {f.sheet}!{f.letters.get('name', '')}{f.row}{extra_vi}.",
                             f"'{_short(rd.data['name'])}' has the same name as {f.sheet}!{f.letters.get('name', '')}{f.row}{extra_en}.")
            first.setdefault(key, rd)

    # owners ------------------------------------------------------------------------------------
    def _unit(self, rd: RowData, key: str, text: str, required: bool = True) -> str | None:
        """The unit id ``text`` names, or None with an error at the cell."""
        ids, how = self.units.find(text)
        if len(ids) == 1 and how in ("id", "name"):
            return ids[0]
        short = _short(text)
        if _GENERIC_UNITS.search(_label(text)):
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{short}' là một nhóm đơn vị, không phải một đơn vị cụ thể; "
                         f"ghi đơn vị chủ trì (các đơn vị khác ghi ở cột phối hợp).",
                         f"'{rd.headers[key]}': '{short}' is a group of units, not one unit; name the lead unit (the others go "
                         f"in the partners column).")
            return None
        if len(ids) == 1:
            if how == "canon" and fold(text) != fold(self.units.names[ids[0]]):
                self._once(rd, key, text, L(f"'{short}' hiểu là đơn vị {self.units.label(ids[0])}",
                                            f"'{short}' read as the unit {self.units.label(ids[0])}"))
            return ids[0]
        if len(ids) > 1:
            which = ", ".join(self.units.label(i) for i in ids)
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{short}' ứng với nhiều đơn vị ({which}); ghi mã đơn vị.",
                         f"'{rd.headers[key]}': '{short}' matches several units ({which}); write the unit's id.")
            return None
        merged = self.units.merged_into(text)
        if self.create_units and not ID_RE.fullmatch(text.strip()):
            uid = _unique(slug(text), self.ids)
            unit: dict[str, Any] = {"id": uid, "name": nfc(text.strip())}
            level = _guess_level(text)
            if level:
                unit["level"] = level
            self.created.append(unit)
            self.units.add(uid, unit["name"])
            self.ids[uid] = "units"
            note_vi = f" Lưu ý: từ 1/3/2025 Sở TT&TT hợp nhất vào Sở KH&CN ({self.units.label(merged)})." if merged else ""
            note_en = f" Note: from 1/3/2025 the Sở TT&TT merged into the Sở KH&CN ({self.units.label(merged)})." if merged else ""
            self.problem("warning", rd, key, f"tạo đơn vị mới '{short}' ({uid}) theo --create-units; kiểm tra tên và cấp.{note_vi}",
                         f"new unit '{short}' ({uid}) created (--create-units); check its name and level.{note_en}")
            return uid
        if not required:
            return None
        sheet, base = self.has_units_sheet, self.has_baseline
        where_vi = " và ".join(x for x, on in (("trang Đơn vị", sheet), ("mô hình nền", base)) if on) or "trang Đơn vị"
        where_en = " and ".join(x for x, on in (("the units sheet", sheet), ("the baseline", base)) if on) or "the units sheet"
        hint_vi = hint_en = ""
        if merged:
            hint_vi = (f" Từ 1/3/2025 Sở TT&TT hợp nhất vào Sở KH&CN: nếu là đơn vị này, ghi "
                       f"'{self.units.names[merged]}' ({merged}).")
            hint_en = (f" From 1/3/2025 the Sở TT&TT merged into the Sở KH&CN: if that is the unit, write "
                       f"'{self.units.names[merged]}' ({merged}).")
        elif self.units.names:
            near = self.units.suggest(text)
            if near:
                hint_vi = " Có phải: " + " hoặc ".join(self.units.label(i) for i in near) + "?"
                hint_en = " Did you mean " + " or ".join(self.units.label(i) for i in near) + "?"
        if self.units.names:
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{short}' không có trong {where_vi}.{hint_vi} Ghi đúng tên hoặc "
                         f"mã đơn vị như trong danh sách, hoặc thêm đơn vị vào trang Đơn vị.",
                         f"'{rd.headers[key]}': '{short}' is not in {where_en}.{hint_en} Write the unit's name or id as "
                         f"listed, or add the unit to a units sheet.")
        else:
            self.problem("error", rd, key, f"'{rd.headers[key]}': không đối chiếu được '{short}' (chưa có danh sách đơn vị).",
                         f"'{rd.headers[key]}': '{short}' cannot be checked (no list of units).")
        return None

    def _units(self, rd: RowData) -> bool:
        ok = True
        for key, texts in rd.units.items():
            if key == "partners":
                self._partners(rd, texts)
                continue
            if key == "scope":
                ids = [self._unit(rd, key, t) for t in texts]
                ok &= None not in ids
                rd.data[key] = [i for i in ids if i]
                continue
            uid = self._unit(rd, key, texts[0])
            ok &= uid is not None
            if uid:
                rd.data[key] = uid
            if len(texts) > 1:
                self.problem("warning", rd, key, f"'{rd.headers[key]}': nhiều đơn vị ('{_short('; '.join(texts))}'); lấy đơn vị đầu "
                             f"làm đơn vị chủ trì, các đơn vị sau ghi vào cột phối hợp.",
                             f"'{rd.headers[key]}': several units ('{_short('; '.join(texts))}'); the first is taken as the "
                             f"owner, put the others in the partners column.")
        return ok

    def _partners(self, rd: RowData, texts: list[str]) -> None:
        tags: list[str] = []
        rest: list[str] = []
        for t in texts:
            ids, _how = self.units.find(t) if not _GENERIC_UNITS.search(_label(t)) else ([], "none")
            if len(ids) == 1:
                tags.append(f"partner:{ids[0]}")
            else:
                rest.append(t)
        if tags:
            rd.data["tags"] = [*rd.data.get("tags", []), *[x for x in tags if x not in rd.data.get("tags", [])]]
        if rest:
            text = "; ".join(rest)
            note = f"{S.PARTNERS[1]}: {text}"
            rd.data["description"] = f"{rd.data['description']}\n{note}" if rd.data.get("description") else note
            self._once(rd, "partners", text, L(f"'{_short(text)}' không phải đơn vị trong danh sách: giữ dưới dạng văn bản trong mô tả",
                                               f"'{_short(text)}' is not a listed unit: kept as text in the description"))

    # references --------------------------------------------------------------------------------
    def _refs(self, rd: RowData) -> bool:
        ok = True
        for rel, (fname, targets) in ((r, (x.field, x.targets)) for r, x in RELATIONS.items()):
            if fname in ("owner", "parent", "scope") or fname not in rd.data:
                continue
            value = rd.data[fname]
            if fname == "datasets":
                for item in value:
                    got = self._ref(rd, fname, item["id"], targets)
                    ok &= got is not None
                    item["id"] = got or item["id"]
            elif isinstance(value, list):
                got_all = [self._ref(rd, fname, v, targets) for v in value]
                ok &= None not in got_all
                rd.data[fname] = [g or v for g, v in zip(got_all, value)]
            elif isinstance(value, str):
                got = self._ref(rd, fname, value, targets)
                ok &= got is not None
                rd.data[fname] = got or value
        return ok

    def _ref(self, rd: RowData, key: str, text: str, targets: tuple[str, ...]) -> str | None:
        kinds = " / ".join(self.kinds[k] for k in targets)
        if text in self.ids:
            if self.ids[text] in targets:
                return text
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{_short(text)}' là {self.kinds[self.ids[text]]}, không phải {kinds}.",
                         f"'{rd.headers[key]}': '{_short(text)}' is a {self.ids[text]}, not one of: {', '.join(targets)}.")
            return None
        cands = {i for i, k in self.names.get(fold(text), []) if k in targets}
        if len(cands) == 1:
            return cands.pop()
        where_vi = "bảng tính" + (" hay mô hình nền" if self.has_baseline else "")
        where_en = "the workbook" + (" or the baseline" if self.has_baseline else "")
        if len(cands) > 1:
            self.problem("error", rd, key, f"'{rd.headers[key]}': tên '{_short(text)}' ứng với nhiều {kinds} ({', '.join(sorted(cands))}); ghi mã.",
                         f"'{rd.headers[key]}': the name '{_short(text)}' matches several elements ({', '.join(sorted(cands))}); write the id.")
            return None
        near = closest(fold(text), {fold(n) for n, items in self.names.items() if any(k in targets for _i, k in items)}, 75)
        hint_vi = hint_en = ""
        if near:
            nid = next(i for i, k in self.names[near] if k in targets)
            hint_vi, hint_en = f" Có phải '{nid}'?", f" Did you mean '{nid}'?"
        if not hint_vi and "," in text:
            hint_vi, hint_en = " Nhiều giá trị thì cách nhau bởi ';'.", " Separate several values with ';'."
        self.problem("error", rd, key, f"'{rd.headers[key]}': '{_short(text)}' không phải mã hay tên {kinds} nào trong {where_vi}.{hint_vi}"
                     + ("" if self.has_baseline else " Nếu là phần tử của mô hình nền, chạy với --extends."),
                     f"'{rd.headers[key]}': '{_short(text)}' is neither the id nor the name of an element in {where_en}.{hint_en}"
                     + ("" if self.has_baseline else " If it belongs to the baseline, run with --extends."))
        return None

    # the element -------------------------------------------------------------------------------
    def _finish(self, rd: RowData) -> dict[str, Any] | None:
        ok = rd.ok
        ok &= self._units(rd)
        ok &= self._refs(rd)
        if rd.coll == "projects":
            ok &= self._budget(rd)
        cls = KIND_CLASSES[rd.coll]
        data = {k: rd.data[k] for k in cls.model_fields if k in rd.data}
        if rd.coll != "units" and "owner" not in data and "owner" not in rd.letters:
            return None  # reported once for the sheet
        try:
            cls.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = err["loc"]
                key = str(loc[0]) if loc else ""
                if key == "budget":
                    key = "total" if "total" in rd.letters else next((k for k in rd.letters if k.startswith("budget:")), "")
                header = rd.headers.get(key) or key
                if key in rd.failed:
                    continue
                if err["type"] == "missing":
                    if key == "owner" and rd.units.get("owner"):
                        continue  # the owner was named but not found: reported at the cell
                    self.problem("error", rd, key, f"'{header}' để trống nhưng bắt buộc cho {self.kinds[rd.coll]}.",
                                 f"'{header}' is empty but required for a {rd.coll[:-1] if rd.coll.endswith('s') else rd.coll}.")
                    continue
                problem, _fix = describe(err)
                self.problem("error", rd, key, f"'{header}': {problem.vi}.", f"'{header}': {problem.en}.")
            return None
        return data if ok else None

    def _budget(self, rd: RowData) -> bool:
        lines = [(k.split(":", 1)[1], a, letter) for k, (a, letter) in rd.money.items() if k.startswith("budget:")]
        total = rd.money.get("total")
        budget = [{"source": src, "amount": a} for src, a, _l in lines if a > 0]
        if budget:
            rd.data["budget"] = budget
        if total is None or rd.money_failed:
            return True
        amount, letter = total
        name = _short(rd.data.get("name"))
        if not lines:
            if amount > 0:
                rd.data["budget"] = [{"source": "other", "amount": amount}]
                self.problem("warning", rd, "total", f"'{name}': chỉ có tổng {vnd(amount, 'vi')}, không tách nguồn; ghi là nguồn khác (other).",
                             f"'{name}': only a total of {vnd(amount, 'en')}, no sources; recorded as 'other'.")
            return True
        s = sum(a for _src, a, _l in lines)
        if abs(s - amount) <= TOLERANCE:
            return True
        parts_vi = " + ".join(f"{rd.headers['budget:' + src]} {vnd(a, 'vi')} ({l}{rd.row})" for src, a, l in lines)
        parts_en = " + ".join(f"{rd.headers['budget:' + src]} {vnd(a, 'en')} ({l}{rd.row})" for src, a, l in lines)
        f = _factor(amount, s)
        self.problem("error", rd, "total",
                     f"'{rd.headers['total']}' {vnd(amount, 'vi')} khác tổng các nguồn {vnd(s, 'vi')} = {parts_vi}{f.vi}; "
                     f"sửa cho tổng bằng các nguồn cộng lại.",
                     f"'{rd.headers['total']}' {vnd(amount, 'en')} differs from the sum of the sources {vnd(s, 'en')} = {parts_en}{f.en}; "
                     f"make the total equal the sources.")
        return False
