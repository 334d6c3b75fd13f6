"""archtool merge: prefixing on collision, rewritten references, origin tags, consolidation."""

from __future__ import annotations

import json
from pathlib import Path

from archtool.findings import Finding
from archtool.i18n import L
from archtool.model.loader import load
from tests.conftest import run_cli, write_model

A = """\
units:
  - {id: so-khcn, name: Sở KHCN Long An, level: province}
infrastructure:
  - {id: tdl, name: TTDL Long An, owner: so-khcn, type: datacenter, shared: true}
platforms:
  - id: lgsp
    name: LGSP Long An
    owner: so-khcn
    capabilities: [integration-platform]
    since: 2020
    security_level: 3
    hosted_on: tdl
    vendor: VNPT
    users: 9300
    datasets: [{id: csdl-dan-cu, access: master}]
applications:
  - {id: qlvb, name: QLVB Long An, owner: so-khcn, uses: [lgsp]}
  - {id: tthc, name: Một cửa Long An, owner: so-khcn, uses: [lgsp]}
datasets:
  - {id: csdl-dan-cu, name: CSDL dân cư Long An, owner: so-khcn, shared_via: [lgsp]}
"""
B = """\
units:
  - {id: so-khcn, name: Sở KHCN Tây Ninh, level: province}
platforms:
  - id: lgsp
    name: LGSP Tây Ninh
    owner: so-khcn
    capabilities: [integration-platform]
    status: operational
    since: 2021
    datasets: [{id: csdl-dat-dai, access: master}]
datasets:
  - {id: csdl-dat-dai, name: CSDL đất đai Tây Ninh, owner: so-khcn}
projects:
  - {id: da-lgsp-tn, name: Dự án LGSP Tây Ninh, owner: so-khcn, delivers: [lgsp], budget: [{source: local, amount: 8000000000}]}
"""


def _models(tmp: Path) -> tuple[Path, Path]:
    return (write_model(tmp / "la", {"m.yaml": A}, id="long-an"),
            write_model(tmp / "tn", {"m.yaml": B}, id="tay-ninh-cu"))


def test_merged_model_loads_with_prefixes_and_origins(tmp_path: Path) -> None:
    a, b = _models(tmp_path)
    out = tmp_path / "out"
    code, stdout, err = run_cli("merge", str(a), str(b), "-o", str(out), "--prefix-a", "la", "--prefix-b", "tn")
    assert code == 0, err
    merged = load(out)
    assert merged.findings == []  # a valid model: loads without any problem
    ids = set(merged.elements)
    assert {"la-so-khcn", "tn-so-khcn", "la-lgsp", "tn-lgsp", "qlvb", "tdl", "csdl-dat-dai"} <= ids
    assert "lgsp" not in ids and "so-khcn" not in ids
    qlvb = merged.elements["qlvb"]
    assert qlvb.uses == ["la-lgsp"] and qlvb.owner == "la-so-khcn" and "origin:long-an" in qlvb.tags
    assert merged.elements["da-lgsp-tn"].delivers == ["tn-lgsp"]
    assert merged.elements["tn-lgsp"].tags == ["origin:tay-ninh-cu"]
    assert (out / "consolidation.md").exists() and json.loads((out / "consolidation.json").read_text())["renamed"] == {
        "long-an": {"lgsp": "la-lgsp", "so-khcn": "la-so-khcn"}, "tay-ninh-cu": {"lgsp": "tn-lgsp", "so-khcn": "tn-so-khcn"}}
    # deterministic: the same inputs give the same bytes
    out2 = tmp_path / "out2"
    run_cli("merge", str(a), str(b), "-o", str(out2), "--prefix-a", "la", "--prefix-b", "tn")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert {".archtool/manifest.schema.json", ".archtool/elements.schema.json"} <= set(files)  # editors, offline
    for f in files:
        assert (out / f).read_bytes() == (out2 / f).read_bytes(), f


