"""The CI kit installs archtool's own distribution (archtool-vn, never the unrelated "archtool" on
PyPI), runs on Linux, Windows and macOS runners, and pins versions that match pyproject.toml."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OSES = {"ubuntu-latest", "windows-latest", "macos-latest"}


def _requirements() -> list[str]:
    project = PYPROJECT["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["test"]]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ @]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(path: Path) -> dict[str, list[str]]:
    pins: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = re.match(r"([\w.-]+)==([\w.]+)", line).groups()
            pins.setdefault(name.lower().replace("_", "-"), []).append(version)
    return pins


def test_the_distribution_has_a_name_of_its_own():
    assert PYPROJECT["project"]["name"] == "archtool-vn"
    assert PYPROJECT["project"]["scripts"] == {"archtool": "archtool.cli:main"}


def test_no_install_instruction_installs_someone_elses_archtool():
    """`pip install archtool`, `pipx install archtool` or `uv tool install archtool` would install the
    unrelated PyPI package; every recipe names archtool-vn, a path, a URL or a wheel."""
    bad = re.compile(r"(pip3?|pipx|uv pip|uv tool) install(?: -[-\w]+)* [\"']?archtool(?![-\w./])")
    files = [ROOT / "README.md", ROOT / "action.yml", ROOT / "ci" / "gitlab-ci.yml", ROOT / ".ci" / "run",
             *(ROOT / "docs").rglob("*.md")]
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in bad.finditer(line):
                warned = re.search(r"(do not|đừng)\W*$", line[:m.start()], re.I)  # "do not `pip install archtool`"
                assert warned, f"{path.relative_to(ROOT)}:{n}: {line}"
    job = yaml.safe_load((ROOT / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))["archtool-check"]
    assert job["variables"]["ARCHTOOL_PACKAGE"].startswith("archtool-vn")
    assert any("m.version('archtool-vn')" in line for line in job["script"])
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert 'pip install -q "${pins[@]}" "$ACTION_PATH"' in action and "m.version('archtool-vn')" in action


def test_every_requirement_has_a_tested_pin_and_a_tested_lower_bound():
    pinned = _pins(ROOT / "ci" / "constraints.txt")
    lowest = _pins(ROOT / "ci" / "constraints-lowest.txt")
    for requirement in _requirements():
        name = _name(requirement)
        if name == "tomli":
            continue  # Python 3.10 only
        assert name in pinned, name
        bound = re.search(r">=([\w.]+)", requirement)
        assert bound, f"{requirement}: no lower bound"
        assert lowest.get(name) == [bound.group(1)] or lowest.get(name, [""])[0].startswith(bound.group(1)), (
            f"{name}: pyproject says >={bound.group(1)}, ci/constraints-lowest.txt {lowest.get(name)}")
    for extra in ("pre-commit", "check-jsonschema", "mkdocs", "mkdocs-material"):
        assert extra in pinned, extra


def test_typer_is_pinned_to_the_internals_the_cli_uses():
    typer = next(r for r in PYPROJECT["project"]["dependencies"] if _name(r) == "typer")
    assert "<0.30" in typer
    import typer as installed

    assert installed.__version__.startswith("0.29."), "archtool/cli.py is written for typer 0.29"


def _workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on:` as true
        data["on"] = data.pop(True)
    return data


def test_the_test_workflow_covers_three_systems_and_three_version_sets():
    workflow = _workflow(ROOT / "ci" / "github-tests.yml")
    matrix = workflow["jobs"]["tests"]["strategy"]["matrix"]
    assert set(matrix["os"]) == OSES
    deps = {entry["deps"] for entry in matrix["include"]} | set(matrix["deps"])
    assert deps == {"pinned", "newest", "lowest"}
    assert {entry["os"] for entry in matrix["include"] if entry["deps"] == "newest"} == OSES
    install = next(s for s in workflow["jobs"]["tests"]["steps"] if s.get("name", "").startswith("Install"))
    for needle in ("ci/constraints.txt", "ci/constraints-lowest.txt", "--upgrade --upgrade-strategy eager"):
        assert needle in install["run"]
    assert all(s.get("shell", "bash") == "bash" for s in workflow["jobs"]["tests"]["steps"] if "run" in s)


def test_the_page_workflow_runs_the_action_on_three_systems():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if re.search(r"^jobs:", b, re.M))
    job = yaml.safe_load(block)["jobs"]["check"]
    assert set(job["strategy"]["matrix"]["os"]) == OSES and job["runs-on"] == "${{ matrix.os }}"


def test_the_workflows_validate_against_githubs_schema():
    import jsonschema

    builtin = pytest.importorskip("check_jsonschema.builtin_schemas",
                                  reason="check-jsonschema is not installed (.ci/run installs it)")
    schema = builtin.get_builtin_schema("vendor.github-workflows")
    validator = jsonschema.validators.validator_for(schema)(schema)
    workflow = _workflow(ROOT / "ci" / "github-tests.yml")
    assert [e.message for e in validator.iter_errors(workflow)] == []
    broken = {**workflow, "jobs": {"tests": {**workflow["jobs"]["tests"], "runs-on": None}}}
    assert list(validator.iter_errors(broken))  # the validation can fail
