"""examples/clean: a clean, well-formed e-government baseline and a smart-city model built on it give
no error and no warning, and only a handful of info findings; each deliberate defect put back into a
copy of it is found by the rule made for it (so the model is clean, not unchecked)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, check_json

CLEAN = ROOT / "examples" / "clean"


@pytest.mark.parametrize("model", ["egov", "smart-city"])
def test_the_clean_models_give_no_warning_and_a_handful_of_info(model):
    code, report = check_json(CLEAN / model)
    assert code == 0
    assert report["summary"]["error"] == 0 and report["summary"]["warning"] == 0
    assert report["summary"]["info"] <= 5


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(CLEAN, tmp_path / "clean")
    return tmp_path / "clean"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DEFECTS = [
    # (file, old, new, the rule that must find it)
    ("smart-city/archtool.yaml", "extends: ../egov\n", "", "principle-egov-base"),
    ("egov/archtool.yaml", "framework: dgaf-v4", "framework: eaf-v2", "principle-framework-version"),
    ("smart-city/archtool.yaml", "priorities: [smart-traffic, environment-monitoring]", "priorities: [smart-traffic]",
     "principle-spread-thin"),
    ("smart-city/applications.yaml", "uses: [gis, lgsp, sso], integrates_with: [mot-cua]",
     "uses: [gis], integrates_with: [mot-cua]", "principle-bypass-shared"),
    ("smart-city/applications.yaml", "integrates_with: [ioc], security_level: 2", "security_level: 2",
     "gap-ioc-integration"),
    ("smart-city/applications.yaml", "capabilities: [smart-traffic], hosted_on: tdl,\n     uses: [camera-tinh, iot, lgsp, sso], "
     "integrates_with: [ioc], security_level: 3",
     "capabilities: [smart-traffic], hosted_on: tdl,\n     uses: [camera-tinh, iot, lgsp, sso], "
     "integrates_with: [ioc], security_level: 1", "gap-security-personal-data"),
    ("smart-city/projects.yaml", "amount: 38000000000", "amount: 38", "value-amount"),
    ("smart-city/projects.yaml", "task_groups: [d950-c3]\n", "", "gap-task-group"),
    ("smart-city/platforms.yaml", "  - {id: gis,", "  - {id: gis, replaces: [kho-du-lieu],", "principle-rebuild"),
]


@pytest.mark.parametrize("file,old,new,rule", DEFECTS, ids=[d[3] for d in DEFECTS])
def test_each_defect_put_back_is_found(tmp_path, file, old, new, rule):
    root = _copy(tmp_path)
    _edit(root / file, old, new)
    _code, report = check_json(root / "smart-city")
    assert rule in {f["rule"] for f in report["findings"]}, [f["rule"] for f in report["findings"]]