def test_consolidation_from_dup_capability_findings(tmp_path: Path) -> None:
    """The merge consumes `dup-capability` findings (rule from the rules branch); built here by hand."""
    from archtool.catalogs import load as load_catalogs
    from archtool.workflows import merge as M

    a, b = _models(tmp_path)
    out = tmp_path / "out"
    run_cli("merge", str(a), str(b), "-o", str(out), "--prefix-a", "la", "--prefix-b", "tn")
    merged = load(out)
    dup = Finding(rule="dup-capability", category="duplication", severity="error", message=L("x", "x"),
                  elements=["la-lgsp", "tn-lgsp", "da-lgsp-tn"], capabilities=["integration-platform"])
    groups = M.consolidation(merged, [dup], load_catalogs())
    assert len(groups) == 1
    g = groups[0]
    assert g.keep.id == "la-lgsp" and [r.id for r in g.retire] == ["tn-lgsp"]
    assert g.reason.vi.startswith("nhiều kết nối hơn")  # both operational; la-lgsp serves 2 apps + 1 dataset
    assert g.keep.connections == 4 and g.keep.users == 9300 and g.keep.shared_hosting and g.keep.vendor == "VNPT"
    assert g.retire[0].cost == 8000000000 and g.retire[0].origin == "tay-ninh-cu"
    assert g.migrate == [{"dataset": "csdl-dat-dai", "from": "tn-lgsp", "to": "la-lgsp", "access": "master"}]
    md = M.report_markdown(groups, merged.id, "long-an", "tay-ninh-cu", {}, "vi")
    assert "**Đề xuất giữ:** `la-lgsp`; đề xuất dừng: `tn-lgsp`" in md and "`csdl-dat-dai` (master): `tn-lgsp` → `la-lgsp`" in md
    assert "8 tỷ đồng" in md
    # other rules' findings are not consolidation pairs
    other = Finding(rule="dup-name", category="duplication", severity="warning", message=L("x", "x"),
                    elements=["la-lgsp", "tn-lgsp"], capabilities=["integration-platform"])
    assert M.consolidation(merged, [other], load_catalogs()) == []


def test_shared_baseline_elements_are_not_duplicated(tmp_path: Path) -> None:
    base = write_model(tmp_path / "base", {"u.yaml": "units:\n  - {id: bo-khcn, name: Bộ KHCN, level: central}\n"}, id="base")
    a = write_model(tmp_path / "a", {"m.yaml": "units:\n  - {id: u-a, name: A, parent: bo-khcn}\n"},
                    manifest="archtool: 1\nmodel: {id: a, name: A, kind: e-government}\nextends: ../base\n")
    b = write_model(tmp_path / "b", {"m.yaml": "units:\n  - {id: u-b, name: B, parent: bo-khcn}\n"},
                    manifest="archtool: 1\nmodel: {id: b, name: B, kind: e-government}\nextends: ../base\n")
    code, _, err = run_cli("merge", str(a), str(b), "-o", str(tmp_path / "out"))
    assert code == 0, err
    merged = load(tmp_path / "out")
    assert sorted(merged.elements) == ["bo-khcn", "u-a", "u-b"] and merged.findings == []
    assert merged.elements["bo-khcn"].tags == ["origin:base"]


def test_refuses_broken_model_and_existing_output(tmp_path: Path) -> None:
    a, _ = _models(tmp_path)
    broken = write_model(tmp_path / "broken", {"m.yaml": "units:\n  - {id: x, name: [\n"}, id="broken")
    out = tmp_path / "out"
    code, _, err = run_cli("merge", str(a), str(broken), "-o", str(out))
    assert code == 1 and "archtool check" in err and not out.exists()
    out.mkdir()
    (out / "keep.txt").write_text("x")
    code, _, err = run_cli("merge", str(a), str(a), "-o", str(out))
    assert code == 2 and "không rỗng" in err
    code, _, err = run_cli("merge", str(a), str(a), "-o", str(tmp_path / "o2"), "--prefix-a", "X Y")
    assert code == 2 and "--prefix-a" in err
