"""archtool build on the bundled example: every artefact exists and says what a planner needs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from archtool.publish.diagrams import find_renderer
from tests.conftest import EXAMPLE, TODAY, run_cli

SC = EXAMPLE / "smart-city"
HAS_DOT = find_renderer() is not None  # the lookup build uses: dot, else graphviz-pure beside this Python
SVG = "{http://www.w3.org/2000/svg}"

OUTPUTS = ("findings.json", "findings.sarif", "matrix.xlsx", "plan.md", "plan.docx", "report.html")


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
        assert (out / "diagrams" / f"{stem}.mmd").read_text(encoding="utf-8").startswith("---\ntitle:")
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.build-")], "staging folder left behind"


@pytest.mark.skipif(not HAS_DOT, reason="no Graphviz renderer: neither dot on PATH nor graphviz-pure (a dependency where "
                    "its wheels exist) in this Python's scripts folder")
def test_layered_svg_has_vietnamese_layers_and_baseline_style(out: Path) -> None:
    root = ET.parse(out / "diagrams" / "layers.svg").getroot()
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert "Lớp ứng dụng thông minh" in texts
    assert "Lớp hỗ trợ dịch vụ và dữ liệu" in texts
    assert "Chú giải" in texts
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    assert dashed, "baseline elements are drawn dashed"
    assert (out / "diagrams" / "layers.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_dot_uses_a_vietnamese_capable_font_and_marks_the_baseline(out: Path) -> None:
    dot = (out / "diagrams" / "layers.dot").read_text(encoding="utf-8")
    assert 'fontname="Arial"' in dot
    line = next(x for x in dot.splitlines() if x.strip().startswith('"lgsp-long-an" [label='))  # baseline
    assert "dashed" in line and "Nền tảng tích hợp, chia sẻ" in line
    line = next(x for x in dot.splitlines() if x.strip().startswith('"lgsp-hop-nhat" [label='))  # new
    assert "dashed" not in line


def test_excel_sheets_headers_totals_and_formats(out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(out / "matrix.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Nhóm nhiệm vụ ĐA 950", "Năng lực × phần tử", "Phát hiện",
                             "Dự án & kinh phí", "Danh mục hệ thống"]
    findings = wb["Phát hiện"]
    assert findings["A1"].value == "Mức độ" and findings.freeze_panes == "A2"
    assert findings.auto_filter.ref.startswith("A1:")
    budget = wb["Dự án & kinh phí"]
    header = [c.value for c in budget[1]]
    total_col = header.index("Tổng") + 1
    last = budget.max_row
    assert budget.cell(last, 2).value == "Tổng cộng"
    assert budget.cell(last, total_col).value == 1_946_000_000_000
    assert budget.cell(2, total_col).number_format == "#,##0"
    assert sum(budget.cell(r, total_col).value for r in range(2, last)) == 1_946_000_000_000
    inventory = wb["Danh mục hệ thống"]
    lists = [dv.formula1 for dv in inventory.data_validations.dataValidation]
    assert any("đang vận hành" in f for f in lists) and any('"1,2,3,4,5"' == f for f in lists)
    d950 = wb["Nhóm nhiệm vụ ĐA 950"]
    assert any(str(c.value).startswith("d950-c4") for c in d950[1])


def test_plan_docx_structure_tables_and_totals(out: Path) -> None:
    from docx import Document

    doc = Document(str(out / "plan.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for h in ("1. Căn cứ pháp lý", "2. Hiện trạng", "3. Kiến trúc tổng thể", "4.2. Kiến trúc ứng dụng",
              "4.5. Kiến trúc an toàn thông tin", "5. Phân tích trùng lặp và thiếu hụt",
              "6. Danh mục nhiệm vụ, dự án ưu tiên", "7. Lộ trình thực hiện", "8. Tổ chức thực hiện"):
        assert h in headings
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert any(c.startswith("Bảng 10. Danh mục dự án, kinh phí và nguồn vốn") for c in captions)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "1.946.000.000.000 đồng" in text and "1.946 tỷ đồng" in text
    assert "Quyết định 950/QĐ-TTg" in text
    budget = next(t for t in doc.tables if t.rows[0].cells[1].text == "Dự án, nhiệm vụ")
    assert budget.rows[-1].cells[4].text == "1.946.000"  # million VND
    assert "Ngân sách trung ương: 160.000" in budget.rows[-1].cells[5].text
    phases = next(t for t in doc.tables if t.rows[0].cells[0].text == "Giai đoạn")
    assert phases.rows[1].cells[0].text == "2020–2025" and phases.rows[-1].cells[-1].text == "0"
    assert doc.styles["Normal"].font.name == "Times New Roman"
    if HAS_DOT:
        assert "Hình 1. Kiến trúc tổng thể phân lớp theo QĐ 829/QĐ-BTTTT" in captions
        assert len(doc.inline_shapes) == 1


def test_plan_markdown_matches(out: Path) -> None:
    md = (out / "plan.md").read_text(encoding="utf-8")
    assert md.startswith("# Kiến trúc ICT phát triển đô thị thông minh tỉnh Tây Ninh")
    assert "## 1. Căn cứ pháp lý" in md and "**1.946.000.000.000 đồng** (1.946 tỷ đồng)" in md


def test_html_report_is_self_contained(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    for bad in ('src="http', "src='http", 'href="http', "<link ", "@import", "<script src"):
        assert bad not in html
    assert html.count("<svg") >= (4 if HAS_DOT else 0)
    assert 'id="findings-table"' in html and "data-sev=" in html


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


def test_english_build(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    code, _o, err = run_cli("build", SC, "-o", tmp_path / "en", "--lang", "en", "--as-of", TODAY.isoformat())
    assert code == 0, err
    assert load_workbook(tmp_path / "en" / "matrix.xlsx").sheetnames[0] == "Summary"
    assert "## 1. Legal basis" in (tmp_path / "en" / "plan.md").read_text(encoding="utf-8")
