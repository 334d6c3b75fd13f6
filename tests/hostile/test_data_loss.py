"""Issue 17, data loss: archtool never removes or overwrites a file it did not write.

``build -o OUT`` keeps the files a user keeps in OUT, refuses a folder it did not create unless told
(``--force``), refuses a symbolic link as OUT, publishes all or nothing, and cleans the staging
folders a killed run left; the result cache only ever deletes its own entries; ``atomic_write``
keeps the mode of the file it replaces and honours the umask.
"""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

import pytest

from tests.conftest import UNITS, run_cli, write_model
from tests.hostile.blackbox import HANG_GUARD_S, popen, posix_only, result_cache_entries, run_process, snapshot

APPS = """\
applications:
  - id: portal
    name: Cổng thông tin điện tử tỉnh
    owner: so-khcn
    status: operational
    security_level: 2
    capabilities: [web-portal]
"""
PROJECT = """\
projects:
  - id: da-nang-cap
    name: Nâng cấp cổng thông tin
    owner: so-khcn
    status: proposed
    upgrades: [portal]
    period: {start: 2026, end: 2027}
    budget: [{source: local, amount: 5000000000}]
"""


def small_model(root: Path, project: bool = False) -> Path:
    files = {"units.yaml": UNITS, "apps.yaml": APPS}
    if project:
        files["projects.yaml"] = PROJECT
    return write_model(root, files)


def build(model: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("build", str(model), "-o", str(out), "--as-of", "2026-11-21", *extra)


# ---------------------------------------------------------------------------------------------
# files the user keeps in OUT


@pytest.mark.xfail(strict=True, reason="issue 17: build deletes every *.png|svg|dot|mmd in OUT/diagrams it did not write")
def test_a_file_the_user_kept_in_out_diagrams_survives_a_rebuild(tmp_path):
    model, out = small_model(tmp_path / "m"), tmp_path / "site"
    code, _, err = build(model, out)
    assert code == 0, err
    kept = {"diagrams/logo.png": b"\x89PNG user's logo", "diagrams/so-do-tay.svg": b"<svg>drawn by hand</svg>",
            "diagrams/notes.dot": b"digraph user {}"}
    for rel, data in kept.items():
        (out / rel).write_bytes(data)
    code, _, err = build(model, out)
    assert code == 0, err
    for rel, data in kept.items():
        assert (out / rel).is_file(), f"{rel} was deleted by the build"
        assert (out / rel).read_bytes() == data


def test_a_diagram_of_an_earlier_build_is_still_removed(tmp_path):
    """Non-regression for the fix above: what archtool wrote itself and no longer writes goes away."""
    out = tmp_path / "site"
    code, _, err = build(small_model(tmp_path / "m", project=True), out)
    assert code == 0, err
    old = sorted(p.name for p in (out / "diagrams").iterdir() if "da-nang-cap" in p.name)
    assert old, sorted(p.name for p in (out / "diagrams").iterdir())
    (tmp_path / "m" / "projects.yaml").unlink()
    code, _, err = build(tmp_path / "m", out)
    assert code == 0, err
    assert not [p.name for p in (out / "diagrams").iterdir() if "da-nang-cap" in p.name]


@pytest.mark.xfail(strict=True, reason="issue 17: build overwrites an existing non-empty folder it did not create")
def test_an_existing_non_empty_folder_archtool_did_not_create_is_refused(tmp_path):
    model, out = small_model(tmp_path / "m"), tmp_path / "docs"
    (out / "diagrams").mkdir(parents=True)
    (out / "plan.md").write_text("# Kế hoạch do phòng tự viết\n", encoding="utf-8")
    (out / "report.html").write_text("<p>bản của phòng</p>", encoding="utf-8")
    (out / "diagrams" / "layers.png").write_bytes(b"user picture")
    before = snapshot(out)
    code, stdout, err = build(model, out)
    assert code == 2, (code, err)
    assert "--force" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert snapshot(out) == before


@pytest.mark.xfail(strict=True, reason="issue 17: no --force; files the user kept are deleted")
def test_force_builds_into_a_foreign_folder_and_keeps_the_users_other_files(tmp_path):
    model, out = small_model(tmp_path / "m"), tmp_path / "docs"
    (out / "diagrams").mkdir(parents=True)
    (out / "ghi-chu.txt").write_text("ghi chú của phòng\n", encoding="utf-8")
    (out / "diagrams" / "logo.png").write_bytes(b"user logo")
    code, _, err = build(model, out, "--force")
    assert code == 0, err
    assert (out / "plan.md").is_file() and (out / "matrix.xlsx").is_file()
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "ghi chú của phòng\n"
    assert (out / "diagrams" / "logo.png").read_bytes() == b"user logo"


def test_an_existing_empty_folder_and_a_folder_of_an_earlier_build_are_used(tmp_path):
    """Non-regression: neither needs --force."""
    model, out = small_model(tmp_path / "m"), tmp_path / "empty"
    out.mkdir()
    code, _, err = build(model, out)
    assert code == 0, err
    code, _, err = build(model, out)
    assert code == 0, err
    assert (out / "report.html").is_file()


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: a symlinked output folder is followed (Staging resolves before is_symlink)")
def test_a_symlinked_output_folder_is_refused(tmp_path):
    """In CI a pull request commits ``site -> /anywhere``; ``build -o model/site`` must not write there."""
    model = small_model(tmp_path / "repo" / "model")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "diagrams").mkdir(parents=True)
    (elsewhere / "plan.md").write_text("someone else's plan\n", encoding="utf-8")
    (elsewhere / "diagrams" / "chart.svg").write_bytes(b"<svg>someone else's chart</svg>")
    os.symlink(elsewhere, model / "site", target_is_directory=True)
    before = snapshot(elsewhere)
    code, _, err = build(model, model / "site")
    assert code == 2, (code, err)
    assert "Traceback" not in err and "site" in err
    assert snapshot(elsewhere) == before


