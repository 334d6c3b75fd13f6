"""Bad input of every class named in the foundation issue: exit code, category, file and line."""

from __future__ import annotations

import os

import pytest

from tests.conftest import UNITS, check_json, run_cli, write_model

APP = """\
applications:
  - id: app
    name: Ứng dụng
    owner: so-khcn
"""


def to_cp1258(text: str) -> bytes:
    """Encode as Windows does for Vietnamese: letters with ^, ˘, ơ/ư precomposed, tone marks combining."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def one(report: dict, rule: str) -> dict:
    hits = [f for f in report["findings"] if f["rule"] == rule]
    assert hits, f"no {rule} in {[f['rule'] for f in report['findings']]}"
    return hits[0]


def assert_located(finding: dict, file: str, line: int) -> None:
    assert finding["location"]["file"] == file
    assert finding["location"]["line"] == line


def test_valid_model_has_no_load_findings(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP})
    code, report = check_json(root)
    load_rules = {"yaml-syntax", "schema-invalid", "ref-unresolved", "yaml-duplicate-key"}
    assert not load_rules & {f["rule"] for f in report["findings"]}
    assert report["tool"] == "archtool" and report["model"] == "test"
    assert set(report["summary"]) == {"error", "warning", "info"}


def test_syntax_error_is_located(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": "applications:\n  - id: app\n    name: [không đóng\n"})
    code, report = check_json(root)
    f = one(report, "yaml-syntax")
    assert code == 1 and f["category"] == "syntax"
    assert f["location"]["file"] == "apps.yaml" and f["location"]["line"] >= 3


def test_wrong_type(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP + "    security_level: cao\n"})
    code, report = check_json(root)
    f = one(report, "schema-invalid")
    assert code == 1 and f["category"] == "schema"
    assert_located(f, "apps.yaml", 5)
    assert "security_level" in f["message"]


def test_unknown_key_suggests_the_right_one(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP + "    hosted_no: dc\n"})
    code, report = check_json(root, "--lang", "en")
    f = one(report, "schema-unknown-field")
    assert code == 1 and f["category"] == "schema"
    assert_located(f, "apps.yaml", 5)
    assert "hosted_on" in f["message"]


def test_unknown_collection_suggests(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP.replace("applications", "aplications")})
    code, report = check_json(root, "--lang", "en")
    f = one(report, "schema-unknown-collection")
    assert code == 1 and "applications" in f["message"]
    assert_located(f, "apps.yaml", 1)


def test_duplicate_key_is_reported_not_silently_dropped(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP + "    owner: so-khac\n"})
    code, report = check_json(root)
    f = one(report, "yaml-duplicate-key")
    assert code == 1 and f["category"] == "syntax"
    assert_located(f, "apps.yaml", 5)
    assert "4" in f["message"]  # names the first occurrence's line


def test_unresolved_reference_suggests_closest_id(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP.replace("owner: so-khcn", "owner: so-khcm")})
    code, report = check_json(root, "--lang", "en")
    f = one(report, "ref-unresolved")
    assert code == 1 and f["category"] == "reference"
    assert_located(f, "apps.yaml", 4)
    assert "so-khcn" in f["message"] and f["elements"] == ["app"]


def test_reference_to_wrong_kind(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP + "    hosted_on: so-khcn\n"})
    code, report = check_json(root)
    f = one(report, "ref-wrong-kind")
    assert code == 1 and f["category"] == "reference"
    assert_located(f, "apps.yaml", 5)


def test_duplicate_id_across_files(model_dir):
    root = model_dir({"units.yaml": UNITS, "a.yaml": APP, "b.yaml": APP})
    code, report = check_json(root)
    f = one(report, "ref-duplicate-id")
    assert code == 1 and f["category"] == "reference"
    assert_located(f, "b.yaml", 2)
    assert "a.yaml:2" in f["message"]


def test_duplicate_id_with_baseline(tmp_path):
    write_model(tmp_path / "egov", {"units.yaml": UNITS, "apps.yaml": APP}, id="base")
    sc = write_model(tmp_path / "sc", {"apps.yaml": APP}, id="sc", kind="smart-city",
                     manifest="archtool: 1\nmodel: {id: sc, name: SC, kind: smart-city}\nextends: ../egov\n")
    code, report = check_json(sc)
    f = one(report, "ref-duplicate-id")
    assert code == 1
    files = {f["location"]["file"]}
    assert files <= {"apps.yaml", "../egov/apps.yaml"}


@pytest.mark.parametrize("encoding,expect", [("cp1258", "1258"), ("utf-16", "UTF-16")])
def test_wrong_encoding_says_how_to_convert(model_dir, encoding, expect):
    text = UNITS.replace("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ tỉnh Tây Ninh")
    raw = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    root = model_dir({"units.yaml": raw})
    code, report = check_json(root)
    f = one(report, "file-encoding")
    assert code == 1 and f["category"] == "syntax"
    assert f["location"]["file"] == "units.yaml" and f["location"]["line"] >= 1
    assert expect in f["message"] + f["suggestion"]
    assert "UTF-8" in f["suggestion"]


def test_utf8_bom_is_accepted(model_dir):
    root = model_dir({"units.yaml": b"\xef\xbb\xbf" + UNITS.encode(), "apps.yaml": APP})
    code, report = check_json(root)
    assert "file-encoding" not in {f["rule"] for f in report["findings"]}
    assert "yaml-syntax" not in {f["rule"] for f in report["findings"]}


def test_empty_file_is_a_warning(model_dir):
    root = model_dir({"units.yaml": UNITS, "empty.yaml": ""})
    code, report = check_json(root)
    f = one(report, "file-empty")
    assert f["severity"] == "warning" and f["category"] == "schema"
    assert_located(f, "empty.yaml", 1)


def test_empty_manifest(model_dir):
    root = model_dir({}, manifest="")
    code, report = check_json(root)
    f = one(report, "manifest-invalid")
    assert code == 1 and f["category"] == "schema"
    assert_located(f, "archtool.yaml", 1)


def test_manifest_missing_fields_are_located(model_dir):
    root = model_dir({}, manifest="archtool: 1\nmodel:\n  id: Tỉnh X\n  name: X\n  kind: smart-city\n")
    code, report = check_json(root)
    f = one(report, "manifest-invalid")
    assert code == 1
    assert_located(f, "archtool.yaml", 3)


def test_missing_manifest(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "units.yaml").write_text(UNITS, encoding="utf-8")
    code, report = check_json(tmp_path / "m")
    f = one(report, "manifest-missing")
    assert code == 1 and f["category"] == "schema"
    assert_located(f, "archtool.yaml", 1)


def test_path_not_found_exits_2_with_one_line(tmp_path):
    code, out, err = run_cli("check", str(tmp_path / "nope"))
    assert code == 2
    assert "nope" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_billion_laughs_ends_fast(model_dir):
    lol = "units:\n  - &a {id: a, name: x, tags: [x, x, x, x, x, x, x, x, x]}\n"
    lol += "x0: &b0 [" + ", ".join(["*a"] * 9) + "]\n"
    for i in range(1, 9):
        lol += f"x{i}: &b{i} [" + ", ".join([f"*b{i-1}"] * 9) + "]\n"
    root = model_dir({"bomb.yaml": lol})
    code, report = check_json(root)
    f = one(report, "yaml-limit")
    assert code == 1 and f["category"] == "syntax"
    assert f["location"]["file"] == "bomb.yaml" and f["location"]["line"] >= 3


def test_deep_nesting_ends_fast(model_dir):
    root = model_dir({"deep.yaml": "units: " + "[" * 20000 + "]" * 20000 + "\n"})
    code, report = check_json(root)
    f = one(report, "yaml-limit")
    assert code == 1
    assert_located(f, "deep.yaml", 1)


def test_python_tag_is_a_finding_and_never_executed(model_dir, tmp_path):
    marker = tmp_path / "pwned"
    evil = f"units: !!python/object/apply:os.system ['touch {marker}']\n"
    root = model_dir({"evil.yaml": evil})
    code, report = check_json(root)
    f = one(report, "yaml-tag")
    assert code == 1 and f["category"] == "syntax"
    assert_located(f, "evil.yaml", 1)
    assert not marker.exists()


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlink_loop_in_model_folder(model_dir):
    root = model_dir({"units.yaml": UNITS})
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "loop")
    os.symlink("self.yaml", root / "self.yaml")
    code, report = check_json(root)
    f = one(report, "file-unreadable")
    assert code == 1 and f["category"] == "syntax"
    assert f["location"]["line"] == 1
    assert "loop" in f["message"] or "vòng" in f["message"]


def test_extends_cycle(tmp_path):
    write_model(tmp_path / "a", {"units.yaml": UNITS}, manifest="archtool: 1\nmodel: {id: a, name: A, kind: e-government}\nextends: ../b\n")
    write_model(tmp_path / "b", {}, manifest="archtool: 1\nmodel: {id: b, name: B, kind: e-government}\nextends: ../a\n")
    code, report = check_json(tmp_path / "a")
    f = one(report, "extends-invalid")
    assert code == 1 and f["category"] == "reference"
    assert f["location"]["file"] == "../b/archtool.yaml" and f["location"]["line"] == 3


def test_baseline_chain_loads_and_resolves(tmp_path):
    write_model(tmp_path / "base", {"units.yaml": UNITS}, manifest="archtool: 1\nmodel: {id: base, name: B, kind: e-government}\n")
    write_model(tmp_path / "egov", {"apps.yaml": APP}, manifest="archtool: 1\nmodel: {id: egov, name: E, kind: e-government}\nextends: ../base\n")
    sc = write_model(tmp_path / "sc", {"apps.yaml": APP.replace("id: app", "id: app2")},
                     manifest="archtool: 1\nmodel: {id: sc, name: S, kind: smart-city}\nextends: ../egov\n")
    from archtool.model.loader import load

    arch = load(sc)
    assert {"so-khcn", "app", "app2"} <= set(arch.elements)
    assert arch.is_baseline(arch.elements["so-khcn"]) and not arch.is_baseline(arch.elements["app2"])
    assert arch.elements["so-khcn"]._src.file == "../base/units.yaml"


def test_include_globs_and_escape(model_dir, tmp_path):
    (tmp_path / "outside.yaml").write_text(UNITS, encoding="utf-8")
    root = model_dir({"parts/units.yaml": UNITS, "other/apps.yaml": APP},
                     manifest="archtool: 1\nmodel: {id: t, name: T, kind: e-government}\n"
                              "include: ['parts/*.yaml', '../outside.yaml', 'none/*.yaml']\n")
    from archtool.model.loader import load

    arch = load(root)
    assert "so-khcn" in arch.elements and "app" not in arch.elements
    rules = {f.rule for f in arch.findings}
    assert {"include-outside-root", "include-no-match"} <= rules


def test_one_file_model(tmp_path):
    path = tmp_path / "archtool.yaml"
    path.write_text("archtool: 1\nmodel: {id: one, name: Một tệp, kind: e-government}\n" + UNITS, encoding="utf-8")
    from archtool.model.loader import load

    arch = load(path)
    assert "so-khcn" in arch.elements and not arch.findings


def test_nfc_normalisation_of_names(model_dir):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ")
    root = model_dir({"units.yaml": UNITS.replace("Sở Khoa học và Công nghệ", nfd)})
    from archtool.model.loader import load

    arch = load(root)
    assert arch.elements["so-khcn"].name == unicodedata.normalize("NFC", nfd)


def test_text_output_names_file_line_and_rule(model_dir):
    root = model_dir({"units.yaml": UNITS, "apps.yaml": APP + "    hosted_no: dc\n"})
    code, out, err = run_cli("check", str(root), "--as-of", "2026-11-21")
    assert code == 1
    assert "apps.yaml" in out and "5:5" in out and "schema-unknown-field" in out
    assert "\x1b[" not in out  # no colours when not on a terminal


def test_fail_on_threshold(model_dir):
    root = model_dir({"units.yaml": UNITS, "empty.yaml": ""})
    code_default, _ = check_json(root)
    code_warning, _ = check_json(root, "--fail-on", "warning")
    code_never, _ = check_json(root, "--fail-on", "never")
    assert code_warning == 1 and code_never == 0
    assert code_default in (0, 1)


def test_output_file_is_written(model_dir, tmp_path):
    root = model_dir({"units.yaml": UNITS})
    out = tmp_path / "report.json"
    code, stdout, err = run_cli("check", str(root), "--format", "json", "--output", str(out))
    assert out.exists() and stdout == ""
    import json

    assert json.loads(out.read_text(encoding="utf-8"))["model"] == "test"


def test_bad_command_line_exits_2():
    code, out, err = run_cli("check")
    assert code == 2


def test_version():
    code, out, err = run_cli("--version")
    assert code == 0 and out.startswith("archtool ")
