"""Every generated .mmd parses with the real Mermaid parser (npm ``mermaid`` with ``linkedom`` for
its DOM, no browser), run by tests/artefacts/mermaid/validate-mermaid.mjs.

.ci/run installs the pinned packages (tests/artefacts/mermaid/package-lock.json) into a cache folder
outside the repository and sets ARCHTOOL_MERMAID_DIR; without node or that folder the test skips."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, TODAY, run_cli

HERE = Path(__file__).parent / "mermaid"
CACHE = Path(os.environ.get("ARCHTOOL_MERMAID_DIR") or
             Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "archtool-mermaid")
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(
    NODE is None or not (CACHE / "node_modules" / "mermaid").is_dir(),
    reason=f"the Mermaid parser is not installed (needs node and `npm ci` of tests/artefacts/mermaid in {CACHE}; "
           ".ci/run does it)")


def parse(files: list[Path], tmp: Path) -> subprocess.CompletedProcess[str]:
    """Run the validator from a folder whose node_modules is the cached install."""
    work = tmp / "mermaid-run"
    work.mkdir(exist_ok=True)
    shutil.copy(HERE / "validate-mermaid.mjs", work)
    if not (work / "node_modules").exists():
        (work / "node_modules").symlink_to(CACHE / "node_modules", target_is_directory=True)
    return subprocess.run([NODE, str(work / "validate-mermaid.mjs"), *map(str, files)], capture_output=True,
                          text=True, timeout=300)


def test_every_generated_mermaid_file_parses(example_out: Path, tmp_path: Path) -> None:
    english = tmp_path / "en"
    code, _o, err = run_cli("build", EXAMPLE / "smart-city", "-o", english, "--lang", "en", "--as-of", TODAY.isoformat())
    assert code == 0, err
    files = sorted(example_out.glob("diagrams/*.mmd")) + sorted(english.glob("diagrams/*.mmd"))
    assert len(files) >= 2 * 20
    run = parse(files, tmp_path)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert f"{len(files)} passed, 0 failed" in run.stdout


def test_the_parser_refuses_a_broken_diagram(tmp_path: Path) -> None:
    good = tmp_path / "good.mmd"
    good.write_text('---\ntitle: "Chia sẻ dữ liệu: cơ sở dữ liệu"\n---\nflowchart LR\n  a["A"] --> b["B"]\n', encoding="utf-8")
    bad = tmp_path / "bad.mmd"
    bad.write_text("---\ntitle: Chia sẻ dữ liệu: cơ sở dữ liệu\n---\nflowchart LR\n  a[\"x] --> b\n", encoding="utf-8")
    run = parse([good, bad], tmp_path)
    assert run.returncode == 1 and "1 passed, 1 failed" in run.stdout and f"FAIL {bad}" in run.stdout
