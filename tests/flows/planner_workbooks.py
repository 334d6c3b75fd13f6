"""Workbooks made the way a provincial planner makes them, for the import tests (openpyxl).

A planner's "Phụ lục" is not the archtool template: a national-motto block and the table's title above
the header, "Đơn vị tính: triệu đồng" in a corner, a two-level header with "Kinh phí (triệu đồng)"
merged over "Tổng số / NSTW / NSĐP / XHH", a row that numbers the columns "(1) (2) … (n)", a
"TỔNG CỘNG" row, group rows "I. Hạ tầng", blank rows between groups, "Cộng" subtotals, a note and a
signature below; amounts typed as text ("45 tỷ", "4,5"), periods "2026-28", owners written as
abbreviations ("Sở KH&CN", "UBND tỉnh") and partner lists ("Các sở, ban, ngành; UBND các xã").

:func:`task_sheet` writes such a table and returns a :class:`Layout` (where each task, header and
special row landed) so a test can name the exact cell a message must point at. Every quirk is a
keyword argument, so a test builds both the case that must work and its near miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

#: the money sub-columns planners write under "Kinh phí", with the budget source each one is
MONEY = (("Tổng số", "total"), ("NSTW", "central"), ("NSĐP", "local"), ("XHH", "private"))


@dataclass
class Task:
    """One data row. Amounts are written as given: numbers, or text such as "45 tỷ" or "4,5"."""

    name: str
    owner: Any = "Sở KH&CN"
    partners: Any = None
    period: Any = "2026-2028"
    total: Any = None
    central: Any = None
    local: Any = None
    private: Any = None
    form: Any = None
    seq: Any = None  # None: numbered 1, 2, ... by the writer


@dataclass
class Group:
    heading: str  # "I. Hạ tầng" (written in the name column, its numeral in STT when split=True)
    tasks: list[Task]
    split: bool = True  # "I" in STT and "Hạ tầng" in the name column, else "I. Hạ tầng" in one merged cell
    subtotal: bool = False  # a "Cộng" row after the group's tasks


@dataclass
class Layout:
    """Where things landed: rows by task name, columns by role, the special rows."""

    sheet: str
    rows: dict[str, int] = field(default_factory=dict)
    cols: dict[str, str] = field(default_factory=dict)
    header_rows: tuple[int, ...] = ()
    title_rows: list[int] = field(default_factory=list)
    number_row: int | None = None
    group_rows: list[int] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)
    footer_rows: list[int] = field(default_factory=list)
    unit_note_row: int | None = None

    def cell(self, role: str, task: str) -> str:
        """``"Phụ lục 2!F10"``: the cell of a task's column."""
        return f"{self.sheet}!{self.cols[role]}{self.rows[task]}"

    def row(self, task: str) -> str:
        return f"{self.sheet}!{self.rows[task]}"


