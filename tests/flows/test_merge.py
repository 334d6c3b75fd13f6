"""archtool merge: prefixing on collision, rewritten references, origin tags, consolidation."""

from __future__ import annotations

import json
from pathlib import Path

from archtool.findings import Finding
from archtool.i18n import L
from archtool.model.loader import load
from tests.conftest import TODAY, check_json, run_cli, write_model

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
    """The merge consumes `dup-capability` findings; built here by hand."""
    from archtool.catalogs import load as load_catalogs
    from archtool.workflows import consolidation as C

    a, b = _models(tmp_path)
    out = tmp_path / "out"
    run_cli("merge", str(a), str(b), "-o", str(out), "--prefix-a", "la", "--prefix-b", "tn")
    merged = load(out)
    dup = Finding(rule="dup-capability", category="duplication", severity="error", message=L("x", "x"),
                  elements=["la-lgsp", "tn-lgsp", "da-lgsp-tn"], capabilities=["integration-platform"])
    plan = C.consolidation(merged, [dup], load_catalogs())
    assert len(plan.groups) == 1
    g = plan.groups[0]
    assert g.keep.id == "la-lgsp" and [r.id for r in g.retire] == ["tn-lgsp"] and g.fate == "retire"
    assert g.reason.vi.startswith("ít hệ thống phải chuyển")  # la-lgsp serves 2 apps + 1 dataset: nothing moves
    assert g.keep.connections == 4 and g.keep.users == 9300 and g.keep.shared_hosting and g.keep.vendor == "VNPT"
    assert g.retire[0].cost == 8000000000 and g.retire[0].origin == "tay-ninh-cu"
    assert g.migrate == [{"dataset": "csdl-dat-dai", "from": "tn-lgsp", "to": "la-lgsp", "access": "master"}]
    md = (out / "consolidation.md").read_text(encoding="utf-8")
    # names first, the id after: a planner reads the report
    assert "**Đề xuất giữ:** LGSP Long An (`la-lgsp`); đề xuất dừng: LGSP Tây Ninh (`tn-lgsp`)" in md
    assert "CSDL đất đai Tây Ninh (`csdl-dat-dai`) (làm chủ): LGSP Tây Ninh (`tn-lgsp`) → LGSP Long An (`la-lgsp`)" in md
    assert "| **LGSP Long An (`la-lgsp`)** |" in md and "| 9.300 |" in md
    assert "8 tỷ đồng" in md
    # other rules' findings are not consolidation groups
    other = Finding(rule="dup-name", category="duplication", severity="warning", message=L("x", "x"),
                    elements=["la-lgsp", "tn-lgsp"], capabilities=["integration-platform"])
    assert C.consolidation(merged, [other], load_catalogs()).groups == []


def test_shared_baseline_elements_are_not_duplicated(tmp_path: Path) -> None:
    write_model(tmp_path / "base", {"u.yaml": "units:\n  - {id: bo-khcn, name: Bộ KHCN, level: central}\n"}, id="base")
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


# ---------------------------------------------------------------------------------------------
# two former provinces as their planners wrote them (tests/flows/provinces.py)


def _merge_provinces(tmp_path: Path, *extra: str) -> tuple[Path, dict]:
    from tests.flows.provinces import two_provinces

    la, tn = two_provinces(tmp_path)
    out = tmp_path / "hop-nhat"
    code, stdout, err = run_cli("merge", str(la), str(tn), "-o", str(out), "--prefix-a", "la", "--prefix-b", "tn",
                                "--as-of", "2026-11-21", *extra)
    assert code == 0, err
    return out, json.loads((out / "consolidation.json").read_text(encoding="utf-8"))


def test_national_elements_both_models_declare_are_kept_once(tmp_path: Path) -> None:
    out, rep = _merge_provinces(tmp_path)
    merged = load(out)
    assert merged.findings == []
    names = [e.name for e in merged.elements.values()]
    for name in ("Bộ Công an", "Văn phòng Chính phủ", "Cổng Dịch vụ công quốc gia", "Cơ sở dữ liệu quốc gia về dân cư"):
        assert names.count(name) == 1, name
    assert not {"van-phong-chinh-phu", "cong-dvcqg", "la-bo-cong-an", "tn-bo-cong-an", "tn-csdl-dan-cu"} & set(merged.elements)
    # Tây Ninh's references follow to the one kept
    assert merged.elements["tn-mot-cua"].uses == ["tn-lgsp", "cong-dvc-qg"]
    assert merged.elements["cong-dvc-qg"].owner == "vpcp"
    assert merged.elements["vpcp"].tags == ["origin:long-an", "origin:tay-ninh-cu"]
    national = {x["id"]: x for x in rep["national"]}
    assert national["vpcp"]["other_id"] == "van-phong-chinh-phu" and national["vpcp"]["differs"] == ["description"]
    assert national["cong-dvc-qg"]["differs"] == ["name"]  # (tags aside: each model tags its own way)
    md = (out / "consolidation.md").read_text(encoding="utf-8")
    assert "| nền tảng | Cổng Dịch vụ công quốc gia | `cong-dvc-qg` | `cong-dvcqg` | tên |" in md
    # the provinces' own elements of the same id are still two
    assert {"la-so-khcn", "tn-so-khcn", "la-lgsp", "tn-lgsp"} <= set(merged.elements)


