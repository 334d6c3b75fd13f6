"""Renderers given duplication and gap findings (constructed here, as the rules engine will emit
them): duplicates are red in diagrams and Excel, and listed in the plan; gaps are highlighted;
diagrams carry legends; the layered view splits by layer when it would not fit an A4 page."""

from __future__ import annotations

import io
import re

import pytest

from archtool.findings import Finding, Location
from archtool.formats import million, vnd, vnd_short
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
    from archtool.publish import views as V

    for eid in ("ioc-long-an", "ioc-tay-ninh-cu"):
        assert eid in view.arch.elements
    layers = V.layered_view(view)
    # both copies exist already: red for the duplicate, dashed for an existing system
    assert layers.nodes["ioc-long-an"][1] == "dup-existing"
    cells = {text.replace("<BR/>", " "): attrs
             for attrs, text in re.findall(r"<TD([^>]*)><FONT[^>]*>(.*?)</FONT></TD>", layers.to_dot())}
    cell = cells["Trung tâm điều hành thông minh tỉnh Long An (IOC Long An)"]
    assert 'STYLE="dashed"' in cell and 'COLOR="#dc2626"' in cell
    dups = V.duplicates_view(view)
    assert any("ioc-long-an" in n for n in dups.nodes) and dups.clusters
    assert "classDef dup " in dups.to_mermaid() or "classDef dup_existing" in dups.to_mermaid()


def test_every_view_has_a_legend_of_its_styles(view) -> None:
    from archtool.publish import views as V

    for d in V.all_views(view):
        styles = {s for nid, (_l, s) in d.nodes.items() if not nid.startswith("legend/")}
        lines = {s for a, _b, s, _l in d.edges if s != "invis" and not a.startswith("legend/")}
        legend = next(c for c in d.clusters if c[0] == "legend")
        shown = {d.nodes[m][1] for m in legend[2] if not m.endswith(("/a", "/b"))}
        drawn = {m.split("/")[1] for m in legend[2] if m.endswith("/a")}
        assert styles <= shown and lines <= drawn, d.name
        assert legend[1] == "Chú giải"


def test_the_layered_figure_splits_by_layer_when_it_would_not_fit_a_page(view) -> None:
    from archtool.publish import views as V

    parts = V.layered_parts(view)
    assert [p.name for p in parts] == ["layers-1", "layers-2"]
    first, second = (set(c[0] for c in p.clusters if c[0] != "legend") for p in parts)
    assert {"rf829-l1", "rf829-l2", "rf829-x6"} <= first and {"rf829-l4", "rf829-l6"} <= second
    assert not (first & second) and "phần 1/2" in parts[0].title
    layers = [c for c in first | second if c.startswith("rf829-l")]
    assert sorted(layers) == ["rf829-l1", "rf829-l2", "rf829-l3", "rf829-l4", "rf829-l5", "rf829-l6"]


def test_excel_marks_duplicates_and_gaps(view) -> None:
    from openpyxl import load_workbook

    from archtool.publish.excel import build_workbook

    wb = load_workbook(io.BytesIO(build_workbook(view)))
    ws = wb["Năng lực và hệ thống"]
    header = {str(c.value).split(":")[0]: c for c in ws[1]}
    assert header["waste-management"].fill.fgColor.rgb.endswith("FED7AA")  # gap: orange
    assert header["ioc"].fill.fgColor.rgb.endswith("FECACA")  # duplicated: red
    assert header["ioc"].value == "ioc: " + view.name("ioc")  # the name beside the id
    col = header["ioc"].column
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "ioc-long-an")
    assert row[col - 1].value == "●" and row[col - 1].fill.fgColor.rgb.endswith("FECACA")
    assert ws.freeze_panes == "C2"
    findings = wb["Phát hiện"]
    assert any(c.value == "dup-capability" for c in findings["I"])
    assert findings["B2"].value == "Lỗi"


def test_plan_lists_duplicates_gaps_and_says_when_a_figure_is_missing(view) -> None:
    from archtool.publish import handwritten, templating
    from archtool.publish.planctx import plan_context

    md = templating.render("plan.md.j2", None, plan_context(view, [], handwritten.Handwritten()))
    state = md.split("## III.")[1].split("## IV.")[0]
    assert "Trung tâm điều hành thông minh tỉnh Long An (IOC Long An)" in state.split("trùng lặp:")[-1]
    assert "Thu gom, xử lý chất thải thông minh" in state  # the gap, by its name
    assert "(Kiến trúc tổng thể phân lớp theo QĐ 829/QĐ-BTTTT) có trong tệp sơ đồ kèm theo." in md


def test_vietnamese_money() -> None:
    assert vnd(121_600_000_000) == "121.600.000.000 đồng"
    assert vnd_short(121_600_000_000) == "121,6 tỷ đồng"
    assert vnd_short(1_946_000_000_000) == "1.946 tỷ đồng"
    assert vnd_short(500_000_000) == "500 triệu đồng"
    assert vnd_short(121_600_000_000, "en") == "121.6 billion VND"
    assert million(121_600_000_000) == "121.600" and million(500_000) == "0,5"
