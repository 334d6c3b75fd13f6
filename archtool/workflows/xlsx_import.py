"""``archtool import``: planners' Excel inventories and priority-task tables into model YAML.

Headers are found flexibly (first 15 rows, diacritics/case-insensitive, synonyms, a unit such as
"(tỷ đồng)" in the header or the cell above it), merged cells are filled from their top-left cell,
units are created from unit names, and every problem is collected as ``sheet!cell: message``: a bad
row never stops the import of the others.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from archtool.i18n import L
from archtool.model.schema import ID_PATTERN, KIND_CLASSES
from archtool.textnorm import fold, nfc
from archtool.formats import money as money_text
from archtool.workflows import FlowError
from archtool.workflows.common import slug
from archtool.workflows.sheets import (IGNORED_SHEETS, SHEETS, Column, columns, enum_code, sheet_collection,
                                       split_unit)

HEADER_SCAN = 15
ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$|^[a-z]$")
ID_RE = re.compile(ID_PATTERN)
YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2}|2100)(?!\d)")
THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
DATASET_ITEM = re.compile(r"^\s*([^()\s]+)\s*(?:\(\s*(master|write|read)\s*\))?\s*$", re.I)
TOLERANCE = 1_000_000  # VND: rounding of tỷ-đồng amounts written with few decimals


@dataclass
class Problem:
    severity: str  # error | warning | info
    sheet: str
    row: int | None
    column: str | None
    message: L

    def where(self) -> str:
        cell = f"{self.column or ''}{self.row or ''}"
        return f"{self.sheet}!{cell}" if cell else self.sheet

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"severity": self.severity, "sheet": self.sheet, "row": self.row, "column": self.column,
                "message": self.message.get(lang)}


@dataclass
class Imported:
    collections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def count(self) -> int:
        return sum(len(v) for v in self.collections.values())


class _Units:
    """Unit lookup by id or folded name; creates units from names planners write."""

    def __init__(self) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        self.by_name: dict[str, str] = {}
        self.created: list[dict[str, Any]] = []

    def add(self, data: dict[str, Any]) -> None:
        self.by_id[data["id"]] = data
        self.by_name.setdefault(fold(data["name"]), data["id"])

    def resolve(self, text: str) -> str:
        text = nfc(text.strip())
        if ID_RE.match(text):
            return text
        key = fold(text)
        if key in self.by_name:
            return self.by_name[key]
        uid = _unique(slug(text), self.by_id)
        unit: dict[str, Any] = {"id": uid, "name": text}
        level = _guess_level(key)
        if level:
            unit["level"] = level
        self.add(unit)
        self.created.append(unit)
        return uid


def _guess_level(key: str) -> str | None:
    if key.startswith(("bo ", "chinh phu", "van phong chinh phu")):
        return "central"
    if key.startswith(("ubnd xa", "ubnd phuong", "uy ban nhan dan xa", "uy ban nhan dan phuong", "xa ", "phuong ")):
        return "commune"
    if key.startswith(("so ", "ubnd tinh", "uy ban nhan dan tinh", "cong an tinh", "van phong ubnd tinh", "ban ")):
        return "province"
    return None


def _unique(base: str, taken: Any) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _grid(ws: Any, sheet: str, problems: list[Problem], header_rows: int) -> list[list[Any]]:
    """Cell values with merged ranges filled from their top-left cell (and a warning in the data)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        value = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else None
        for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
            for c in range(rng.min_col, min(rng.max_col, width) + 1):
                rows[r - 1][c - 1] = value
        if rng.max_row > header_rows and rng.max_row > rng.min_row and value is not None:
            problems.append(Problem("warning", sheet, rng.min_row, get_column_letter(rng.min_col), L(
                f"ô gộp {rng.coord}: giá trị '{value}' được dùng cho mọi dòng của vùng gộp; nên tách ô khi nhập liệu.",
                f"merged cells {rng.coord}: value '{value}' is used for every row of the range; better unmerge them.")))
    return rows


def _text(v: Any) -> str:
    return "" if v is None else nfc(str(v)).strip()


def _match_header(cols: list[Column], text: str, above: str) -> tuple[Column | None, int | None]:
    unit = None
    for t in (text, above):
        base, mult = split_unit(fold(t))
        unit = unit or mult
    for t in (text, above):
        base, _ = split_unit(fold(t))
        if not base:
            continue
        for c in cols:
            if base in c.synonyms:
                return c, unit
    return None, unit


