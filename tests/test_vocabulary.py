"""One vocabulary: the same status, budget source and kind read the same in every output — finding
messages, plan, workbook, HTML report, review opinion, diff and merge report — in both languages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from archtool.vocab import BUDGET_SOURCE, STATUSES
from tests.conftest import TODAY, UNITS, run_cli, write_model

MODEL = {
    "units.yaml": UNITS,
    "systems.yaml": """\
        platforms:
          - {id: lgsp, name: Nền tảng tích hợp tỉnh, owner: so-khcn, capabilities: [integration-platform],
             status: retiring, security_level: 3}
        applications:
          - {id: mot-cua, name: Hệ thống một cửa, owner: so-khcn, capabilities: [one-stop-system], uses: [lgsp],
             status: retiring, security_level: 3}
        projects:
          - {id: da-nang-cap, name: Nâng cấp một cửa, owner: so-khcn, status: approved, upgrades: [mot-cua],
             period: {start: 2026, end: 2027}}
          - {id: da-lgsp, name: Dự án LGSP, owner: so-khcn, status: approved, delivers: [lgsp],
             period: {start: 2026, end: 2027}, budget: [{source: oda, amount: 5000000000}]}
    """,
}
#: the spellings the copies used before there was one vocabulary; none may come back
OLD = {"vi": ("sắp ngừng", "| kế hoạch |", "đã duyệt", "Xã hội hóa/tư nhân"), "en": ("VND 5 billion",)}


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_one_status_reads_the_same_in_every_output(tmp_path, lang):
    model = write_model(tmp_path / "m", MODEL, kind="e-government", id="m")
    retiring, approved = STATUSES["retiring"].get(lang), STATUSES["approved"].get(lang)
    oda = BUDGET_SOURCE["oda"].get(lang)
    day = ("--as-of", TODAY.isoformat(), "--lang", lang)

    _c, out, err = run_cli("check", str(model), "--format", "json", *day)
    messages = " ".join(f["message"] for f in json.loads(out)["findings"])
    assert f"({approved})" in messages  # project-budget names the project's status

    code, _o, err = run_cli("build", str(model), "-o", str(tmp_path / "out"), *day)
    assert code == 0, err
    plan = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    book = _xlsx_text(tmp_path / "out" / "matrix.xlsx")
    docx = _docx_text(tmp_path / "out" / "plan.docx")
    assert f"| {retiring} |" in plan and retiring in docx
    assert retiring in book and approved in book and oda.lower() in book.lower()
    assert f"({approved})" in html

    proposal = tmp_path / "p.yaml"
    proposal.write_text("projects:\n  - {id: da-moi, name: Dự án mới, owner: so-khcn, status: approved, "
                        "period: {start: 2026, end: 2027}, upgrades: [lgsp]}\n", encoding="utf-8")
    _c, review, err = run_cli("review", str(proposal), "--against", str(model), *day)
    assert f"({approved})" in review, review

    old = write_model(tmp_path / "old", {**MODEL, "systems.yaml": MODEL["systems.yaml"].replace(
        "status: retiring, security_level: 3}\n        applications", "security_level: 3}\n        applications")},
        id="m")
    _c, diff, err = run_cli("diff", str(old), str(model), *day)
    assert f"{STATUSES['operational'].get(lang)} → {retiring}" in diff, diff

    for text in (messages, plan, html, book, review, diff):
        for spelling in OLD.get(lang, ()):
            assert spelling not in text


def test_english_counts_take_the_noun_they_count(tmp_path):
    """"1 error", "1 finding waived", "1 system still uses it" in English; the Vietnamese side unchanged."""
    from archtool.i18n import L
    from archtool.vocab import t

    assert t("summary", "en", errors=1, warnings=2, infos=1, model="m", elements=1) == \
        "1 error, 2 warnings, 1 info — model m (1 element)"
    assert t("summary", "vi", errors=1, warnings=2, infos=1, model="m", elements=1) == \
        "1 lỗi, 2 cảnh báo, 1 thông tin — mô hình m (1 phần tử)"
    assert t("waived", "en", count=1) == "1 finding waived." and t("waived", "en", count=0) == "0 findings waived."
    assert L("{n:,}", "{n:,} {k:a|b}").format(n=12345, k=3).get("en") == "12,345 3 b"  # other specs as before
    model = write_model(tmp_path / "m", {"e.yaml": """\
        units:
          - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: department}
        platforms:
          - {id: cu, name: Nền tảng cũ, owner: so-khcn, status: retiring, until: 2027}
        applications:
          - {id: app, name: Ứng dụng, owner: so-khcn, uses: [cu], security_level: 2}
        """})
    _code, out, _err = run_cli("check", str(model), "--lang", "en", "--format", "json", "--as-of", TODAY.isoformat())
    retiring = [f for f in json.loads(out)["findings"] if f["rule"] == "gap-dependency-retiring"]
    assert len(retiring) == 1 and "but 1 system still uses it, runs on it or shares data through it:" in retiring[0]["message"]
