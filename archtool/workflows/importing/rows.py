"""The data rows of one table: rows that are not data (titles, column numbers, group headings,
totals, blanks, notes and signatures) skipped and listed, and every cell read into a
:class:`RowData` with its problems at ``sheet!cell``."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from archtool.formats import money
from archtool.i18n import L
from archtool.textnorm import fold, nfc
from archtool.vocab import KINDS
from archtool.workflows import sheets as S
from archtool.workflows.importing.problems import (TOLERANCE, Imported, Problem, cell_text, col_letter, lowered,
                                                   rows_en, rows_text, short)
from archtool.workflows.importing.tables import Col, Table
from archtool.workflows.importing.values import (CellError, factor, formula_error, parse_period, plausible,
                                                 read_amount, unit_name)
from archtool.workflows.importing.xlsx import Grid, NoCache, TooLong


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


def _is_total(text: str) -> bool:
    if not text or text[0] not in "tTcC":
        return False  # every total label starts with "tổng" or "cộng"
    low = lowered(text)
    return bool(low) and (bool(_TOTAL.match(low)) or fold(low) in _TOTAL_ASCII and low.isascii())


class SheetReader:
    """The data rows of one table, with every skipped row and problem reported."""

    def __init__(self, grid: Grid, table: Table, out: Imported) -> None:
        self.grid, self.table, self.out = grid, table, out
        self.sheet = grid.title
        self.by_key = {c.column.key: c for c in table.cols.values()}
        self.letters = {c.column.key: col_letter(c.index) for c in table.cols.values()}  # shared by the rows: read only
        self.headers = {c.column.key: c.header for c in table.cols.values()}

    def info(self, row: int | None, vi: str, en: str, column: str | None = None, severity: str = "info") -> None:
        self.out.problems.append(Problem(severity, self.sheet, row, column, L(vi, en)))

    def read(self) -> list[RowData]:
        g, t = self.grid, self.table
        if t.title_rows:
            first = short(max((" ".join(cell_text(v) for _c, v in sorted(g.rows[r].items())) for r in t.title_rows), key=len))
            self.info(t.title_rows[0], f"bỏ qua dòng {rows_text(t.title_rows)}: tiêu đề phía trên bảng ('{first}').",
                      f"{rows_en(t.title_rows)} skipped: titles above the table ('{first}').")
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
            name_text = cell_text(g.data_value(r, name.index)[0])
            if not name_text or _NUMBER_CELL.match(name_text):
                filled = [x for x in (g.text(r, c) for c in t.cols) if x]
                if len(filled) >= min(3, len(t.cols)) and all(_NUMBER_CELL.match(x) for x in filled):
                    self.info(r, f"bỏ qua dòng {r}: dòng đánh số cột ('{short(' '.join(filled[:4]))} …').",
                              f"row {r} skipped: the column-number row ('{short(' '.join(filled[:4]))} …').")
                    continue
            first_text = cell_text(own[min(own)])
            label = next((x for x in (seq_text, name_text, first_text) if _is_total(x)), "")
            if label:
                totals.append((r, label))
                self.info(r, f"bỏ qua dòng {r}: dòng tổng ('{short(label)}').", f"row {r} skipped: a total row ('{short(label)}').")
                continue
            if out and first_text[:1] in _FOOTER_FIRST and _FOOTER.match(lowered(first_text)):
                footer.append(r)
                continue
            if self._is_group(r, seq_text, name_text, own):
                numeral = seq_text + "." if (_ROMAN.match(seq_text) or _LETTER.match(seq_text)) and seq_text[-1:].isalpha() else seq_text
                heading = short(" ".join(x for x in (numeral, name_text) if x) or first_text)
                self.info(r, f"bỏ qua dòng {r}: dòng nhóm ('{heading}').", f"row {r} skipped: a group heading ('{heading}').")
                continue
            rd = self._row(r, shared_warned)
            if rd is not None:
                out.append(rd)
        last_data = out[-1].row if out else t.bottom
        inner = [b for b in blanks if b < last_data]
        if inner:
            self.info(inner[0], f"bỏ qua dòng {rows_text(inner)}: dòng trống.", f"{rows_en(inner)} skipped: blank.")
        if footer:
            self.info(footer[0], f"bỏ qua dòng {rows_text(footer)}: ghi chú, chữ ký dưới bảng.",
                      f"{rows_en(footer)} skipped: notes and signatures below the table.")
        self._check_totals(totals, out)
        return out

    def _report_columns(self) -> None:
        g, t = self.grid, self.table
        for r, c, text in t.unknown:
            self.info(r, f"cột '{short(text)}' không nhận ra, bỏ qua.", f"column '{short(text)}' not recognised, ignored.",
                      col_letter(c), "warning")
        for r, c, text, first in t.duplicates:
            key = t.cols[first].column
            if key.kind in ("amount", "total"):
                self.info(r, f"cột '{short(text)}' là nguồn kinh phí thứ hai cùng loại với cột {col_letter(first)} "
                             f"('{t.cols[first].header}'); bảng có hai nhóm kinh phí (theo giai đoạn?) thì archtool không "
                             f"cộng được: gộp thành một nhóm cột, hoặc tách thành hai trang.",
                          f"column '{short(text)}' is a second budget column of the same source as column {col_letter(first)} "
                          f"('{t.cols[first].header}'); archtool cannot add up two budget blocks (by phase?): merge them "
                          f"into one block of columns, or split the table into two sheets.", col_letter(c), "error")
            else:
                self.info(r, f"cột '{short(text)}' trùng nghĩa với cột {col_letter(first)} ('{t.cols[first].header}'), bỏ qua.",
                          f"column '{short(text)}' means the same as column {col_letter(first)} ('{t.cols[first].header}'), ignored.",
                          col_letter(c), "warning")
        for c, col in sorted(t.cols.items()):
            if col.column.kind not in ("amount", "total") or col.unit is None or g.last_row <= t.bottom:
                continue  # (an empty table: nothing is read in any unit)
            if col.unit_from.endswith("*"):
                src = col.unit_from[:-1]
                self.info(col.header_row, f"cột '{col.header}' không ghi đơn vị: đọc theo {unit_name(col.unit, 'vi')} như cột tổng "
                                          f"(ô {src}); mỗi dòng, tổng được đối chiếu với các nguồn.",
                          f"column '{col.header}' states no unit: read in {unit_name(col.unit, 'en')} like the total column "
                          f"(cell {src}); each row's total is checked against its sources.", col_letter(c))
            else:
                self.info(col.header_row, f"cột '{col.header}' đọc theo {unit_name(col.unit, 'vi')} (ghi ở ô {col.unit_from}).",
                          f"column '{col.header}' read in {unit_name(col.unit, 'en')} (as cell {col.unit_from} says).", col_letter(c))
        self.out.problems.extend(t.problems)
        coll = t.collection
        if coll != "units" and "owner" not in t.keys():
            self.info(t.bottom, f"bảng không có cột đơn vị chủ quản/chủ trì (bắt buộc cho {KINDS[coll].vi}); thêm cột "
                                f"'{S.OWNER_PROJECT if coll == 'projects' else S.HEADERS['owner'][0]}'.",
                      f"the table has no owner column (required for a {KINDS[coll].en}); add a "
                      f"'{S.OWNER_PROJECT if coll == 'projects' else S.HEADERS['owner'][0]}' column.", None, "error")

    def _is_group(self, r: int, seq_text: str, name_text: str, own: dict[int, Any]) -> bool:
        if _ROMAN.match(seq_text) or _LETTER.match(seq_text):
            return True
        if not seq_text and _GROUP_NAME.match(name_text):
            return True
        if seq_text[:1].isdigit():
            return False  # a numbered row is data
        texts = [(c, v) for c, v in own.items() if cell_text(v)]
        if len(texts) == 1:
            c, _t = texts[0]
            rng = self.grid.cover.get((r, c))
            if rng is not None and rng[0] == rng[2] and rng[3] > rng[1]:
                return True  # one text merged across the row: "HẠ TẦNG KỸ THUẬT"
        owner = self.by_key.get("owner")
        if not seq_text and name_text[:1] in "nNlLpP" and lowered(name_text).startswith(_GROUP_WORDS) \
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
            if isinstance(value, TooLong):
                rd.ok = False  # reported when read
                continue
            if rng is not None and rng not in shared_warned:
                shared_warned.add(rng)
                span = f"{col_letter(rng[1])}{rng[0]}:{col_letter(rng[3])}{rng[2]}"
                if col.column.kind in ("amount", "total"):
                    self.info(rng[0], f"ô gộp {span}: một số tiền '{short(value)}' cho nhiều dòng ({rng[0]}–{min(rng[2], g.last_row)}) "
                                      f"sẽ bị tính nhiều lần; tách ô và ghi số tiền của từng dòng.",
                              f"merged cells {span}: one amount '{short(value)}' for several rows ({rng[0]}–{min(rng[2], g.last_row)}) "
                              f"would be counted several times; unmerge and give each row its amount.", col_letter(rng[1]), "error")
                else:
                    self.info(rng[0], f"ô gộp {span}: giá trị '{short(value)}' được dùng cho mọi dòng của vùng gộp.",
                              f"merged cells {span}: value '{short(value)}' is used for every row of the range.",
                              col_letter(rng[1]), "warning")
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
        if not cell_text(rd.data.get("name")):
            if not any(k in rd.data or k in rd.units for k in ("owner", "period", "id")) and rd.money:
                self.info(r, f"bỏ qua dòng {r}: chỉ có số tiền, không có tên (coi là dòng cộng); nếu là một dự án, điền tên.",
                          f"row {r} skipped: amounts without a name (taken as a total row); if it is a project, give its name.",
                          None, "warning")
                return None
            if rd.ok:
                self.info(r, f"'{name.header}' để trống; dòng không được nhập.", f"'{name.header}' is empty; the row is not imported.",
                          col_letter(name.index), "error")
            return None
        return rd

    def _cell(self, col: Col, value: Any, rd: RowData) -> None:
        kind, key = col.column.kind, col.column.key
        if isinstance(value, NoCache) and kind not in ("amount", "total", "period"):
            raise formula_error(value)
        text = cell_text(value)
        if kind == "seq":
            return
        if kind in ("amount", "total"):
            got = read_amount(value, col.unit)
            if got is None:
                return
            amount, unit = got
            bad = plausible(amount, unit, value)
            if bad is not None:
                raise bad
            rd.money[key] = (amount, col_letter(col.index))
        elif kind == "int":
            if isinstance(value, (_dt.datetime, _dt.date)) and key in ("since", "until"):
                rd.data[key] = value.year
                return
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or not (isinstance(value, int) or text.isdigit()):
                raise CellError(L(f"'{short(text)}' không phải số nguyên", f"'{short(text)}' is not a whole number"))
            rd.data[key] = int(value if isinstance(value, int) else text)
        elif col.column.enum:
            enum = col.column.enum
            code = _ENUM_CACHE.get((enum, text), "")
            if code == "":
                code = _ENUM_CACHE[(enum, text)] = S.enum_code(enum, text)
            if code is None and enum == "security_level":
                m = re.fullmatch(r"(?:cấp\s*độ|cấp|cap do|cap|level)?\s*([1-5])", lowered(text))
                code = m.group(1) if m else None
            if code is None:
                allowed = ", ".join(S.ENUMS[enum].values())
                raise CellError(L(f"'{short(text)}' không thuộc danh sách cho phép ({allowed})",
                                  f"'{short(text)}' is not an allowed value ({allowed})"))
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
            if not lowered(label).startswith("tổng") and fold(label) not in ("tong cong", "tong so", "tong"):
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
                    f = factor(got[0], summed)
                    self.info(r, f"dòng '{short(label)}' ghi {money(got[0], 'vi', 3)} ở cột '{col.header}', nhưng các dòng đọc được "
                                 f"cộng lại {money(summed, 'vi', 3)}{f.vi}; kiểm tra lại các dòng (có dòng bị bỏ qua?) và số tổng.",
                              f"row '{short(label)}' says {money(got[0], 'en', 3)} in column '{col.header}', but the rows read add up "
                              f"to {money(summed, 'en', 3)}{f.en}; check the rows (was one skipped?) and the total.",
                              col_letter(c), "warning")


