"""``matrix.xlsx``: the workbook planners answer in Excel (written by :mod:`archtool.publish.xlsx`).

Every label is Vietnamese (English with ``--lang en``), names beside ids; findings are sorted by
severity, coloured and wrapped, with columns for the planner's response (unit in charge, action,
deadline); id and name columns are frozen; each sheet prints landscape on A4, one page wide, with
its header row repeated. Amounts are whole đồng in ``#,##0`` cells (Excel shows the separators of
the reader's locale: ``121.600.000.000`` on a Vietnamese Windows) and every header says "(đồng)".
A project's budget is counted once across the Decision 950 columns: split evenly among the groups
it addresses (the sheet states the rule). Model text is always written as a string: a name
beginning with ``=``, ``+``, ``-``, ``@`` can never become a formula.
"""

from __future__ import annotations

import io
from typing import Any

from archtool.publish import xlsx
from archtool.publish.budget import CANCELLED, COMPLETED, OUTSIDE, PLAN
from archtool.publish.view import SOURCES, View
from archtool.vocab import BUDGET_SOURCE, CATEGORY, ELEMENT_STATUS, KINDS, SEVERITY, capital, label

VND = "#,##0"
COLOURS = {"head": "#1F4E79", "answer": "#FFF2CC", "error": "#FECACA", "warning": "#FED7AA", "info": "#DBEAFE",
           "dup": "#FECACA", "gap": "#FED7AA", "existing": "#F3F4F6", "total": "#E5E7EB"}
SHEETS = {
    "summary": ("Tổng hợp", "Summary"),
    "findings": ("Phát hiện", "Findings"),
    "budget": ("Dự án và kinh phí", "Projects and budget"),
    "d950": ("Nhóm nhiệm vụ ĐA 950", "Decision 950 groups"),
    "capabilities": ("Năng lực và hệ thống", "Capabilities and systems"),
    "inventory": ("Danh mục hệ thống", "System inventory"),
    "lists": ("Danh sách chọn", "Lists"),
}
GROUP = {PLAN: ("Tính vào tổng", "In the total"), COMPLETED: ("Đã hoàn thành, không tính", "Completed, not counted"),
         CANCELLED: ("Đã hủy, không tính", "Cancelled, not counted"), OUTSIDE: ("Ngoài giai đoạn, không tính", "Outside the period, not counted")}


class Book:
    """One workbook: formats made once, sheets written row by row."""

    def __init__(self, v: View) -> None:
        self.v, self.buf = v, io.BytesIO()
        self.wb = xlsx.Workbook(self.buf)
        f = self.wb.add_format
        self.head = f({"bold": True, "font_color": "#FFFFFF", "bg_color": COLOURS["head"], "text_wrap": True,
                       "valign": "vcenter", "border": 1})
        self.answer_head = f({"bold": True, "bg_color": COLOURS["answer"], "text_wrap": True, "valign": "vcenter", "border": 1})
        self.wrap = f({"text_wrap": True, "valign": "top"})
        self.top = f({"valign": "top"})
        self.money = f({"num_format": VND, "valign": "top"})
        self.bold_money = f({"num_format": VND, "bold": True, "bg_color": COLOURS["total"]})
        self.bold = f({"bold": True, "bg_color": COLOURS["total"]})
        self.title = f({"bold": True, "font_size": 13})
        self.fill = {k: f({"bg_color": c, "valign": "top", "text_wrap": True}) for k, c in COLOURS.items()}
        self.mark = {k: f({"bg_color": c, "align": "center"}) for k, c in COLOURS.items()}
        self.center = f({"align": "center"})
        self.date = f({"num_format": "dd/mm/yyyy", "valign": "top"})

    def T(self, vi: str, en: str) -> str:
        return self.v.text(vi, en)

    def sheet(self, key: str, headers: list[tuple[str, float]], freeze_cols: int = 2, answer_from: int | None = None,
              header_height: float = 32) -> Any:
        ws = self.wb.add_worksheet(SHEETS[key][1 if self.v.lang == "en" else 0])
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer("&C&P / &N")
        ws.freeze_panes(1, freeze_cols)
        ws.set_row(0, header_height)
        for c, (text, width) in enumerate(headers):
            ws.set_column(c, c, width)
            ws.write_string(0, c, text, self.answer_head if answer_from is not None and c >= answer_from else self.head)
        return ws

    def text(self, ws: Any, r: int, c: int, value: Any, fmt: Any = None) -> None:
        if value:
            ws.write_string(r, c, value if isinstance(value, str) else str(value), fmt or self.top)

    def number(self, ws: Any, r: int, c: int, value: int | None, fmt: Any = None) -> None:
        if value is not None:
            ws.write_number(r, c, value, fmt or self.money)


