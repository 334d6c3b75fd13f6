"""Helpers for rule tests: a small province (units), a manifest with kind/period/extends/rules, and a
runner that returns the findings of one rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY, check_json, run_cli, write_model

UNITS = """\
units:
  - {id: ubnd-tinh, name: Ủy ban nhân dân tỉnh, level: province}
  - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province, parent: ubnd-tinh}
  - {id: so-yte, name: Sở Y tế, level: province, parent: ubnd-tinh}
  - {id: so-gddt, name: Sở Giáo dục và Đào tạo, level: province, parent: ubnd-tinh}
  - {id: phuong-a, name: Phường A, level: commune, parent: ubnd-tinh}
  - {id: phuong-b, name: Phường B, level: commune, parent: ubnd-tinh}
  - {id: huyen-x, name: UBND huyện X (cũ), level: district, status: retired, until: 2025}
"""


def manifest(id: str, kind: str = "e-government", period: tuple[int, int] | None = (2026, 2030),
             extends: str | None = None, extra: str = "", model_extra: str = "") -> str:
    text = f"archtool: 1\nmodel:\n  id: {id}\n  name: Mô hình thử\n  kind: {kind}\n" + model_extra
    if period:
        text += f"  period: {{start: {period[0]}, end: {period[1]}}}\n"
    if extends:
        text += f"extends: {extends}\n"
    return text + extra


@pytest.fixture
def check(tmp_path: Path):
    """``check(files, rule=None, kind=..., period=..., baseline=None, extra=..., args=())`` -> findings."""

    def run(files: dict[str, str], rule: str | None = None, *, kind: str = "e-government",
            period: tuple[int, int] | None = (2026, 2030), baseline: dict[str, str] | None = None,
            extra: str = "", args: tuple[str, ...] = (), model_extra: str = "", base_extra: str = "",
            no_units: bool = False) -> list[dict[str, Any]]:
        extends = None
        if baseline is not None:
            write_model(tmp_path / "base", {"units.yaml": UNITS, **baseline},
                        manifest=manifest("base", "e-government", (2021, 2025), model_extra=base_extra))
            extends = "../base"
        elif not no_units:
            files = {"units.yaml": UNITS, **files}
        root = write_model(tmp_path / "model", files, manifest=manifest("m", kind, period, extends, extra, model_extra))
        _code, report = check_json(root, *args)
        found = report["findings"]
        return [f for f in found if f["rule"] == rule] if rule else found

    return run


#: the province's shared platforms, which a proposal is reviewed against (the examples of the
#: review rules assume them)
SHARED = """\
platforms:
  - {id: lgsp, name: Nền tảng tích hợp, chia sẻ dữ liệu tỉnh, owner: so-khcn, capabilities: [integration-platform],
     security_level: 3, hosted_on: ttdl}
  - {id: sso, name: Hệ thống xác thực tập trung tỉnh, owner: so-khcn, capabilities: [identity-sso], security_level: 3,
     hosted_on: ttdl}
infrastructure:
  - {id: ttdl, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, type: datacenter, shared: true, capabilities: [datacenter]}
  - {id: cloud-tinh, name: Nền tảng điện toán đám mây tỉnh, owner: so-khcn, type: cloud, shared: true,
     capabilities: [cloud]}
"""


@pytest.fixture
def review(tmp_path: Path):
    """``review(proposal_text, rule=None, kind=...)`` -> the findings of a review of the proposal
    against the test province with its shared platforms."""

    def run(proposal: str, rule: str | None = None, *, kind: str = "e-government") -> list[dict[str, Any]]:
        model = write_model(tmp_path / "model", {"units.yaml": UNITS, "shared.yaml": SHARED},
                            manifest=manifest("m", kind))
        path = tmp_path / "proposal.yaml"
        path.write_text(proposal, encoding="utf-8")
        import json

        _code, out, err = run_cli("review", str(path), "--against", str(model), "--format", "json",
                                  "--as-of", TODAY.isoformat())
        assert out, err
        found = json.loads(out)["findings"]
        return [f for f in found if f["rule"] == rule] if rule else found

    return run