def test_keep_and_retire_are_consistent_across_groups(tmp_path: Path) -> None:
    """Tây Ninh's running IOC is kept over Long An's unfinished one, but Tây Ninh's data centre (a
    rented room) goes: the IOC kept is listed to re-host to the centre kept, and every system on,
    or using, a system that goes away is listed with what it moves to."""
    out, rep = _merge_provinces(tmp_path)
    groups = {g["capability"]: g for g in rep["groups"]}
    assert groups["datacenter"]["keep"] == "la-tdl" and groups["ioc"]["keep"] == "ioc-tn"
    moves = {(m["id"], m["relation"], m["from"], m["to"]) for m in rep["moves"]}
    assert ("ioc-tn", "hosted_on", "tn-tdl", "la-tdl") in moves
    # the invariant: no system that stays depends on one that goes, unless it is listed to move
    merged = load(out)
    leaving = {r: g["keep"] for g in rep["groups"] if g["fate"] != "interconnect" for r in g["retire"]}
    from archtool.model.architecture import references
    from archtool.workflows.consolidation import DEPENDS

    needed = {(el.id, rel, t, leaving[t]) for el in merged.elements.values() if el.id not in leaving
              for rel, t, _i in references(el) if rel in DEPENDS and t in leaving}
    assert needed and needed == moves
    md = (out / "consolidation.md").read_text(encoding="utf-8")
    assert ("| Trung tâm điều hành thông minh tỉnh Tây Ninh (`ioc-tn`) | nền tảng | chuyển hạ tầng | "
            "Trung tâm dữ liệu tỉnh Tây Ninh (`tn-tdl`) | Trung tâm dữ liệu tỉnh Long An (`la-tdl`) |") in md
    assert "kết nối lại (chia sẻ qua)" in md  # the Long An dataset shared through the LGSP that goes


def test_data_centres_and_networks_get_the_options_planners_take(tmp_path: Path) -> None:
    out, rep = _merge_provinces(tmp_path)
    groups = {g["capability"]: g for g in rep["groups"]}
    assert groups["datacenter"]["fate"] == "backup" and groups["datacenter"]["options"] == ["interconnect", "retire"]
    assert groups["data-network"]["fate"] == "interconnect" and groups["data-network"]["options"] == ["retire"]
    assert groups["integration-platform"]["fate"] == "retire"
    assert not any(m["from"] == "tn-tslcd" for m in rep["moves"])  # interconnected: nothing moves
    md = (out / "consolidation.md").read_text(encoding="utf-8")
    assert "đề xuất giữ làm trung tâm dự phòng (DR)" in md and "đề xuất kết nối liên thông với hệ thống được giữ" in md
    assert "**Phương án khác:** kết nối liên thông hai hệ thống, chưa chuyển hệ thống nào; dừng" in md


def test_period_statuses_and_the_district_finding(tmp_path: Path) -> None:
    out, rep = _merge_provinces(tmp_path)
    assert rep["period"] == {"start": 2021, "end": 2030}  # 2021–2025 and 2026–2030
    assert load(out).manifest.model.period.start == 2021
    md = (out / "consolidation.md").read_text(encoding="utf-8")
    assert "giai đoạn 2021–2030" in md
    assert "trạng thái tốt hơn (đang vận hành so với sắp dừng)" in md and "| đang xây dựng |" in md
    for code in ("operational", "building", "retiring", "planned"):
        assert code not in md, code
    en = _merge_provinces(tmp_path / "en", "--lang", "en")[0] / "consolidation.md"
    assert "better status (operational vs retiring)" in en.read_text(encoding="utf-8")
    # a camera owned by, and scoped to, a former district: one finding, naming both fields
    code, report = check_json(out)
    district = [f for f in report["findings"] if f["rule"] == "principle-district-unit"]
    assert sorted(f["elements"][0] for f in district) == ["camera-duc-hoa", "camera-go-dau"]
    assert "UBND huyện Đức Hòa" in next(f["message"] for f in district if f["elements"][0] == "camera-duc-hoa")


def test_the_merged_model_is_checked_as_if_it_were_read_back(tmp_path: Path) -> None:
    """merge builds the merged Architecture from the elements it wrote, not by reading the files:
    the same elements, at the same lines, with the same findings, as a load of the folder."""
    from archtool import pipeline
    from archtool.catalogs import load as load_catalogs
    from archtool.options import Asked
    from archtool.workflows import consolidation as C
    from archtool.workflows import merge as M
    from tests.flows.provinces import two_provinces

    la, tn = two_provinces(tmp_path)
    asked = Asked(as_of=TODAY, cache=False, jobs=1)
    merged = M.merge_models(pipeline.load_model(la, asked), pipeline.load_model(tn, asked), prefix_a="la", prefix_b="tn")
    out = tmp_path / "out"
    memory = M.load_merged(out, M.write_merged(merged, out))
    disk = load(out)
    assert list(memory.elements) == list(disk.elements) and memory.findings == disk.findings == []
    for i, el in disk.elements.items():
        mine = memory.elements[i]
        assert mine.model_dump() == el.model_dump() and mine._origin == el._origin, i
        assert (mine._src.file, mine._src.line, mine._src.col) == (el._src.file, el._src.line, el._src.col), i
        assert mine._src.kpos == el._src.kpos and mine._src.ipos == el._src.ipos, i
    a = pipeline.check_architecture(memory, today=TODAY).findings
    b = pipeline.check_architecture(disk, today=TODAY).findings
    assert [f.as_dict("vi") for f in a] == [f.as_dict("vi") for f in b] and a
    assert C.consolidation(memory, a, load_catalogs()) == C.consolidation(disk, b, load_catalogs())
