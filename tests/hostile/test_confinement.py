"""Issue 17, reading outside the model: nothing a model file names is read from outside it.

``extends`` names a baseline *folder* holding a manifest (anything else is refused with one line that
echoes none of its content); a symlinked ``archtool.yaml`` and symlinked files in a ``review``
proposal folder get the confinement of element files; ``catalogs:`` paths in a manifest stay inside
the repository holding the model (its parent folder when there is no repository); absolute catalog
paths come only from ``--catalog``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TODAY, UNITS, run_cli, write_model
from tests.hostile.blackbox import assert_no_crash, posix_only

HEAD = "archtool: 1\nmodel: {id: m, name: Mô hình, kind: e-government}\n"
SECRET = "BI-MAT-7f3a9"  # appears only in files outside the model

SECRET_MANIFEST = f"""\
archtool: 1
model: {{id: {SECRET.lower()}, name: "Tên {SECRET}", kind: e-government}}
units:
  - id: don-vi-{SECRET.lower()}
    name: "Đơn vị {SECRET}"
    level: province
api_token_{SECRET}: "{SECRET}-value"
"""


def check(root: Path, *extra: str) -> tuple[int, dict, str, str]:
    code, out, err = run_cli("check", str(root), "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache", *extra)
    assert out, err
    return code, json.loads(out), out, err


def check_text(root: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("check", str(root), "--as-of", TODAY.isoformat(), "--no-cache", *extra)


def about(report: dict, file: str) -> list[dict]:
    return [f for f in report["findings"] if f["location"] and f["location"]["file"] == file]


def outside_files(report: dict) -> list[str]:
    return sorted({f["location"]["file"] for f in report["findings"]
                   if f["location"] and f["location"]["file"].startswith(("../", "/"))})


# ---------------------------------------------------------------------------------------------
# extends


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc (Linux)")
@pytest.mark.xfail(strict=True, reason="issue 17: extends accepts any file; /proc/self/status keys appear in findings")
def test_extends_proc_self_status_is_refused_with_one_line_echoing_none_of_it(tmp_path):
    root = write_model(tmp_path / "m", {"units.yaml": UNITS}, manifest=HEAD + "extends: /proc/self/status\n")
    code, report, out, err = check(root)
    _, text, text_err = check_text(root)
    assert code == 1
    assert_no_crash(out, err, text, text_err)
    refusals = [f for f in about(report, "archtool.yaml") if f["rule"] == "extends-invalid"]
    assert len(refusals) == 1 and refusals[0]["location"]["line"] == 3, about(report, "archtool.yaml")
    assert outside_files(report) == []
    for key in ("VmRSS", "TracerPid", "Umask", "SigBlk", "Cpus_allowed"):
        assert key not in out and key not in text, key


@pytest.mark.xfail(strict=True, reason="issue 17: extends accepts a file outside the model and loads it as a baseline")
def test_extends_a_file_is_refused_and_nothing_of_it_reaches_any_output(tmp_path):
    (tmp_path / "secret.txt").write_text(SECRET_MANIFEST, encoding="utf-8")
    root = write_model(tmp_path / "m", {"units.yaml": UNITS}, manifest=HEAD + "extends: ../secret.txt\n")
    code, report, out, err = check(root)
    _, text, _ = check_text(root)
    refusals = [f for f in about(report, "archtool.yaml") if f["rule"] == "extends-invalid"]
    assert code == 1 and len(refusals) == 1, about(report, "archtool.yaml")
    assert SECRET not in out + err + text and SECRET.lower() not in out + text
    code, _, err = run_cli("build", str(root), "-o", str(tmp_path / "site"), "--as-of", TODAY.isoformat())
    assert code == 0, err
    for p in (tmp_path / "site").rglob("*"):
        if p.is_file() and p.suffix in (".md", ".html", ".json", ".sarif", ".dot", ".mmd"):
            body = p.read_text(encoding="utf-8")
            assert SECRET not in body and SECRET.lower() not in body, p.name


def test_extends_a_baseline_folder_still_works(tmp_path):
    """Non-regression: the one legitimate way to read another folder."""
    write_model(tmp_path / "egov", {"units.yaml": UNITS}, manifest="archtool: 1\nmodel: {id: egov, name: E, kind: e-government}\n")
    root = write_model(tmp_path / "sc", {}, manifest="archtool: 1\nmodel: {id: sc, name: S, kind: smart-city}\nextends: ../egov\n")
    code, report, out, err = check(root, "--fail-on", "never")
    assert code == 0 and not [f for f in report["findings"] if f["rule"] in ("extends-invalid", "manifest-missing")]


# ---------------------------------------------------------------------------------------------
# a symlinked manifest


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: a symlinked archtool.yaml is read from outside the model")
def test_a_symlinked_manifest_pointing_outside_is_refused(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "archtool.yaml").write_text(SECRET_MANIFEST, encoding="utf-8")
    root = tmp_path / "repo" / "model"
    root.mkdir(parents=True)
    (root / "units.yaml").write_text(UNITS, encoding="utf-8")
    os.symlink(tmp_path / "outside" / "archtool.yaml", root / "archtool.yaml")
    code, out, err = run_cli("check", str(root), "--format", "json", "--as-of", TODAY.isoformat(), "--no-cache")
    _, text, text_err = check_text(root)
    assert code in (1, 2), (code, err)
    assert_no_crash(out, err, text, text_err)
    assert SECRET not in out + err + text + text_err and SECRET.lower() not in out + err + text + text_err
    assert "archtool.yaml" in out + err


@posix_only
def test_a_symlinked_manifest_inside_the_model_still_works(tmp_path):
    """Non-regression: a link that stays inside the model folder is fine (as for element files)."""
    root = write_model(tmp_path / "m", {"units.yaml": UNITS, "config/manifest.yaml": HEAD}, manifest=False)
    os.symlink("config/manifest.yaml", root / "archtool.yaml")
    code, report, out, err = check(root, "--fail-on", "never")
    assert code == 0 and report["model"] == "m", err


# ---------------------------------------------------------------------------------------------
# symlinks in a review proposal folder

PROPOSAL = """\
projects:
  - id: da-moi
    name: Dự án mới
    owner: so-khcn
    status: proposed
    period: {start: 2026, end: 2027}
    budget: [{source: local, amount: 2000000000}]
