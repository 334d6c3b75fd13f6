"""archtool review: a proposal overlaid on a model, opinion points, exit codes, formats."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT, TODAY, run_cli, write_model

PROPOSAL = ROOT / "examples" / "proposals" / "so-xd-dieu-hanh-xay-dung.yaml"
SC = EXAMPLE / "smart-city"


def review_json(*args: str) -> tuple[int, dict]:
    code, out, err = run_cli("review", *args, "--format", "json", "--as-of", TODAY.isoformat())
    assert out, err
    return code, json.loads(out)


def test_sample_proposal_reuse_budget_period() -> None:
    code, rep = review_json(str(PROPOSAL), "--against", str(SC))
    assert code == 1 and rep["conclusion"] == "revise"
    by_rule: dict[str, list] = {}
    for f in rep["findings"]:
        by_rule.setdefault(f["rule"], []).append(f)
    # its own data-sharing platform and IOC, while the province has them
    # (reported by the dup-capability rule itself, so review does not repeat it as review-reuse-platform)
    assert "review-reuse-platform" not in by_rule
    reuse = {tuple(f["capabilities"]): f for f in by_rule["dup-capability"]}
    assert "lgsp-hop-nhat" in reuse[("integration-platform",)]["elements"]
    assert "ioc-tay-ninh" in reuse[("ioc",)]["elements"]
    assert all(f["citation"] for f in rep["findings"])
    # the application does not use the shared LGSP or GIS
    shared = {(f["elements"][0], f["capabilities"][0]) for f in by_rule["review-shared-platform"]}
    assert ("app-cap-phep-xd", "integration-platform") in shared
    assert ("app-cap-phep-xd", "gis-platform") in shared
    # 2026-2031 is outside the model period 2026-2030; no investment form
    assert by_rule["project-outside-period"][0]["elements"] == ["da-so-xd-dieu-hanh"]
    # none of the three systems declares a security level
    assert {f["elements"][0] for f in by_rule["gap-security-level"]} == {"lgsp-nganh-xd", "ioc-nganh-xd", "app-cap-phep-xd"}
    # the IOC's basis adds QĐ 1014 to the general one, each document cited once
    ioc = next(f["citation"] for f in by_rule["gap-security-level"] if f["elements"] == ["ioc-nganh-xd"])
    assert ioc.startswith("QĐ 1014/QĐ-BTTTT") and ioc.count("NĐ 85/2016") == 1 and ioc.count("Luật An ninh mạng") == 1
    assert by_rule["review-investment-form"][0]["severity"] == "info"
    assert rep["budget"] == [{"project": "da-so-xd-dieu-hanh", "period": [2026, 2031],
                              "by_source": {"local": 18500000000, "private": 4000000000},
                              "total": 22500000000, "investment_form": None}]
    # model findings that do not concern the proposal are not in the opinion
    assert all(set(f["elements"]) & {"da-so-xd-dieu-hanh", "lgsp-nganh-xd", "ioc-nganh-xd", "app-cap-phep-xd",
                                     "csdl-quy-hoach-xd"} for f in rep["findings"])


def test_fail_on_never_and_markdown_opinion(tmp_path: Path) -> None:
    code, out, _ = run_cli("review", str(PROPOSAL), "--against", str(SC), "--format", "markdown", "--fail-on", "never")
    assert code == 0
    assert "\n# Ý KIẾN THẨM ĐỊNH VỀ KIẾN TRÚC\n" in out and out.startswith("<!-- form: header -->")
    assert "- **Lỗi:**" in out and "Đề nghị điều chỉnh hồ sơ đề xuất" in out and "*Căn cứ:*" in out
    assert "18,5 tỷ đồng" in out and "22,5 tỷ đồng" in out
    code, en, _ = run_cli("review", str(PROPOSAL), "--against", str(SC), "--format", "markdown", "--lang", "en")
    assert "ARCHITECTURE REVIEW OPINION" in en and "22.5 billion VND" in en


def test_docx_is_written_and_deterministic(tmp_path: Path) -> None:
    from docx import Document

    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for p in (a, b):
        code, _, err = run_cli("review", str(PROPOSAL), "--against", str(SC), "--format", "docx", "-o", str(p))
        assert code == 1, err
    assert a.read_bytes() == b.read_bytes()
    text = "\n".join(par.text for par in Document(str(a)).paragraphs)
    assert "Đề nghị điều chỉnh" in text and "Căn cứ" in text
    code, _, err = run_cli("review", str(PROPOSAL), "--against", str(SC), "--format", "docx")
    assert code == 2 and "--output" in err


def test_clean_proposal_is_ok(tmp_path: Path) -> None:
    model = write_model(tmp_path / "m", {"u.yaml": """\
        units:
          - {id: so-khcn, name: Sở KHCN, level: province}
        infrastructure:
          - {id: tdl, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, type: datacenter, shared: true, capabilities: [datacenter]}
        """}, kind="smart-city", manifest="archtool: 1\nmodel: {id: m, name: M, kind: smart-city, period: {start: 2026, end: 2030}}\n")
    prop = tmp_path / "p.yaml"
    prop.write_text("""\