def _summary(b: Book) -> None:
    v, T = b.v, b.T
    ws = b.sheet("summary", [(T("Chỉ tiêu", "Item"), 58), (T("Giá trị", "Value"), 46)], freeze_cols=0)
    bud = v.budget
    rows: list[tuple[str, Any]] = [
        (T("Mô hình", "Model"), v.title), (T("Giai đoạn", "Period"), v.period),
        (T("Số hệ thống (ứng dụng, nền tảng, cơ sở dữ liệu, hạ tầng, dịch vụ)", "Systems"), len(v.systems)),
        (T("Số dự án, nhiệm vụ", "Projects"), len(v.projects)),
        (T("Số dự án tính vào tổng kinh phí", "Projects in the total"), len(bud.plan)),
        (capital(SEVERITY["error"].get(v.lang)), v.counts["error"]),
        (capital(SEVERITY["warning"].get(v.lang)), v.counts["warning"]),
        (capital(SEVERITY["info"].get(v.lang)), v.counts["info"])]
    r = 1
    for name, value in rows:
        b.text(ws, r, 0, name)
        (b.number(ws, r, 1, value, b.top) if isinstance(value, int) else b.text(ws, r, 1, value))
        r += 1
    b.text(ws, r, 0, T("Tổng kinh phí giai đoạn (đồng)", "Total budget of the period (VND)"), b.bold)
    b.number(ws, r, 1, bud.total, b.bold_money)
    r += 1
    for s in SOURCES:
        b.text(ws, r, 0, T(f"Trong đó {BUDGET_SOURCE[s].vi} (đồng)", f"of which {BUDGET_SOURCE[s].en} (VND)"))
        b.number(ws, r, 1, bud.by_source[s])
        r += 1
    if bud.duplicate_total:
        b.text(ws, r, 0, T("Trong đó dự án tạo trùng lặp, cần rà soát (đồng)", "of which projects creating duplicates (VND)"))
        b.number(ws, r, 1, bud.duplicate_total)
        r += 1
    r += 1
    b.text(ws, r, 0, T("Chú giải", "Legend"), b.title)
    r += 1
    for key, vi, en in (("error", "Phát hiện mức lỗi", "Error finding"), ("warning", "Phát hiện mức cảnh báo; năng lực còn thiếu",
                                                                            "Warning; missing capability"),
                        ("info", "Phát hiện mức thông tin", "Info finding"), ("dup", "Hệ thống, năng lực hoặc dự án trùng lặp",
                                                                             "Duplicate system, capability or project"),
                        ("existing", "Hệ thống hiện có (đang vận hành trước giai đoạn)", "Existing system"),
                        ("answer", "Cột để đơn vị trả lời (đơn vị chủ trì, biện pháp, thời hạn)", "Columns for the answer")):
        ws.write_string(r, 0, T(vi, en), b.fill[key])
        r += 1
    for vi, en in (("Số tiền ghi bằng đồng; văn bản Kế hoạch (plan.docx) ghi bằng triệu đồng.", "Amounts in VND; the plan uses million VND."),
                   ("Tổng kinh phí chỉ tính dự án chưa hoàn thành, chưa hủy, trong giai đoạn; phần kinh phí ngoài giai đoạn không tính.",
                    "The total counts projects not completed or cancelled, within the period, and only their amounts in it."),
                   ("Kinh phí không ghi năm được chia đều theo các năm thực hiện của dự án.",
                    "Amounts without a year are spread evenly over the project's years."),
                   ("Trang Nhóm nhiệm vụ ĐA 950: kinh phí của dự án gắn nhiều nhóm được chia đều cho các nhóm đó.",
                    "Decision 950 sheet: a project's budget is split evenly among the groups it addresses.")):
        b.text(ws, r, 0, T(vi, en), b.wrap)
        r += 1


