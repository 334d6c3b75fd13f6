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