projects:
  - id: da-den
    name: Chiếu sáng thông minh
    owner: so-khcn
    period: {start: 2026, end: 2027}
    task_groups: [d950-c3]
    delivers: [den-tm]
    budget: [{source: local, amount: 5000000000}]
    investment_form: rent
applications:
  - {id: den-tm, name: Điều khiển chiếu sáng, owner: so-khcn, status: planned, capabilities: [smart-lighting], hosted_on: tdl, security_level: 2}
""", encoding="utf-8")
    code, rep = review_json(str(prop), "--against", str(model))
    assert [f["rule"] for f in rep["findings"]] == []
    assert code == 0 and rep["conclusion"] == "ok"


def test_tiny_amount_and_bad_proposal_file(tmp_path: Path) -> None:
    model = write_model(tmp_path / "m", {"u.yaml": "units:\n  - {id: so-khcn, name: Sở KHCN}\n"})
    prop = tmp_path / "p.yaml"
    prop.write_text("projects:\n  - id: p1\n    name: P\n    owner: so-khcn\n    budget: [{source: local, amount: 12}]\n",
                    encoding="utf-8")
    code, rep = review_json(str(prop), "--against", str(model))
    assert any(f["rule"] == "review-budget" and "12" in f["message"] for f in rep["findings"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("projects:\n  - id: p2\n    name: [\n", encoding="utf-8")
    code, rep = review_json(str(bad), "--against", str(model))
    assert code == 1 and rep["findings"][0]["category"] == "syntax"
    code, _, err = run_cli("review", str(tmp_path / "missing.yaml"), "--against", str(model))
    assert code == 2 and "missing.yaml" in err and "Traceback" not in err


def _planner_layout(tmp_path: Path) -> tuple[Path, Path]:
    """The province's models and a consultant's proposal folder beside them, as a Sở keeps them: the
    proposal split into a projects file (named like the model's own projects.yaml) and a systems file."""
    import shutil

    import yaml

    models = tmp_path / "kien-truc"
    shutil.copytree(EXAMPLE, models)
    proposal = models / "ho-so-so-xd"
    proposal.mkdir()
    data = yaml.safe_load(PROPOSAL.read_text(encoding="utf-8"))
    (proposal / "projects.yaml").write_text(yaml.safe_dump({"projects": data.pop("projects")}, allow_unicode=True),
                                            encoding="utf-8")
    (proposal / "he-thong.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return models / "smart-city", proposal


def _found(rep: dict) -> list[tuple[str, tuple[str, ...], str]]:
    return sorted((f["rule"], tuple(f["elements"]), f["message"]) for f in rep["findings"])


def test_review_from_inside_the_proposal_folder_reviews_only_the_proposal(tmp_path: Path, monkeypatch) -> None:
    model, proposal = _planner_layout(tmp_path)
    _, whole = run_cli("check", str(model), "--format", "json", "--as-of", TODAY.isoformat())[:2]
    model_files = {f["location"]["file"] for f in json.loads(whole)["findings"] if f.get("location")}
    assert "projects.yaml" in model_files and any(f.startswith("../egov/") for f in model_files)  # what could leak
    _, outside = review_json(str(proposal), "--against", str(model))
    monkeypatch.chdir(proposal)
    code, inside = review_json(".", "--against", "../smart-city")
    assert code == 1 and _found(inside) == _found(outside) and inside["findings"]
    files = {f["location"]["file"] for f in inside["findings"] if f.get("location")}
    own = {(proposal / "projects.yaml").resolve().as_posix(), "he-thong.yaml"}  # projects.yaml: a model file has that name
    assert files <= own and files, files
    assert sorted(inside["proposal"]) == sorted(own)


def test_a_proposal_id_the_model_already_has_is_reported_not_compared(tmp_path: Path) -> None:
    prop = tmp_path / "p.yaml"
    prop.write_text("""\
projects:
  - id: da-lgsp-xd
    name: Nền tảng chia sẻ dữ liệu ngành xây dựng
    owner: so-xd
    period: {start: 2026, end: 2027}
    delivers: [lgsp-hop-nhat]
    budget: [{source: local, amount: 9000000000}]
platforms:
  - {id: lgsp-hop-nhat, name: Nền tảng chia sẻ dữ liệu ngành xây dựng, owner: so-xd, status: planned,
     capabilities: [integration-platform]}
""", encoding="utf-8")
    code, rep = review_json(str(prop), "--against", str(SC))
    assert code == 1 and rep["conclusion"] == "revise"
    dup = [f for f in rep["findings"] if f["rule"] == "ref-duplicate-id"]
    assert len(dup) == 1 and dup[0]["elements"] == ["lgsp-hop-nhat"] and dup[0]["location"]["file"] == str(prop.as_posix())
    assert "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Tây Ninh (hợp nhất)" in dup[0]["message"]  # the model's element, by name
    assert "chưa được đối chiếu" in dup[0]["message"] and "upgrades" in dup[0]["suggestion"]
    # the model's element of that id is not taken for the proposal's: none of its own findings, not listed as proposed
    assert [e["id"] for e in rep["elements"]] == ["da-lgsp-xd"]
    assert all("da-lgsp-xd" in f["elements"] for f in rep["findings"]
               if f.get("location") and f["location"]["file"] != str(prop.as_posix()))


def test_reuse_advice_names_the_running_shared_system_never_a_planned_copy(tmp_path: Path) -> None:
    """The province runs one data centre and a department plans its own: the proposal is told to use
    the running one, and the planned copy is not offered as the province's shared data centre."""
    model = write_model(tmp_path / "model", {"elements.yaml": """\
        units:
          - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: department}
          - {id: so-yte, name: Sở Y tế, level: department}
        infrastructure:
          - {id: tdl-yte, name: Trung tâm dữ liệu ngành Y tế, owner: so-yte, type: datacenter, status: planned,
             capabilities: [datacenter]}
          - {id: tdl, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, type: datacenter, status: operational,
             since: 2020, capabilities: [datacenter]}
        """})
    proposal = tmp_path / "de-xuat.yaml"
    proposal.write_text(textwrap.dedent("""\
        applications:
          - {id: app-moi, name: Ứng dụng khám bệnh trực tuyến, owner: so-yte, status: planned, security_level: 2,
             capabilities: [smart-health]}
        """), encoding="utf-8")
    _code, rep = review_json(str(proposal), "--against", str(model))
    shared = [f for f in rep["findings"] if f["rule"] == "review-shared-platform"]
    assert len(shared) == 1, rep["findings"]
    assert shared[0]["elements"] == ["app-moi", "tdl"] and shared[0]["capabilities"] == ["datacenter"]
    assert "Trung tâm dữ liệu tỉnh (tdl)" in shared[0]["message"] and "ngành Y tế" not in shared[0]["message"]
    assert "'Trung tâm dữ liệu tỉnh' (ghi hosted_on: tdl)" in shared[0]["suggestion"]


PERIOD_MODEL = """\
    units:
      - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province}
      - {id: so-xd, name: Sở Xây dựng, level: province}
    platforms:
      - {id: lgsp, name: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh", owner: so-khcn, capabilities: [integration-platform]}
      - {id: gis, name: Nền tảng bản đồ số dùng chung tỉnh, owner: so-khcn, capabilities: [gis-platform]}
      - {id: dam-may, name: Đám mây dùng chung tỉnh, owner: so-khcn, capabilities: [cloud]}
    infrastructure:
      - {id: tdl, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, type: datacenter, shared: true, capabilities: [datacenter]}
    """
PERIOD_PROPOSAL = """\
platforms:
  - {id: lgsp-xd, name: Trục dữ liệu ngành xây dựng, owner: so-xd, status: planned, capabilities: [integration-platform]}
  - {id: may-chu-xd, name: Hạ tầng máy chủ ảo ngành xây dựng, owner: so-xd, status: planned, capabilities: [cloud]}
applications:
  - {id: app-qh, name: Hệ thống tra cứu quy hoạch xây dựng, owner: so-xd, status: planned, security_level: 2,
     capabilities: [urban-planning], uses: [lgsp-xd], datasets: [{id: csdl-qh, access: master}]}
datasets:
  - {id: csdl-qh, name: CSDL quy hoạch xây dựng, owner: so-xd, status: planned, shared_via: [lgsp-xd]}
"""


def _platform_points(tmp_path: Path, start: int, end: int, *extra: str) -> dict[tuple[str, str], str]:
    """(rule, capability) → citation of the shared-platform points of a review of the same proposal
    against a model whose planning period is ``start``–``end``."""
    model = write_model(tmp_path / f"m{start}", {"elements.yaml": PERIOD_MODEL},
                        manifest=f"archtool: 1\nmodel: {{id: m, name: M, kind: e-government, period: {{start: {start}, end: {end}}}}}\n")
    prop = tmp_path / "de-xuat.yaml"
    prop.write_text(PERIOD_PROPOSAL, encoding="utf-8")
    _code, rep = review_json(str(prop), "--against", str(model), *extra)
    points = {(f["rule"], f["capabilities"][0]): f["citation"] for f in rep["findings"]
              if f["rule"] in ("review-shared-platform", "review-reuse-platform")}
    assert {("review-shared-platform", "integration-platform"), ("review-shared-platform", "gis-platform"),
            ("review-shared-platform", "datacenter"), ("review-reuse-platform", "cloud")} <= set(points), rep["findings"]
    return points


def test_shared_platform_points_cite_the_documents_valid_in_the_models_period(tmp_path: Path) -> None:
    """The same proposal against a 2026–2030 and a 2016–2020 model: each point cites the capability's
    documents valid in that period, never TT 23/2018's ended programme for 2026–2030, never a 2025
    document for 2016–2020 (catalog `basis` of the capabilities)."""
    now = _platform_points(tmp_path, 2026, 2030)
    lgsp = now[("review-shared-platform", "integration-platform")]
    assert "TT 23/2018" not in lgsp and "CV 2943/CĐSQG-CNCPS (27/10/2025)" in lgsp and "QĐ 829/QĐ-BTTTT" in lgsp
    assert "NĐ 269/2025/NĐ-CP" in now[("review-shared-platform", "gis-platform")]
    assert "CV 2943/CĐSQG-CNCPS (27/10/2025)" in now[("review-reuse-platform", "cloud")]
    assert now[("review-shared-platform", "datacenter")] == "QĐ 829/QĐ-BTTTT (31/5/2019): lớp điện toán và lưu trữ"
    assert not any("TT 23/2018" in c or "CV 1178" in c for c in now.values())  # both ended before 2026
    then = _platform_points(tmp_path, 2016, 2020)
    assert "TT 23/2018/TT-BTTTT (28/12/2018), Phụ lục 01" in then[("review-shared-platform", "integration-platform")]
    assert "CV 1178/BTTTT-THH" in then[("review-shared-platform", "datacenter")]  # framework v1.0, to 2019
    assert "QĐ 950/QĐ-TTg (01/8/2018)" in then[("review-shared-platform", "gis-platform")]
    assert not any("2025" in c or "2026" in c for c in then.values()), then


def test_a_shared_platform_point_with_no_basis_in_the_period_falls_back_by_period(tmp_path: Path) -> None:
    """Nothing of the capability's basis applies: the shared-platform basis valid then, and before any
    of it archtool's own format, never a document issued after the period."""
    bare = tmp_path / "bare.yaml"  # a user catalog that leaves the cloud without a national basis
    bare.write_text("catalog: local\nentries:\n  - {id: cloud, basis: []}\n", encoding="utf-8")
    now = _platform_points(tmp_path, 2026, 2030, "--catalog", str(bare))[("review-reuse-platform", "cloud")]
    assert "QĐ 829/QĐ-BTTTT (31/5/2019)" in now and "Thông báo 318/TB-VPCP (2025)" in now
    then = _platform_points(tmp_path, 2016, 2020, "--catalog", str(bare))[("review-reuse-platform", "cloud")]
    assert "QĐ 829/QĐ-BTTTT (31/5/2019)" in then and "318" not in then
    early = _platform_points(tmp_path, 2011, 2015)
    assert early[("review-reuse-platform", "cloud")] == "archtool model format v1 §4 (capability catalog: shared platforms)"
    assert not any(re.search(r"20(19|2\d)", c) for c in early.values()), early


def test_a_dropped_copy_is_told_the_one_system_to_use_never_the_other_copies() -> None:
    """The conclusion names the copy the duplication finding keeps (running, province-wide, not
    being replaced), not the retiring IOC, a department's pilot or a planned sector platform."""
    _code, rep = review_json(str(PROPOSAL), "--against", str(SC))
    components = {c["id"]: c for c in rep["components"]}
    assert components["ioc-nganh-xd"] == {"id": "ioc-nganh-xd", "conclusion": "drop", "instead": ["ioc-tay-ninh"]}
    assert components["lgsp-nganh-xd"]["instead"] == ["lgsp-hop-nhat"]
    _code, text, _err = run_cli("review", str(PROPOSAL), "--against", str(SC), "--as-of", TODAY.isoformat())
    conclusion = text.split("III. KẾT LUẬN")[1]
    assert "Không đầu tư (dùng hệ thống của tỉnh: Trung tâm giám sát, điều hành thông minh tỉnh Tây Ninh " \
           "(Tây Ninh IOC))" in conclusion
    assert "IOC Long An" not in conclusion and "thí điểm" not in conclusion and "ngành Y tế" not in conclusion


def test_the_copy_to_keep_is_not_dropped(tmp_path: Path) -> None:
    """When the proposal's own system is the one to keep (the province has only a department's
    planned copy), the proposal is not told to drop it for that copy."""
    model = write_model(tmp_path / "model", {"elements.yaml": """\
        units:
          - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: department}
          - {id: so-gd, name: Sở Giáo dục và Đào tạo, level: department}
        platforms:
          - {id: ioc-gd, name: Trung tâm điều hành ngành giáo dục, owner: so-gd, status: planned, scope: [so-gd],
             capabilities: [ioc], security_level: 3}
        """})
    proposal = tmp_path / "de-xuat.yaml"
    proposal.write_text(textwrap.dedent("""\
        platforms:
          - {id: ioc-tinh, name: "Trung tâm giám sát, điều hành thông minh tỉnh", owner: so-khcn, status: operational,
             since: 2024, capabilities: [ioc], security_level: 3}
        """), encoding="utf-8")
    _code, rep = review_json(str(proposal), "--against", str(model))
    dup = [f for f in rep["findings"] if f["rule"] == "dup-capability"]
    assert len(dup) == 1 and dup[0]["details"]["keep"] == "ioc-tinh"
    assert rep["components"] == [{"id": "ioc-tinh", "conclusion": "change", "instead": []}]