def _find_header(rows: list[list[Any]], cols: list[Column]) -> tuple[int, dict[int, tuple[Column, int | None]], list[str]]:
    best = (-1, {}, [])
    for r in range(min(HEADER_SCAN, len(rows))):
        found: dict[int, tuple[Column, int | None]] = {}
        seen: set[str] = set()
        unknown: list[str] = []
        for c, value in enumerate(rows[r]):
            above = _text(rows[r - 1][c]) if r > 0 else ""
            col, unit = _match_header(cols, _text(value), above)
            if col and col.key not in seen:
                found[c] = (col, unit)
                seen.add(col.key)
            elif _text(value):
                unknown.append(_text(value))
        if len(found) > len(best[1]):
            best = (r, found, unknown)
    return best


def read_workbook(path: Path) -> Imported:
    """Read a workbook into element dicts by collection, with every problem found."""
    try:
        wb = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise FlowError(f"không tìm thấy tệp '{path}' / file '{path}' not found", 2) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FlowError(f"'{path}' không phải tệp Excel .xlsx đọc được ({exc.__class__.__name__}); lưu lại dưới dạng "
                        f".xlsx rồi thử lại. / '{path}' is not a readable .xlsx workbook; save it as .xlsx and retry.", 2) from None
    out = Imported()
    units = _Units()
    raw: list[tuple[str, str, list[tuple[int, dict[str, Any]]]]] = []
    order = list(SHEETS)
    sheets = sorted(((ws, sheet_collection(ws.title)) for ws in wb.worksheets),
                    key=lambda p: order.index(p[1]) if p[1] else 99)
    for ws, coll in sheets:
        if coll is None:
            if not any(fold(ws.title).startswith(s) for s in IGNORED_SHEETS):
                out.problems.append(Problem("warning", ws.title, None, None, L(
                    f"bỏ qua trang '{ws.title}': tên trang không ứng với loại phần tử nào ({', '.join(h for h, _ in SHEETS.values())}).",
                    f"sheet '{ws.title}' skipped: its name matches no element kind ({', '.join(h for h, _ in SHEETS.values())}).")))
            continue
        raw.append((ws.title, coll, _read_sheet(ws, coll, out.problems)))
    if not raw:
        raise_missing(path, out)
    # units first (owners of everything else), then the rest
    for sheet, coll, rows in raw:
        if coll == "units":
            for _row, data in rows:
                units.add(data)
    out.collections = {k: [] for k in SHEETS}
    names: dict[str, str] = {fold(d["name"]): d["id"] for _s, _c, rows in raw for _r, d in rows if d.get("id")}
    taken: set[str] = {d["id"] for _s, _c, rows in raw for _r, d in rows if d.get("id")}
    for sheet, coll, rows in raw:
        for row, data in rows:
            _finish(data, coll, sheet, row, units, names, taken, out)
    for u in units.created:
        out.collections["units"].append(u)
    out.collections = {k: v for k, v in out.collections.items() if v}
    return out


def raise_missing(path: Path, out: Imported) -> None:
    expected = ", ".join(h for h, _ in SHEETS.values())
    raise FlowError(f"'{path}': không có trang tính nào nhận ra được (cần ít nhất một trong: {expected}); "
                    f"dùng 'archtool template' để có mẫu. / no recognizable sheet (need one of: {expected}); "
                    f"run 'archtool template' for a template.", 1)


