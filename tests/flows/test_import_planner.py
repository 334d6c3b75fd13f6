"""``archtool import`` on workbooks made the way planners make them (tests/flows/planner_workbooks.py).

Each behaviour is tested on a generated workbook both where it must work and on its near miss: the
unit of a merged header or of a note above the table, totals against their sources, Vietnamese
amount text, rows that are not data, sheets recognised by their headers, owners against the units
list, the options, the messages and the bounds of the reader.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from archtool.workflows.importing import CellError, parse_amount, parse_period, read_sheets, read_workbook
from tests.conftest import EXAMPLE, run_cli
from tests.flows.planner_workbooks import (DEFAULT_GROUPS, Group, Task, UnitRow, planner_book, save, systems_sheet,
                                           task_sheet, units_sheet, workbook)


def problems(path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("import", str(path), "--dry-run", "--format", "json", *args)
    assert "Traceback" not in err
    return code, json.loads(out)


def at(report: dict[str, Any], cell: str, severity: str | None = None) -> list[str]:
    """Messages reported at ``cell`` (e.g. "Phụ lục 2!F12")."""
    return [p["message"] for p in report["problems"] if p["cell"] == cell and (severity is None or p["severity"] == severity)]


def errors(report: dict[str, Any]) -> list[str]:
    return [f"{p['cell']}: {p['message']}" for p in report["problems"] if p["severity"] == "error"]


def one(tasks: list[Task], heading: str = "I. Hạ tầng") -> list[Group]:
    return [Group(heading, tasks)]


def project(imp: Any, name: str) -> dict[str, Any]:
    return next(p for p in imp.collections["projects"] if p["name"] == name)


# -- the unit of money ----------------------------------------------------------------------------

def test_unit_in_merged_header_applies_to_every_money_column(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx", unit_note=None)  # only "Kinh phí (triệu đồng)" over F:I
    imp = read_workbook(path)
    assert not imp.errors
    health = project(imp, "Hệ thống thông tin y tế thông minh")  # 15.000 in NSĐP, the 4th sub-column
    assert health["budget"] == [{"source": "local", "amount": 15_000_000_000}]
    iot = project(imp, "Xây dựng nền tảng IoT dùng chung")
    assert iot["budget"] == [{"source": "central", "amount": 10_000_000_000}, {"source": "local", "amount": 20_000_000_000}]
    said = {p.column: p.message.vi for p in imp.problems if p.row == lay.header_rows[1] and p.column}
    assert all("triệu đồng" in said[c] and f"F{lay.header_rows[0]}" in said[c] for c in "FGHI")


def test_no_unit_anywhere_is_an_error_at_each_cell_not_a_guess(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx", unit_note=None, money_header="Kinh phí")
    code, rep = problems(path)
    assert code == 1
    name = "Hệ thống thông tin y tế thông minh"
    for role in ("total", "local"):  # 15.000 could be triệu or tỷ: never read as 15.000 tỷ
        msgs = at(rep, lay.cell(role, name), "error")
        assert msgs and "không rõ đơn vị tiền" in msgs[0] and "Đơn vị tính" in msgs[0]
    assert "projects" not in rep["elements"]


def test_note_above_the_table_applies_to_all_money_columns(tmp_path: Path) -> None:
    path, _lay = planner_book(tmp_path / "a.xlsx", unit_note="ĐVT: triệu đồng", money_header="Kinh phí")
    imp = read_workbook(path)
    assert not imp.errors
    assert project(imp, "Ứng dụng du lịch thông minh")["budget"] == [
        {"source": "local", "amount": 12_750_000_000}, {"source": "private", "amount": 6_000_000_000}]


def test_note_and_header_that_disagree_are_an_error_at_the_header(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx", unit_note="Đơn vị tính: tỷ đồng")  # header says triệu
    code, rep = problems(path)
    assert code == 1
    msgs = at(rep, f"{lay.sheet}!F{lay.header_rows[1]}", "error")
    assert msgs and "triệu đồng" in msgs[0] and "tỷ đồng" in msgs[0]


def test_sub_header_unit_that_contradicts_the_merged_header_is_an_error(tmp_path: Path) -> None:
    money = (("Tổng số", "total"), ("NSTW", "central"), ("NSĐP (tỷ đồng)", "local"), ("XHH", "private"))
    path, lay = planner_book(tmp_path / "a.xlsx", unit_note=None, money=money)
    code, rep = problems(path)
    assert code == 1
    assert at(rep, f"{lay.sheet}!H{lay.header_rows[1]}", "error")
    assert not at(rep, f"{lay.sheet}!G{lay.header_rows[1]}", "error")


# -- totals against sources -----------------------------------------------------------------------

def test_total_a_thousand_times_its_sources_is_an_error_at_the_total_cell(tmp_path: Path) -> None:
    t = Task("Hệ thống camera giám sát", owner="Công an tỉnh", total=15, local=15_000)  # 15 (tỷ) in a triệu column
    path, lay = planner_book(tmp_path / "a.xlsx", one([t]))
    code, rep = problems(path)
    assert code == 1
    msgs = at(rep, lay.cell("total", t.name), "error")
    assert msgs and "1/1.000" in msgs[0] and "15.000 triệu đồng" not in msgs[0] and "15 tỷ đồng" in msgs[0]
    code, rep = problems(path, "--lang", "en")
    assert "1/1,000" in at(rep, lay.cell("total", t.name), "error")[0]


def test_total_with_its_own_unit_in_the_cell_matches(tmp_path: Path) -> None:
    t = Task("Hệ thống camera giám sát", owner="Công an tỉnh", total="15 tỷ", local="15.000")
    path, _ = planner_book(tmp_path / "a.xlsx", one([t]))
    imp = read_workbook(path)
    assert not imp.errors
    assert project(imp, t.name)["budget"] == [{"source": "local", "amount": 15_000_000_000}]


def test_any_other_difference_is_an_error_too(tmp_path: Path) -> None:
    ok = Task("Dự án khớp", owner="Sở Y tế", total=15_000.5, local=15_000)  # 0,5 triệu: rounding
    bad = Task("Dự án lệch", owner="Sở Y tế", total=15_500, local=15_000)
    path, lay = planner_book(tmp_path / "a.xlsx", one([ok, bad]))
    code, rep = problems(path)
    assert code == 1
    assert not at(rep, lay.cell("total", ok.name), "error")
    msgs = at(rep, lay.cell("total", bad.name), "error")
    assert msgs and "15,5 tỷ đồng" in msgs[0] and "gấp" not in msgs[0]


def test_grand_total_row_that_differs_from_the_rows_is_a_warning(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx", grand_total_values={"total": 108_750, "local": 87_750})
    imp = read_workbook(path)
    assert not imp.errors
    warn = [p for p in imp.problems if p.severity == "warning" and p.row == lay.total_rows[0]]
    assert [p.column for p in warn] == ["F"]  # 108.750 ≠ 109.250; the NSĐP total is right
    path, lay = planner_book(tmp_path / "b.xlsx")  # sums that match: nothing to say
    assert not [p for p in read_workbook(path).problems if p.severity == "warning"]


def test_merged_amount_over_two_rows_is_an_error(tmp_path: Path) -> None:
    wb = workbook()
    a, b = Task("Dự án A", owner="Sở Y tế", total=10_000, local=10_000), Task("Dự án B", owner="Sở Y tế", total=None, local=None)
    lay = task_sheet(wb, one([a, b]), first=True)
    units_sheet(wb)
    ws = wb[lay.sheet]
    ws.merge_cells(f"H{lay.rows[a.name]}:H{lay.rows[b.name]}")  # one NSĐP amount for two projects
    code, rep = problems(save(wb, tmp_path / "a.xlsx"))
    assert code == 1
    assert any("tính nhiều lần" in m for m in at(rep, lay.cell("local", a.name), "error"))


def test_two_budget_blocks_by_phase_are_refused(tmp_path: Path) -> None:
    money = (("NSTW", "central"), ("NSĐP", "local"), ("Ngân sách trung ương", "central2"))
    path, lay = planner_book(tmp_path / "a.xlsx", money=money, grand_total=None)
    code, rep = problems(path)
    assert code == 1
    assert any("hai nhóm kinh phí" in m for m in at(rep, f"{lay.sheet}!H{lay.header_rows[1]}", "error"))


# -- amounts typed as text ------------------------------------------------------------------------

@pytest.mark.parametrize("value,unit,expected", [
    ("4,5", 10**6, 4_500_000), ("4,5 triệu", None, 4_500_000), ("4,5 triệu đồng", 10**9, 4_500_000),
    ("45 tỷ", 10**6, 45_000_000_000), ("45 tỉ đồng", None, 45_000_000_000), ("45.000.000.000", None, 45_000_000_000),
    ("45.000.000.000 đ", 1, 45_000_000_000), ("15.000", 10**6, 15_000_000_000), ("1.234,5", 10**6, 1_234_500_000),
    ("45,000,000,000", None, 45_000_000_000), ("12,25", 10**9, 12_250_000_000), ("4.5", 10**9, 4_500_000_000),
    (15000, 10**6, 15_000_000_000), (4.35, 10**9, 4_350_000_000), ("45 000 000 000", None, 45_000_000_000),
    ("-", 10**6, 0), ("0", None, 0),
])
def test_vietnamese_amount_text(value: Any, unit: int | None, expected: int) -> None:
    got = parse_amount(value, unit)
    assert got == expected and isinstance(got, int)


@pytest.mark.parametrize("value,unit,says", [
    ("4,500", 10**6, "'4,5'"), ("15,000", 10**9, "'15.000'"),  # decimal comma or thousands? ask
    ("khoảng 20 tỷ", 10**9, "không phải số tiền"), ("20-25 tỷ", 10**9, "không phải số tiền"),
    ("45 tỷ 500 triệu", None, "không phải số tiền"), ("#REF!", 10**6, "lỗi công thức"),
    (15_000, None, "không rõ đơn vị"), ("15.000", None, "không rõ đơn vị"), (-5, 10**6, "âm"),
])
def test_ambiguous_or_unreadable_amounts_say_what_to_write(value: Any, unit: int | None, says: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_amount(value, unit)
    assert says in exc.value.text.vi


def test_amounts_implausible_for_their_unit_are_errors(tmp_path: Path) -> None:
    big = Task("Dự án ghi bằng đồng", owner="Sở Y tế", total=45_000_000_000, local=45_000_000_000)  # đồng in triệu columns
    path, lay = planner_book(tmp_path / "a.xlsx", one([big]), grand_total=None)
    code, rep = problems(path)
    assert code == 1 and "quá lớn" in at(rep, lay.cell("local", big.name), "error")[0]
    small = Task("Dự án ghi bằng tỷ", owner="Sở Y tế", total=None, local=45)
    path, lay = planner_book(tmp_path / "b.xlsx", one([small]), unit_note=None, money_header="Kinh phí (đồng)",
                             grand_total=None)
    code, rep = problems(path)
    assert code == 1 and "quá nhỏ" in at(rep, lay.cell("local", small.name), "error")[0]


def test_formula_saved_without_its_value_is_an_error(tmp_path: Path) -> None:
    t = Task("Dự án công thức", owner="Sở Y tế", total=None, local=10_000, central=5_000)
    wb = workbook()
    lay = task_sheet(wb, one([t]), first=True, grand_total=None)
    units_sheet(wb)
    r = lay.rows[t.name]
    wb[lay.sheet][f"F{r}"] = f"=SUM(G{r}:I{r})"  # openpyxl stores no computed value
    code, rep = problems(save(wb, tmp_path / "a.xlsx"))
    assert code == 1 and "công thức" in at(rep, lay.cell("total", t.name), "error")[0]


# -- periods --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,start,end", [
    ("2026-28", 2026, 2028), ("2026–2028", 2026, 2028), ("2026 - 2030", 2026, 2030), ("Năm 2027", 2027, 2027),
    (2027, 2027, 2027), ("Giai đoạn 2026-2030", 2026, 2030), ("Quý I/2026 - Quý IV/2027", 2026, 2027),
])
def test_periods(text: Any, start: int, end: int) -> None:
    assert parse_period(text) == {"start": start, "end": end}


@pytest.mark.parametrize("text", ["2028-2026", "36 tháng", "2026, 2027, 2028", "2026-25"])
def test_periods_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_period(text)


def test_periods_in_a_workbook(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx")
    imp = read_workbook(path)
    assert project(imp, "Ứng dụng du lịch thông minh")["period"] == {"start": 2027, "end": 2028}  # "2027-28"
    assert project(imp, "Xây dựng nền tảng IoT dùng chung")["period"] == {"start": 2026, "end": 2028}  # en dash
    bad = Task("Dự án ngược", owner="Sở Y tế", period="2030-2026", total=1_000, local=1_000)
    path, lay = planner_book(tmp_path / "b.xlsx", one([bad]))
    code, rep = problems(path)
    assert code == 1 and "trước năm bắt đầu" in at(rep, lay.cell("period", bad.name), "error")[0]


# -- rows that are not data -----------------------------------------------------------------------

def test_rows_that_are_not_data_are_skipped_and_reported(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx")
    imp = read_workbook(path)
    assert not imp.errors
    assert len(imp.collections["projects"]) == 4
    said = {p.row: p.message.vi for p in imp.problems if p.sheet == lay.sheet and p.severity == "info" and p.column is None}
    assert "bỏ qua dòng 1–2, 4–6: tiêu đề phía trên bảng ('DANH MỤC NHIỆM VỤ" in said[1]
    assert "dòng đánh số cột" in said[lay.number_row]
    assert "dòng tổng ('TỔNG CỘNG')" in said[lay.total_rows[0]]
    assert all("dòng nhóm" in said[r] for r in lay.group_rows)
    assert "dòng trống" in said[lay.blank_rows[0]]
    assert "ghi chú, chữ ký" in said[lay.footer_rows[0]]


def test_names_that_look_like_totals_or_groups_are_data(tmp_path: Path) -> None:
    tasks = [Task("Cổng dịch vụ công tỉnh", owner="Sở KH&CN", total=5_000, local=5_000),  # "Cổng" folds like "Cộng"
             Task("Tổng hợp, phân tích dữ liệu kinh tế - xã hội", owner="Sở KH&CN", total=3_000, local=3_000),
             Task("Nhóm chuyên gia tư vấn chuyển đổi số", owner="Sở KH&CN", total=1_000, local=1_000),
             Task("Nâng cấp hạ tầng mạng", owner="Sở KH&CN", total=2_000, local=2_000, seq="a")]
    groups = [Group("I. Hạ tầng", tasks, subtotal=True),
              Group("II. Ứng dụng", [Task("Ứng dụng A", owner="Sở Y tế", total=1_000, local=1_000)], split=False)]
    path, lay = planner_book(tmp_path / "a.xlsx", groups, grand_total_first=False)
    imp = read_workbook(path)
    assert not imp.errors
    assert {p["name"] for p in imp.collections["projects"]} == {t.name for g in groups for t in g.tasks}
    assert [p.row for p in imp.problems if "dòng tổng" in p.message.vi] == lay.total_rows  # Cộng, then TỔNG CỘNG last
    assert [p.row for p in imp.problems if "dòng nhóm" in p.message.vi] == lay.group_rows  # "II. Ứng dụng" merged A:J


def test_row_with_amounts_but_no_name_is_a_warning_not_a_project(tmp_path: Path) -> None:
    wb = workbook()
    lay = task_sheet(wb, DEFAULT_GROUPS, first=True, grand_total=None, footer=False)
    units_sheet(wb)
    ws = wb[lay.sheet]
    last = max(lay.rows.values()) + 1
    ws[f"F{last}"], ws[f"H{last}"] = 109_250, 87_750  # an unlabelled total row
    imp = read_workbook(save(wb, tmp_path / "a.xlsx"))
    assert not imp.errors and len(imp.collections["projects"]) == 4
    assert any(p.severity == "warning" and p.row == last and "không có tên" in p.message.vi for p in imp.problems)


# -- sheets and header variants -------------------------------------------------------------------

def test_sheet1_holding_projects_is_read_as_projects(tmp_path: Path) -> None:
    wb = workbook()
    task_sheet(wb, DEFAULT_GROUPS, sheet="Sheet1", first=True, motto=False)
    units_sheet(wb, sheet="Sheet2")  # "Tên cơ quan, đơn vị" + "Cấp": units
    systems_sheet(wb, [("Hệ thống quản lý văn bản và điều hành", "UBND tỉnh", 2016, "Cấp độ 3")], sheet="Sheet3")
    imp = read_workbook(save(wb, tmp_path / "a.xlsx"))
    assert not imp.errors
    assert {k: len(v) for k, v in imp.collections.items()} == {"units": 6, "applications": 1, "projects": 4}
    assert imp.collections["applications"][0]["security_level"] == 3
    assert imp.collections["applications"][0]["owner"] == "uy-ban-nhan-dan-tinh-tay-ninh"


def test_sheet_whose_headers_fit_no_kind_or_several_is_skipped_with_a_warning(tmp_path: Path) -> None:
    wb = workbook()
    task_sheet(wb, DEFAULT_GROUPS, first=True)
    units_sheet(wb)
    notes = wb.create_sheet("Sheet3")
    notes.append(["Tên", "Ghi chú"])
    notes.append(["a", "b"])
    both = wb.create_sheet("Sheet4")  # applications or platforms? the headers cannot tell
    both.append(["Tên", "Đơn vị quản lý", "Cấp độ ATTT"])
    both.append(["Hệ thống X", "Sở Y tế", 2])
    imp = read_workbook(save(wb, tmp_path / "a.xlsx"))
    warn = {p.sheet: p.message.vi for p in imp.problems if p.severity == "warning"}
    assert "không ứng với loại phần tử nào" in warn["Sheet3"]
    assert "Ứng dụng" in warn["Sheet4"] and "Nền tảng" in warn["Sheet4"]
    assert "applications" not in imp.collections


def test_single_level_header_variants(tmp_path: Path) -> None:
    t = Task("Số hóa hồ sơ địa chính", owner="Sở KH&CN", total=12_500)
    path, lay = planner_book(tmp_path / "a.xlsx", one([t]), unit_note=None, money_header=None,
                             money=[("Kinh phí dự kiến (triệu đồng)", "total")], name_header="Tên nhiệm vụ, dự án",
                             owner_header="Cơ quan, đơn vị chủ trì", grand_total=None)
    imp = read_workbook(path)
    assert not imp.errors
    assert project(imp, t.name)["budget"] == [{"source": "other", "amount": 12_500_000_000}]
    assert any(p.severity == "warning" and "nguồn khác" in p.message.vi for p in imp.problems)


def test_hidden_sheet_is_not_imported(tmp_path: Path) -> None:
    wb = workbook()
    task_sheet(wb, DEFAULT_GROUPS, first=True)
    old = task_sheet(wb, DEFAULT_GROUPS, sheet="Phụ lục 2 (cũ)")
    units_sheet(wb)
    wb[old.sheet].sheet_state = "hidden"  # an old copy: importing it would count every budget twice
    imp = read_workbook(save(wb, tmp_path / "a.xlsx"))
    assert len(imp.collections["projects"]) == 4
    assert any(p.sheet == old.sheet and p.severity == "warning" for p in imp.problems)


# -- owners ---------------------------------------------------------------------------------------

def test_owner_abbreviations_and_diacritics_match_the_units_sheet(tmp_path: Path) -> None:
    tasks = [Task("A", owner="Sở KH&CN"), Task("B", owner="UBND tỉnh"), Task("C", owner="Sở VH, TT&DL"),
             Task("D", owner="So Y te"), Task("E", owner="Sở Xây Dựng")]
    path, _ = planner_book(tmp_path / "a.xlsx", one(tasks))
    imp = read_workbook(path)
    assert not imp.errors
    owners = {p["name"]: p["owner"] for p in imp.collections["projects"]}
    assert owners == {"A": "so-khoa-hoc-va-cong-nghe", "B": "uy-ban-nhan-dan-tinh-tay-ninh",
                      "C": "so-van-hoa-the-thao-va-du-lich", "D": "so-y-te", "E": "so-xay-dung"}
    assert len(imp.collections["units"]) == 6  # the units sheet's, nothing created


def test_owner_not_on_the_units_sheet_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    tasks = [Task("A", owner="Sở TT&TT"), Task("B", owner="Sở Xây dựg"), Task("C", owner="Sở Giáo dục và Đào tạo"),
             Task("D", owner="Các sở, ban, ngành")]
    path, lay = planner_book(tmp_path / "a.xlsx", one(tasks))
    code, rep = problems(path)
    assert code == 1
    tt = at(rep, lay.cell("owner", "A"), "error")[0]
    assert "1/3/2025" in tt and "Sở Khoa học và Công nghệ" in tt and "so-khoa-hoc-va-cong-nghe" in tt
    assert "Có phải: 'Sở Xây dựng'" in at(rep, lay.cell("owner", "B"), "error")[0]
    assert "không có trong trang Đơn vị" in at(rep, lay.cell("owner", "C"), "error")[0]
    assert "nhóm đơn vị" in at(rep, lay.cell("owner", "D"), "error")[0]
    assert rep["elements"]["units"] == 6  # the units sheet's: no unit invented


def test_owners_against_the_baseline_with_extends(tmp_path: Path) -> None:
    tasks = [Task("A", owner="Sở KH&CN"), Task("B", owner="Sở TT&TT"), Task("C", owner="Sở NN&MT")]
    path, lay = planner_book(tmp_path / "a.xlsx", one(tasks), units=False)
    code, rep = problems(path, "--extends", str(EXAMPLE / "egov"))
    assert code == 1
    assert errors(rep) == [f"{lay.cell('owner', 'B')}: " + at(rep, lay.cell("owner", "B"), "error")[0]]
    assert "(so-khcn)" in errors(rep)[0] and "mô hình nền" in errors(rep)[0]
    code, rep = problems(path)  # no units sheet, no baseline: said once, and at each cell
    assert code == 1 and any("không có trang Đơn vị" in e for e in errors(rep))


def test_create_units_is_explicit_and_reported(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx", one([Task("A", owner="Sở Giáo dục và Đào tạo", total=1_000, local=1_000)]))
    code, rep = problems(path, "--create-units")
    assert code == 0 and rep["elements"]["units"] == 7
    assert any("tạo đơn vị mới" in m for m in at(rep, lay.cell("owner", "A"), "warning"))


def test_partner_lists_stay_text_and_known_partners_become_tags(tmp_path: Path) -> None:
    t = Task("A", owner="Sở KH&CN", partners="Sở Y tế; Các sở, ban, ngành; UBND các xã")
    path, lay = planner_book(tmp_path / "a.xlsx", one([t]))
    imp = read_workbook(path)
    assert not imp.errors
    p = project(imp, "A")
    assert p["tags"] == ["partner:so-y-te"]
    assert p["description"] == "Đơn vị phối hợp: Các sở, ban, ngành; UBND các xã"
    assert len(imp.collections["units"]) == 6


# -- the command: options, files, messages --------------------------------------------------------

def test_extends_period_name_id_and_schema_line(tmp_path: Path) -> None:
    tasks = [Task("Nâng cấp Trung tâm dữ liệu tỉnh", owner="Sở KH&CN", total=45_500, local=40_000, private=5_500),
             Task("Ứng dụng du lịch thông minh", owner="Sở VH,TT&DL", partners="Sở KH&CN", total=18_750, local=18_750)]
    path, _ = planner_book(tmp_path / "a.xlsx", one(tasks), units=False)
    out = tmp_path / "model"
    code, stdout, err = run_cli("import", str(path), "-o", str(out), "--extends", str(EXAMPLE / "egov"), "--kind", "smart-city",
                                "--period", "2026-2030", "--name", "ĐTTM Tây Ninh (nhập)", "--id", "tn-sc-nhap")
    assert code == 0, err
    assert f"archtool check {out}" in stdout
    import yaml

    manifest = yaml.safe_load((out / "archtool.yaml").read_text(encoding="utf-8"))
    assert manifest["model"] == {"id": "tn-sc-nhap", "name": "ĐTTM Tây Ninh (nhập)", "kind": "smart-city",
                                 "province": "Tây Ninh", "period": {"start": 2026, "end": 2030}}
    for f, which in (("archtool.yaml", "manifest"), ("projects.yaml", "elements")):  # each file names its own schema
        assert (out / f).read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=.archtool/{which}.schema.json\n")
        assert (out / ".archtool" / f"{which}.schema.json").is_file()
    code, stdout, err = run_cli("check", str(out), "--format", "json")
    assert "Traceback" not in err
    findings = json.loads(stdout)["findings"]
    assert not [f for f in findings if f["category"] in ("syntax", "schema", "reference")]
    projects = yaml.safe_load((out / "projects.yaml").read_text(encoding="utf-8"))["projects"]
    assert [p["owner"] for p in projects] == ["so-khcn", "so-vhttdl"] and projects[1]["tags"] == ["partner:so-khcn"]


def test_period_from_the_title_and_bad_options(tmp_path: Path) -> None:
    path, _ = planner_book(tmp_path / "a.xlsx")
    out = tmp_path / "m"
    code, stdout, err = run_cli("import", str(path), "-o", str(out))
    assert code == 0, err and "2026–2030" in stdout
    assert "period:\n    start: 2026\n    end: 2030" in (out / "archtool.yaml").read_text(encoding="utf-8")
    for args, says in ((["--id", "Tây Ninh"], "--id"), (["--period", "2030-2026"], "--period"),
                       (["--extends", str(tmp_path / "none")], "--extends"), (["--kind", "city"], "--kind")):
        code, _, err = run_cli("import", str(path), "--dry-run", *args)
        assert code == 2 and says in err and "Traceback" not in err


def test_messages_are_vietnamese_with_cells_and_never_pydantic_english(tmp_path: Path) -> None:
    wb = workbook()
    ws = wb.active
    ws.title = "Ứng dụng"
    ws.append(["STT", "Mã", "Tên hệ thống", "Đơn vị quản lý", "Cấp độ ATTT", "Năm vận hành", "Tên tiếng Anh"])
    ws.append([1, "LGSP Tỉnh", "Nền tảng LGSP", "Sở Y tế", "cấp 7", "năm 2020", "x" * 2500])
    ws.append([2, "ok-id", "Hệ thống B", None, 3, 2020, None])
    units_sheet(wb, [UnitRow("Sở Y tế")])
    path = save(wb, tmp_path / "a.xlsx")
    code, out, err = run_cli("import", str(path), "--dry-run")
    assert code == 1
    for english in ("Field required", "Input should", "String should", "value_error", "Value error"):
        assert english not in err
    assert "Ứng dụng!B2: lỗi: 'Mã': 'LGSP Tỉnh' không đúng dạng mã" in err
    assert "Ứng dụng!E2: lỗi:" in err and "Ứng dụng!F2: lỗi:" in err
    assert "Ứng dụng!G2: lỗi: 'Tên tiếng Anh': văn bản dài quá 2000 ký tự" in err
    assert "Ứng dụng!D3: lỗi: 'Đơn vị quản lý' để trống nhưng bắt buộc" in err
    assert "Đọc được: 1 đơn vị — 5 lỗi" in err
    code, out, err = run_cli("import", str(path), "--dry-run", "--lang", "en")
    assert "Ứng dụng!B2: error: 'Mã': 'LGSP Tỉnh' is not a valid id" in err
    assert "Ứng dụng!D3: error: 'Đơn vị quản lý' is empty but required" in err and "Read:" in err
    assert "không" not in err.replace("'", "")  # nothing Vietnamese but the workbook's own words


# -- bounds and unreadable files ------------------------------------------------------------------

def test_stray_cell_far_away_stops_reading_with_a_message(tmp_path: Path) -> None:
    wb = workbook()
    task_sheet(wb, DEFAULT_GROUPS, first=True)
    units_sheet(wb)
    wb["Phụ lục 2"]["XFD1048576"] = "x"
    code, out, err = run_cli("import", str(save(wb, tmp_path / "stray.xlsx")), "--dry-run")
    assert code == 1
    assert "Phụ lục 2!XFD1048576: lỗi: ô XFD1048576 có dữ liệu, vượt giới hạn đọc" in err and "--max-" in err


def test_declared_dimension_and_formatted_cells_are_ignored(tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill

    wb = workbook()
    task_sheet(wb, DEFAULT_GROUPS, first=True)
    units_sheet(wb)
    wb["Phụ lục 2"]["XFD1048576"].fill = PatternFill("solid", fgColor="FFFF00")  # formatted, no value
    path = save(wb, tmp_path / "a.xlsx")
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert 'ref="A1:XFD1048576"' in sheet  # the dimension a reader must not trust
    raw = read_sheets(path)
    assert max(raw[0].rows) < 30 and max(max(r) for r in raw[0].rows.values()) <= 10
    imp = read_workbook(path)
    assert not imp.errors and len(imp.collections["projects"]) == 4


def test_row_column_and_text_bounds(tmp_path: Path) -> None:
    path, lay = planner_book(tmp_path / "a.xlsx")
    code, out, err = run_cli("import", str(path), "--dry-run", "--max-rows", "12")
    assert code == 1 and "Phụ lục 2!A13: lỗi:" in err and "12 dòng" in err
    code, out, err = run_cli("import", str(path), "--dry-run", "--max-columns", "5")
    assert code == 1 and "5 cột" in err
    long = "Mô tả rất dài. " * 2000
    wb = workbook()
    task_sheet(wb, one([Task(long[:30_000], owner="Sở Y tế", total=1_000, local=1_000)]), first=True)
    units_sheet(wb)
    code, out, err = run_cli("import", str(save(wb, tmp_path / "long.xlsx")), "--dry-run", "--max-cell-chars", "5000")
    assert code == 1 and "30.000 ký tự" in err and "Mô tả rất dài. Mô tả rất dài." not in err


def _rewrite(src: Path, dst: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, text.encode() if info.filename == member else zin.read(info))
    return dst


SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
         '<c r="A1" t="inlineStr"><is><t>Tên dự án</t></is></c><c r="B1" t="inlineStr"><is><t>&e;</t></is></c>'
         '</row></sheetData></worksheet>')
LAUGHS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi"))
          + ']>' + SHEET.replace("&e;", "&i;"))
XXE = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + SHEET
#: the DTD after 70 KB of comment: beyond the sniffed head, so the XML parser itself must refuse it
PADDED = '<?xml version="1.0"?><!--' + "x" * 70_000 + '-->' + LAUGHS.split("\n", 1)[1]


@pytest.mark.parametrize("make", ["truncated", "laughs", "xxe", "padded", "xls", "text", "empty-zip", "bad-sheet-xml"])
def test_files_that_are_not_readable_workbooks(tmp_path: Path, make: str) -> None:
    good, _ = planner_book(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    if make == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif make in ("laughs", "xxe", "padded"):
        _rewrite(good, bad, "xl/worksheets/sheet1.xml", {"laughs": LAUGHS, "xxe": XXE, "padded": PADDED}[make])
    elif make == "xls":
        bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    elif make == "text":
        bad.write_text("STT,Tên dự án\n1,A\n", encoding="utf-8")
    elif make == "empty-zip":
        with zipfile.ZipFile(bad, "w"):
            pass
    else:
        _rewrite(good, bad, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r='1'><c r='A1'")
    code, out, err = run_cli("import", str(bad), "--dry-run")
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "không phải bảng tính Excel đọc được" in lines[0]
    assert "Traceback" not in err and "internal" not in err.lower() and "root:" not in err
    if make == "xls":
        assert ".xls" in lines[0]
    code, out, err = run_cli("import", str(bad), "--dry-run", "--lang", "en")
    assert code == 2 and "is not a readable Excel workbook" in err


def test_sources_without_a_unit_take_the_total_columns_unit_and_are_checked(tmp_path: Path) -> None:
    money = (("Tổng kinh phí\n(triệu đồng)", "total"), ("NSTW", "central"), ("NSĐP", "local"))
    ok = Task("Dự án khớp", owner="Sở Y tế", total=30_000, central=10_000, local=20_000)
    path, lay = planner_book(tmp_path / "a.xlsx", one([ok]), unit_note=None, money_header=None, money=money)
    imp = read_workbook(path)
    assert not imp.errors
    assert project(imp, ok.name)["budget"] == [{"source": "central", "amount": 10_000_000_000},
                                               {"source": "local", "amount": 20_000_000_000}]
    assert any(p.column == "G" and "như cột tổng" in p.message.vi for p in imp.problems)
    bad = Task("Dự án ghi nguồn bằng tỷ", owner="Sở Y tế", total=30_000, central=10, local=20)
    path, lay = planner_book(tmp_path / "b.xlsx", one([bad]), unit_note=None, money_header=None, money=money,
                             grand_total=None)
    code, rep = problems(path)
    assert code == 1 and "gấp 1.000 lần" in at(rep, lay.cell("total", bad.name), "error")[0]


def test_lists_split_on_semicolons_and_on_commas_between_ids_only(tmp_path: Path) -> None:
    wb = workbook()
    ws = wb.active
    ws.title = "Ứng dụng"
    ws.append(["STT", "Tên hệ thống", "Đơn vị quản lý", "Sử dụng nền tảng", "Năng lực", "Cơ sở dữ liệu"])
    ws.append([1, "Hệ thống A", "Sở Y tế", "Nền tảng tích hợp, chia sẻ dữ liệu; sso-tinh", "iot-platform, gis-platform",
               "csdl-y-te (master), csdl-dan-cu"])
    ws.append([2, "Hệ thống B", "Sở Y tế", "Hệ thống A, Nền tảng X", None, None])
    ws.append([3, "Hệ thống C", "Sở Y tế", None, None, "CSDL y tế\nCSDL dân cư (write)"])
    plat = wb.create_sheet("Nền tảng")
    plat.append(["Mã", "Tên nền tảng", "Đơn vị quản lý"])
    plat.append(["lgsp", "Nền tảng tích hợp, chia sẻ dữ liệu", "Sở Y tế"])
    plat.append(["sso-tinh", "Nền tảng xác thực", "Sở Y tế"])
    data = wb.create_sheet("CSDL")
    data.append(["Mã", "Tên cơ sở dữ liệu", "Đơn vị quản lý"])
    data.append(["csdl-y-te", "CSDL y tế", "Sở Y tế"])
    data.append(["csdl-dan-cu", "CSDL dân cư", "Sở Y tế"])
    units_sheet(wb, [UnitRow("Sở Y tế")])
    imp = read_workbook(save(wb, tmp_path / "a.xlsx"))
    a = next(x for x in imp.collections["applications"] if x["name"] == "Hệ thống A")
    assert a["uses"] == ["lgsp", "sso-tinh"] and a["capabilities"] == ["iot-platform", "gis-platform"]
    assert a["datasets"] == [{"id": "csdl-y-te", "access": "master"}, {"id": "csdl-dan-cu"}]
    c = next(x for x in imp.collections["applications"] if x["name"] == "Hệ thống C")
    assert c["datasets"] == [{"id": "csdl-y-te"}, {"id": "csdl-dan-cu", "access": "write"}]
    bad = [p for p in imp.errors if p.row == 3]
    assert len(bad) == 1 and bad[0].column == "D" and "';'" in bad[0].message.vi
