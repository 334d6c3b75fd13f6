"""The import of one workbook: which sheets hold which tables (by name, or by their headers), the
planning period a title states, then the rows of every table resolved together."""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from archtool.formats import group
from archtool.i18n import L
from archtool.textnorm import fold, nfc
from archtool.workflows import sheets as S
from archtool.workflows.importing.problems import HEADER_SCAN, MAX_MERGE_FILL, Bounds, Imported, Problem, Unreadable
from archtool.workflows.importing.resolve import Resolver
from archtool.workflows.importing.rows import RowData, SheetReader
from archtool.workflows.importing.tables import detect_table, find_table
from archtool.workflows.importing.xlsx import Grid, RawSheet, read_each


#: below this much sheet XML (unpacked) a second process costs more than it saves
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
#: starts a task in another process and returns the function that waits for its bytes (None: it
#: failed), or returns None (no other process): ``archtool.pipeline.elsewhere``
Elsewhere = Callable[[Callable[[], bytes]], "Callable[[], bytes | None] | None"]


@dataclass
class _Sheet:
    """What one sheet gives, computed on its own: the problems of the sheet (then of its table's
    rows), the rows, and the planning period its title states."""

    problems: list[Problem] = field(default_factory=list)
    table: bool = False
    rows: list[RowData] = field(default_factory=list)
    row_problems: list[Problem] = field(default_factory=list)
    period: tuple[int, int] | None = None


def read_workbook(path: Path, *, baseline: Any = None, bounds: Bounds | None = None,
                  create_units: bool = False, elsewhere: Elsewhere | None = None) -> Imported:
    """Read a workbook into element dicts by collection, with every problem found.

    ``baseline`` is the loaded model of ``--extends`` (its units may own the workbook's elements, its
    elements may be referenced by name or id); ``create_units`` creates a unit for an owner found in
    neither (each one reported). With ``elsewhere``, a large workbook's largest sheets are read in
    another process while this one reads the others (the same result)."""
    out = Imported()
    titles, sheets = _sheets(Path(path), bounds or Bounds(), elsewhere)
    out.sheets = titles
    for title, sheet in zip(titles, sheets):
        out.problems.extend(sheet.problems)
        if sheet.period is not None and out.period is None:
            out.period, out.period_where = sheet.period, title
    tables = [sheet for sheet in sheets if sheet.table]
    if not tables and not out.errors:
        raise_missing(Path(path), out)
    rows: list[RowData] = []
    for sheet in tables:
        out.problems.extend(sheet.row_problems)
        rows.extend(sheet.rows)
    Resolver(out, baseline, create_units).run(rows)
    out.sort()
    return out


def _sheets(path: Path, bounds: Bounds, elsewhere: Elsewhere | None) -> tuple[list[str], list[_Sheet]]:
    """Every sheet's title and :class:`_Sheet`, in workbook order (the first damaged sheet raises)."""
    sizes: list[int] = []
    theirs: set[int] = set()
    wait = None
    if elsewhere is not None and _packed_size(path) * 64 >= PARALLEL_MIN_BYTES:  # (XML packs 10-30 times)
        read_each(path, bounds, only=(), sizes=sizes)  # (opens the workbook, reads no sheet)
        if sum(sizes) >= PARALLEL_MIN_BYTES:
            for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):  # the largest, up to half the work
                if sum(sizes[j] for j in theirs) + sizes[i] <= sum(sizes) / 2 or not theirs:
                    theirs.add(i)
            wait = elsewhere(lambda: pickle.dumps(_read(path, bounds, theirs, strict=True), pickle.HIGHEST_PROTOCOL))
    got = _read(path, bounds, None if wait is None else set(range(len(sizes))) - theirs)
    if wait is not None:
        blob = wait()
        got.update(pickle.loads(blob) if blob is not None else _read(path, bounds, theirs))
    titles, sheets = [], []
    for i in sorted(got):
        title, sheet = got[i]
        if isinstance(sheet, Unreadable):
            raise sheet
        titles.append(title)
        sheets.append(sheet)
    return titles, sheets


def _packed_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # (the reading says what is wrong)


def _read(path: Path, bounds: Bounds, only: set[int] | None, strict: bool = False) -> dict[int, tuple[str, Any]]:
    """(title, :class:`_Sheet` or the :class:`Unreadable` of its damage) of the sheets in ``only``
    (all: None); ``strict`` raises the damage instead (another process: this one reads again)."""
    got: dict[int, tuple[str, Any]] = {}
    for i, raw in read_each(path, bounds, only).items():
        if isinstance(raw, Unreadable):
            if strict:
                raise raw
            got[i] = ("", raw)
        else:
            got[i] = (raw.title, _sheet(raw))
    return got


def _sheet(raw: RawSheet) -> _Sheet:
    out = _Sheet()
    out.problems.extend(raw.problems)
    if raw.stopped:
        return out
    coll = S.sheet_collection(raw.title)
    if raw.hidden:
        if coll or raw.rows:
            out.problems.append(Problem("warning", raw.title, None, None, L(
                f"trang ẩn '{raw.title}' không được nhập (hiện trang ra nếu cần nhập).",
                f"hidden sheet '{raw.title}' is not imported (unhide it to import it).")))
        return out
    if coll is None and any(fold(raw.title).startswith(s) for s in S.IGNORED_SHEETS):
        return out
    if not raw.rows:
        return out
    grid = Grid(raw)
    if grid.too_many_merges:
        out.problems.append(Problem("error", raw.title, None, None, L(
            f"trang có quá nhiều ô gộp (hơn {group(MAX_MERGE_FILL)} ô): không được nhập; bỏ gộp các vùng lớn.",
            f"the sheet has too many merged cells (over {group(MAX_MERGE_FILL, 'en')}): not imported; unmerge the large ranges.")))
        return out
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
            return out
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
            return out
        out.problems.append(Problem("info", raw.title, table.bottom, None, L(
            f"trang '{raw.title}' đọc là {S.SHEETS[table.collection][0]} (theo tiêu đề cột).",
            f"sheet '{raw.title}' read as {table.collection} (from its column headers).")))
    out.table = True
    if table.collection == "projects":
        m = re.search(r"giai đoạn\s*(\d{4})\s*[-–—]\s*(\d{2,4})(?!\d)", nfc(table.title_text).lower())
        if m:
            start, end = int(m.group(1)), int(m.group(2))
            end = start // 100 * 100 + end if end < 100 else end
            if 1990 <= start <= end <= 2100:
                out.period = (start, end)
    rows = Imported()  # (the reader adds its problems to it)
    out.rows = SheetReader(grid, table, rows).read()
    out.row_problems = rows.problems
    return out


def raise_missing(path: Path, out: Imported) -> None:
    expected = ", ".join(h for h, _ in S.SHEETS.values())
    raise Unreadable(L(
        f"'{path}': không có trang tính nào nhận ra được (cần một trang tên là, hoặc có tiêu đề cột của, một trong: "
        f"{expected}); dùng 'archtool template' để có mẫu.",
        f"'{path}': no sheet recognised (a sheet must be named after, or have the column headers of, one of: "
        f"{expected}); run 'archtool template' for a template."), 1)