"""
SECRET_PROJECT = f"""\
projects:
  - id: da-{SECRET.lower()}
    name: "Dự án {SECRET}"
    owner: so-khcn
    status: proposed
"""


def _review_setup(tmp_path: Path) -> tuple[Path, Path]:
    model = write_model(tmp_path / "model", {"units.yaml": UNITS})
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text(SECRET_PROJECT, encoding="utf-8")
    proposal = tmp_path / "ho-so"
    proposal.mkdir()
    (proposal / "de-xuat.yaml").write_text(PROPOSAL, encoding="utf-8")
    return model, proposal


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: a symlinked file in a review proposal folder is read from outside")
def test_a_symlinked_file_in_a_proposal_folder_pointing_outside_is_refused(tmp_path):
    model, proposal = _review_setup(tmp_path)
    os.symlink(tmp_path / "outside" / "secret.yaml", proposal / "phu-luc.yaml")
    for fmt in ("text", "markdown", "json"):
        code, out, err = run_cli("review", str(proposal), "--against", str(model), "--format", fmt,
                                 "--as-of", TODAY.isoformat())
        assert code in (1, 2), (fmt, code, err)
        assert_no_crash(out, err)
        assert SECRET not in out + err and SECRET.lower() not in out + err, fmt
        assert "phu-luc.yaml" in out + err, fmt


@posix_only
def test_a_symlinked_folder_in_a_proposal_folder_is_not_followed_outside(tmp_path):
    """Guard for the fix above (pathlib's rglob does not follow folder links today)."""
    model, proposal = _review_setup(tmp_path)
    os.symlink(tmp_path / "outside", proposal / "phu-luc", target_is_directory=True)
    code, out, err = run_cli("review", str(proposal), "--against", str(model), "--format", "json",
                             "--as-of", TODAY.isoformat())
    assert_no_crash(out, err)
    assert SECRET not in out + err and SECRET.lower() not in out + err


# ---------------------------------------------------------------------------------------------
# catalogs: in a manifest

CATALOG = f"""\
catalog: rieng
version: "1"
title: {{vi: "Danh mục {SECRET}", en: "Catalog {SECRET}"}}
entries:
  - id: nang-luc-rieng
    kind: capability
    name: "Năng lực {SECRET}"
    name_en: "Capability {SECRET}"
    citation: "nội bộ"
    verified: false
    cardinality: many
"""
USES_IT = """\
units:
  - {id: so-khcn, name: Sở KHCN, level: province}
applications:
  - {id: app, name: Ứng dụng riêng, owner: so-khcn, status: operational, security_level: 2, capabilities: [nang-luc-rieng]}
"""


def at_catalogs_line(report: dict) -> list[dict]:
    """Findings at the ``catalogs:`` line of the manifest (line 3 after HEAD)."""
    return [f for f in about(report, "archtool.yaml") if f["location"]["line"] == 3]


def _catalog_setup(tmp_path: Path, entry: str) -> Path:
    (tmp_path / "outside").mkdir(exist_ok=True)
    (tmp_path / "outside" / "cat.yaml").write_text(CATALOG, encoding="utf-8")
    return write_model(tmp_path / "work" / "model", {"units.yaml": USES_IT},
                       manifest=HEAD + f"catalogs: [{json.dumps(entry)}]\n")


def _assert_catalog_refused(report: dict, out: str, code: int) -> None:
    """Refused: one error at the manifest's catalogs line, the catalog is not used, nothing echoed."""
    at_line = at_catalogs_line(report)
    assert code == 1 and len(at_line) == 1, [(f["rule"], f["message"]) for f in about(report, "archtool.yaml")]
    assert at_line[0]["severity"] == "error"
    assert "ref-unknown-capability" in [f["rule"] for f in report["findings"]]  # its entries are not used
    assert SECRET not in out


@pytest.mark.xfail(strict=True, reason="issue 17: catalogs: in a manifest reads any absolute path")
def test_an_absolute_catalog_path_in_a_manifest_is_refused(tmp_path):
    root = _catalog_setup(tmp_path, str(tmp_path / "outside" / "cat.yaml"))
    code, report, out, _ = check(root)
    _assert_catalog_refused(report, out, code)


@pytest.mark.xfail(strict=True, reason="issue 17: catalogs: in a manifest reads ../../.. paths")
def test_a_catalog_path_leaving_the_parent_folder_is_refused(tmp_path):
    root = _catalog_setup(tmp_path, "../../outside/cat.yaml")
    code, report, out, _ = check(root)
    _assert_catalog_refused(report, out, code)


@pytest.mark.xfail(strict=True, reason="issue 17: a catalogs: folder ../../.. is walked and its files named")
def test_a_catalog_folder_far_outside_is_not_walked(tmp_path):
    root = _catalog_setup(tmp_path, "../../outside")
    code, report, out, _ = check(root)
    _assert_catalog_refused(report, out, code)


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: a symlink inside the model leads catalogs: outside")
def test_a_symlinked_catalog_pointing_outside_is_refused(tmp_path):
    root = _catalog_setup(tmp_path, "catalogs/cat.yaml")
    (root / "catalogs").mkdir()
    os.symlink(tmp_path / "outside" / "cat.yaml", root / "catalogs" / "cat.yaml")
    code, report, out, _ = check(root)
    _assert_catalog_refused(report, out, code)


@pytest.mark.skipif(not os.path.exists("/etc/passwd"), reason="needs /etc/passwd")
@pytest.mark.xfail(strict=True, reason="issue 17: catalogs: [/etc/passwd] is opened and read")
def test_etc_passwd_as_a_manifest_catalog_is_refused_without_reading_it(tmp_path):
    root = write_model(tmp_path / "model", {"units.yaml": UNITS}, manifest=HEAD + "catalogs: [/etc/passwd]\n")
    code, report, out, err = check(root)
    at_line = at_catalogs_line(report)
    assert code == 1 and len(at_line) == 1 and at_line[0]["severity"] == "error", at_line
    assert "root:" not in out and "/bin/" not in out
    # refused for where it is, not for what it holds (today: "a catalog file needs 'catalog: <id>'")
    assert "catalog:" not in at_line[0]["message"] and "entries" not in at_line[0]["message"]


def test_a_catalog_beside_the_model_and_an_absolute_one_from_the_command_line_are_used(tmp_path):
    """Non-regression: inside the model's parent folder (no repository), and --catalog anywhere."""
    (tmp_path / "work" / "shared").mkdir(parents=True)
    (tmp_path / "work" / "shared" / "cat.yaml").write_text(CATALOG, encoding="utf-8")
    root = write_model(tmp_path / "work" / "model", {"units.yaml": USES_IT},
                       manifest=HEAD + "catalogs: [../shared/cat.yaml]\n")
    code, report, out, err = check(root, "--fail-on", "never")
    assert "ref-unknown-capability" not in [f["rule"] for f in report["findings"]]
    assert at_catalogs_line(report) == []
    _catalog_setup(tmp_path, "x")
    plain = write_model(tmp_path / "plain", {"units.yaml": USES_IT}, manifest=HEAD)
    code, report, out, err = check(plain, "--catalog", str(tmp_path / "outside" / "cat.yaml"), "--fail-on", "never")
    assert "ref-unknown-capability" not in [f["rule"] for f in report["findings"]]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_in_a_repository_a_catalog_anywhere_in_the_repository_is_used(tmp_path):
    """Non-regression: the bound is the repository, not the model's parent folder."""
    repo = tmp_path / "repo"
    (repo / "shared").mkdir(parents=True)
    (repo / "shared" / "cat.yaml").write_text(CATALOG, encoding="utf-8")
    root = write_model(repo / "provinces" / "tay-ninh" / "model", {"units.yaml": USES_IT},
                       manifest=HEAD + "catalogs: [../../../shared/cat.yaml]\n")
    _git(repo, "init", "-q")
    code, report, out, err = check(root, "--fail-on", "never")
    assert "ref-unknown-capability" not in [f["rule"] for f in report["findings"]], err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.xfail(strict=True, reason="issue 17: catalogs: may leave the repository holding the model")
def test_in_a_repository_a_catalog_outside_the_repository_is_refused(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "cat.yaml").write_text(CATALOG, encoding="utf-8")
    repo = tmp_path / "repo"
    root = write_model(repo / "model", {"units.yaml": USES_IT}, manifest=HEAD + "catalogs: [../../outside/cat.yaml]\n")
    _git(repo, "init", "-q")
    code, report, out, _ = check(root)
    _assert_catalog_refused(report, out, code)
