"""``matrix.xlsx``: the compliance matrices planners work with in Excel (openpyxl).

Number format: amounts use ``#,##0``. Excel draws the grouping separator from the reader's
locale, so a Vietnamese Windows shows ``121.600.000.000`` and an English one ``121,600,000,000``;
the cell keeps the exact integer either way (docs/build.md).
Model text is always written as a string cell: a name beginning with ``=``, ``+``, ``-``, ``@``,
tab or CR can never become a formula.
"""

from __future__ import annotations

import io
from typing import Any, Iterable

from archtool.build.view import SOURCES, View

VND = "#,##0"
_HEAD_FILL = "1F4E79"
_DUP_FILL = "FECACA"
_GAP_FILL = "FED7AA"
_BASE_FILL = "F3F4F6"

SHEETS = {
    "summary": ("Tổng hợp", "Summary"),
    "d950": ("Nhóm nhiệm vụ ĐA 950", "Decision 950 × projects"),
    "capabilities": ("Năng lực × phần tử", "Capabilities × elements"),
    "findings": ("Phát hiện", "Findings"),
    "budget": ("Dự án & kinh phí", "Projects & budget"),
    "inventory": ("Danh mục hệ thống", "System inventory"),
}
SOURCE_NAMES = {"central": ("Trung ương", "Central"), "local": ("Địa phương", "Local"),
                "private": ("Xã hội hóa/tư nhân", "Private"), "oda": ("ODA", "ODA"), "other": ("Khác", "Other")}


def _set(ws: Any, row: int, col: int, value: Any, fmt: str | None = None) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    if fmt:
        cell.number_format = fmt
    return cell


def _table(ws: Any, headers: list[str], rows: Iterable[list[Any]], widths: list[int],
           money_cols: Iterable[int] = (), filter_: bool = True) -> int:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor=_HEAD_FILL)
    for c, h in enumerate(headers, 1):
        cell = _set(ws, 1, c, h)
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    money = set(money_cols)
    r = 1
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            _set(ws, r, c, value, VND if c in money else None)
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "B2" if len(headers) > 3 else "A2"
    if filter_ and r > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{r}"
    return r


