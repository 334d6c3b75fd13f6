"""The values of a planner's cells: amounts of money in whole đồng (Vietnamese number text, units
in the cell or the column, plausibility, the factor between a total and its sources) and periods
("2026-2028", "2026–28", "Năm 2027")."""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from archtool.formats import group, money
from archtool.i18n import L
from archtool.textnorm import nfc
from archtool.workflows import sheets as S
from archtool.workflows.importing.problems import MAX_AMOUNT, MIN_AMOUNT, UNITLESS_MIN, CellError, cell_text, short
from archtool.workflows.importing.xlsx import NoCache


def unit_name(mult: int, lang: str) -> str:
    vi, en = S.UNIT_NAMES.get(mult, (f"×{mult}", f"×{mult}"))
    return en if lang == "en" else vi


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
        f"'{short(text)}' không phải số tiền; ghi một số (theo đơn vị của cột, ví dụ 12,5 hoặc 15.000), hoặc số kèm "
        f"đơn vị ('45 tỷ', '4,5 triệu'); không ghi khoảng hay chữ",
        f"'{short(text)}' is not an amount; write a number (in the column's unit, e.g. 12,5 or 15.000) or a number "
        f"with its unit ('45 tỷ', '4,5 triệu'); no ranges or words"))


def formula_error(v: NoCache) -> CellError:
    return CellError(L(
        f"ô có công thức '{short(v)}' nhưng tệp không lưu giá trị đã tính (tệp không được lưu bằng Excel); mở tệp "
        f"bằng Excel hoặc LibreOffice, lưu lại, rồi chạy lại",
        f"the cell has the formula '{short(v)}' but the file holds no computed value (it was not saved by Excel); "
        f"open it in Excel or LibreOffice, save, and run again"))


def read_amount(value: Any, mult: int | None) -> tuple[int, int] | None:
    """(amount in đồng, unit it was read in) for a money cell; None when the cell is empty or "-".

    ``mult`` is the column's unit (from its header or the note above the table); a unit written in the
    cell ("45 tỷ") wins. Without any unit, only amounts ≥ 100 triệu are read (as đồng)."""
    if value is None:
        return None
    if isinstance(value, NoCache):
        raise formula_error(value)
    if isinstance(value, bool) or isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise CellError(L(f"'{short(value)}' là ngày tháng hoặc giá trị đúng/sai, không phải số tiền",
                          f"'{short(value)}' is a date or a true/false value, not an amount"))
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
            shown = short(value)
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


def plausible(amount: int, unit: int, value: Any) -> CellError | None:
    if 0 < amount < MIN_AMOUNT:
        return CellError(L(
            f"'{short(value)}' {unit_name(unit, 'vi')} = {money(amount, 'vi', 3)}: quá nhỏ cho kinh phí một dự án; nếu là "
            f"triệu hay tỷ đồng, ghi kèm đơn vị ('{short(value)} tỷ') hoặc sửa đơn vị ở tiêu đề cột",
            f"'{short(value)}' {unit_name(unit, 'en')} = {money(amount, 'en', 3)}: too small for a project budget; if it is "
            f"millions or billions, write the unit ('{short(value)} tỷ') or fix the unit in the column header"))
    if amount > MAX_AMOUNT:
        return CellError(L(
            f"'{short(value)}' {unit_name(unit, 'vi')} = {money(amount, 'vi', 3)}: quá lớn cho một dự án; có lẽ ô ghi bằng "
            f"đồng trong cột {unit_name(unit, 'vi')}; ghi theo đơn vị của cột, hoặc kèm đơn vị ('45 tỷ')",
            f"'{short(value)}' {unit_name(unit, 'en')} = {money(amount, 'en', 3)}: too large for one project; the cell is "
            f"probably in đồng in a column of {unit_name(unit, 'en')}; write it in the column's unit or with its unit"))
    return None


def factor(a: int, b: int) -> L:
    """" (gấp 1.000 lần: ...)" when a/b is a power of ten, else empty."""
    if a <= 0 or b <= 0:
        return L("", "")
    k = round(math.log10(a / b))
    if k == 0 or abs(a / b / 10**k - 1) > 0.02:
        return L("", "")
    times_vi = group(10 ** abs(k), "vi")
    times_en = group(10 ** abs(k), "en")
    rel_vi = f"gấp {times_vi} lần" if k > 0 else f"bằng 1/{times_vi}"
    rel_en = f"{times_en} times" if k > 0 else f"1/{times_en} of"
    return L(f" — {rel_vi}: có lẽ một cột ghi sai đơn vị (đồng/triệu/tỷ)",
             f" — {rel_en} the sum: a column is probably in the wrong unit (đồng/triệu/tỷ)")


# -- periods ------------------------------------------------------------------------------------

_YEARS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_SHORT_END = re.compile(r"(?<!\d)(\d{4})\s*[-–—/]\s*(\d{2})(?!\d)")


def parse_period(value: Any) -> dict[str, int]:
    """"2026-2028", "2026–2028", "2026 - 2030", "2026-28", "Năm 2027", 2027 -> {start, end}."""
    if isinstance(value, NoCache):
        raise formula_error(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        raise CellError(L(f"'{short(value)}' là ngày tháng; ghi năm bắt đầu-kết thúc, ví dụ 2026-2028",
                          f"'{short(value)}' is a date; write start-end years, e.g. 2026-2028"))
    text = cell_text(value)
    m = _SHORT_END.search(text)
    if m and not _YEARS.search(text[m.end():]):
        start = int(m.group(1))
        years = [start, start // 100 * 100 + int(m.group(2))]
    else:
        years = [int(y) for y in _YEARS.findall(text)]
    bad = L(f"'{short(text)}' không phải thời gian thực hiện; ghi năm bắt đầu-kết thúc, ví dụ 2026-2028 (hoặc một năm: 2027)",
            f"'{short(text)}' is not a period; write start-end years, e.g. 2026-2028 (or one year: 2027)")
    if not years or len(years) > 2 or any(not 1990 <= y <= 2100 for y in years):
        raise CellError(bad)
    if years[-1] < years[0]:
        raise CellError(L(f"'{short(text)}': năm kết thúc {years[-1]} trước năm bắt đầu {years[0]}",
                          f"'{short(text)}': end year {years[-1]} is before start year {years[0]}"))
    return {"start": years[0], "end": years[-1]}


