"""Build the sample inventory workbook ``tay-ninh-nhiem-vu-2026-2030.xlsx`` (reproducible).

It is laid out the way planners write such tables — title rows, a two-row header with "Kinh phí
(tỷ đồng)" merged over the funding sources, group rows (I, II), decimal commas, unit names instead
of ids — so that ``archtool import`` is shown on a realistic sheet. The figures are illustrative.

    python examples/inventory/make_inventory.py        # rewrites the .xlsx next to this script
    archtool import examples/inventory/tay-ninh-nhiem-vu-2026-2030.xlsx --dry-run
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from archtool.workflows.xlsx_template import _deterministic

HERE = Path(__file__).resolve().parent
TARGET = HERE / "tay-ninh-nhiem-vu-2026-2030.xlsx"

TASKS = [
    ("I", "Nhóm nhiệm vụ hạ tầng, nền tảng dùng chung"),
    (1, "Nâng cấp, mở rộng Trung tâm dữ liệu tỉnh", "Sở Khoa học và Công nghệ", "Công an tỉnh; VNPT Tây Ninh",
     "2026-2027", "45,5", None, 40, "5,5", "Mua sắm"),
    (2, "Xây dựng nền tảng IoT dùng chung tỉnh Tây Ninh", "Sở Khoa học và Công nghệ", "Sở Xây dựng",
     "2026 - 2028", 30, 10, 20, None, "Thuê dịch vụ"),
    ("II", "Nhóm nhiệm vụ ứng dụng đô thị thông minh"),
    (3, "Hệ thống quan trắc môi trường tự động", "Sở Nông nghiệp và Môi trường", None,
     "2027–2029", 25, None, 15, 12, "Mua sắm"),
    (4, "Ứng dụng du lịch thông minh tỉnh Tây Ninh", "Sở Văn hóa, Thể thao và Du lịch",
     "Sở Khoa học và Công nghệ; Trung tâm Phục vụ hành chính công", "2026-2027", "18,75", None, "12,75", 6, "Xã hội hóa"),
    (5, "Hệ thống giám sát giao thông thông minh TP Tân An cũ", "Công an tỉnh", "Sở Xây dựng",
     "2028-2030", "60", 20, 40, None, "Mua sắm"),
]

SYSTEMS = [
    (1, "Hệ thống quản lý văn bản và điều hành", "Văn phòng UBND tỉnh", 2016, 3, "VNPT", "Đang vận hành"),
    (2, "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", "Trung tâm Phục vụ hành chính công", 2021, 3, "VNPT", "Đang vận hành"),
    (3, "Ứng dụng Tây Ninh Smart", "Sở Khoa học và Công nghệ", 2021, None, None, "Đang vận hành"),
]


def build() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ ưu tiên"
    ws["A1"] = "DANH MỤC NHIỆM VỤ, DỰ ÁN ƯU TIÊN PHÁT TRIỂN ĐÔ THỊ THÔNG MINH TỈNH TÂY NINH GIAI ĐOẠN 2026–2030"
    ws.merge_cells("A1:J1")
    ws["A2"] = "(Số liệu minh họa cho archtool — không phải văn bản chính thức)"
    ws.merge_cells("A2:J2")
    heads = ["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
             "Kinh phí (tỷ đồng)", None, None, None, "Hình thức đầu tư"]
    for c, h in enumerate(heads, 1):
        if h:
            ws.cell(row=4, column=c, value=h)
    for c, h in enumerate(["Tổng đầu tư", "Ngân sách trung ương", "Ngân sách địa phương", "Doanh nghiệp, xã hội hóa"], 6):
        ws.cell(row=5, column=c, value=h)
    for col in "ABCDEJ":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("F4:I4")
    row = 6
    for task in TASKS:
        if len(task) == 2:
            ws.cell(row=row, column=1, value=task[0])
            ws.cell(row=row, column=2, value=task[1]).font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=10)
        else:
            for c, v in enumerate(task, 1):
                ws.cell(row=row, column=c, value=v)
        row += 1
    for r in ws.iter_rows(min_row=1, max_row=5):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJ", (6, 48, 30, 34, 14, 12, 12, 12, 14, 14)):
        ws.column_dimensions[col].width = width

    ws2 = wb.create_sheet("Hệ thống thông tin")
    ws2.append(["STT", "Tên hệ thống", "Đơn vị quản lý", "Năm đưa vào sử dụng", "Cấp độ ATTT", "Nhà cung cấp", "Tình trạng"])
    for s in SYSTEMS:
        ws2.append(list(s))
    return _deterministic(wb)


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(TARGET)
