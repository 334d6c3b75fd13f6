"""archtool review: a proposal overlaid on a model, opinion points, exit codes, formats."""

from __future__ import annotations

import json
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
