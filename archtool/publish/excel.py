"""``matrix.xlsx``: the compliance matrices planners work with in Excel (openpyxl).

Number format: amounts use ``#,##0``. Excel draws the grouping separator from the reader's
locale, so a Vietnamese Windows shows ``121.600.000.000`` and an English one ``121,600,000,000``;
the cell keeps the exact integer either way (docs/build.md).
Model text is always written as a string cell: a name beginning with ``=``, ``+``, ``-``, ``@``,
tab or CR can never become a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from archtool.publish.view import SOURCES, View
from archtool.textnorm import xml_safe
from archtool.vocab import BUDGET_SOURCE, ELEMENT_STATUS, KINDS, PROJECT_STATUS, SEVERITY, STATUSES, capital, label

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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain_value(value: Any, col: int, money: set[int]) -> bool:
    """True when a value can be appended as it is: no style, no number format, and not text that
    Excel (or openpyxl) could read as a formula. Everything else goes through a typed cell."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.startswith(_FORMULA_START)
    return not isinstance(value, Styled) and col not in money


@dataclass
class Styled:
    """A value with cell styling (fill colour, bold, number format)."""

    value: Any
    fill: str | None = None
    bold: bool = False
    fmt: str | None = None


class Sheet:
    """A write-only worksheet (fast on national-scale models) with a frozen, styled header."""

    def __init__(self, wb: Any, title: str, headers: list[Any], widths: list[int], money_cols: Iterable[int] = (),
                 header_height: int | None = None) -> None:
        self.ws = wb.create_sheet(title)
        self.money = set(money_cols)
        self.rows = 1
        self.width = len(headers)
        for c, w in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(c)].width = w
        if header_height:
            self.ws.row_dimensions[1].height = header_height
        self.ws.freeze_panes = "A2"
        self._fills: dict[str, Any] = {}
        self.ws.append([self._cell(h if isinstance(h, Styled) else Styled(h, fill=_HEAD_FILL), header=True)
                        for h in headers])

    def _cell(self, item: Any, header: bool = False, col: int = 0) -> Any:
        styled = item if isinstance(item, Styled) else Styled(item)
        value = xml_safe(styled.value) if isinstance(styled.value, str) else styled.value  # any loaded text
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(styled.value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        if styled.fill:
            if styled.fill not in self._fills:
                self._fills[styled.fill] = PatternFill("solid", fgColor=styled.fill)
            cell.fill = self._fills[styled.fill]
        if header:
            cell.font = Font(bold=True, color="FFFFFF" if styled.fill == _HEAD_FILL else "000000")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        elif styled.bold:
            cell.font = Font(bold=True)
        fmt = styled.fmt or (VND if col in self.money else None)
        if fmt:
            cell.number_format = fmt
        return cell

    def add(self, row: list[Any]) -> None:
        self.rows += 1
        self.ws.append([(xml_safe(v) if isinstance(v, str) else v) if _plain_value(v, c, self.money) else self._cell(v, col=c)
                        for c, v in enumerate(row, 1)])

    def finish(self, autofilter: bool = True, validations: Iterable[tuple[int, Iterable[str]]] = ()) -> None:
        if autofilter and self.rows > 1:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(self.width)}{self.rows}"
        for col, values in validations:
            if self.rows > 1:
                dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
                letter = get_column_letter(col)
                dv.add(f"{letter}2:{letter}{self.rows}")
                self.ws.data_validations.append(dv)


