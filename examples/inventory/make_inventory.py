"""Build the sample inventory workbook ``tay-ninh-nhiem-vu-2026-2030.xlsx`` (reproducible).

It is laid out the way planners write such an annex, quirks included, so that ``archtool import`` is
shown on a realistic sheet: the sheet is called "Phụ lục 2" (recognised by its headers, not its
name); the national-motto block, the title and "Đơn vị tính: triệu đồng" sit above a two-row header
with "Kinh phí (triệu đồng)" merged over Tổng số / NSTW / NSĐP / XHH; a row numbers the columns
"(1) (2) …"; a TỔNG CỘNG row comes first; group rows (I, II) with a blank row between them; owners
are written as abbreviations ("Sở KH&CN", "Sở NN&MT", "Sở VH,TT&DL"), partners as lists ("Các sở,
ban, ngành; UBND các xã"); one amount is typed as text ("18.750"); periods are "2026-27",
"2026 – 2028"; a note and a signature close the table. The units come from the e-government
baseline (``--extends examples/tay-ninh/egov``). The figures are illustrative.

    python examples/inventory/make_inventory.py        # rewrites the .xlsx next to this script
    archtool import examples/inventory/tay-ninh-nhiem-vu-2026-2030.xlsx --extends examples/tay-ninh/egov --dry-run
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from archtool.workflows.xlsx_template import _deterministic

HERE = Path(__file__).resolve().parent
TARGET = HERE / "tay-ninh-nhiem-vu-2026-2030.xlsx"

# (STT, name, owner, partners, period, total, NSTW, NSĐP, XHH, form) — amounts in triệu đồng
TASKS = [
    ("I", "Nhóm nhiệm vụ hạ tầng, nền tảng dùng chung"),
    (1, "Nâng cấp, mở rộng Trung tâm dữ liệu tỉnh", "Sở KH&CN", "Công an tỉnh; VNPT Tây Ninh",
     "2026-27", 45_500, None, 40_000, 5_500, "Mua sắm"),
    (2, "Xây dựng nền tảng IoT dùng chung tỉnh Tây Ninh", "Sở Khoa học và Công nghệ", "Các sở, ban, ngành; UBND các xã",
     "2026 – 2028", 30_000, 10_000, 20_000, None, "Thuê dịch vụ"),
    ("II", "Nhóm nhiệm vụ ứng dụng đô thị thông minh"),
    (3, "Hệ thống quan trắc môi trường tự động", "Sở NN&MT", "Sở Xây dựng",
     "2027-2029", 27_000, None, 15_000, 12_000, "Mua sắm"),
    (4, "Ứng dụng du lịch thông minh tỉnh Tây Ninh", "Sở VH,TT&DL",
     "Sở KH&CN; Trung tâm Phục vụ hành chính công", "2026-2027", "18.750", None, 12_750, 6_000, "Xã hội hóa"),
    (5, "Hệ thống giám sát giao thông thông minh TP Tân An cũ", "Công an tỉnh", "Sở Xây dựng",
     "2028-2030", 60_000, 20_000, 40_000, None, "Mua sắm"),
]

SYSTEMS = [
    (1, "Hệ thống quản lý văn bản và điều hành", "VP UBND tỉnh", 2016, 3, "VNPT", "Đang vận hành"),
    (2, "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", "Trung tâm Phục vụ hành chính công", 2021, 3, "VNPT", "Đang vận hành"),
    (3, "Ứng dụng Tây Ninh Smart", "Sở KH&CN", 2021, None, None, "Đang vận hành"),
]


def build() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục 2"
    ws["A1"], ws["D1"] = "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"], ws["D2"] = "TỈNH TÂY NINH", "Độc lập - Tự do - Hạnh phúc"
    for rng in ("A1:C1", "D1:J1", "A2:C2", "D2:J2"):
        ws.merge_cells(rng)
    ws["A4"] = "DANH MỤC NHIỆM VỤ, DỰ ÁN ƯU TIÊN PHÁT TRIỂN ĐÔ THỊ THÔNG MINH TỈNH TÂY NINH GIAI ĐOẠN 2026–2030"
    ws.merge_cells("A4:J4")
    ws["A5"] = "(Số liệu minh họa cho archtool — không phải văn bản chính thức)"
    ws.merge_cells("A5:J5")
    ws["I6"] = "Đơn vị tính: triệu đồng"
    ws.merge_cells("I6:J6")
    heads = ["STT", "Tên nhiệm vụ, dự án", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
             "Kinh phí (triệu đồng)", None, None, None, "Hình thức đầu tư"]
    for c, h in enumerate(heads, 1):
        if h:
            ws.cell(row=7, column=c, value=h)
    for c, h in enumerate(["Tổng số", "NSTW", "NSĐP", "XHH"], 6):
        ws.cell(row=8, column=c, value=h)
    for col in "ABCDEJ":
        ws.merge_cells(f"{col}7:{col}8")
    ws.merge_cells("F7:I7")
    for c in range(1, 11):
        ws.cell(row=9, column=c, value="(6)=(7)+(8)+(9)" if c == 6 else f"({c})")
    ws["A10"] = "TỔNG CỘNG"
    ws.merge_cells("A10:B10")
    money = [t[5:9] for t in TASKS if len(t) > 2]
    for c in range(4):
        ws.cell(row=10, column=6 + c, value=sum(int(str(m[c]).replace(".", "")) for m in money if m[c] is not None))
    row = 11
    for task in TASKS:
        if len(task) == 2:
            if task[0] != "I":
                row += 1  # a blank row between the groups
            ws.cell(row=row, column=1, value=task[0])
            ws.cell(row=row, column=2, value=task[1]).font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=10)
        else:
            for c, v in enumerate(task, 1):
                ws.cell(row=row, column=c, value=v)
        row += 1
    ws.cell(row=row + 1, column=1, value="Ghi chú: kinh phí là dự kiến; được cấp có thẩm quyền phê duyệt khi triển khai.")
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=10)
    ws.cell(row=row + 2, column=8, value="KT. CHỦ TỊCH")
    ws.cell(row=row + 3, column=8, value="PHÓ CHỦ TỊCH")
    for r in ws.iter_rows(min_row=1, max_row=10):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJ", (6, 48, 22, 34, 14, 12, 12, 12, 12, 14)):
        ws.column_dimensions[col].width = width

    ws2 = wb.create_sheet("Hệ thống thông tin")
    ws2.append(["STT", "Tên hệ thống", "Đơn vị quản lý", "Năm đưa vào sử dụng", "Cấp độ ATTT", "Nhà cung cấp", "Tình trạng"])
    for s in SYSTEMS:
        ws2.append(list(s))
    return _deterministic(wb)


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(TARGET)
