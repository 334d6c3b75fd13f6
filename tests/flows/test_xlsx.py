"""archtool template / import: flexible Vietnamese headers, amounts, errors by cell, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from archtool.model.loader import load
from archtool.workflows.common import dump_element
from archtool.workflows.importing import parse_amount, read_workbook
from archtool.workflows.xlsx_template import write_workbook
from tests.conftest import EXAMPLE, ROOT, run_cli

INVENTORY = ROOT / "examples" / "inventory" / "tay-ninh-nhiem-vu-2026-2030.xlsx"


def own(arch):
    """The elements the model declares itself (not its baselines)."""
    return [el for el in arch.elements.values() if arch.layer_of[el.id] == 0]


def _save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def test_template_round_trip_is_lossless(tmp_path: Path) -> None:
    arch = load(EXAMPLE / "smart-city")
    src: dict[str, list] = {}
    for el in own(arch):
        src.setdefault(el.KIND, []).append(dump_element(el))
    book = tmp_path / "filled.xlsx"
    book.write_bytes(write_workbook(src))
    out = tmp_path / "model"
    code, stdout, err = run_cli("import", str(book), "-o", str(out), "--kind", "smart-city", "--extends", str(EXAMPLE / "egov"))
    assert code == 0, err
    got = {el.id: dump_element(el) for el in own(load(out))}
    want = {d["id"]: d for items in src.values() for d in items}
    norm = lambda d: {**d, "budget": sorted(d.get("budget", []), key=lambda b: b["source"])}  # noqa: E731
    assert {k: norm(v) for k, v in got.items()} == {k: norm(v) for k, v in want.items()}


def test_template_has_sheets_headers_and_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    code, _, err = run_cli("template", "-o", str(path))
    assert code == 0, err
    wb = load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Đơn vị", "Dịch vụ", "Ứng dụng", "Nền tảng", "CSDL", "Hạ tầng", "Dự án"]
    heads = [c.value for c in wb["Dự án"][1]]
    for h in ("Tên dự án, nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
              "Ngân sách trung ương (đồng)", "Tổng đầu tư (đồng)", "Hình thức đầu tư"):
        assert h in heads
    formulas = {dv.formula1 for dv in wb["Dự án"].data_validations.dataValidation}
    assert '"Mua sắm,Thuê dịch vụ,PPP,Xã hội hóa"' in formulas
    again = tmp_path / "t2.xlsx"
    run_cli("template", "-o", str(again))
    assert path.read_bytes() == again.read_bytes()
    code, out, _ = run_cli("import", str(path), "--dry-run")
    assert code == 0


def test_sample_inventory_planner_layout(tmp_path: Path) -> None:
    from archtool.model.loader import load as load_model

    imp = read_workbook(INVENTORY, baseline=load_model(EXAMPLE / "egov"))
    assert not imp.errors, [p.where() for p in imp.errors]
    projects = {p["name"]: p for p in imp.collections["projects"]}
    dc = projects["Nâng cấp, mở rộng Trung tâm dữ liệu tỉnh"]  # in triệu đồng under a merged "Kinh phí (triệu đồng)"
    assert dc["budget"] == [{"source": "local", "amount": 40_000_000_000}, {"source": "private", "amount": 5_500_000_000}]
    assert dc["period"] == {"start": 2026, "end": 2027} and dc["investment_form"] == "buy"
    assert dc["owner"] == "so-khcn" and "partner:cong-an-tinh" in dc["tags"]  # "Sở KH&CN", a baseline unit
    assert "VNPT Tây Ninh" in dc["description"]  # not a unit: kept as text
    assert projects["Xây dựng nền tảng IoT dùng chung tỉnh Tây Ninh"]["period"] == {"start": 2026, "end": 2028}
    assert projects["Ứng dụng du lịch thông minh tỉnh Tây Ninh"]["owner"] == "so-vhttdl"  # "Sở VH,TT&DL"
    assert "units" not in imp.collections  # no unit created
    assert imp.period == (2026, 2030)
    skipped = {p.row for p in imp.problems if p.severity == "info" and "bỏ qua dòng" in p.message.vi}
    assert {1, 9, 10, 11, 14, 15, 20} <= skipped  # titles, column numbers, TỔNG CỘNG, groups, blank, footer
    apps = {a["name"]: a for a in imp.collections["applications"]}
    assert apps["Hệ thống quản lý văn bản và điều hành"]["security_level"] == 3
    assert apps["Hệ thống quản lý văn bản và điều hành"]["since"] == 2016
    assert apps["Hệ thống quản lý văn bản và điều hành"]["owner"] == "vp-ubnd"  # "VP UBND tỉnh"


@pytest.mark.parametrize("value,mult,expected", [
    ("12,5", 10**9, 12_500_000_000), (12.5, 10**9, 12_500_000_000), ("12.500.000.000", None, 12_500_000_000),
    ("12.500.000.000 đ", 1, 12_500_000_000), (3, 10**9, 3_000_000_000), (250_000_000, None, 250_000_000),
    ("1.500", 10**9, 1_500_000_000_000), ("0,75", 10**6, 750_000),
])
def test_amounts(value, mult, expected) -> None:
    assert parse_amount(value, mult) == expected


def test_bad_rows_are_collected_not_fatal(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh mục dự án"
    ws.append(["STT", "TÊN NHIỆM VỤ", "don vi chu tri", "Thoi gian thuc hien", "Tổng đầu tư (tỷ đồng)",
               "Ngân sách địa phương (tỷ đồng)", "Cột lạ"])
    ws.append([1, "Dự án A", "Sở Y tế", "2026-2027", "khoảng 20 tỷ", 20, "x"])
    ws.append([2, "Dự án B", "Sở Y tế", "năm sau", 5, 5, None])
    ws.append([3, None, "Sở Y tế", "2026", 5, 5, None])
    ws.append([4, "Dự án C", "Sở Y tế", "2026-2030", 10, 10, None])
    ws.append([5, "Dự án D", "Sở Y tế", "2027", 7, None, None])
    ws.merge_cells("C5:C6")
    units = wb.create_sheet("Đơn vị")
    units.append(["Tên đơn vị"])
    units.append(["Sở Y tế"])
    code, out, err = run_cli("import", str(_save(wb, tmp_path / "x.xlsx")), "--dry-run", "--format", "json")
    assert code == 1
    problems = json.loads(out)["problems"]
    cells = {(p["row"], p["column"], p["severity"]) for p in problems}
    assert (2, "E", "error") in cells  # amount as text
    assert (3, "D", "error") in cells  # period not a period
    assert (4, "B", "error") in cells  # name missing
    assert any(p["severity"] == "warning" and "Cột lạ" in p["message"] for p in problems)
    assert any(p["severity"] == "warning" and "C5:C6" in p["message"] for p in problems)  # merged cells
    assert any(p["row"] == 6 and "nguồn khác" in p["message"] for p in problems)  # only a total
    assert json.loads(out)["elements"]["projects"] == 2  # C and D imported despite the bad rows


def test_missing_sheets_wrong_headers_unreadable(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["a", "b"])
    code, _, err = run_cli("import", str(_save(wb, tmp_path / "none.xlsx")), "--dry-run")
    assert code == 1 and "không có trang tính nào nhận ra được" in err
    wb = Workbook()
    wb.active.title = "Ứng dụng"
    wb.active.append(["Số hiệu", "Ghi nhớ"])
    wb.active.append(["1", "x"])
    code, _, err = run_cli("import", str(_save(wb, tmp_path / "hdr.xlsx")), "--dry-run")
    assert code == 1 and "Ứng dụng" in err and "Tên hệ thống" in err
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    code, _, err = run_cli("import", str(bad), "--dry-run")
    assert code == 2 and ".xlsx" in err and "Traceback" not in err
    out = tmp_path / "o"
    code, _, err = run_cli("import", str(INVENTORY), "-o", str(out), "--dry-run", "--extends", str(EXAMPLE / "egov"))
    assert code == 0 and not out.exists()
    code, _, err = run_cli("import", str(INVENTORY))
    assert code == 2 and "--output" in err
