"""archtool build on the bundled example: every artefact exists and says what a planner needs."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, TODAY, run_cli

SC = EXAMPLE / "smart-city"
HAS_DOT = bool(shutil.which("dot") or shutil.which("graphviz-pure"))
SVG = "{http://www.w3.org/2000/svg}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

OUTPUTS = ("findings.json", "findings.sarif", "matrix.xlsx", "plan.md", "plan.docx", "report.html", "archimate.xml")
#: the example: 1.946 tỷ đồng of projects, of which 1.223 tỷ in three completed 2020–2025 projects
PLAN_TOTAL = 723_000_000_000


@pytest.fixture
def out(example_out: Path) -> Path:
    return example_out


def test_every_fixed_output_is_written(out: Path) -> None:
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    stems = {p.stem for p in (out / "diagrams").glob("*.dot")}
    assert {"layers", "dependencies", "data-sharing", "duplicates"} <= stems
    assert any(s.startswith("project-") for s in stems)
    for stem in stems:
        mmd = (out / "diagrams" / f"{stem}.mmd").read_text(encoding="utf-8")
        assert mmd.startswith('---\ntitle: "'), stem  # a quoted title: a ':' in it cannot break the YAML
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.build-")], "staging folder left behind"


@pytest.mark.skipif(not HAS_DOT, reason="no Graphviz binary (dot or graphviz-pure) on PATH; CI installs graphviz")
def test_layered_svg_stacks_layers_with_a_legend_and_dashed_existing_systems(out: Path) -> None:
    root = ET.parse(out / "diagrams" / "layers.svg").getroot()
    texts = [t.text for t in root.iter(f"{SVG}text")]
    layers = [texts.index(n) for n in ("Lớp đối tượng sử dụng", "Lớp ứng dụng thông minh", "Lớp hỗ trợ dịch vụ và dữ liệu",
                                       "Lớp điện toán và lưu trữ", "Lớp mạng kết nối", "Lớp thu thập dữ liệu")]
    assert layers == sorted(layers), "the six layers from users (top) to data collection (bottom)"
    assert {"Hệ thống xuyên suốt", "Chú giải", "Hiện có", "Đầu tư mới"} <= set(texts)
    assert [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")], "existing systems are drawn dashed"
    for png in (out / "diagrams").glob("layers*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_dot_marks_existing_and_new_by_status_and_since(out: Path) -> None:
    dot = (out / "diagrams" / "layers.dot").read_text(encoding="utf-8")
    assert 'fontname="Arial"' in dot
    cells = {text.replace("<BR/>", " "): attrs for attrs, text in re.findall(r"<TD([^>]*)><FONT[^>]*>(.*?)</FONT></TD>", dot)}
    existing = cells["Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Long An (LGSP)"]
    assert 'STYLE="dashed"' in existing and "#dc2626" in existing  # running since 2020, and a duplicate
    new = cells["Nền tảng IoT dùng chung tỉnh Tây Ninh"]
    assert "dashed" not in new and "#dbeafe" in new  # planned: new
    assert "Trung tâm giám sát, điều hành kinh tế – xã hội tập trung tỉnh Tây Ninh" not in " ".join(cells)  # retired


def test_excel_sheets_labels_totals_and_formats(out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(out / "matrix.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Phát hiện", "Dự án và kinh phí", "Nhóm nhiệm vụ ĐA 950",
                             "Năng lực và hệ thống", "Danh mục hệ thống", "Danh sách chọn"]
    assert wb["Danh sách chọn"].sheet_state == "hidden"
    findings = wb["Phát hiện"]
    header = [c.value for c in findings[1]]
    assert header[:4] == ["STT", "Mức độ", "Nhóm", "Nội dung"]
    assert {"Đơn vị chủ trì xử lý", "Biện pháp xử lý", "Thời hạn"} <= set(header)
    assert findings.freeze_panes == "C2" and findings.auto_filter.ref.startswith("A1:")
    ranks = {"Lỗi": 0, "Cảnh báo": 1, "Thông tin": 2}
    severities = [findings.cell(r, 2).value for r in range(2, findings.max_row + 1)]
    assert severities == sorted(severities, key=ranks.__getitem__), "most severe first"
    assert findings.cell(2, 2).fill.fgColor.rgb.endswith("FECACA") and findings.cell(2, 4).alignment.wrap_text
    assert {findings.cell(r, 3).value for r in range(2, findings.max_row + 1)} <= \
        {"Trùng lặp", "Thiếu hụt", "Nguyên tắc", "Nhất quán", "Tham chiếu", "Lược đồ", "Cú pháp"}
    assert findings.page_setup.orientation == "landscape" and findings.print_title_rows == "$1:$1"
    assert findings.sheet_properties.pageSetUpPr.fitToPage and findings.page_setup.fitToHeight == 0  # one page wide
    budget = wb["Dự án và kinh phí"]
    header = [c.value for c in budget[1]]
    assert all("(đồng)" in h for h in header[6:])  # units in the headers
    total_col = header.index("Tổng trong giai đoạn (đồng)") + 1
    last = budget.max_row
    assert budget.cell(last, 2).value == "Tổng cộng các dự án tính vào tổng"
    assert budget.cell(last, total_col).value == PLAN_TOTAL
    assert budget.cell(2, total_col).number_format == "#,##0"
    counted = [r for r in range(2, last) if budget.cell(r, 6).value == "Tính vào tổng"]
    assert sum(budget.cell(r, total_col).value for r in counted) == PLAN_TOTAL
    assert {budget.cell(r, 6).value for r in range(2, last)} >= {"Tính vào tổng", "Đã hoàn thành, không tính"}
    d950 = wb["Nhóm nhiệm vụ ĐA 950"]
    last = d950.max_row - 2
    groups = range(4, d950.max_column + 1)
    for r in range(2, last):  # each project counted once: its groups' shares add up to its budget
        assert sum(d950.cell(r, c).value or 0 for c in groups) == d950.cell(r, 3).value
    assert d950.cell(last, 3).value == PLAN_TOTAL == sum(d950.cell(last, c).value or 0 for c in groups)
    assert "chia đều" in d950.cell(d950.max_row, 2).value
    assert any(str(c.value).startswith("d950-c4: ") for c in d950[1])
    inventory = wb["Danh mục hệ thống"]
    lists = [dv.formula1 for dv in inventory.data_validations.dataValidation]
    assert any("đang vận hành" in f for f in lists)
    summary = " ".join(str(c.value) for row in wb["Tổng hợp"].iter_rows() for c in row if c.value)
    assert "Chú giải" in summary and "triệu đồng" in summary


def _docx_xml(path: Path, part: str = "word/document.xml") -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(part))


def test_plan_docx_has_the_form_of_an_administrative_document(out: Path) -> None:
    from docx import Document

    doc = Document(str(out / "plan.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    cm = {side: round(getattr(section, f"{side}_margin").cm, 2) for side in ("left", "right", "top", "bottom")}
    assert 3.0 <= cm["left"] <= 3.5 and 1.5 <= cm["right"] <= 2.0  # Decree 30/2020, Appendix I
    assert 2.0 <= cm["top"] <= 2.5 and 2.0 <= cm["bottom"] <= 2.5
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert left.text.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH"]
    assert right.text.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.rows[1].cells[0].text.startswith("Số:") and "/KH-UBND" in header.rows[1].cells[0].text
    assert header.rows[1].cells[1].text.startswith("Tây Ninh, ngày")
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "DỰ THẢO" and "KẾ HOẠCH" in paragraphs
    assert any(t.startswith("Căn cứ Nghị định số 269/2025/NĐ-CP") for t in paragraphs)
    body = next(p for p in doc.paragraphs if p.text.startswith("Để triển khai"))
    assert body.alignment == 3 and round(body.paragraph_format.first_line_indent.cm, 2) == 1.27  # justified
    styles = _docx_xml(out / "plan.docx", "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "vi-VN"
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt in (13, 14)
    signature = doc.tables[-1] if "Nơi nhận" in doc.tables[-1].rows[0].cells[0].text else \
        next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    assert "TM. ỦY BAN NHÂN DÂN" in signature.rows[0].cells[1].text and "CHỦ TỊCH" in signature.rows[0].cells[1].text
    assert "Lưu: VT." in signature.rows[0].cells[0].text


def test_plan_docx_page_numbers_repeated_headers_and_rows_that_do_not_split(out: Path) -> None:
    from docx import Document

    doc = Document(str(out / "plan.docx"))
    section = doc.sections[0]
    assert section.different_first_page_header_footer  # no number on the first page
    header = section.header._element
    assert any(i.text and i.text.strip() == "PAGE" for i in header.iter(f"{W}instrText"))
    data_tables = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(data_tables) >= 8
    for t in data_tables:
        rows = t._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        assert len(rows) >= 2, "no table without rows"


def test_plan_budget_adds_up_and_names_are_shown(out: Path) -> None:
    from docx import Document

    md = (out / "plan.md").read_text(encoding="utf-8")
    assert "**723.000.000.000 đồng** (723 tỷ đồng)" in md
    doc = Document(str(out / "plan.docx"))
    budget = next(t for t in doc.tables if t.rows[0].cells[1].text == "Dự án, nhiệm vụ"
                  and t.rows[0].cells[4].text == "Kinh phí trong giai đoạn")
    assert budget.rows[-1].cells[1].text.startswith("Tổng cộng (13 dự án)") and budget.rows[-1].cells[4].text == "723.000"
    phases = next(t for t in doc.tables if t.rows[0].cells[0].text == "Giai đoạn" and t.rows[0].cells[-1].text == "Tổng")
    assert [r.cells[0].text for r in phases.rows[1:]] == ["2026–2027", "2028–2030", "Tổng cộng"]
    assert phases.rows[-1].cells[-1].text == "723.000"
    total = sum(int(r.cells[-1].text.replace(".", "")) for r in phases.rows[1:-1])
    assert total == 723_000
    completed = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Kinh phí (triệu đồng)")
    assert {r.cells[4].text for r in completed.rows[1:]} == {"đã hoàn thành"}
    body = md.split("## I.")[1].split("<!-- form: appendix -->")[0]
    for word in ("security_level", "delivers", "baseline", "archtool", "tay-ninh-sc", "lgsp-long-an"):
        assert word not in body, word


def test_plan_markdown_follows_the_provincial_outline(out: Path) -> None:
    md = (out / "plan.md").read_text(encoding="utf-8")
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads[:9] == ["## I. MỤC TIÊU, PHẠM VI VÀ TẦM NHÌN", "## II. NGUYÊN TẮC", "## III. HIỆN TRẠNG",
                         "## IV. KIẾN TRÚC MỤC TIÊU", "## V. DỮ LIỆU VÀ CHIA SẺ DỮ LIỆU", "## VI. AN TOÀN THÔNG TIN",
                         "## VII. LỘ TRÌNH THỰC HIỆN", "## VIII. KINH PHÍ VÀ NGUỒN VỐN", "## IX. TỔ CHỨC THỰC HIỆN"]
    state = md.split("## III.")[1].split("## IV.")[0]
    assert "| Lớp ứng dụng thông minh | 16 | 14 | 2 | 5 | 8 |" in state  # by status and since, whatever model
    duties = md.split("## IX.")[1].split("<!-- form: signature -->")[0]
    assert "### " in duties and "Sở Y tế tỉnh Tây Ninh" in duties and "Chủ trì thực hiện:" in duties
    if HAS_DOT:
        for fig in ("Hình 1a.", "Hình 2.", "Hình 3."):
            assert f"![{fig}" in md, fig


def test_html_report_is_self_contained(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    for bad in ('src="http', "src='http", 'href="http', "<link ", "@import", "<script src"):
        assert bad not in html
    assert html.count("<svg") >= (4 if HAS_DOT else 0)
    assert 'id="findings-table"' in html and "data-sev=" in html
    assert '<option value="duplication">Trùng lặp</option>' in html  # Vietnamese category options
    order = [html.index(f'class="badge b-{s}"') for s in ("error", "warning", "info")]
    assert order == sorted(order), "groups most severe first"
    assert "@media (max-width:700px)" in html and "@media print" in html and 'data-zoom="1.5"' in html


def test_two_builds_are_byte_identical(out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    code, _o, err = run_cli("build", SC, "-o", again, "--as-of", TODAY.isoformat())
    assert code == 0, err
    first = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (out / rel).read_bytes() == (again / rel).read_bytes(), rel
    for name in ("matrix.xlsx", "plan.docx"):
        with zipfile.ZipFile(out / name) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert b"1980-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_source_date_epoch_sets_the_office_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    code, _o, err = run_cli("build", SC, "-o", tmp_path / "o", "--as-of", TODAY.isoformat())
    assert code == 0, err
    for name in ("matrix.xlsx", "plan.docx"):
        with zipfile.ZipFile(tmp_path / "o" / name) as z:
            assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
            assert b"2026-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_english_build(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    code, _o, err = run_cli("build", SC, "-o", tmp_path / "en", "--lang", "en", "--as-of", TODAY.isoformat())
    assert code == 0, err
    assert load_workbook(tmp_path / "en" / "matrix.xlsx").sheetnames[0] == "Summary"
    md = (tmp_path / "en" / "plan.md").read_text(encoding="utf-8")
    assert "## I. GOALS, SCOPE AND VISION" in md and "## VIII. BUDGET AND FUNDING" in md
    styles = _docx_xml(tmp_path / "en" / "plan.docx", "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "en-GB"
