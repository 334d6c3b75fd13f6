"""``archtool template``: the inventory workbook generated from the schema (empty, or filled with a
model's elements — the same writer, so what a template holds imports back unchanged)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from archtool.output import fixed_time, stable_zip
from archtool.workflows.sheets import ENUMS, GUIDE_SHEET, SHEETS, Column, columns, enum_label

GUIDE = [
    ("Cách dùng", "Mỗi trang tính là một loại phần tử; mỗi dòng là một phần tử. Điền từ dòng 2, không đổi tiêu đề cột "
                  "(có thể đổi thứ tự cột). Nhập: archtool import TỆP.xlsx -o THƯ_MỤC"),
    ("How to use", "One sheet per element kind, one row per element. Fill from row 2 and keep the headers (columns "
                   "may be reordered). Import: archtool import FILE.xlsx -o FOLDER"),
    ("Mã", "Mã phần tử: chữ thường không dấu, số, '-', '.', '_' (ví dụ lgsp-tinh). Để trống thì tự sinh từ tên."),
    ("Đơn vị", "Ghi mã hoặc tên một đơn vị có trong trang Đơn vị (hoặc trong mô hình nền: archtool import --extends); "
               "viết tắt như 'Sở KH&CN', 'UBND tỉnh' được nhận ra. Đơn vị không có trong danh sách là lỗi (trừ khi chạy "
               "với --create-units). Nhiều đơn vị phối hợp: cách nhau bởi ';' (đơn vị không có trong danh sách được giữ "
               "ở mô tả)."),
    ("Danh sách", "Nhiều giá trị (năng lực, sử dụng nền tảng, ...): cách nhau bởi ';'."),
    ("Cơ sở dữ liệu", "Dạng 'mã-csdl (master)'; quyền: master, write, read (mặc định read)."),
    ("Phạm vi", "'province' (toàn tỉnh, mặc định) hoặc danh sách mã đơn vị."),
    ("Kinh phí", "Số tiền bằng đồng (ví dụ 12500000000) — hoặc ghi đơn vị ở tiêu đề, ví dụ 'Tổng đầu tư (tỷ đồng)', "
                 "hay dòng 'Đơn vị tính: triệu đồng' phía trên bảng, khi đó nhập 12,5 (dấu phẩy thập phân, dấu chấm phân "
                 "cách hàng nghìn), hoặc ghi kèm đơn vị trong ô ('45 tỷ'). Tổng đầu tư phải bằng tổng các nguồn: khác là lỗi."),
    ("Thời gian thực hiện", "Dạng 2026-2028 (cũng nhận 2026–2028, 2026-28, hoặc một năm 2027)."),
    ("Năng lực", "Mã trong danh mục năng lực: archtool catalog list capabilities"),
    ("Nhóm nhiệm vụ", "Mã Đề án 950: archtool catalog list d950"),
]


def _cell_value(col: Column, data: dict[str, Any]) -> Any:
    key, kind = col.key, col.kind
    if kind == "seq":
        return None
    if kind == "amount":
        src = key.split(":", 1)[1]
        total = sum(b["amount"] for b in data.get("budget", []) if b["source"] == src)
        return total if any(b["source"] == src for b in data.get("budget", [])) else None
    if kind == "total":
        return sum(b["amount"] for b in data.get("budget", [])) if data.get("budget") else None
    if key == "partners":
        return "; ".join(t[8:] for t in data.get("tags", []) if t.startswith("partner:")) or None
    value = data.get(key)
    if value is None:
        return None
    if key == "tags":
        value = [t for t in value if not t.startswith("partner:")]
        return "; ".join(value) or None
    if kind == "list":
        return "; ".join(value) or None
    if kind == "datasets":
        return "; ".join(f"{d['id']} ({d.get('access', 'read')})" for d in value) or None
    if kind == "scope":
        return value if isinstance(value, str) else "; ".join(value)
    if kind == "period":
        return f"{value['start']}-{value['end']}"
    if col.enum:
        return enum_label(col.enum, str(value).lower() if isinstance(value, bool) else value)
    return value


def write_workbook(collections: dict[str, list[dict[str, Any]]] | None = None) -> bytes:
    """The workbook as bytes; ``collections`` (kind -> element dicts) fills the rows."""
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    for row in GUIDE:
        guide.append(list(row))
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 110
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for coll, (title, _syn) in SHEETS.items():
        ws = wb.create_sheet(title)
        cols = columns(coll)
        ws.append([c.header for c in cols])
        for i, c in enumerate(cols, 1):
            cell = ws.cell(row=1, column=i)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(i)].width = 8 if c.kind == "seq" else max(14, min(40, len(c.header) + 4))
        ws.freeze_panes = "C2"
        for n, data in enumerate((collections or {}).get(coll, []), 1):
            ws.append([n if c.kind == "seq" else _cell_value(c, data) for c in cols])
        for i, c in enumerate(cols, 1):
            if c.enum:
                dv = DataValidation(type="list", formula1='"' + ",".join(ENUMS[c.enum].values()) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=c.header,
                                    error="Chọn một giá trị trong danh sách. / Pick a value from the list.")
                letter = get_column_letter(i)
                dv.add(f"{letter}2:{letter}1000")
                ws.add_data_validation(dv)
    return _deterministic(wb)


def _deterministic(wb: Any) -> bytes:
    """Save with fixed metadata and zip timestamps so the same input gives the same bytes."""
    wb.properties.created = wb.properties.modified = fixed_time()
    wb.properties.creator = wb.properties.lastModifiedBy = "archtool"
    raw = io.BytesIO()
    wb.save(raw)
    return stable_zip(raw.getvalue())