# ---------------------------------------------------------------------------------------------
# publishing is all or nothing


@pytest.mark.xfail(strict=True, reason="issue 17: publish is not atomic; files moved before the failing target stay")
def test_a_failed_publish_leaves_out_byte_identical_and_names_the_file(tmp_path):
    model, out = small_model(tmp_path / "m"), tmp_path / "site"
    code, _, err = build(model, out)
    assert code == 0, err
    (out / "report.html").unlink()
    (out / "report.html").mkdir()  # a target that cannot be replaced (like a file Word holds open)
    (out / "report.html" / "keep.txt").write_text("x", encoding="utf-8")
    (tmp_path / "m" / "more.yaml").write_text(
        "units:\n  - id: so-tc\n    name: Sở Tài chính\n    level: province\n", encoding="utf-8")  # new content
    before = snapshot(out)
    code, _, err = build(model, out)
    assert code == 2, (code, err)
    assert "report.html" in err and "Traceback" not in err
    assert snapshot(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("m", "site")]
    assert leftovers == [], leftovers


def _big_model(root: Path, apps: int = 2000) -> Path:
    """A model whose build takes a few seconds (the workbook of 2,000 applications)."""
    lines = ["units:"] + [f"  - {{id: u{i}, name: Đơn vị {i}, level: province}}" for i in range(40)]
    lines.append("applications:")
    lines += [f"  - {{id: app-{i}, name: Hệ thống thông tin {i}, owner: u{i % 40}, status: operational, "
              f"security_level: 2, capabilities: [web-portal]}}" for i in range(apps)]
    return write_model(root, {"elements.yaml": "\n".join(lines) + "\n"})


def _wait_for_staging(parent: Path, known: set[str], proc) -> list[Path]:
    """New entries beside OUT once the build has written a diagram into its staging folder."""
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline and proc.poll() is None:
        new = [p for p in parent.iterdir() if p.name not in known]
        if any(q.suffix == ".mmd" for p in new if p.is_dir() for q in p.rglob("*")):
            return new
        time.sleep(0.005)
    return []


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: staging folders of a killed build stay forever")
def test_staging_folders_left_by_a_killed_build_are_cleaned_by_the_next_run(tmp_path):
    model, out = _big_model(tmp_path / "m"), tmp_path / "site"
    known = {p.name for p in tmp_path.iterdir()}
    proc = popen("build", model, "-o", out, cache_dir=tmp_path / "cache")
    try:
        staging = _wait_for_staging(tmp_path, known | {"cache"}, proc)
        assert staging, "the build ended before it wrote its staging folder"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.communicate()
    assert all(p.exists() for p in staging)  # the precondition: SIGKILL leaves them behind
    # the next run is a new process (stale means: older than the running process)
    res = run_process("build", small_model(tmp_path / "m2"), "-o", out, "--as-of", "2026-11-21",
                      cache_dir=tmp_path / "cache")
    assert res.returncode == 0, res.stderr
    left = sorted(p.name for p in tmp_path.iterdir() if p.name not in known | {"cache", "m2", "site"})
    assert left == [], f"stale staging folders: {left}"