def _findings(b: Book, units_ref: str) -> None:
    v, T = b.v, b.T
    headers = [(T("STT", "No."), 6), (T("Mức độ", "Severity"), 11), (T("Nhóm", "Category"), 13),
               (T("Nội dung", "Finding"), 70), (T("Phần tử liên quan", "Elements"), 34), (T("Năng lực", "Capabilities"), 26),
               (T("Căn cứ", "Basis"), 40), (T("Gợi ý xử lý", "Suggestion"), 44), (T("Mã quy tắc", "Rule"), 20),
               (T("Vị trí trong mô hình", "Location"), 26), (T("Đơn vị chủ trì xử lý", "Unit in charge"), 28),
               (T("Biện pháp xử lý", "Action"), 34), (T("Thời hạn", "Deadline"), 12)]
    ws = b.sheet("findings", headers, freeze_cols=2, answer_from=10, header_height=36)
    els = v.arch.elements
    r = 0
    for r, f in enumerate(v.sorted_findings, 1):
        loc = f.location
        owner = next((els[e].__dict__.get("owner") for e in f.elements if e in els and els[e].__dict__.get("owner")), None)
        b.number(ws, r, 0, r, b.top)
        b.text(ws, r, 1, capital(SEVERITY[f.severity].get(v.lang)), b.fill[f.severity])
        b.text(ws, r, 2, capital(label(CATEGORY, f.category).get(v.lang)))
        b.text(ws, r, 3, f.message.get(v.lang), b.wrap)
        b.text(ws, r, 4, ", ".join(v.name(e) for e in f.elements[:30]), b.wrap)
        b.text(ws, r, 5, ", ".join(v.name(c) for c in (f.capabilities or [])), b.wrap)
        b.text(ws, r, 6, f.citation, b.wrap)
        b.text(ws, r, 7, f.suggestion.get(v.lang) if f.suggestion else "", b.wrap)
        b.text(ws, r, 8, f.rule)
        b.text(ws, r, 9, f"{loc.file}:{loc.line}" if loc else "")
        b.text(ws, r, 10, v.name(owner) if owner else "", b.wrap)
    if r:
        ws.autofilter(0, 0, r, len(headers) - 1)
        ws.data_validation(1, 1, r, 1, {"validate": "list", "source": [capital(SEVERITY[s].get(v.lang)) for s in SEVERITY]})
        ws.data_validation(1, 10, r, 10, {"validate": "list", "source": units_ref, "ignore_blank": True,
                                          "error_type": "information"})
        ws.data_validation(1, 12, r, 12, {"validate": "date", "criteria": ">", "value": v.result.today.replace(year=2000),
                                          "input_title": T("Thời hạn", "Deadline"), "input_message": "dd/mm/yyyy"})
        ws.set_column(12, 12, 12, b.date)


def _budget(b: Book) -> None:
    v, T = b.v, b.T
    bud = v.budget
    years = sorted({y for r in bud.plan for (_s, y) in r.cells if y is not None})
    heads = [(T("Mã dự án", "Project id"), 22), (T("Dự án, nhiệm vụ", "Project"), 50), (T("Chủ trì", "Lead"), 30),
             (T("Trạng thái", "Status"), 16), (T("Thời gian", "Years"), 11), (T("Tính vào tổng", "In the total"), 22)]
    heads += [(f"{capital(BUDGET_SOURCE[s].get(v.lang))} {T('(đồng)', '(VND)')}", 18) for s in SOURCES]
    heads += [(T("Tổng trong giai đoạn (đồng)", "Total in the period (VND)"), 20),
              (T("Ngoài giai đoạn (đồng)", "Outside the period (VND)"), 18)]
    heads += [(T(f"Năm {y} (đồng)", f"{y} (VND)"), 17) for y in years]
    heads += [(T("Tổng kinh phí dự án (đồng)", "Project budget (VND)"), 20)]
    ws = b.sheet("budget", heads, freeze_cols=2, header_height=45)
    first = 6
    rows = sorted(bud.rows, key=lambda r: (list(GROUP).index(r.group), r.duplicate, r.el.id))
    totals = [0] * (len(heads) - first)
    r = 0
    for r, row in enumerate(rows, 1):
        p = row.el
        fill = b.fill["dup"] if row.duplicate else None
        b.text(ws, r, 0, p.id, fill)
        b.text(ws, r, 1, v.name(p) + (T(" (tạo trùng lặp)", " (creates a duplicate)") if row.duplicate else ""), b.wrap)
        b.text(ws, r, 2, v.name(p.owner), b.wrap)
        b.text(ws, r, 3, v.status_name(p))
        b.text(ws, r, 4, row.span)
        b.text(ws, r, 5, GROUP[row.group][1 if v.lang == "en" else 0], b.wrap)
        shares = row.in_plan_by_source()
        values = [shares[s] if row.group == PLAN else None for s in SOURCES]
        values += [row.in_plan if row.group == PLAN else None, row.outside if row.group == PLAN else None]
        values += [sum(a for (_s, y), a in row.cells.items() if y == year) or None for year in years]
        values += [row.total]
        for c, value in enumerate(values):
            b.number(ws, r, first + c, value)
            totals[c] += value or 0
    if r:
        ws.autofilter(0, 0, r, len(heads) - 1)
    r += 1
    b.text(ws, r, 1, T("Tổng cộng các dự án tính vào tổng", "Total of the projects in the total"), b.bold)
    for c, value in enumerate(totals[:-1]):
        b.number(ws, r, first + c, value, b.bold_money)
    b.number(ws, r, first + len(totals) - 1, sum(x.total for x in bud.plan), b.bold_money)


