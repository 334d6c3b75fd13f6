"""check's editor and CI outputs: the one-line ``file:line:col: severity rule message`` format,
JUnit failures that follow ``--fail-on``, SARIF rule help without unfilled placeholders, and
``--watch`` checking again when a file is saved."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archtool.commands import check as C
from archtool.render.line import PATTERN
from archtool.rules.registry import RULES
from tests.conftest import EXAMPLE, TODAY, check_json, run_cli, write_model

UNITS = "units:\n  - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province}\n"
TWO_LGSP = UNITS + """\
platforms:
  - {id: lgsp-a, name: LGSP A, owner: so-khcn, capabilities: [integration-platform]}
  - {id: lgsp-b, name: LGSP B, owner: so-khcn, capabilities: [integration-platform]}
"""


def _run(*args: str) -> tuple[int, str, str]:
    return run_cli("check", *args, "--as-of", TODAY.isoformat())


def test_line_format_is_one_matchable_line_per_finding():
    code, out, err = _run(str(EXAMPLE / "smart-city"), "--format", "line")
    _, report = check_json(EXAMPLE / "smart-city")
    lines = out.splitlines()
    assert code == 1 and len(lines) == len(report["findings"]) > 10
    pattern = re.compile(PATTERN)
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed) if not m]
    first = report["findings"][0]
    file, line, col, severity, rule, message = parsed[0].groups()
    # the path is relative to the working directory (the workspace an editor opened)
    assert Path(file).resolve() == (EXAMPLE / "smart-city" / first["location"]["file"]).resolve()
    assert (int(line), int(col)) == (first["location"]["line"], first["location"]["column"])
    assert (severity, rule, message) == (first["severity"], first["rule"], first["message"])


def test_line_format_keeps_severity_words_fixed_and_messages_in_the_language(tmp_path: Path):
    root = write_model(tmp_path, {"p.yaml": TWO_LGSP})
    vi = _run(str(root), "--format", "line")[1]
    en = _run(str(root), "--format", "line", "--lang", "en")[1]
    dup_vi = next(line for line in vi.splitlines() if " dup-capability " in line)
    dup_en = next(line for line in en.splitlines() if " dup-capability " in line)
    assert ": error dup-capability " in dup_vi and ": error dup-capability " in dup_en
    assert dup_vi != dup_en  # the message follows --lang; the severity word does not
    assert all(re.match(PATTERN, line) for line in vi.splitlines())


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_junit_failures_follow_fail_on(fail_on):
    _, report = check_json(EXAMPLE / "smart-city")
    rank = {"info": 1, "warning": 2, "error": 3, "never": 99}
    expected = {f["rule"] for f in report["findings"] if rank[f["severity"]] >= rank[fail_on]}
    listed = {f["rule"] for f in report["findings"]}
    code, out, _ = _run(str(EXAMPLE / "smart-city"), "--format", "junit", "--fail-on", fail_on)
    root = ET.fromstring(out.encode("utf-8"))
    cases = {c.get("name"): c for s in root for c in s}
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == expected and int(root.get("failures")) == len(expected)
    assert code == (1 if expected else 0)  # JUnit and the exit code agree
    for rule in listed - expected:  # below the threshold: passes, findings still listed
        assert cases[rule].find("system-out") is not None, rule
    if fail_on == "warning":
        assert any(f["severity"] == "warning" for f in report["findings"] if f["rule"] in failed)
    if fail_on == "never":
        assert failed == set()


def test_sarif_rule_help_has_no_unfilled_placeholders():
    _, report = check_json(EXAMPLE / "smart-city")
    assert report["findings"]
    code, out, _ = _run(str(EXAMPLE / "smart-city"), "--format", "sarif")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) == len(RULES)
    placeholder = re.compile(r"\{[a-z_]+\}")
    for rule in rules:
        for text in (rule["help"]["text"], rule["help"]["markdown"], rule["fullDescription"]["text"],
                     rule["shortDescription"]["text"]):
            assert not placeholder.search(text), (rule["id"], text)
    helps = {r["id"]: r["help"]["text"] for r in rules}
    templated = [r.id for r in RULES if r.suggestion and re.search(r"\{[a-z_]+\}", r.suggestion.get("vi"))
                 and r.suggestion.get("vi").strip() not in ("{fix}",)]
    assert templated and all("…" in helps[rid] for rid in templated)  # the value each finding fills in
    assert "'…'" in helps["ref-unresolved"]
    assert "{fix}" not in helps["schema-invalid"]


def test_the_english_sarif_help_is_english_too():
    code, out, _ = _run(str(EXAMPLE / "smart-city"), "--format", "sarif", "--lang", "en")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert not any(re.search(r"\{[a-z_]+\}", r["help"]["text"]) for r in rules)


# -- --watch ------------------------------------------------------------------------------------

def test_watch_checks_again_after_a_save_and_stops_on_ctrl_c(tmp_path: Path, monkeypatch, capsys):
    root = write_model(tmp_path, {"p.yaml": TWO_LGSP})
    edits = iter([
        lambda: None,  # nothing changed: no new check
        lambda: (root / "p.yaml").write_text(UNITS + "platforms:\n  - {id: lgsp-a, name: LGSP A, owner: so-khcn, "
                                             "capabilities: [integration-platform]}\n", encoding="utf-8"),
    ])

    def sleep(_seconds: float) -> None:
        try:
            next(edits)()
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(C, "time", type("T", (), {"sleep": staticmethod(sleep)}))
    code, out, err = _run(str(root), "--format", "line", "--watch")
    assert out.count(": error dup-capability ") == 1  # the first check; the second has one LGSP
    assert out.count(" gap-capability ") >= 2  # reported by both checks
    assert "kiểm tra lại lúc" in err and "đã dừng theo dõi" in err
    assert code == 0  # the exit code of the last check: no error left


def test_snapshot_sees_a_save_a_new_file_and_a_deleted_file(tmp_path: Path):
    root = write_model(tmp_path, {"a.yaml": UNITS})
    first = C.snapshot([root])
    (root / "a.yaml").write_text(UNITS + "# more\n", encoding="utf-8")
    second = C.snapshot([root])
    assert second != first
    (root / "b.yaml").write_text(UNITS, encoding="utf-8")
    third = C.snapshot([root])
    assert len(third) == len(second) + 1
    (root / "b.yaml").unlink()
    assert C.snapshot([root]) == second
    (root / "notes.txt").write_text("x", encoding="utf-8")  # not part of a model
    assert C.snapshot([root]) == second