def _read_sheet(ws: Any, coll: str, problems: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    cols = columns(coll)
    pre = [list(r) for r in ws.iter_rows(max_row=HEADER_SCAN, values_only=True)]
    hr, found, unknown = _find_header(pre, cols)
    keys = {c.key for c, _ in found.values()}
    if "name" not in keys:
        problems.append(Problem("error", ws.title, None, None, L(
            f"không tìm thấy dòng tiêu đề có cột tên (ví dụ '{columns(coll)[2].header}') trong {HEADER_SCAN} dòng đầu; "
            f"các tiêu đề nhận ra: {', '.join(sorted(keys)) or '—'}.",
            f"no header row with a name column (e.g. '{columns(coll)[2].header}') in the first {HEADER_SCAN} rows; "
            f"recognized: {', '.join(sorted(keys)) or '—'}.")))
        return []
    for text in unknown:
        problems.append(Problem("warning", ws.title, hr + 1, None, L(
            f"cột '{text}' không nhận ra, bị bỏ qua.", f"column '{text}' not recognized, ignored.")))
    rows = _grid(ws, ws.title, problems, hr + 1)
    out = []
    for r in range(hr + 1, len(rows)):
        values = rows[r]
        if all(_text(v) == "" for v in values):
            continue
        cells = {c: values[i] for i, (c, _u) in found.items()}
        name_col = next(i for i, (c, _u) in found.items() if c.key == "name")
        seq = next((_text(values[i]) for i, (c, _u) in found.items() if c.kind == "seq"), "")
        distinct = {_text(v) for v in values if _text(v)}
        if ROMAN.match(fold(seq)) or (len(distinct) == 1 and _text(values[name_col])):
            problems.append(Problem("info", ws.title, r + 1, None, L(
                f"dòng {r + 1} là dòng nhóm ('{_text(values[name_col]) or seq}'), bỏ qua.",
                f"row {r + 1} is a group heading ('{_text(values[name_col]) or seq}'), skipped.")))
            continue
        data: dict[str, Any] = {"_units": {}}
        ok = True
        for i, (col, unit) in found.items():
            letter = get_column_letter(i + 1)
            try:
                _parse_cell(col, unit, values[i], data)
            except ValueError as exc:
                ok = False
                problems.append(Problem("error", ws.title, r + 1, letter, L(
                    f"'{col.header}': {exc.args[0]}", f"'{col.header}': {exc.args[1] if len(exc.args) > 1 else exc.args[0]}")))
        if not _text(values[name_col]):
            problems.append(Problem("error", ws.title, r + 1, get_column_letter(name_col + 1),
                                    L("thiếu tên, bỏ qua dòng.", "name missing, row skipped.")))
            continue
        if ok:
            data["_row"] = r + 1
            out.append((r + 1, data))
        del cells
    return out


def parse_amount(value: Any, mult: int | None) -> int:
    """An amount cell to VND. Numbers use the header's unit (tỷ/triệu đồng), else VND when ≥ 1e6 and
    tỷ đồng below; text accepts ``12,5`` (decimal comma) and ``12.500.000.000`` (dot grouping)."""
    if isinstance(value, bool):
        raise ValueError("không phải số tiền", "not an amount")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = fold(str(value)).replace(" ", "")
        text = re.sub(r"(dong|vnd|d)$", "", text)
        raw = str(value).strip().lower()
        raw = re.sub(r"\s|đồng|đ|vnd", "", raw)
        if THOUSANDS_DOT.match(raw):
            number = float(raw.replace(".", ""))
        elif THOUSANDS_COMMA.match(raw) and mult in (None, 1):
            number = float(raw.replace(",", ""))
        elif re.fullmatch(r"\d+([.,]\d+)?", raw):
            number = float(raw.replace(",", "."))
        else:
            raise ValueError(f"'{value}' không phải số tiền (ví dụ 12,5 hoặc 12.500.000.000)",
                             f"'{value}' is not an amount (e.g. 12,5 or 12.500.000.000)")
        del text
    if number < 0:
        raise ValueError("số tiền âm", "negative amount")
    if mult is None:
        mult = 1 if number >= 1_000_000 else 1_000_000_000
    return int(round(number * mult))


def _parse_cell(col: Column, unit: int | None, value: Any, data: dict[str, Any]) -> None:
    text = _text(value)
    if text == "" or col.kind == "seq":
        return
    kind, key = col.kind, col.key
    if kind in ("amount", "total"):
        data.setdefault("_money", {})[key] = parse_amount(value, unit)
    elif kind == "int":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not (isinstance(value, int) or text.isdigit()):
            raise ValueError(f"'{text}' không phải số nguyên", f"'{text}' is not a whole number")
        data[key] = int(value if isinstance(value, int) else text)
    elif col.enum:
        code = enum_code(col.enum, text.removesuffix(".0"))
        if code is None:
            raise ValueError(f"'{text}' không thuộc danh sách cho phép", f"'{text}' is not an allowed value")
        data[key] = {"true": True, "false": False}.get(code, int(code) if col.enum == "security_level" else code)
    elif kind == "period":
        years = [int(y) for y in YEAR.findall(text)]
        if not years or len(years) > 2:
            raise ValueError(f"'{text}' không phải thời gian dạng 2026-2028", f"'{text}' is not a period like 2026-2028")
        data[key] = {"start": years[0], "end": years[-1]}
    elif kind == "list":
        data[key] = [nfc(x.strip()) for x in re.split(r"[;\n]" if key in ("sources", "tags") else r"[;,\n]", text) if x.strip()]
    elif kind == "datasets":
        items = []
        for part in re.split(r"[;,\n]", text):
            if not part.strip():
                continue
            m = DATASET_ITEM.match(part)
            if not m:
                raise ValueError(f"'{part.strip()}' không đúng dạng 'mã (master|write|read)'", f"'{part.strip()}' is not 'id (master|write|read)'")
            items.append({"id": m.group(1), **({"access": m.group(2).lower()} if m.group(2) and m.group(2).lower() != "read" else {})})
        data[key] = items
    elif kind == "scope":
        data[key] = "province" if fold(text) in ("province", "toan tinh", "tinh") else [x.strip() for x in re.split(r"[;,\n]", text) if x.strip()]
    elif kind in ("unit", "units"):
        data["_units"][key] = [x.strip() for x in re.split(r"[;\n]", text) if x.strip()]
    else:
        data[key] = text


def _finish(data: dict[str, Any], coll: str, sheet: str, row: int, units: _Units, names: dict[str, str],
            taken: set[str], out: Imported) -> None:
    refs = data.pop("_units")
    money = data.pop("_money", {})
    data.pop("_row", None)
    if not data.get("id"):
        data["id"] = _unique(slug(data["name"]), taken)
        taken.add(data["id"])
    for key, values in refs.items():
        ids = [units.resolve(v) for v in values]
        if key == "partners":
            data["tags"] = [*data.get("tags", []), *[f"partner:{i}" for i in ids]]
        else:
            data[key] = ids[0]
            if len(ids) > 1:
                out.problems.append(Problem("warning", sheet, row, None, L(
                    f"'{data['name']}': nhiều đơn vị ở cột {key}; lấy '{ids[0]}'.",
                    f"'{data['name']}': several units in {key}; using '{ids[0]}'.")))
    for key in ("uses", "integrates_with", "shared_via", "realized_by", "channels", "delivers", "upgrades", "replaces"):
        if key in data:
            data[key] = [v if ID_RE.match(v) else names.get(fold(v), v) for v in data[key]]
    if "hosted_on" in data and not ID_RE.match(data["hosted_on"]):
        data["hosted_on"] = names.get(fold(data["hosted_on"]), data["hosted_on"])
    if coll == "projects":
        _budget(data, money, sheet, row, out)
    ordered = {k: data[k] for k in KIND_CLASSES[coll].model_fields if k in data}
    try:
        KIND_CLASSES[coll].model_validate(ordered)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"])
            out.problems.append(Problem("error", sheet, row, None, L(
                f"'{data.get('name')}': trường {where}: {err['msg']}", f"'{data.get('name')}': field {where}: {err['msg']}")))
        return
    if coll == "units":
        out.collections["units"].append(ordered)
    else:
        out.collections[coll].append(ordered)


def _budget(data: dict[str, Any], money: dict[str, int], sheet: str, row: int, out: Imported) -> None:
    lines = [{"source": k.split(":", 1)[1], "amount": v} for k, v in money.items() if k.startswith("budget:")]
    total = money.get("total")
    if lines:
        data["budget"] = lines
    if total is not None:
        s = sum(line["amount"] for line in lines)
        if not lines:
            data["budget"] = [{"source": "other", "amount": total}]
            out.problems.append(Problem("warning", sheet, row, None, L(
                f"'{data['name']}': chỉ có tổng đầu tư {money_text(total, 'vi', 3)}, không tách nguồn; ghi là nguồn khác (other).",
                f"'{data['name']}': only a total of {money_text(total, 'en', 3)}, no sources; recorded as 'other'.")))
        elif abs(s - total) > TOLERANCE:
            out.problems.append(Problem("warning", sheet, row, None, L(
                f"'{data['name']}': tổng đầu tư {money_text(total, 'vi', 3)} khác tổng các nguồn {money_text(s, 'vi', 3)}.",
                f"'{data['name']}': total {money_text(total, 'en', 3)} differs from the sum of sources {money_text(s, 'en', 3)}.")))
