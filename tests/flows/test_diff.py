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