def build_workbook(v: View) -> bytes:
    i = 0 if v.lang == "vi" else 1
    T = v.text

    def status(code: str) -> str:
        return label(STATUSES, code).get(v.lang)
    names = {key: SHEETS[key][i] for key in SHEETS}
    wb = Workbook(write_only=True)

    # summary
    ws = Sheet(wb, names["summary"], [T("Chỉ tiêu", "Item"), T("Giá trị", "Value")], [55, 40])
    for row in ([T("Mô hình", "Model"), v.title], [T("Mã mô hình", "Model id"), v.arch.id],
                [T("Giai đoạn", "Period"), v.period], [T("Số phần tử", "Elements"), len(v.arch.elements)],
                [T("Số hệ thống (ứng dụng, nền tảng, CSDL, hạ tầng, dịch vụ)", "Systems"), len(v.systems)],
                [T("Số dự án", "Projects"), len(v.projects)],
                [T("Lỗi", "Errors"), v.counts["error"]], [T("Cảnh báo", "Warnings"), v.counts["warning"]],
                [T("Thông tin", "Info"), v.counts["info"]]):
        ws.add(row)
    ws.add([Styled(T("Tổng kinh phí (đồng)", "Total budget (VND)"), bold=True), Styled(v.budget_total, bold=True, fmt=VND)])
    for s in SOURCES:
        ws.add([T(f"Kinh phí: {BUDGET_SOURCE[s].vi}", f"Budget: {BUDGET_SOURCE[s].en}"),
                Styled(v.budget_by_source[s], fmt=VND)])
    ws.finish(autofilter=False)

    # Decision 950 groups × projects: the budget of each project in the columns of the groups it addresses
    groups = v.task_groups
    covered = {g.id for pr in v.project_rows for g in groups if g.id in pr.el.task_groups}
    headers = [T("Mã dự án", "Project id"), T("Dự án", "Project"), T("Tổng kinh phí", "Total budget")] + \
              [Styled(f"{g.id}: {g.display(v.lang)}", fill=_HEAD_FILL if g.id in covered else _GAP_FILL) for g in groups]
    ws = Sheet(wb, names["d950"], headers, [24, 50, 20] + [22] * len(groups), range(3, 4 + len(groups)), 60)
    for pr in v.project_rows:
        ws.add([pr.el.id, v.name(pr.el), pr.total] + [pr.total if g.id in pr.el.task_groups else None for g in groups])
    ws.finish()

    # capabilities × elements: ● where an element provides a capability; duplicates red, gaps orange
    caps = v.matrix_capabilities
    col = {c: n for n, c in enumerate(caps)}
    headers = [T("Mã phần tử", "Element id"), T("Tên", "Name"), T("Nguồn", "Origin")] + \
              [Styled(f"{c}: {v.name(c)}", fill=_GAP_FILL if c in v.gap_caps else (_DUP_FILL if c in v.dup_caps else _HEAD_FILL))
               for c in caps]
    ws = Sheet(wb, names["capabilities"], headers, [26, 50, 14] + [14] * len(caps), header_height=90)
    for el in v.systems:
        if not el.capabilities:
            continue
        marks: list[Any] = [None] * len(caps)
        dup = el.id in v.dup_ids
        for c in el.capabilities:
            if c in col:
                marks[col[c]] = Styled("●", fill=_DUP_FILL if dup and c in v.dup_caps else None)
        base = v.arch.is_baseline(el)
        ws.add([el.id, v.name(el), Styled(T("hiện có (nền)", "baseline") if base else T("mới", "new"),
                                          fill=_BASE_FILL if base else None)] + marks)
    ws.finish()

    # findings
    keys = ["severity_name", "category_name", "rule", "message", "elements", "capabilities", "location", "citation",
            "suggestion"]
    headers = [T("Mức độ", "Severity"), T("Nhóm", "Category"), T("Quy tắc", "Rule"), T("Nội dung", "Message"),
               T("Phần tử", "Elements"), T("Năng lực", "Capabilities"), T("Vị trí", "Location"),
               T("Căn cứ", "Citation"), T("Gợi ý", "Suggestion")]
    ws = Sheet(wb, names["findings"], headers, [12, 14, 22, 80, 30, 24, 28, 40, 50])
    for row in v.finding_rows:
        ws.add([row[k] for k in keys])
    ws.finish(validations=[(1, [SEVERITY[s].get(v.lang) for s in SEVERITY])])

    # projects & budget by source and year
    years = sorted({y for pr in v.project_rows for y in pr.by_year})
    headers = [T("Mã dự án", "Project id"), T("Dự án", "Project"), T("Chủ đầu tư", "Owner"), T("Trạng thái", "Status"),
               T("Giai đoạn", "Phase")] + [capital(BUDGET_SOURCE[s].get(v.lang)) for s in SOURCES] + [T("Tổng", "Total")] + \
              [T(f"Năm {y}", f"Year {y}") for y in years]
    money = range(6, 7 + len(SOURCES) + len(years))
    ws = Sheet(wb, names["budget"], headers, [26, 50, 30, 14, 12] + [18] * (len(SOURCES) + 1 + len(years)), money)
    rows = [[pr.el.id, v.name(pr.el), v.name(pr.el.owner), status(pr.el.status), pr.phase] +
            [pr.by_source[s] for s in SOURCES] + [pr.total] + [pr.by_year.get(y) for y in years]
            for pr in v.project_rows]
    for row in rows:
        ws.add(row)
    last = ws.rows
    ws.add([None, Styled(T("Tổng cộng", "Total"), bold=True), None, None, None] +
           [Styled(sum((r[c - 1] or 0) for r in rows), bold=True, fmt=VND) for c in money])
    ws.rows = last  # the filter and the lists cover the projects, not the total row
    ws.finish(validations=[(4, [status(k) for k in PROJECT_STATUS])])

    # system inventory
    headers = [T("Mã", "Id"), T("Tên", "Name"), T("Loại", "Kind"), T("Lớp QĐ 829", "Layer (QĐ 829)"),
               T("Đơn vị chủ quản", "Owner"), T("Trạng thái", "Status"), T("Cấp độ ATTT", "Security level"),
               T("Năng lực", "Capabilities"), T("Nguồn", "Origin")]
    ws = Sheet(wb, names["inventory"], headers, [26, 50, 14, 30, 30, 14, 12, 40, 14])
    for el in v.systems:
        ws.add([Styled(el.id, fill=_DUP_FILL if el.id in v.dup_ids else None), v.name(el), KINDS[el.KIND].get(v.lang),
                v.layer_name(v.layer_of(el)), v.name(el.owner or ""), status(el.status), getattr(el, "security_level", None),
                ", ".join(el.capabilities), T("hiện có (nền)", "baseline") if v.arch.is_baseline(el) else T("mới", "new")])
    ws.finish(validations=[(6, [status(k) for k in ELEMENT_STATUS]),
                           (7, ["1", "2", "3", "4", "5"])])

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
