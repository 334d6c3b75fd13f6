"""The import of one workbook: which sheets hold which tables (by name, or by their headers), the
planning period a title states, then the rows of every table resolved together."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from archtool.formats import group
from archtool.i18n import L
from archtool.textnorm import fold, nfc
from archtool.workflows import sheets as S
from archtool.workflows.importing.problems import HEADER_SCAN, MAX_MERGE_FILL, Bounds, Imported, Problem, Unreadable
from archtool.workflows.importing.resolve import Resolver
from archtool.workflows.importing.rows import RowData, SheetReader
from archtool.workflows.importing.tables import Table, detect_table, find_table
from archtool.workflows.importing.xlsx import Grid, read_sheets


def read_workbook(path: Path, *, baseline: Any = None, bounds: Bounds | None = None,
                  create_units: bool = False) -> Imported:
    """Read a workbook into element dicts by collection, with every problem found.

    ``baseline`` is the loaded model of ``--extends`` (its units may own the workbook's elements, its
    elements may be referenced by name or id); ``create_units`` creates a unit for an owner found in
    neither (each one reported)."""
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
                f"trang có quá nhiều ô gộp (hơn {group(MAX_MERGE_FILL)} ô): không được nhập; bỏ gộp các vùng lớn.",
                f"the sheet has too many merged cells (over {group(MAX_MERGE_FILL, 'en')}): not imported; unmerge the large ranges.")))
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
        rows.extend(SheetReader(grid, table, out).read())
    Resolver(out, baseline, create_units).run(rows)
    out.sort()
    return out


def raise_missing(path: Path, out: Imported) -> None:
    expected = ", ".join(h for h, _ in S.SHEETS.values())
    raise Unreadable(L(
        f"'{path}': không có trang tính nào nhận ra được (cần một trang tên là, hoặc có tiêu đề cột của, một trong: "
        f"{expected}); dùng 'archtool template' để có mẫu.",
        f"'{path}': no sheet recognised (a sheet must be named after, or have the column headers of, one of: "
        f"{expected}); run 'archtool template' for a template."), 1)


