"""The package list in pyproject.toml is explicit (templates/ ships as archtool.templates); a new
package folder that is not listed would be missing from a non-editable install."""

from __future__ import annotations

import pytest

from archtool.publish.templating import builtin_dir

TEMPLATE_NAMES = ("plan.md.j2", "report.html.j2")
from tests.conftest import ROOT

tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+")


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    # every folder holding a file archtool ships: code, and data-only folders such as the catalogs
    # (setuptools warns on install about an importable folder that is not listed)
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "archtool").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    data = config["package-data"]
    assert "*.yaml" in data["archtool.catalogs.data"]
    assert config["package-dir"]["archtool.templates"] == "templates"


def test_builtin_templates_are_found() -> None:
    for name in TEMPLATE_NAMES:
        assert (builtin_dir() / name).is_file()
