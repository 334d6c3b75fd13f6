"""No English left in Vietnamese output where a library used to speak: the YAML reader's tab
message, pydantic's "'a' or 'b'" value lists, diff's severities, build's progress steps."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import TODAY, UNITS, check_json, run_cli, write_model


def _one(report: dict, rule: str) -> dict:
    found = [f for f in report["findings"] if f["rule"] == rule]
    assert len(found) == 1, [(f["rule"], f["message"]) for f in report["findings"]]
    return found[0]


def test_a_tab_is_explained_in_vietnamese_and_located(tmp_path: Path):
    root = write_model(tmp_path, {"u.yaml": "units:\n  - id: a\n\tname: b\n"})
    _, report = check_json(root)
    f = _one(report, "yaml-syntax")
    assert f["location"]["line"] == 3 and f["location"]["column"] == 1
    assert "Tab" in f["message"] and "dấu cách" in f["message"]
    assert "found character" not in f["message"] and "cannot start any token" not in f["message"]
    _, english = check_json(root, "--lang", "en")
    assert "replace the tab with spaces" in _one(english, "yaml-syntax")["message"]


def test_other_syntax_errors_keep_the_parsers_detail(tmp_path: Path):
    root = write_model(tmp_path, {"u.yaml": "units: [a, b\n"})
    _, report = check_json(root)
    assert _one(report, "yaml-syntax")["message"].startswith("Không đọc được YAML: ")


def test_allowed_values_are_listed_without_english_or(tmp_path: Path):
    root = write_model(tmp_path, {"u.yaml": UNITS + "applications:\n  - {id: a, name: A, owner: so-khcn, status: operating}\n"})
    _, report = check_json(root)
    f = _one(report, "schema-invalid")
    assert "chọn một trong: planned, building, operational, retiring, retired" in f["message"]
    assert not re.search(r"'\w+' or '\w+'", f["message"]) and " or " not in f["message"]


def test_a_close_value_is_suggested_and_a_far_one_is_not(tmp_path: Path):
    root = write_model(tmp_path, {"u.yaml": "units:\n  - {id: u, name: U, level: provice}\n  - {id: v, name: V, level: xyz}\n"})
    _, report = check_json(root)
    by_id = {f["elements"][0]: f for f in report["findings"] if f["rule"] == "schema-invalid"}
    assert "Có phải ý bạn là 'province'? Viết 'level: province'." in by_id["u"]["suggestion"]
    assert "ý bạn là" not in by_id["v"]["suggestion"]


def test_diff_names_severities_in_the_report_language(tmp_path: Path):
    units = "units:\n  - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province}\n"
    old = write_model(tmp_path / "old", {"u.yaml": units})
    new = write_model(tmp_path / "new", {"u.yaml": units + "applications:\n  - {id: a, name: A, owner: so-khcn, uses: [khong-co]}\n"})
    _, vi, _ = run_cli("diff", str(old), str(new), "--as-of", TODAY.isoformat())
    _, en, _ = run_cli("diff", str(old), str(new), "--as-of", TODAY.isoformat(), "--lang", "en")
    assert "+ [lỗi] ref-unresolved" in vi and "[error]" not in vi
    assert "+ [error] ref-unresolved" in en


def test_every_build_step_has_a_name_in_both_languages():
    from archtool.commands.build import STEPS
    from tests.conftest import ROOT

    used = set()
    for path in (ROOT / "archtool" / "publish" / "build.py", ROOT / "archtool" / "commands" / "build.py"):
        used |= set(re.findall(r'\bstep\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    assert used and used <= set(STEPS), used - set(STEPS)
    for label in STEPS.values():
        assert label.vi != label.en


def test_the_build_progress_shows_vietnamese_step_names(monkeypatch):
    import io

    from rich.console import Console

    from archtool.commands import build as B

    screen = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda **kw: Console(file=screen, force_terminal=True, width=100))
    with B.progress(True, "vi") as step:
        step("svg")
    assert "vẽ sơ đồ (SVG, PNG)" in screen.getvalue()
