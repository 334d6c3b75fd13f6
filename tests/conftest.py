"""Shared test helpers: write small models into tmp folders and run the CLI in-process."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archtool.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tay-ninh"
TODAY = dt.date(2026, 11, 21)

MANIFEST = """\
archtool: 1
model:
  id: {id}
  name: Mô hình thử
  kind: {kind}
"""

UNITS = """\
units:
  - id: so-khcn
    name: Sở Khoa học và Công nghệ
    level: province
"""


def write_model(root: Path, files: dict[str, str | bytes], *, id: str = "test", kind: str = "e-government",
                manifest: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if manifest is not False:
        (root / "archtool.yaml").write_text(manifest if manifest is not None else MANIFEST.format(id=id, kind=kind),
                                            encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def model_dir(tmp_path: Path):
    def make(files: dict[str, str | bytes], **kw: Any) -> Path:
        return write_model(tmp_path / "model", files, **kw)

    return make


def run_cli(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    res = runner.invoke(app, [str(a) for a in args])
    return res.exit_code, res.stdout, res.stderr


def check_json(path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("check", str(path), "--format", "json", "--as-of", TODAY.isoformat(), *extra)
    assert out, f"no output; stderr: {err}"
    return code, json.loads(out)


def rules_of(report: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in report["findings"]]


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Keep the parse cache of the test runs out of the user's cache directory."""
    import os

    old = os.environ.get("ARCHTOOL_CACHE_DIR")
    os.environ["ARCHTOOL_CACHE_DIR"] = str(tmp_path_factory.mktemp("archtool-cache"))
    yield
    if old is None:
        os.environ.pop("ARCHTOOL_CACHE_DIR", None)
    else:
        os.environ["ARCHTOOL_CACHE_DIR"] = old
