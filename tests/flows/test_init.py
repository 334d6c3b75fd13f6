"""archtool init: a scaffold that checks clean, with the schema line; never overwrites."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLE, ROOT, check_json, run_cli


def test_scaffold_checks_clean_and_points_at_schema(tmp_path: Path) -> None:
    target = tmp_path / "m"
    code, _, err = run_cli("init", str(target), "--kind", "e-government", "--province", "Tây Ninh")
    assert code == 0, err
    code, rep = check_json(target)
    assert rep["model"] == "tay-ninh-egov"
    # the scaffold is well formed; what check reports are the gaps the planner still has to fill
    assert not [f for f in rep["findings"] if f["category"] in ("syntax", "schema", "reference")]
    missing = {c for f in rep["findings"] if f["rule"] == "gap-capability" for c in f["capabilities"]}
    assert "one-stop-system" in missing and "integration-platform" not in missing
    text = (target / "archtool.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.archtool/manifest.schema.json")
    import json

    from archtool.workflows.schemas import editor_schema

    assert json.loads((target / ".archtool" / "manifest.schema.json").read_text(encoding="utf-8")) == editor_schema("manifest")
    assert "# phiên bản định dạng" in text
    assert "cấp độ an toàn hệ thống thông tin" in (target / "platforms.yaml").read_text(encoding="utf-8")


def test_smart_city_extending_a_baseline(tmp_path: Path) -> None:
    target = tmp_path / "sc"
    import os

    ext = os.path.relpath(EXAMPLE / "egov", target)
    code, _, err = run_cli("init", str(target), "--kind", "smart-city", "--extends", ext)
    assert code == 0, err
    code, rep = check_json(target)
    own = [f for f in rep["findings"] if not f["location"]["file"].startswith("..")]
    assert not [f for f in own if f["category"] in ("syntax", "schema", "reference")], own
    assert not (target / "units.yaml").exists()  # units come from the baseline


def test_inside_repo_uses_relative_schema_path() -> None:
    import shutil

    target = ROOT / "examples" / ".init-test"
    try:
        code, _, err = run_cli("init", str(target), "--kind", "smart-city")
        assert code == 0, err
        first = (target / "archtool.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/manifest.schema.json"
    finally:
        shutil.rmtree(target, ignore_errors=True)


def test_refuses_non_empty_and_bad_options(tmp_path: Path) -> None:
    target = tmp_path / "m"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    code, _, err = run_cli("init", str(target), "--kind", "smart-city")
    assert code == 2 and "không rỗng" in err and (target / "notes.txt").read_text() == "mine"
    code, _, err = run_cli("init", str(tmp_path / "n"), "--kind", "city")
    assert code == 2 and "--kind" in err
    code, _, err = run_cli("init", str(tmp_path / "n2"), "--kind", "smart-city", "--extends", "../nowhere")
    assert code == 2 and "--extends" in err and not (tmp_path / "n2").exists()
