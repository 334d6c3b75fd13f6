"""`[tool.archtool]` in pyproject.toml: defaults for `archtool check` (CLI > manifest > pyproject > defaults)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MANIFEST, TODAY, run_cli, write_model

# An empty element file is a warning (file-empty): exit 0 by default, 1 with fail-on = warning.
# The model is a deliberately bare e-government model, so its capability gaps are switched off.
FILES = {"units.yaml": "units:\n  - {id: so-khcn, name: Sở KH&CN, level: province}\n", "empty.yaml": ""}
RULES = "rules: {gap-capability: off}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_model(tmp_path / "arch" / "model", FILES, manifest=MANIFEST.format(id="test", kind="e-government") + RULES)
    return tmp_path


def check(model: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("check", str(model), "--as-of", TODAY.isoformat(), *extra)


def test_defaults_without_pyproject(repo: Path) -> None:
    code, out, _ = check(repo / "arch" / "model")
    assert code == 0 and "file-empty" in out


def test_ancestor_pyproject_sets_fail_on_lang_and_format(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.archtool]\nfail-on = "warning"\nlang = "en"\nformat = "json"\n')
    (repo / "arch" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # nearer, no table: skipped
    code, out, _ = check(repo / "arch" / "model")
    assert code == 1
    report = json.loads(out)
    assert [f["rule"] for f in report["findings"]] == ["file-empty"]
    assert report["findings"][0]["message"].startswith("The file")  # English


def test_command_line_and_manifest_win_over_pyproject(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.archtool]\nfail_on = "warning"\n')
    model = repo / "arch" / "model"
    assert check(model)[0] == 1
    assert check(model, "--fail-on", "error")[0] == 0
    manifest = MANIFEST.format(id="test", kind="e-government") + RULES + "check: {fail_on: never}\n"
    (model / "archtool.yaml").write_text(manifest, encoding="utf-8")
    assert check(model)[0] == 0
    assert check(model, "--fail-on", "warning")[0] == 1


def test_pyproject_in_current_directory(repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path_factory.mktemp("ci")
    (elsewhere / "pyproject.toml").write_text('[tool.archtool]\nfail-on = "info"\n')
    monkeypatch.chdir(elsewhere)
    assert check(repo / "arch" / "model")[0] == 1


@pytest.mark.parametrize("body, words", [
    ('[tool.archtool]\nfail-on = "loud"\n', ["fail-on", "loud", "error, warning, info, never"]),
    ('[tool.archtool]\ncolour = "red"\n', ["unknown key 'colour'"]),
    ('[tool.archtool\n', ["not valid TOML"]),
])
def test_bad_pyproject_is_a_clear_exit_2(repo: Path, body: str, words: list[str]) -> None:
    (repo / "pyproject.toml").write_text(body)
    code, out, err = check(repo / "arch" / "model")
    assert code == 2 and out == ""
    assert "pyproject.toml" in err and "Traceback" not in err
    for w in words:
        assert w in err


@pytest.mark.parametrize("source", ["pyproject", "manifest"])
def test_build_and_review_honour_the_same_option_sources_as_check(repo: Path, source: str) -> None:
    """`lang` from [tool.archtool] or the manifest's check: reaches build and review too (one
    pipeline resolves the options of every command that checks)."""
    model = repo / "arch" / "model"
    if source == "pyproject":
        (repo / "pyproject.toml").write_text('[tool.archtool]\nlang = "en"\n')
    else:
        (model / "archtool.yaml").write_text(MANIFEST.format(id="test", kind="e-government") + RULES +
                                             "check: {lang: en}\n", encoding="utf-8")
    assert "The file holds no data" in check(model)[1]
    code, _out, err = run_cli("build", str(model), "-o", str(repo / "out"), "--as-of", TODAY.isoformat())
    assert code == 0 and "files in" in err, err  # the build summary line is English
    assert "Findings" in _sheets(repo / "out" / "matrix.xlsx")  # English sheet names
    assert "## I. GOALS, SCOPE AND VISION" in (repo / "out" / "plan.md").read_text(encoding="utf-8")
    proposal = repo / "p.yaml"
    proposal.write_text("projects:\n  - {id: p, name: Dự án, owner: so-khcn, period: {start: 2026, end: 2027}}\n",
                        encoding="utf-8")
    code, out, err = run_cli("review", str(proposal), "--against", str(model), "--as-of", TODAY.isoformat())
    assert "ARCHITECTURE REVIEW OPINION" in out, out + err
    assert "--lang" in run_cli("review", "--help")[1]
    # the command line still wins
    code, out, _ = run_cli("review", str(proposal), "--against", str(model), "--lang", "vi")
    assert "Ý KIẾN THẨM ĐỊNH" in out


def _sheets(path: Path) -> list[str]:
    from openpyxl import load_workbook

    return load_workbook(path, read_only=True).sheetnames