def _d950(b: Book) -> None:
    v, T = b.v, b.T
    groups = v.task_groups
    covered = set()
    plan = sorted(v.budget.plan, key=lambda r: r.el.id)
    shares = {r.el.id: v.task_group_shares(r.el, r.in_plan) for r in plan}
    for s in shares.values():
        covered |= set(s)
    heads = [(T("Mã dự án", "Project id"), 22), (T("Dự án, nhiệm vụ", "Project"), 50),
             (T("Kinh phí trong giai đoạn (đồng)", "Budget in the period (VND)"), 20)]
    heads += [(f"{g.id}: {g.display(v.lang)} {T('(đồng)', '(VND)')}", 22) for g in groups]
    ws = b.sheet("d950", heads, freeze_cols=2, header_height=90)
    for c, g in enumerate(groups, 3):
        if g.id not in covered:
            ws.write_string(0, c, heads[c][0], b.wb.add_format({"bold": True, "bg_color": COLOURS["gap"], "text_wrap": True,
                                                               "valign": "vcenter", "border": 1}))
    r = 0
    for r, row in enumerate(plan, 1):
        b.text(ws, r, 0, row.el.id)
        b.text(ws, r, 1, v.name(row.el), b.wrap)
        b.number(ws, r, 2, row.in_plan)
        for c, g in enumerate(groups, 3):
            b.number(ws, r, c, shares[row.el.id].get(g.id))
    if r:
        ws.autofilter(0, 0, r, len(heads) - 1)
    r += 1
    b.text(ws, r, 1, T("Tổng cộng", "Total"), b.bold)
    b.number(ws, r, 2, sum(x.in_plan for x in plan), b.bold_money)
    for c, g in enumerate(groups, 3):
        b.number(ws, r, c, sum(shares[x.el.id].get(g.id, 0) for x in plan), b.bold_money)
    b.text(ws, r + 2, 1, T("Kinh phí của dự án gắn nhiều nhóm nhiệm vụ được chia đều cho các nhóm đó, nên tổng các cột bằng "
                           "tổng kinh phí. Tiêu đề nền cam: nhóm chưa có dự án.",
                           "A project addressing several groups has its budget split evenly among them, so the columns add "
                           "up to the total. Orange header: a group no project addresses."), b.wrap)