def task_sheet(
    wb: Workbook,
    groups: Sequence[Group],
    *,
    sheet: str = "Phụ lục 2",
    first: bool = False,
    motto: bool = True,
    title: str | None = "DANH MỤC NHIỆM VỤ, DỰ ÁN ƯU TIÊN PHÁT TRIỂN ĐÔ THỊ THÔNG MINH TỈNH TÂY NINH GIAI ĐOẠN 2026 - 2030",
    unit_note: str | None = "Đơn vị tính: triệu đồng",
    money_header: str | None = "Kinh phí (triệu đồng)",
    money: Sequence[tuple[str, str]] = MONEY,
    name_header: str = "Tên nhiệm vụ, dự án",
    owner_header: str = "Cơ quan chủ trì",
    partner_header: str | None = "Cơ quan phối hợp",
    period_header: str = "Thời gian thực hiện",
    form_header: str | None = "Hình thức đầu tư",
    number_row: bool = True,
    grand_total: str | None = "TỔNG CỘNG",
    grand_total_values: dict[str, Any] | None = None,
    grand_total_first: bool = True,
    blank_between_groups: bool = True,
    footer: bool = True,
) -> Layout:
    """Write a priority-task table the way planners lay it out; return where everything is.

    ``money_header`` is merged over the ``money`` sub-columns (a two-row header); with None the money
    headers stand alone in a one-row header (e.g. ``[("Kinh phí dự kiến (triệu đồng)", "total")]``).
    ``grand_total_values`` (role -> value) fills the TỔNG CỘNG row; by default it holds the sums of the
    numeric amounts."""
    ws = wb.active if first else wb.create_sheet(sheet)
    ws.title = sheet
    lay = Layout(sheet)
    lead = [("STT", "seq"), (name_header, "name"), (owner_header, "owner")]
    if partner_header:
        lead.append((partner_header, "partners"))
    lead.append((period_header, "period"))
    tail = [(form_header, "form")] if form_header else []
    roles = [r for _h, r in lead] + [r for _h, r in money] + [r for _h, r in tail]
    width = len(roles)
    last = get_column_letter(width)
    for i, role in enumerate(roles, 1):
        lay.cols[role] = get_column_letter(i)
    row = 1
    if motto:  # the national motto block: two texts side by side, two rows
        ws.cell(row=1, column=1, value="ỦY BAN NHÂN DÂN")
        ws.cell(row=1, column=4, value="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
        ws.merge_cells(start_row=1, start_column=4, end_row=1, end_column=width)
        ws.cell(row=2, column=1, value="TỈNH TÂY NINH")
        ws.cell(row=2, column=4, value="Độc lập - Tự do - Hạnh phúc")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
        ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=width)
        lay.title_rows += [1, 2, 3]
        row = 4
    if title:
        ws.cell(row=row, column=1, value=title)
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.cell(row=row + 1, column=1, value="(Kèm theo Kế hoạch số     /KH-UBND ngày    tháng    năm 2026 của UBND tỉnh)")
        ws.merge_cells(f"A{row + 1}:{last}{row + 1}")
        lay.title_rows += [row, row + 1]
        row += 2
    if unit_note:
        start = max(1, width - 1)
        ws.cell(row=row, column=start, value=unit_note)
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=width)
        lay.title_rows.append(row)
        lay.unit_note_row = row
        row += 1
    two_rows = money_header is not None
    top = row
    col = 1
    for text, _role in lead:
        ws.cell(row=top, column=col, value=text)
        if two_rows:
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        col += 1
    if two_rows:
        ws.cell(row=top, column=col, value=money_header)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(money) - 1)
        for text, _role in money:
            ws.cell(row=top + 1, column=col, value=text)
            col += 1
    else:
        for text, _role in money:
            ws.cell(row=top, column=col, value=text)
            col += 1
    for text, _role in tail:
        ws.cell(row=top, column=col, value=text)
        if two_rows:
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        col += 1
    lay.header_rows = (top, top + 1) if two_rows else (top,)
    row = top + len(lay.header_rows)
    for r in range(1, row):
        for c in range(1, width + 1):
            ws.cell(row=r, column=c).font = Font(bold=True)
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if number_row:
        for i, role in enumerate(roles, 1):
            label = f"({i})"
            if role == "total" and len(money) > 1:
                first_src = roles.index("total") + 2
                label = f"({i})=" + "+".join(f"({j})" for j in range(first_src, first_src + len(money) - 1))
            ws.cell(row=row, column=i, value=label)
        lay.number_row = row
        row += 1
    tasks = [t for g in groups for t in g.tasks]
    sums = {role: sum(getattr(t, role, None) for t in tasks if isinstance(getattr(t, role, None), (int, float)))
            for _h, role in money}
    values = grand_total_values if grand_total_values is not None else sums

    def total_row(label: str, vals: dict[str, Any]) -> None:
        nonlocal row
        ws.cell(row=row, column=1, value=label)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        for _h, role in money:
            if vals.get(role) not in (None, 0):
                ws.cell(row=row, column=roles.index(role) + 1, value=vals[role])
        lay.total_rows.append(row)
        row += 1

    if grand_total and grand_total_first:
        total_row(grand_total, values)
    n = 0
    for gi, g in enumerate(groups):
        if gi and blank_between_groups:
            lay.blank_rows.append(row)
            row += 1
        numeral, _, rest = g.heading.partition(". ")
        if g.split and rest:
            ws.cell(row=row, column=1, value=numeral)
            ws.cell(row=row, column=2, value=rest)
        else:
            ws.cell(row=row, column=1, value=g.heading)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.cell(row=row, column=2 if g.split else 1).font = Font(bold=True)
        lay.group_rows.append(row)
        row += 1
        for t in g.tasks:
            n += 1
            values_by_role = {"seq": t.seq if t.seq is not None else n, "name": t.name, "owner": t.owner,
                              "partners": t.partners, "period": t.period, "total": t.total, "central": t.central,
                              "local": t.local, "private": t.private, "form": t.form}
            for i, role in enumerate(roles, 1):
                v = values_by_role.get(role)
                if v is not None:
                    ws.cell(row=row, column=i, value=v)
            lay.rows[t.name] = row
            row += 1
        if g.subtotal:
            total_row("Cộng", {role: sum(getattr(t, role, None) for t in g.tasks if isinstance(getattr(t, role, None), (int, float)))
                               for _h, role in money})
    if grand_total and not grand_total_first:
        total_row(grand_total, values)
    if footer:
        lay.blank_rows.append(row)
        row += 1
        ws.cell(row=row, column=1, value="Ghi chú: Kinh phí là dự kiến, được cấp có thẩm quyền phê duyệt khi triển khai.")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        lay.footer_rows.append(row)
        row += 1
        ws.cell(row=row, column=width - 1, value="KT. CHỦ TỊCH")
        lay.footer_rows.append(row)
        row += 1
        ws.cell(row=row, column=width - 1, value="PHÓ CHỦ TỊCH")
        lay.footer_rows.append(row)
    for c, w in zip(range(1, width + 1), [6, 48, 24, 30, 14] + [12] * (width - 5)):
        ws.column_dimensions[get_column_letter(c)].width = w
    return lay


@dataclass
class UnitRow:
    name: str
    level: str | None = "Tỉnh"
    parent: str | None = None
    id: str | None = None


