"""The documentation site and the CI kit: generated references match the code, the tutorial models
still check, every page is in the nav, and the CI definitions are valid and work as documented."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools import docgen
from tests.conftest import ROOT, TODAY, check_json, run_cli

DOCS = ROOT / "docs"
TUTORIAL = ROOT / "examples" / "tutorial"
BIN = Path(sys.executable).parent


# -- generated references -----------------------------------------------------------------------------

def test_committed_reference_pages_match_the_code(tmp_path: Path) -> None:
    assert docgen.main([str(tmp_path)]) == 0
    stale = [p.name for p in sorted(tmp_path.glob("*.md"))
             if not (DOCS / "reference" / p.name).is_file()
             or (DOCS / "reference" / p.name).read_bytes() != p.read_bytes()]
    assert not stale, f"docs/reference/{stale} out of date; regenerate with `{docgen.REGENERATE}`"


def test_check_mode_names_stale_pages_and_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docgen.main([str(tmp_path)])
    assert docgen.main([str(tmp_path), "--check"]) == 0
    (tmp_path / "rules.md").write_text("old\n", encoding="utf-8")
    assert docgen.main([str(tmp_path), "--check"]) == 1
    err = capsys.readouterr().err
    assert "rules.md" in err and docgen.REGENERATE in err and "cli.md" not in err


def test_rule_reference_documents_every_rule_with_its_example() -> None:
    from archtool.rules.registry import by_category as all_rules

    page = docgen.rules_page()
    for r in all_rules():
        assert f"\n### {r.id}\n" in page and r.title.vi in page and r.rationale.en in page
        if r.example:
            assert r.example.rstrip() in page


def test_catalog_reference_highlights_unverified_entries() -> None:
    from archtool.catalogs import load

    cats = load()
    page, unverified = docgen.catalogs_page(), docgen.unverified_page()
    rows = [line for line in page.splitlines() if line.startswith("| `") and "chưa xác minh / unverified" in line]
    assert len(rows) == sum(not e.verified for e in cats.entries.values()) > 0
    for e in cats.entries.values():
        assert f"`{e.id}`" in page
        assert (f"`{e.id}`" in unverified) == (not e.verified or bool(docgen._flags(e.data)))


def test_cli_reference_lists_every_command_and_option() -> None:
    page = docgen.cli_page()
    for command in ("archtool check", "archtool schema", "archtool rules", "archtool catalog list",
                    "archtool catalog show"):
        assert f" {command}\n" in page
    for option in ("`--fail-on`", "`--as-of`", "`--catalog`", "`--version`"):
        assert option in page
    assert "`error` \\| `warning` \\| `info` \\| `never`" in page


# -- site structure -----------------------------------------------------------------------------------

def _nav_pages(nav: list) -> list[str]:
    out = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        out += _nav_pages(value) if isinstance(value, list) else [value]
    return out


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    missing, absent = sorted(set(pages) - set(nav)), sorted(set(nav) - set(pages))
    assert not missing, f"add these pages to the nav in mkdocs.yml: {missing}"
    assert not absent, f"nav entries without a page: {absent}"
    assert len(nav) == len(set(nav))
    assert len(pages) >= 10
    assert config["theme"]["font"] is False
    # search in Vietnamese and English; offline: the site works from file:// (tests/test_docs_offline.py)
    assert config["plugins"] == [{"search": {"lang": ["vi", "en"]}}, "offline"]


# -- tutorial -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("step", ["1-egov", "2-smart-city"])
def test_tutorial_steps_load_cleanly(step: str) -> None:
    code, report = check_json(TUTORIAL / step, "--fail-on", "never")
    assert code == 0
    broken = [f for f in report["findings"] if f["category"] in ("syntax", "schema", "reference")]
    assert broken == [], broken


def test_tutorial_typo_walkthrough_matches_the_page(tmp_path: Path) -> None:
    shutil.copytree(TUTORIAL, tmp_path / "tutorial")
    platforms = tmp_path / "tutorial" / "2-smart-city" / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    assert "uses: [lgsp, kho-du-lieu]" in text
    platforms.write_text(text.replace("uses: [lgsp, kho-du-lieu]", "uses: [lgps, kho-du-lieu]"), encoding="utf-8")
    code, out, _ = run_cli("check", str(tmp_path / "tutorial" / "2-smart-city"), "--as-of", TODAY.isoformat(),
                           "--lang", "vi")
    assert code == 1
    page = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    out_lines = out.splitlines()
    at = [i for i, line in enumerate(out_lines) if "ref-unresolved" in line]
    assert len(at) == 1 and "'lgsp'" in out_lines[at[0]]
    lines = out_lines[at[0]:at[0] + 2]  # the finding and its suggestion
    assert "Gợi ý" in lines[1]
    for line in lines:
        assert line in page, f"docs/tutorial.md no longer shows the real output: {line}"


# -- CI kit -------------------------------------------------------------------------------------------

def _hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_pre_commit_hook_definition() -> None:
    hooks = _hooks()
    assert isinstance(hooks, list) and [h["id"] for h in hooks] == ["archtool-check"]
    hook = hooks[0]
    for key in ("id", "name", "entry", "language"):
        assert isinstance(hook.get(key), str) and hook[key]
    assert hook["entry"] == "archtool check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["args"] == ["."]
    re.compile(hook["files"])


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_composite_action_definition() -> None:
    action = _action()
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    declared = set(action["inputs"])
    assert {"model", "fail-on", "lang", "sarif-file"} <= declared
    for step in steps:
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "pass inputs through env:, never interpolate them into scripts"
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]
    used = set(re.findall(r"inputs\.([\w-]+)", (ROOT / "action.yml").read_text(encoding="utf-8")))
    assert used <= declared, used - declared
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    check = next(s for s in steps if s.get("id") == "check")
    assert "--format sarif" in check["run"] and "--format markdown" in check["run"]
    assert "GITHUB_STEP_SUMMARY" in check["run"]


def _gitlab_job() -> dict:
    return yaml.safe_load((ROOT / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))["archtool-check"]


def test_gitlab_snippet_definition() -> None:
    job = _gitlab_job()
    assert job["script"] and job["artifacts"]["when"] == "always"
    report = job["artifacts"]["reports"]["junit"]
    assert any(f"--output {report}" in line and "--format junit" in line for line in job["script"])


@pytest.mark.skipif(shutil.which("pre-commit", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}") is None,
                    reason="pre-commit is not installed (.ci/run installs it)")
def test_pre_commit_hook_runs_for_real(tmp_path: Path) -> None:
    """Run our hook definition with pre-commit in a git repository holding a model. The hook is used
    as a local hook (language: system, archtool from this environment) so the test stays fast; the
    rest of the definition (entry, args, pass_filenames, files) is ours, unchanged."""
    repo = tmp_path / "repo"
    shutil.copytree(TUTORIAL / "1-egov", repo)
    hook = {**_hooks()[0], "language": "system"}
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "SOURCE_DATE_EPOCH": "1795000000"}

    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=60)

    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    ok = run("pre-commit", "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "archtool check" in ok.stdout and "Passed" in ok.stdout
    platforms = repo / "platforms.yaml"
    platforms.write_text(platforms.read_text(encoding="utf-8").replace("uses: [lgsp]", "uses: [lgps]"), encoding="utf-8")
    bad = run("pre-commit", "run", "--all-files")
    assert bad.returncode == 1 and "Failed" in bad.stdout and "ref-unresolved" in bad.stdout


def _formats() -> set[str]:
    from archtool.render import FORMATS

    return set(FORMATS)


@pytest.mark.skipif(not {"sarif", "markdown"} <= _formats(), reason="needs the sarif and markdown formats")
def test_action_check_step_runs_as_written(tmp_path: Path) -> None:
    """Run the action's check step script with bash, as the runner would (inputs through env)."""
    check = next(s for s in _action()["runs"]["steps"] if s.get("id") == "check")
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    model = shutil.copytree(TUTORIAL, tmp_path / "tutorial") / "2-smart-city"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "MODEL": str(model),
           "FAIL_ON": "never", "CHECK_LANG": "en", "SARIF_FILE": str(tmp_path / "archtool.sarif"),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    res = subprocess.run(["bash", "-eo", "pipefail", "-c", check["run"]], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "exit-code=0" in output.read_text() and "sarif=true" in output.read_text()
    import json

    assert json.loads((tmp_path / "archtool.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert summary.read_text(encoding="utf-8").strip()


@pytest.mark.skipif("junit" not in _formats(), reason="needs the junit format")
def test_gitlab_script_runs_as_written(tmp_path: Path) -> None:
    model = shutil.copytree(TUTORIAL, tmp_path / "tutorial") / "2-smart-city"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "ARCHTOOL_MODEL": str(model)}
    for line in _gitlab_job()["script"]:
        if "pip install" in line:
            continue  # archtool is installed in this environment already
        res = subprocess.run(["bash", "-c", line], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert res.returncode in (0, 1), res.stderr
    assert (tmp_path / "archtool-junit.xml").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def _tool(name: str) -> str | None:
    return shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")


def _ci_page_blocks() -> dict[str, str]:
    """The copy-paste YAML examples of docs/ci.md, by what they are."""
    blocks = re.findall(r"```yaml\n(.*?)```", (DOCS / "ci.md").read_text(encoding="utf-8"), re.S)
    kinds = {"repos:": "pre-commit", "jobs:": "workflow", "include:": "gitlab"}
    out = {}
    for block in blocks:
        for key, kind in kinds.items():
            if re.search(rf"^{key}", block, re.M):
                out[kind] = block
    return out


def _schema_errors(schema_name: str, document: str) -> list[str]:
    """Validate a YAML document against a schema vendored by check-jsonschema (offline)."""
    import jsonschema

    builtin = pytest.importorskip("check_jsonschema.builtin_schemas", reason="check-jsonschema is not installed "
                                                                           "(.ci/run installs it)")
    schema = builtin.get_builtin_schema(schema_name)
    validator = jsonschema.validators.validator_for(schema)(schema)
    data = yaml.safe_load(document)
    if isinstance(data, dict) and True in data:  # YAML 1.1 reads the workflow key `on:` as true
        data["on"] = data.pop(True)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_ci_definitions_and_page_examples_validate_against_the_vendor_schemas() -> None:
    examples = _ci_page_blocks()
    assert set(examples) == {"pre-commit", "workflow", "gitlab"}
    for schema, document in (("vendor.github-actions", (ROOT / "action.yml").read_text(encoding="utf-8")),
                             ("vendor.github-workflows", examples["workflow"]),
                             ("vendor.gitlab-ci", (ROOT / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8")),
                             ("vendor.gitlab-ci", examples["gitlab"])):
        assert _schema_errors(schema, document) == [], schema
    broken = (ROOT / "action.yml").read_text(encoding="utf-8").replace("      shell: bash\n", "", 1)
    assert _schema_errors("vendor.github-actions", broken)  # the validation can fail
    workflow = yaml.safe_load(examples["workflow"])
    step = workflow["jobs"]["check"]["steps"][-1]
    assert set(step["with"]) <= set(_action()["inputs"])
    assert workflow["permissions"]["security-events"] == "write"


@pytest.mark.skipif(_tool("pre-commit") is None, reason="pre-commit is not installed (.ci/run installs it)")
def test_pre_commit_validates_the_hook_manifest_and_the_page_example(tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(_ci_page_blocks()["pre-commit"], encoding="utf-8")
    assert [h["id"] for h in yaml.safe_load(config.read_text())["repos"][0]["hooks"]] == ["archtool-check"]
    for cmd in (["validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], ["validate-config", str(config)]):
        res = subprocess.run([_tool("pre-commit"), *cmd], capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, res.stdout + res.stderr
