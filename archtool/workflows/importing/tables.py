"""Finding a table on a sheet: the header below the title rows (several rows, merged cells), the
columns it names, the unit of money of every money column, and which kind of element a sheet
holds when its name does not say."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from archtool.i18n import L
from archtool.workflows import sheets as S
from archtool.workflows.importing.problems import HEADER_DEPTH, HEADER_SCAN, Problem, cell_text, col_letter
from archtool.workflows.importing.values import unit_name
from archtool.workflows.importing.xlsx import Grid


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
    own = [(c, v) for c, v in (grid.rows.get(r) or {}).items() if cell_text(v)]
    return len(own) == 1 and (r, own[0][0]) not in grid.cover and _match(lut, cell_text(own[0][1]))[0] is not None


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
    title_text = " ".join(cell_text(v) for r in title_rows for _c, v in sorted(grid.rows[r].items()))
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
            u = S.note_unit(cell_text(v))
            if u is not None:
                notes.append((u, r, c))
    note_units = {u for u, _r, _c in notes}
    if len(note_units) > 1:
        where = ", ".join(f"{col_letter(c)}{r} ({unit_name(u, 'vi')})" for u, r, c in notes)
        where_en = ", ".join(f"{col_letter(c)}{r} ({unit_name(u, 'en')})" for u, r, c in notes)
        table.problems.append(Problem("error", sheet, notes[0][1], col_letter(notes[0][2]), L(
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
            said = "; ".join(f"{col_letter(fc)}{fr}: {unit_name(u, 'vi')}" for u, fr, fc in found)
            said_en = "; ".join(f"{col_letter(fc)}{fr}: {unit_name(u, 'en')}" for u, fr, fc in found)
            table.problems.append(Problem("error", sheet, col.header_row, col_letter(c), L(
                f"'{col.header}': các tiêu đề và ghi chú ghi đơn vị tiền khác nhau ({said}); sửa cho thống nhất",
                f"'{col.header}': the headers and notes give different money units ({said_en}); make them agree")))
            col.unit = None
            col.unit_from = "conflict"
            continue
        if found:
            u, fr, fc = found[0]
            col.unit, col.unit_from = u, f"{col_letter(fc)}{fr}"
        elif note is not None:
            col.unit, col.unit_from = note[0], f"{col_letter(note[2])}{note[1]}"
    # "Tổng kinh phí (triệu đồng)" | NSTW | NSĐP: sources without a unit of their own are read in the
    # total's unit — every row's total is checked against its sources, so a wrong guess cannot pass
    money = [c for c in table.cols.values() if c.column.kind in ("amount", "total")]
    total = next((c for c in money if c.column.kind == "total" and c.unit is not None), None)
    stated = {c.unit for c in money if c.unit is not None}
    if total is not None and len(stated) == 1 and not any(c.unit_from == "conflict" for c in money):
        for c in money:
            if c.unit is None:
                c.unit, c.unit_from = total.unit, f"{col_letter(total.index)}{total.header_row}*"


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