#: the units of the example province as a planner lists them (full names, as on the units sheet)
TAY_NINH_UNITS = [
    UnitRow("Ủy ban nhân dân tỉnh Tây Ninh"),
    UnitRow("Sở Khoa học và Công nghệ", parent="Ủy ban nhân dân tỉnh Tây Ninh"),
    UnitRow("Sở Y tế", parent="Ủy ban nhân dân tỉnh Tây Ninh"),
    UnitRow("Sở Xây dựng", parent="Ủy ban nhân dân tỉnh Tây Ninh"),
    UnitRow("Sở Văn hóa, Thể thao và Du lịch", parent="Ủy ban nhân dân tỉnh Tây Ninh"),
    UnitRow("Công an tỉnh"),
]


def units_sheet(wb: Workbook, units: Sequence[UnitRow] = TAY_NINH_UNITS, *, sheet: str = "Đơn vị",
                first: bool = False, name_header: str = "Tên cơ quan, đơn vị", title: bool = True,
                with_id: bool = False) -> Layout:
    """A units list: a title row, then STT | [Mã] | Tên cơ quan, đơn vị | Cấp | Cơ quan cấp trên."""
    ws = wb.active if first else wb.create_sheet(sheet)
    ws.title = sheet
    lay = Layout(sheet)
    row = 1
    if title:
        ws.cell(row=1, column=1, value="DANH SÁCH CƠ QUAN, ĐƠN VỊ")
        ws.merge_cells("A1:E1")
        lay.title_rows.append(1)
        row = 3
    heads = ["STT"] + (["Mã"] if with_id else []) + [name_header, "Cấp", "Cơ quan cấp trên"]
    for c, h in enumerate(heads, 1):
        ws.cell(row=row, column=c, value=h)
        lay.cols[{"STT": "seq", "Mã": "id", "Cấp": "level", "Cơ quan cấp trên": "parent"}.get(h, "name")] = get_column_letter(c)
    lay.header_rows = (row,)
    for n, u in enumerate(units, 1):
        row += 1
        values = [n] + ([u.id] if with_id else []) + [u.name, u.level, u.parent]
        for c, v in enumerate(values, 1):
            if v is not None:
                ws.cell(row=row, column=c, value=v)
        lay.rows[u.name] = row
    return lay


def systems_sheet(wb: Workbook, systems: Sequence[tuple[str, str, Any, Any]], *, sheet: str = "Sheet2",
                  first: bool = False) -> Layout:
    """A list of information systems: STT | Tên hệ thống thông tin | Cơ quan quản lý | Năm đưa vào sử
    dụng | Cấp độ ATTT (systems are (name, owner, since, level))."""
    ws = wb.active if first else wb.create_sheet(sheet)
    ws.title = sheet
    lay = Layout(sheet, header_rows=(2,))
    ws["A1"] = "DANH MỤC HỆ THỐNG THÔNG TIN ĐANG VẬN HÀNH"
    ws.merge_cells("A1:E1")
    for c, (h, role) in enumerate([("STT", "seq"), ("Tên hệ thống thông tin", "name"), ("Cơ quan quản lý", "owner"),
                                   ("Năm đưa vào sử dụng", "since"), ("Cấp độ ATTT", "security_level")], 1):
        ws.cell(row=2, column=c, value=h)
        lay.cols[role] = get_column_letter(c)
    for n, (name, owner, since, level) in enumerate(systems, 1):
        ws.append([n, name, owner, since, level])
        lay.rows[name] = n + 2
    return lay


def workbook() -> Workbook:
    """An empty workbook whose default sheet the first ``*_sheet(..., first=True)`` call takes over."""
    return Workbook()


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def planner_book(path: Path, groups: Sequence[Group] | None = None, *, units: bool = True, **table: Any) -> tuple[Path, Layout]:
    """The usual case: the task table as "Phụ lục 2" (first sheet) and, with ``units``, the units list."""
    wb = workbook()
    lay = task_sheet(wb, groups if groups is not None else DEFAULT_GROUPS, first=True, **table)
    if units:
        units_sheet(wb)
    return save(wb, path), lay


DEFAULT_GROUPS = [
    Group("I. Hạ tầng", [
        Task("Nâng cấp, mở rộng Trung tâm dữ liệu tỉnh", owner="Sở KH&CN", partners="Công an tỉnh",
             period="2026-2027", total=45_500, local=40_000, private=5_500, form="Mua sắm"),
        Task("Xây dựng nền tảng IoT dùng chung", owner="Sở Khoa học và Công nghệ", partners="Các sở, ban, ngành; UBND các xã",
             period="2026–2028", total=30_000, central=10_000, local=20_000, form="Thuê dịch vụ"),
    ]),
    Group("II. Nền tảng, ứng dụng", [
        Task("Hệ thống thông tin y tế thông minh", owner="Sở Y tế", partners="Sở KH&CN",
             period="2026 - 2030", total=15_000, local=15_000, form="Mua sắm"),
        Task("Ứng dụng du lịch thông minh", owner="Sở VH,TT&DL", period="2027-28",
             total=18_750, local=12_750, private=6_000, form="Xã hội hóa"),
    ]),
]