# ---------------------------------------------------------------------------------------------
# the result cache deletes only its own entries


def _first_entry(tmp_path: Path, cache: Path) -> Path:
    model = write_model(tmp_path / "first", {"units.yaml": UNITS})
    code, _, err = run_cli("check", str(model), "--as-of", "2026-11-21")
    assert code in (0, 1), err
    entries = result_cache_entries(cache)
    assert len(entries) == 1, entries
    return entries[0]


def _check_another_model(tmp_path: Path) -> None:
    model = write_model(tmp_path / "second", {"units.yaml": UNITS, "apps.yaml": APPS})
    code, _, err = run_cli("check", str(model), "--as-of", "2026-11-21")
    assert code in (0, 1), err


@pytest.mark.xfail(strict=True, reason="issue 17: result-cache pruning unlinks every file beyond the newest 16")
def test_result_cache_pruning_deletes_only_archtool_entries(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(cache))
    monkeypatch.delenv("CI", raising=False)  # the result cache is on
    folder = _first_entry(tmp_path, cache).parent
    foreign = []
    for i in range(20):
        p = folder / f"bao-cao-{i:02d}.docx"
        p.write_bytes(b"user's document %d" % i)
        os.utime(p, (1_000_000_000 + i, 1_000_000_000 + i))  # older than any entry
        foreign.append(p)
    _check_another_model(tmp_path)
    assert [p.name for p in foreign if not p.exists()] == []


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: a symlinked result-cache folder loses arbitrary files")
def test_a_symlinked_result_cache_folder_loses_no_file(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(cache))
    monkeypatch.delenv("CI", raising=False)  # the result cache is on
    entry = _first_entry(tmp_path, cache)
    folder = entry.parent
    documents = tmp_path / "Documents"
    documents.mkdir()
    for i in range(30):
        p = documents / f"tai-lieu-{i:02d}.xlsx"
        p.write_bytes(b"x" * i)
        os.utime(p, (1_000_000_000 + i, 1_000_000_000 + i))
    entry.rename(documents / entry.name)
    folder.rmdir()
    os.symlink(documents, folder, target_is_directory=True)
    before = {p.name for p in documents.iterdir()}
    _check_another_model(tmp_path)
    after = {p.name for p in documents.iterdir()}
    assert sorted(before - after) == []


# ---------------------------------------------------------------------------------------------
# modes of written files


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: atomic_write sets 0644 and widens an existing 0600 file")
@pytest.mark.parametrize("command", ["schema", "check"])
def test_rewriting_a_private_file_keeps_its_0600_mode(tmp_path, command):
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    args = ["schema", "-o", str(target)] if command == "schema" else \
        ["check", str(write_model(tmp_path / "m", {"units.yaml": UNITS})), "-o", str(target), "--fail-on", "never"]
    code, _, err = run_cli(*args)
    assert code == 0, err
    assert target.read_text(encoding="utf-8") != "old\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@posix_only
@pytest.mark.xfail(strict=True, reason="issue 17: atomic_write ignores the umask (always 0644)")
@pytest.mark.parametrize("command", ["schema", "check"])
def test_a_new_file_honours_the_umask(tmp_path, command):
    target = tmp_path / "new.txt"
    args = ["schema", "-o", str(target)] if command == "schema" else \
        ["check", str(write_model(tmp_path / "m", {"units.yaml": UNITS})), "-o", str(target), "--fail-on", "never"]
    old = os.umask(0o077)
    try:
        code, _, err = run_cli(*args)
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
