"""Issue 17, wrong results and injection.

A result-cache entry is trusted only for the key it was written under, the key covers archtool's
dependencies, and in CI (``CI=true``) the result cache is off unless asked for. Model text cannot
inject into what reads archtool's output: text output escapes control characters (no GitHub
workflow command at the start of a line, no terminal escape sequence), Markdown output neutralises
images, raw HTML and headings, and SARIF URIs are percent-encoded relative to a ``uriBaseId``.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import TODAY, UNITS, run_cli, write_model
from tests.hostile.blackbox import assert_no_crash, posix_only, result_cache_entries, run_process

HEAD = "archtool: 1\nmodel: {id: m, name: M, kind: e-government}\n"
DUPLICATES = """\
applications:
  - {id: mail-a, name: Thư điện tử A, owner: so-khcn, status: operational, security_level: 2, capabilities: [email]}
  - {id: mail-b, name: Thư điện tử B, owner: so-khcn, status: operational, security_level: 2, capabilities: [email]}
"""


def _check(root: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = run_cli("check", str(root), "--format", "json", "--as-of", TODAY.isoformat(), *extra)
    assert out, err
    return code, json.loads(out)


def _rules(report: dict) -> list[str]:
    return sorted(f["rule"] for f in report["findings"])


# ---------------------------------------------------------------------------------------------
# the result cache


@pytest.mark.xfail(strict=True, reason="issue 17: a result-cache entry is trusted as is (a misplaced entry gives 'no findings')")
def test_a_planted_result_cache_entry_is_not_trusted(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(cache))
    monkeypatch.delenv("CI", raising=False)  # the result cache is on
    bad = write_model(tmp_path / "bad", {"units.yaml": UNITS, "apps.yaml": DUPLICATES})
    code, truth = _check(bad, "--no-cache")
    assert code == 1 and "dup-capability" in _rules(truth)
    clean = write_model(tmp_path / "clean", {"units.yaml": UNITS})
    code, _ = _check(clean, "--fail-on", "never")
    (clean_entry,) = result_cache_entries(cache)
    code, _ = _check(bad)  # writes the entry of the bad model
    (bad_entry,) = [p for p in result_cache_entries(cache) if p != clean_entry]
    bad_entry.write_bytes(clean_entry.read_bytes())  # planted: another model's (valid) entry
    code, report = _check(bad)
    assert code == 1 and _rules(report) == _rules(truth)


def _fake_distributions(folder: Path, names: list[str]) -> Path:
    """Metadata saying other versions of archtool's dependencies are installed (first on sys.path);
    the packages themselves still import from site-packages."""
    for name in names:
        info = folder / f"{name}-999.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 999.0\n", encoding="utf-8")
    return folder


@pytest.mark.xfail(strict=True, reason="issue 17: the result-cache key ignores the versions of archtool's dependencies")
def test_the_result_cache_key_covers_the_dependencies_versions(tmp_path):
    cache = tmp_path / "cache"
    model = write_model(tmp_path / "m", {"units.yaml": UNITS, "apps.yaml": DUPLICATES})
    args = ("check", model, "--format", "json", "--as-of", TODAY.isoformat())
    first = run_process(*args, cache_dir=cache)
    assert first.returncode == 1, first.stderr
    entries = result_cache_entries(cache)
    assert len(entries) == 1
    again = run_process(*args, cache_dir=cache)  # same installation: the entry answers, none is added
    assert again.returncode == 1 and result_cache_entries(cache) == entries
    fake = _fake_distributions(tmp_path / "site", ["pydantic", "PyYAML", "rapidfuzz", "networkx", "openpyxl"])
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env.update(ARCHTOOL_CACHE_DIR=str(cache), PYTHONPATH=os.pathsep.join([str(fake), env.get("PYTHONPATH", "")]))
    upgraded = run_process(*args, cache_dir=cache, env=env)
    assert upgraded.returncode == 1, upgraded.stderr
    assert json.loads(upgraded.stdout)["findings"] == json.loads(first.stdout)["findings"]
    assert len(result_cache_entries(cache)) == 2, "the entry of the other dependency versions was reused"


@pytest.mark.xfail(strict=True, reason="issue 17: with CI=true the result cache is used (CI caches are shared across branches)")
@pytest.mark.parametrize("value", ["true", "1"])
def test_with_ci_set_the_result_cache_is_off_unless_asked_for(tmp_path, monkeypatch, value):
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(cache))
    monkeypatch.setenv("CI", value)
    model = write_model(tmp_path / "m", {"units.yaml": UNITS, "apps.yaml": DUPLICATES})
    for _ in range(2):
        code, report = _check(model)
        assert code == 1 and "dup-capability" in _rules(report)
    assert result_cache_entries(cache) == []


# ---------------------------------------------------------------------------------------------
# text output

PAYLOAD = "x\n::error file=README.md,line=1::pwned\n\x1b[2J\x1b]0;owned\x07"
YAML_PAYLOAD = '"x\\n::error file=README.md,line=1::pwned\\n\\e[2J\\e]0;owned\\a"'


def _text_injection_model(root: Path) -> Path:
    return write_model(root, {
        "units.yaml": (f"units:\n  - id: so-khcn\n    name: Sở KHCN\n    level: {YAML_PAYLOAD}\n"
                       f"  - id: so-tc\n    name: Sở TC\n    level: province\n    {YAML_PAYLOAD}: 1\n"),
    })


def _assert_inert_text(text: str) -> None:
    assert "pwned" in text  # the bad value is shown ...
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), f"a workflow command starts a line: {line!r}"
    assert "\x1b" not in text and "\x07" not in text  # ... but no escape sequence reaches the terminal


@pytest.mark.xfail(strict=True, reason="issue 17: text output prints model text raw (::error at a line start, ESC)")
def test_check_text_output_escapes_control_characters(tmp_path):
    root = _text_injection_model(tmp_path / "m")
    code, out, err = run_cli("check", str(root), "--as-of", TODAY.isoformat(), "--no-cache")
    assert code == 1
    _assert_inert_text(out)


def _proposal_and_models(tmp_path: Path) -> tuple[Path, Path, Path]:
    name = '"Dự án x\\n::error file=README.md,line=1::pwned\\n\\e[31m đỏ"'
    model = write_model(tmp_path / "m", {"units.yaml": UNITS})
    proposal = tmp_path / "de-xuat.yaml"
    proposal.write_text(f"projects:\n  - id: da-moi\n    name: {name}\n    owner: so-khcn\n    status: proposed\n",
                        encoding="utf-8")
    new = write_model(tmp_path / "m2", {"units.yaml": UNITS, "p.yaml": proposal.read_text(encoding="utf-8")})
    return model, proposal, new


@pytest.mark.xfail(strict=True, reason="issue 17: review text output prints model text raw")
def test_review_text_output_escapes_control_characters(tmp_path):
    model, proposal, _ = _proposal_and_models(tmp_path)
    code, out, err = run_cli("review", str(proposal), "--against", str(model), "--as-of", TODAY.isoformat())
    assert_no_crash(out, err)
    _assert_inert_text(out)


@pytest.mark.xfail(strict=True, reason="issue 17: diff text output prints model text raw")
def test_diff_text_output_escapes_control_characters(tmp_path):
    model, _, new = _proposal_and_models(tmp_path)
    code, out, err = run_cli("diff", str(model), str(new), "--as-of", TODAY.isoformat())
    assert_no_crash(out, err)
    _assert_inert_text(out)


def test_github_output_keeps_one_command_per_line(tmp_path):
    """Guard: --format github already escapes newlines (%0A); the escaping of text must not undo it."""
    root = _text_injection_model(tmp_path / "m")
    code, out, err = run_cli("check", str(root), "--format", "github", "--as-of", TODAY.isoformat(), "--no-cache")
    lines = [line for line in out.splitlines() if line.strip()]
    commands = [line for line in lines if line.startswith("::")]
    assert [line for line in commands if "pwned" in line]
    for line in commands:
        assert re.match(r"^::(error|warning|notice) ", line), line
    assert not [line for line in lines if "::error file=README.md" in line and not line.startswith("::")]


# ---------------------------------------------------------------------------------------------
# markdown output (written into the GitHub job summary by action.yml)

IMG = "![x](https://evil.example/pixel.png)"
RAW = "<img src=https://evil.example/raw.png>"
MD_NAME = f'"{IMG} {RAW}\\n# Heading from a newline"'


def _rendered(markdown: str) -> str:
    from markdown_it import MarkdownIt  # installed with rich

    return MarkdownIt("commonmark").enable("table").render(markdown)


def _assert_inert_markdown(markdown: str) -> None:
    html = _rendered(markdown)
    assert "evil" in html  # the text is still shown
    assert "<img" not in html, [m for m in re.findall(r"<img[^>]*>", html)]
    for level, body in re.findall(r"<h([1-6])>(.*?)</h\1>", html, flags=re.S):
        assert "Heading from a newline" not in body, f"model text became a heading: {body!r}"


def _md_model(root: Path) -> Path:
    return write_model(root, {
        "units.yaml": (f"units:\n  - id: so-khcn\n    name: Sở KHCN\n    level: province\n"
                       f"  - id: so-x\n    name: Sở X\n    level: \"{IMG}\"\n"
                       f"  - id: so-y\n    name: Sở Y\n    level: province\n    \"{IMG} {RAW}\": 1\n"),
    })


def test_check_markdown_neutralises_images_html_and_headings(tmp_path):
    code, out, err = run_cli("check", str(_md_model(tmp_path / "m")), "--format", "markdown",
                             "--as-of", TODAY.isoformat(), "--no-cache")
    assert code == 1
    _assert_inert_markdown(out)


def _md_proposal(tmp_path: Path) -> tuple[Path, Path, Path]:
    model = write_model(tmp_path / "m", {"units.yaml": UNITS})
    text = f"projects:\n  - id: da-moi\n    name: {MD_NAME}\n    owner: so-khcn\n    status: proposed\n"
    proposal = tmp_path / "de-xuat.yaml"
    proposal.write_text(text, encoding="utf-8")
    new = write_model(tmp_path / "m2", {"units.yaml": UNITS, "p.yaml": text})
    return model, proposal, new


def test_review_markdown_neutralises_images_html_and_headings(tmp_path):
    model, proposal, _ = _md_proposal(tmp_path)
    code, out, err = run_cli("review", str(proposal), "--against", str(model), "--format", "markdown",
                             "--as-of", TODAY.isoformat())
    assert_no_crash(out, err)
    _assert_inert_markdown(out)


def test_diff_markdown_neutralises_images_html_and_headings(tmp_path):
    model, _, new = _md_proposal(tmp_path)
    code, out, err = run_cli("diff", str(model), str(new), "--format", "markdown", "--as-of", TODAY.isoformat())
    assert_no_crash(out, err)
    _assert_inert_markdown(out)


# ---------------------------------------------------------------------------------------------
# SARIF

NAMES = ["a b#c?.yaml", "hệ thống %41.yaml"] + (["dòng\nmới.yaml"] if os.name == "posix" else [])


def _sarif_model(root: Path) -> Path:
    files = {"units.yaml": UNITS}
    for name in NAMES:
        files[name] = "units:\n  - id: [broken\n"  # a syntax error: one finding located in this file
    return write_model(root, files)


def _artifact_locations(out: str) -> list[dict]:
    sarif = json.loads(out)
    return [loc["physicalLocation"]["artifactLocation"] for r in sarif["runs"][0]["results"]
            for loc in r.get("locations", [])]


URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$")  # RFC 3986, percent-encoded


@pytest.mark.xfail(strict=True, reason="issue 17: SARIF artifactLocation.uri is not percent-encoded")
def test_sarif_uris_are_percent_encoded(tmp_path, monkeypatch):
    root = _sarif_model(tmp_path / "m")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("check", str(root), "--format", "sarif", "--as-of", TODAY.isoformat(), "--no-cache")
    assert code == 1, err
    locations = _artifact_locations(out)
    for name in NAMES:
        hits = [loc for loc in locations if urllib.parse.unquote(loc["uri"]).endswith(name)]
        assert hits, (name, [loc["uri"] for loc in locations])
    for loc in locations:
        assert URI_CHARS.match(loc["uri"]), loc["uri"]
        assert not loc["uri"].startswith("/")


@pytest.mark.xfail(strict=True, reason="issue 17: SARIF results carry no uriBaseId; URIs depend on the working folder")
def test_sarif_uris_carry_a_uri_base_id_and_do_not_depend_on_the_working_folder(tmp_path, monkeypatch):
    root = _sarif_model(tmp_path / "m")
    seen = []
    (tmp_path / "other").mkdir()
    for cwd in (tmp_path, root, tmp_path / "other"):
        monkeypatch.chdir(cwd)
        code, out, err = run_cli("check", str(root), "--format", "sarif", "--as-of", TODAY.isoformat(), "--no-cache")
        locations = _artifact_locations(out)
        assert locations and all(isinstance(loc.get("uriBaseId"), str) and loc["uriBaseId"] for loc in locations)
        seen.append(sorted((loc["uriBaseId"], loc["uri"]) for loc in locations))
    assert seen[0] == seen[1] == seen[2]
