"""Every planner's machine: Windows paths typed with backslashes, the Graphviz renderer found
without a system package, and no POSIX-only mechanism outside a guarded path."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from archtool.publish import diagrams
from tests.conftest import ROOT, TODAY, UNITS, check_json, run_cli, write_model

APPS = "applications:\n  - {id: app, name: Ứng dụng, owner: so-khcn, uses: [lgsp]}\n"
BASE_MANIFEST = "archtool: 1\nmodel: {id: egov, name: Nền, kind: e-government}\n"
BASE_PLATFORMS = "platforms:\n  - {id: lgsp, name: LGSP, owner: so-khcn, capabilities: [integration-platform]}\n"
CATALOG = """\
catalog: tinh
version: "2026.1"
title: {vi: Danh mục của tỉnh, en: Province catalog}
entries:
  - {id: cap-rieng-tinh, kind: capability, name: Năng lực riêng, name_en: Own capability, citation: QĐ của tỉnh, verified: true}
"""


# -- backslashes --------------------------------------------------------------------------------

def test_backslashes_in_extends_include_and_catalogs(tmp_path: Path):
    base = write_model(tmp_path / "egov", {"units.yaml": UNITS, "platforms.yaml": BASE_PLATFORMS},
                       manifest=BASE_MANIFEST)
    manifest = ("archtool: 1\nmodel: {id: sc, name: ĐTTM, kind: smart-city}\n"
                "extends: ..\\egov\n"
                "include: ['systems\\*.yaml']\n"
                "catalogs: ['catalogs\\tinh.yaml']\n")
    root = write_model(tmp_path / "sc", {
        "systems/apps.yaml": "applications:\n  - {id: app, name: Ứng dụng, owner: so-khcn, uses: [lgsp], "
                             "capabilities: [cap-rieng-tinh]}\n",
        "catalogs/tinh.yaml": CATALOG}, manifest=manifest)
    code, report = check_json(root)
    rules = {f["rule"] for f in report["findings"]}
    assert not rules & {"extends-invalid", "include-no-match", "include-outside-root", "ref-unresolved",
                        "ref-unknown-capability", "catalog-invalid", "manifest-invalid", "yaml-syntax"}, rules
    _, text, _ = run_cli("check", str(root), "--lang", "en", "--as-of", TODAY.isoformat())
    assert "(3 elements)" in text  # the baseline's unit and platform, and the included application
    assert base.exists()


def test_a_backslash_path_cannot_leave_the_model(tmp_path: Path):
    manifest = "archtool: 1\nmodel: {id: sc, name: ĐTTM, kind: smart-city}\ninclude: ['..\\outside\\*.yaml']\n"
    write_model(tmp_path / "outside", {"apps.yaml": APPS}, manifest=False)
    root = write_model(tmp_path / "sc", {"units.yaml": UNITS}, manifest=manifest)
    _, report = check_json(root)
    assert [f["rule"] for f in report["findings"] if f["rule"] == "include-outside-root"] == ["include-outside-root"]


def test_init_accepts_a_backslash_baseline(tmp_path: Path):
    write_model(tmp_path / "egov", {"units.yaml": UNITS, "platforms.yaml": BASE_PLATFORMS}, manifest=BASE_MANIFEST)
    code, _, err = run_cli("init", str(tmp_path / "sc"), "--kind", "smart-city", "--extends", "..\\egov")
    assert code == 0, err
    assert "extends: ../egov" in (tmp_path / "sc" / "archtool.yaml").read_text(encoding="utf-8")


# -- the renderer -------------------------------------------------------------------------------

def _fake_program(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name + (".exe" if os.name == "nt" else ""))
    path.write_text("", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_system_dot_is_preferred(tmp_path: Path, monkeypatch):
    dot = _fake_program(tmp_path / "bin", "dot")
    pure = _fake_program(tmp_path / "venv", "graphviz-pure")
    monkeypatch.setenv("PATH", str(dot.parent))
    monkeypatch.setattr(diagrams, "script_dirs", lambda: [str(pure.parent)])
    assert Path(diagrams.find_renderer()) == dot


def test_graphviz_pure_is_found_beside_python_when_not_on_path(tmp_path: Path, monkeypatch):
    """pipx, uv tool and an unactivated venv put only ``archtool`` on PATH, not its dependency's binary."""
    pure = _fake_program(tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin"), "graphviz-pure")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(diagrams, "script_dirs", lambda: [str(pure.parent)])
    assert Path(diagrams.find_renderer()) == pure
    monkeypatch.setattr(diagrams, "script_dirs", lambda: [str(tmp_path / "nothing")])
    assert diagrams.find_renderer() is None


def test_script_dirs_name_this_environment():
    import sysconfig

    dirs = diagrams.script_dirs()
    assert sysconfig.get_path("scripts") in dirs and os.path.dirname(sys.executable) in dirs
    assert len(dirs) == len(set(dirs))


def test_hint_names_every_installer():
    for lang in ("vi", "en"):
        hint = diagrams.renderer_hint(lang)
        for word in ("apt-get", "brew", "winget", "choco", "pip install graphviz-pure"):
            assert word in hint, (lang, word)


def test_the_found_renderer_draws_vietnamese():
    binary = diagrams.find_renderer()
    if binary is None:
        pytest.skip("no renderer on this machine: neither dot nor graphviz-pure (pip install graphviz-pure)")
    svg = diagrams.render(binary, 'digraph { a [label="Sở Khoa học và Công nghệ", fontname="Arial"] }', "svg")
    assert b"<svg" in svg and "Sở Khoa học và Công nghệ".encode("utf-8") in svg
    png = diagrams.render(binary, "digraph { a -> b }", "png")
    assert png.startswith(b"\x89PNG")
    with pytest.raises(diagrams.RenderError):
        diagrams.render(binary, "digraph { a -> ", "svg")


def test_build_without_a_renderer_writes_dot_and_mermaid_and_says_how_to_install(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(diagrams, "find_renderer", lambda: None)
    root = write_model(tmp_path / "m", {"units.yaml": UNITS, "apps.yaml": APPS.replace(", uses: [lgsp]", "")})
    code, _, err = run_cli("build", str(root), "-o", str(tmp_path / "out"), "--as-of", TODAY.isoformat())
    assert code == 0 and "winget" in err and "pip install graphviz-pure" in err
    assert list((tmp_path / "out" / "diagrams").glob("*.dot")) and not list((tmp_path / "out").rglob("*.svg"))


def test_the_dependency_is_declared_where_wheels_exist():
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    line = next(m.group(1) for m in re.finditer(r'"(graphviz-pure[^"]+)"', text))
    req = Requirement(line)
    assert isinstance(req.marker, Marker)
    has_wheel = [("linux", "x86_64"), ("linux", "aarch64"), ("darwin", "x86_64"), ("darwin", "arm64"),
                 ("win32", "AMD64"), ("win32", "ARM64")]
    no_wheel = [("linux", "armv7l"), ("linux", "ppc64le"), ("win32", "x86"), ("freebsd14", "amd64")]
    for platform, machine in has_wheel:
        assert req.marker.evaluate({"sys_platform": platform, "platform_machine": machine}), (platform, machine)
    for platform, machine in no_wheel:
        assert not req.marker.evaluate({"sys_platform": platform, "platform_machine": machine}), (platform, machine)


# -- POSIX-only mechanisms ------------------------------------------------------------------------

#: (pattern, the files where it may appear, why it is safe there)
GUARDED = [
    (r"get_context\(\"fork\"\)", {"archtool/speed/reader.py", "archtool/speed/forked.py"},
     "only when sys.platform is linux; spawn elsewhere (reader.pool_context) or no second process (forked)"),
    (r"[\"']/proc/", {"archtool/speed/cores.py"}, "a string literal (a docstring may name it), read in a try: None elsewhere, then os.getloadavg or every core"),
    (r"getloadavg", {"archtool/speed/cores.py"}, "through getattr(os, \"getloadavg\", None) (absent on Windows), called in a try for OSError"),
]
FORBIDDEN = [r"\bos\.fork\(", r"^\s*import resource\b", r"^\s*import signal\b", r"\bsignal\.", r"\bos\.mkfifo\(",
             r"\bfcntl\b", r"\btermios\b", r"\bos\.(getuid|geteuid|setsid|killpg|getpgid)\("]


def test_no_posix_only_mechanism_outside_a_guarded_path():
    for path in sorted((ROOT / "archtool").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for pattern in FORBIDDEN:
            assert not re.search(pattern, text, re.M), (rel, pattern)
        for pattern, allowed, _why in GUARDED:
            if re.search(pattern, text):
                assert rel in allowed, (rel, pattern)
    reader = (ROOT / "archtool/speed/reader.py").read_text(encoding="utf-8")
    checks = (ROOT / "archtool/speed/checks.py").read_text(encoding="utf-8")
    assert 'if sys.platform.startswith("linux"):\n        return multiprocessing.get_context("fork")' in reader
    assert 'not sys.platform.startswith("linux")' in checks