def _validation(ws: Any, col: int, last_row: int, values: Iterable[str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if last_row < 2:
        return
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    letter = get_column_letter(col)
    dv.add(f"{letter}2:{letter}{last_row}")
    ws.add_data_validation(dv)


def build_workbook(v: View) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    i = 0 if v.lang == "vi" else 1
    T = v.text
    wb = Workbook()
    sheets = {key: (wb.active if n == 0 else wb.create_sheet()) for n, key in enumerate(SHEETS)}
    for key, ws in sheets.items():
        ws.title = SHEETS[key][i]

    # summary
    ws = sheets["summary"]
    rows = [[T("Mô hình", "Model"), v.title], [T("Mã mô hình", "Model id"), v.arch.id],
            [T("Giai đoạn", "Period"), v.period], [T("Số phần tử", "Elements"), len(v.arch.elements)],
            [T("Số hệ thống (ứng dụng, nền tảng, CSDL, hạ tầng, dịch vụ)", "Systems"), len(v.systems)],
            [T("Số dự án", "Projects"), len(v.projects)],
            [T("Lỗi", "Errors"), v.counts["error"]], [T("Cảnh báo", "Warnings"), v.counts["warning"]],
            [T("Thông tin", "Info"), v.counts["info"]],
            [T("Tổng kinh phí (đồng)", "Total budget (VND)"), v.budget_total]]
    rows += [[T(f"Kinh phí nguồn {SOURCE_NAMES[s][0]}", f"Budget, {SOURCE_NAMES[s][1]}"), v.budget_by_source[s]]
             for s in SOURCES]
    _table(ws, [T("Chỉ tiêu", "Item"), T("Giá trị", "Value")], rows, [55, 40], filter_=False)
    for r in range(11, 11 + 1 + len(SOURCES)):
        ws.cell(row=r, column=2).number_format = VND

    # Decision 950 groups × projects: budget of each project in the cells of the groups it addresses
    ws = sheets["d950"]
    groups = v.task_groups
    headers = [T("Mã dự án", "Project id"), T("Dự án", "Project"), T("Tổng kinh phí", "Total budget")] + \
              [f"{g.id}: {g.display(v.lang)}" for g in groups]
    rows = []
    for pr in v.project_rows:
        rows.append([pr.el.id, v.name(pr.el), pr.total] +
                    [pr.total if g.id in pr.el.task_groups else None for g in groups])
    last = _table(ws, headers, rows, [24, 50, 20] + [22] * len(groups), money_cols=range(3, 4 + len(groups)))
    uncovered = PatternFill("solid", fgColor=_GAP_FILL)
    for c, g in enumerate(groups, 4):
        if not any(g.id in pr.el.task_groups for pr in v.project_rows):
            ws.cell(row=1, column=c).fill = uncovered
    ws.row_dimensions[1].height = 60
    del last

    # capabilities × elements
    ws = sheets["capabilities"]
    caps = v.matrix_capabilities
    col = {c: n for n, c in enumerate(caps, 4)}
    holders = [el for el in v.systems if el.capabilities]
    headers = [T("Mã phần tử", "Element id"), T("Tên", "Name"), T("Nguồn", "Origin")] + \
              [f"{c}: {v.name(c)}" for c in caps]
    dup_fill, gap_fill, base_fill = (PatternFill("solid", fgColor=x) for x in (_DUP_FILL, _GAP_FILL, _BASE_FILL))
    rows = [[el.id, v.name(el), T("hiện có (nền)", "baseline") if v.arch.is_baseline(el) else T("mới", "new")]
            for el in holders]
    _table(ws, headers, rows, [26, 50, 14] + [14] * len(caps))
    for r, el in enumerate(holders, 2):
        for c in el.capabilities:
            if c in col:
                cell = _set(ws, r, col[c], "●")
                if el.id in v.dup_ids and c in v.dup_caps:
                    cell.fill = dup_fill
        if v.arch.is_baseline(el):
            ws.cell(row=r, column=3).fill = base_fill
    for c in caps:
        if c in v.gap_caps:
            ws.cell(row=1, column=col[c]).fill = gap_fill
        elif c in v.dup_caps:
            ws.cell(row=1, column=col[c]).fill = dup_fill
    ws.row_dimensions[1].height = 90

    # findings
    ws = sheets["findings"]
    keys = ["severity_name", "category_name", "rule", "message", "elements", "capabilities", "location", "citation",
            "suggestion"]
    headers = [T("Mức độ", "Severity"), T("Nhóm", "Category"), T("Quy tắc", "Rule"), T("Nội dung", "Message"),
               T("Phần tử", "Elements"), T("Năng lực", "Capabilities"), T("Vị trí", "Location"),
               T("Căn cứ", "Citation"), T("Gợi ý", "Suggestion")]
    last = _table(ws, headers, ([row[k] for k in keys] for row in v.finding_rows), [12, 14, 22, 80, 30, 24, 28, 40, 50])
    ws.freeze_panes = "A2"
    from archtool.i18n.messages import SEVERITIES
    _validation(ws, 1, last, [SEVERITIES[s].get(v.lang) for s in SEVERITIES])

    # projects & budget by source and year
    ws = sheets["budget"]
    years = sorted({y for pr in v.project_rows for y in pr.by_year})
    headers = [T("Mã dự án", "Project id"), T("Dự án", "Project"), T("Chủ đầu tư", "Owner"), T("Trạng thái", "Status"),
               T("Giai đoạn", "Phase")] + [SOURCE_NAMES[s][i] for s in SOURCES] + [T("Tổng", "Total")] + \
              [T(f"Năm {y}", f"Year {y}") for y in years]
    rows = [[pr.el.id, v.name(pr.el), v.name(pr.el.owner), pr.el.status, pr.phase] +
            [pr.by_source[s] for s in SOURCES] + [pr.total] + [pr.by_year.get(y) for y in years]
            for pr in v.project_rows]
    money = range(6, 7 + len(SOURCES) + len(years))
    last = _table(ws, headers, rows, [26, 50, 30, 14, 12] + [18] * (len(SOURCES) + 1 + len(years)), money_cols=money)
    total_row = last + 1
    _set(ws, total_row, 2, T("Tổng cộng", "Total")).font = Font(bold=True)
    for c in money:
        _set(ws, total_row, c, sum((r[c - 1] or 0) for r in rows), VND).font = Font(bold=True)
    _validation(ws, 4, last, ["proposed", "approved", "in-progress", "completed", "cancelled"])

    # system inventory
    ws = sheets["inventory"]
    headers = [T("Mã", "Id"), T("Tên", "Name"), T("Loại", "Kind"), T("Lớp QĐ 829", "Layer (QĐ 829)"),
               T("Đơn vị chủ quản", "Owner"), T("Trạng thái", "Status"), T("Cấp độ ATTT", "Security level"),
               T("Năng lực", "Capabilities"), T("Nguồn", "Origin")]
    from archtool.i18n.messages import KINDS
    rows = [[el.id, v.name(el), KINDS[el.KIND].get(v.lang), v.layer_name(v.layer_of(el)), v.name(el.owner or ""),
             el.status, getattr(el, "security_level", None), ", ".join(el.capabilities),
             T("hiện có (nền)", "baseline") if v.arch.is_baseline(el) else T("mới", "new")] for el in v.systems]
    last = _table(ws, headers, rows, [26, 50, 14, 30, 30, 14, 12, 40, 14])
    _validation(ws, 6, last, ["planned", "building", "operational", "retiring", "retired"])
    _validation(ws, 7, last, ["1", "2", "3", "4", "5"])
    for r, el in enumerate(v.systems, 2):
        if el.id in v.dup_ids:
            ws.cell(row=r, column=1).fill = dup_fill

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
