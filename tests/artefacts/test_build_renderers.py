"""Renderers given duplication and gap findings (constructed here, as the rules engine will emit
them): duplicates are red in diagrams and Excel, and listed in the plan; gaps are highlighted."""

from __future__ import annotations


import pytest

from archtool.formats import million, vnd, vnd_short
from archtool.findings import Finding, Location
from archtool.i18n import L
from tests.conftest import EXAMPLE, TODAY


@pytest.fixture(scope="module")
def view():
    from archtool.model.loader import load
    from archtool.pipeline import check_architecture
    from archtool.publish.view import View

    result = check_architecture(load(EXAMPLE / "smart-city"), today=TODAY)
    result.findings.append(Finding(
        rule="dup-capability", category="duplication", severity="error",
        message=L("Hai IOC cùng năng lực ioc", "Two IOCs with capability ioc"),
        elements=["ioc-long-an", "ioc-tay-ninh-cu"], location=Location("applications.yaml", 3, 5),
        capabilities=["ioc"], details={"capability": "ioc"}))
    result.findings.append(Finding(
        rule="gap-capability", category="gap", severity="warning",
        message=L("Thiếu năng lực chiếu sáng", "Missing capability"), elements=[],
        capabilities=["waste-management"]))
    return View(result, "vi")


def test_duplicates_are_red_in_every_diagram_that_shows_them(view) -> None:
    from archtool.publish import diagrams as D

    for eid in ("ioc-long-an", "ioc-tay-ninh-cu"):
        assert eid in view.arch.elements
    layers = D.layered_view(view)
    # both copies live in the baseline: red for the duplicate, dashed for the baseline
    assert layers.nodes["ioc-long-an"][1] == "dup-baseline" and layers.nodes["ioc-tay-ninh-cu"][1] == "dup-baseline"
    assert "dashed" in layers.to_dot().split('"ioc-long-an" [')[1].split("\n")[0]
    assert 'color="#dc2626"' in layers.to_dot().split('"ioc-long-an" [')[1].split("\n")[0]
    dups = D.duplicates_view(view)
    assert any("ioc-long-an" in n for n in dups.nodes) and dups.clusters
    assert "classDef dup" in dups.to_mermaid()


def test_excel_marks_duplicates_and_gaps(view) -> None:
    import io

    from openpyxl import load_workbook

    from archtool.publish.excel import build_workbook

    wb = load_workbook(io.BytesIO(build_workbook(view)))
    ws = wb["Năng lực × phần tử"]
    header = {str(c.value).split(":")[0]: c for c in ws[1]}
    assert header["waste-management"].fill.fgColor.rgb.endswith("FED7AA")  # gap: orange
    assert header["ioc"].fill.fgColor.rgb.endswith("FECACA")  # duplicated: red
    col = header["ioc"].column
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "ioc-long-an")
    assert row[col - 1].value == "●" and row[col - 1].fill.fgColor.rgb.endswith("FECACA")
    findings = wb["Phát hiện"]
    assert any(c.value == "dup-capability" for c in findings["C"])


def test_plan_lists_duplicates_and_gaps(view) -> None:
    from archtool.publish import templating
    from archtool.publish.context import context

    md = templating.render("plan.md.j2", None, context(view, []))
    dup = md.split("### 5.1.")[1].split("### 5.2.")[0]
    assert "Bảng 8. Các trường hợp trùng lặp" in dup and "Hai IOC cùng năng lực ioc" in dup
    assert "Thiếu năng lực chiếu sáng" in md.split("### 5.2.")[1]
    assert "Hình 1 chưa được tạo" in md  # no PNG given: the plan says so instead of a broken image


def test_vietnamese_money() -> None:
    assert vnd(121_600_000_000) == "121.600.000.000 đồng"
    assert vnd_short(121_600_000_000) == "121,6 tỷ đồng"
    assert vnd_short(1_946_000_000_000) == "1.946 tỷ đồng"
    assert vnd_short(500_000_000) == "500 triệu đồng"
    assert vnd_short(121_600_000_000, "en") == "121.6 billion VND"
    assert million(121_600_000_000) == "121.600" and million(500_000) == "0,5"