def _capabilities(b: Book) -> None:
    v, T = b.v, b.T
    caps = v.matrix_capabilities
    col = {c: n for n, c in enumerate(caps, 3)}
    heads = [(T("Mã phần tử", "Element id"), 24), (T("Tên", "Name"), 46), (T("Hiện trạng", "State"), 13)]
    heads += [(f"{c}: {v.name(c)}", 13) for c in caps]
    ws = b.sheet("capabilities", heads, freeze_cols=2, header_height=110)
    for c in caps:
        key = "gap" if c in v.gap_caps else ("dup" if c in v.dup_caps else None)
        if key:
            ws.write_string(0, col[c], f"{c}: {v.name(c)}", b.wb.add_format({"bold": True, "bg_color": COLOURS[key],
                                                                            "text_wrap": True, "valign": "vcenter", "border": 1}))
    r = 0
    for el in v.systems:
        if not el.capabilities:
            continue
        r += 1
        existing = v.state(el) == "existing"
        b.text(ws, r, 0, el.id)
        b.text(ws, r, 1, v.name(el))
        b.text(ws, r, 2, v.state_name(el), b.fill["existing"] if existing else None)
        dup = el.id in v.dup_ids
        for c in el.capabilities:
            if c in col:
                ws.write_string(r, col[c], "●", b.mark["dup"] if dup and c in v.dup_caps else b.center)
    if r:
        ws.autofilter(0, 0, r, len(heads) - 1)
    b.text(ws, r + 2, 1, T("● hệ thống cung cấp năng lực; ô đỏ: trùng lặp; tiêu đề đỏ: năng lực bị trùng; tiêu đề cam: năng lực còn thiếu.",
                           "● the system provides the capability; red cell: duplicate; red header: duplicated capability; "
                           "orange header: missing capability."), b.wrap)


def _inventory(b: Book) -> None:
    v, T = b.v, b.T
    heads = [(T("Mã", "Id"), 24), (T("Tên", "Name"), 46), (T("Loại", "Kind"), 14), (T("Lớp QĐ 829", "QĐ 829 layer"), 28),
             (T("Đơn vị chủ quản", "Owner"), 32), (T("Trạng thái", "Status"), 15), (T("Hiện trạng", "State"), 13),
             (T("Năm vận hành", "Since"), 10), (T("Cấp độ an toàn thông tin", "Security level"), 12),
             (T("Năng lực", "Capabilities"), 40), (T("Khai báo tại mô hình", "Declared in model"), 30)]
    ws = b.sheet("inventory", heads, freeze_cols=2, header_height=36)
    names = {m.id: (m.manifest.model.name if m.manifest else m.id) for m in v.arch.models}
    r = 0
    for r, el in enumerate(v.systems, 1):
        b.text(ws, r, 0, el.id, b.fill["dup"] if el.id in v.dup_ids else None)
        b.text(ws, r, 1, v.name(el), b.wrap)
        b.text(ws, r, 2, capital(KINDS[el.KIND].get(v.lang)))
        b.text(ws, r, 3, v.layer_name(v.layer_of(el)), b.wrap)
        b.text(ws, r, 4, v.name(el.owner) if el.owner else "", b.wrap)
        b.text(ws, r, 5, v.status_name(el))
        b.text(ws, r, 6, v.state_name(el), b.fill["existing"] if v.state(el) == "existing" else None)
        b.number(ws, r, 7, el.since, b.top)
        b.number(ws, r, 8, getattr(el, "security_level", None), b.top)
        b.text(ws, r, 9, ", ".join(v.name(c) for c in el.capabilities), b.wrap)
        b.text(ws, r, 10, names.get(v.arch.origin(el)[1], ""), b.wrap)
    if r:
        ws.autofilter(0, 0, r, len(heads) - 1)
        ws.data_validation(1, 5, r, 5, {"validate": "list", "source": [label(ELEMENT_STATUS, k).get(v.lang) for k in ELEMENT_STATUS]})
        ws.data_validation(1, 8, r, 8, {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 5})


def _lists(b: Book, names: list[str]) -> None:
    """A hidden sheet with the unit names (the list of the "unit in charge" column)."""
    ws = b.wb.add_worksheet(SHEETS["lists"][1 if b.v.lang == "en" else 0])
    ws.write_string(0, 0, b.T("Đơn vị", "Units"), b.head)
    ws.set_column(0, 0, 50)
    for r, name in enumerate(names, 1):
        ws.write_string(r, 0, name)
    ws.hide()


def build_workbook(v: View) -> bytes:
    names = sorted({v.name(u) for u in v.units})
    units_ref = f"='{SHEETS['lists'][1 if v.lang == 'en' else 0]}'!$A$2:$A${max(2, len(names) + 1)}"
    b = Book(v)
    _summary(b)
    _findings(b, units_ref)
    _budget(b)
    _d950(b)
    _capabilities(b)
    _inventory(b)
    _lists(b, names)
    b.wb.set_properties({"title": v.title})
    b.wb.close()
    return b.buf.getvalue()
