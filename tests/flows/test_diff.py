"""archtool diff: fields, renames by content, relations, budget, findings, --git, --exit-code."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import run_cli, write_model

BASE = {
    "u.yaml": """\
        units:
          - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province}
        platforms:
          - {id: lgsp, name: Nền tảng tích hợp chia sẻ dữ liệu tỉnh, owner: so-khcn, capabilities: [integration-platform], security_level: 3}
        applications:
          - {id: app-du-lich, name: Ứng dụng du lịch thông minh, owner: so-khcn, capabilities: [smart-tourism], uses: [lgsp]}
          - {id: app-cu, name: Ứng dụng cũ, owner: so-khcn}
        projects:
          - {id: p1, name: Dự án 1, owner: so-khcn, budget: [{source: local, amount: 10000000000}]}
        """,
}


def _diff(old: Path, new: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = run_cli("diff", str(old), str(new), "--format", "json", "--as-of", "2026-11-21", *extra)
    assert out, err
    return code, json.loads(out)


def test_changes_renames_relations_budget(tmp_path: Path) -> None:
    old = write_model(tmp_path / "old", BASE)
    new_files = {"u.yaml": BASE["u.yaml"]
                 .replace("security_level: 3", "security_level: 4")
                 .replace("id: app-du-lich, name: Ứng dụng du lịch thông minh", "id: du-lich-tm, name: Ứng dụng Du lịch thông minh")
                 .replace("  - {id: app-cu, name: Ứng dụng cũ, owner: so-khcn}\n", "  - {id: app-moi, name: Cổng mới, owner: so-khcn, uses: [lgsp]}\n")
                 .replace("amount: 10000000000", "amount: 12500000000")}
    new = write_model(tmp_path / "new", new_files)
    code, d = _diff(old, new)
    assert code == 0 and d["changed"] is True
    els = d["elements"]
    assert [e["id"] for e in els["added"]] == ["app-moi"]
    assert [e["id"] for e in els["removed"]] == ["app-cu"]
    assert els["renamed"][0]["old"] == "app-du-lich" and els["renamed"][0]["new"] == "du-lich-tm"
    assert {"field": "security_level", "old": 3, "new": 4} in els["changed"][0]["changes"]
    # the rename is not reported as a removed + added relation
    assert d["relations"]["added"] == [["app-moi", "owner", "so-khcn"], ["app-moi", "uses", "lgsp"]]
    assert d["relations"]["removed"] == [["app-cu", "owner", "so-khcn"]]
    assert d["budget"]["delta"]["local"] == 2500000000
    code, _ = _diff(old, new, "--exit-code")
    assert code == 1


def test_findings_introduced_and_resolved_and_no_change(tmp_path: Path) -> None:
    old = write_model(tmp_path / "old", BASE)
    new = write_model(tmp_path / "new", {"u.yaml": BASE["u.yaml"].replace("uses: [lgsp]", "uses: [lgsp-khong-co]")})
    _, d = _diff(old, new)
    # the broken reference is introduced, and the platform it pointed at is now used by nobody
    assert [f["rule"] for f in d["findings"]["introduced"]] == ["platform-unused", "ref-unresolved"]
    assert all(f["fingerprint"] for f in d["findings"]["introduced"])
    _, back = _diff(new, old)
    assert [f["fingerprint"] for f in back["findings"]["resolved"]] == [f["fingerprint"] for f in d["findings"]["introduced"]]
    code, out, _ = run_cli("diff", str(old), str(old), "--exit-code")
    assert code == 0 and "Không có thay đổi" in out


def test_markdown_for_pull_request(tmp_path: Path) -> None:
    old = write_model(tmp_path / "old", BASE)
    new = write_model(tmp_path / "new", {"u.yaml": BASE["u.yaml"].replace("amount: 10000000000", "amount: 12500000000")})
    code, out, _ = run_cli("diff", str(old), str(new), "--format", "markdown")
    assert out.startswith("### So sánh mô hình") and "| Ngân sách địa phương | 10 tỷ đồng | 12,5 tỷ đồng | +2,5 tỷ đồng |" in out


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=cwd, check=True, capture_output=True)


def test_git_revision_against_working_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    model = write_model(repo / "model", BASE)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "v1")
    (model / "u.yaml").write_text((model / "u.yaml").read_text(encoding="utf-8").replace("security_level: 3", "security_level: 5"),
                                  encoding="utf-8")
    code, out, err = run_cli("diff", "--git", "HEAD", str(model), "--format", "json", "--exit-code")
    assert code == 1, err
    assert json.loads(out)["elements"]["changed"][0]["changes"] == [{"field": "security_level", "old": 3, "new": 5}]
    code, _, err = run_cli("diff", "--git", "no-such-rev", str(model))
    assert code == 2 and "no-such-rev" in err


def test_git_outside_a_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:  # pragma: no cover
        return
    model = write_model(tmp_path / "plain", BASE)
    code, _, err = run_cli("diff", "--git", "HEAD", str(model))
    assert code == 2 and "không nằm trong kho git" in err and "Traceback" not in err
    code, _, err = run_cli("diff", str(model))
    assert code == 2


PLAN = {
    "units.yaml": """\
        units:
          - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province}
          - {id: so-yt, name: Sở Y tế, level: province}
        """,
    "he-thong.yaml": """\
        platforms:
          - {id: lgsp, name: Nền tảng tích hợp chia sẻ dữ liệu tỉnh, owner: so-khcn, capabilities: [integration-platform],
             security_level: 3}
          - {id: lgsp-yte, name: Nền tảng chia sẻ dữ liệu ngành y tế, owner: so-yt, capabilities: [integration-platform],
             security_level: 2}
        applications:
          - {id: mot-cua, name: Hệ thống thông tin giải quyết thủ tục hành chính, owner: so-khcn,
             capabilities: [one-stop-system], uses: [lgsp], security_level: 3}
          - {id: ho-so-suc-khoe, name: Hồ sơ sức khỏe điện tử, owner: so-yt, uses: [lgsp-yte], security_level: 2}
          - {id: benh-an, name: Bệnh án điện tử, owner: so-yt, uses: [lgsp-yte], security_level: 2}
        """,
    "du-an.yaml": """\
        projects:
          - id: da-ytso
            name: Chuyển đổi số ngành y tế
            owner: so-yt
            upgrades: [ho-so-suc-khoe]
            period: {start: 2026, end: 2028}
            budget: [{source: local, amount: 10000000000}]
        """,
}


def _plan(root: Path, **replace: tuple[str, str]) -> Path:
    files = dict(PLAN)
    for name, (a, b) in replace.items():
        key = name.replace("_", "-") + ".yaml"
        assert a in files[key], a
        files[key] = files[key].replace(a, b)
    return write_model(root, files)


def test_budget_changes_read_in_ty_dong_by_source(tmp_path: Path) -> None:
    old = _plan(tmp_path / "old")
    new = _plan(tmp_path / "new", du_an=("budget: [{source: local, amount: 10000000000}]",
                                        "budget: [{source: local, amount: 12500000000}, {source: private, amount: 4000000000}]"))
    code, text, _ = run_cli("diff", str(old), str(new), "--as-of", "2026-11-21")
    assert "kinh phí (ngân sách địa phương): 10 tỷ đồng → 12,5 tỷ đồng" in text
    assert "kinh phí (doanh nghiệp, xã hội hóa): — → 4 tỷ đồng" in text
    code, md, _ = run_cli("diff", str(old), str(new), "--format", "markdown", "--as-of", "2026-11-21")
    assert "| `da-ytso` | kinh phí (ngân sách địa phương) | 10 tỷ đồng | 12,5 tỷ đồng |" in md
    _c, en, _ = run_cli("diff", str(old), str(new), "--lang", "en", "--as-of", "2026-11-21")
    assert "budget (local budget): 10 billion VND → 12.5 billion VND" in en
    for out in (text, md, en):
        assert '"amount"' not in out and "10000000000" not in out and "{" not in out  # never the model's raw data


def test_markdown_headers_and_words_in_the_report_language(tmp_path: Path) -> None:
    old = _plan(tmp_path / "old")
    new = _plan(tmp_path / "new", he_thong=("[integration-platform],\n             security_level: 3}",
                                            "[integration-platform],\n             security_level: 4}"))
    (new / "he-thong.yaml").write_text((new / "he-thong.yaml").read_text(encoding="utf-8") +
                                       "  - {id: dat-lich, name: Đặt lịch khám bệnh, owner: so-yt, uses: [lgsp-yte], status: planned}\n",
                                       encoding="utf-8")
    _c, vi, _ = run_cli("diff", str(old), str(new), "--format", "markdown", "--as-of", "2026-11-21")
    assert "|  | Mã | Loại | Tên |" in vi and "| ➕ | `dat-lich` | ứng dụng | Đặt lịch khám bệnh |" in vi
    assert "| Mã | Trường | Cũ | Mới |" in vi and "| `lgsp` | cấp độ an toàn thông tin | 3 | 4 |" in vi
    assert "| Từ | Quan hệ | Đến |" in vi and "| ➕ | `dat-lich` | sử dụng | `lgsp-yte` |" in vi
    for english in ("| id |", "| kind |", "| name |", "| from |", "applications", "security_level"):
        assert english not in vi, english
    _c, en, _ = run_cli("diff", str(old), str(new), "--format", "markdown", "--lang", "en", "--as-of", "2026-11-21")
    assert "|  | Id | Kind | Name |" in en and "| `lgsp` | security level | 3 | 4 |" in en and "| ➕ | `dat-lich` | uses | `lgsp-yte` |" in en


def test_a_completeness_percentage_that_moves_is_one_changed_finding(tmp_path: Path) -> None:
    """An inventory imported from a workbook maps no capability; the planner maps two systems."""
    apps = ["Phần mềm quản lý văn bản", "Cổng thông tin điện tử", "Phần mềm kế toán", "Quản lý cán bộ",
            "Quản lý tài sản công", "Thư điện tử công vụ", "Hội nghị truyền hình", "Quản lý đất đai",
            "Cấp phép xây dựng", "Quản lý hộ tịch", "Quản lý hồ sơ bệnh án", "Tuyển sinh đầu cấp"]
    inventory = "applications:\n" + "".join(
        f"  - {{id: app-{i}, name: {name}, owner: so-yt, security_level: 2}}\n" for i, name in enumerate(apps))
    old = _plan(tmp_path / "old")
    (old / "kiem-ke.yaml").write_text(inventory, encoding="utf-8")
    new = _plan(tmp_path / "new")
    mapped = (inventory.replace("name: Phần mềm quản lý văn bản,", "name: Phần mềm quản lý văn bản, capabilities: [document-management],")
              .replace("name: Thư điện tử công vụ,", "name: Thư điện tử công vụ, capabilities: [email],"))
    (new / "kiem-ke.yaml").write_text(mapped, encoding="utf-8")
    _code, d = _diff(old, new)
    changed = d["findings"]["changed"]
    assert len(changed) == 1 and changed[0]["old"]["rule"] == changed[0]["new"]["rule"] == "mapping-unmapped"
    assert "3/17" in changed[0]["old"]["message"] and "5/17" in changed[0]["new"]["message"]
    assert not [f for side in ("introduced", "resolved") for f in d["findings"][side] if f["rule"] == "mapping-unmapped"]
    _c, text, _ = run_cli("diff", str(old), str(new), "--as-of", "2026-11-21")
    assert "Phát hiện thay đổi (1):" in text and "(trước: Mức độ ánh xạ năng lực: 3/17" in text


def test_an_element_that_only_points_at_a_renamed_one_is_not_changed(tmp_path: Path) -> None:
    """An import re-made the ids from the names: lgsp is now lgsp-tinh, the Sở Y tế so-y-te."""
    old = _plan(tmp_path / "old")
    files = {k: v.replace("lgsp,", "lgsp-tinh,").replace("[lgsp]", "[lgsp-tinh]").replace("so-yt", "so-y-te")
             for k, v in PLAN.items()}
    new = write_model(tmp_path / "new", files)
    _code, d = _diff(old, new)
    els = d["elements"]
    assert sorted((r["old"], r["new"]) for r in els["renamed"]) == [("lgsp", "lgsp-tinh"), ("so-yt", "so-y-te")]
    assert all(r["changes"] == [] for r in els["renamed"])
    assert els["changed"] == [] and els["added"] == [] and els["removed"] == []  # mot-cua, the y tế systems: as they were
    assert d["relations"] == {"added": [], "removed": []}
    assert d["findings"] == {"introduced": [], "resolved": [], "changed": []}  # dup-capability lgsp/lgsp-yte: the same one
    # a real change next to a rename is still seen, and named with the new ids
    was = "name: Hồ sơ sức khỏe điện tử, owner: so-y-te, uses: [lgsp-yte]"
    assert was in files["he-thong.yaml"]
    files["he-thong.yaml"] = files["he-thong.yaml"].replace(was, was.replace("lgsp-yte", "lgsp-tinh"))
    new2 = write_model(tmp_path / "new2", files)
    _code, d2 = _diff(old, new2)
    assert d2["elements"]["changed"] == [{"id": "ho-so-suc-khoe", "kind": "applications",
                                          "changes": [{"field": "uses", "old": ["lgsp-yte"], "new": ["lgsp-tinh"]}]}]


def test_every_id_prefixed_after_a_merge_is_renames_only(tmp_path: Path) -> None:
    import re

    old = _plan(tmp_path / "old")
    files = {k: re.sub(r"\b(so-khcn|so-yt|lgsp-yte|lgsp|mot-cua|ho-so-suc-khoe|benh-an|da-ytso)\b", r"tn-\1", v)
             for k, v in PLAN.items()}
    new = write_model(tmp_path / "new", files)
    _code, d = _diff(old, new)
    assert len(d["elements"]["renamed"]) == 8 and all(r["new"] == "tn-" + r["old"] for r in d["elements"]["renamed"])
    assert not (d["elements"]["added"] or d["elements"]["removed"] or d["elements"]["changed"])
    assert d["relations"] == {"added": [], "removed": []} and d["findings"]["introduced"] == []
