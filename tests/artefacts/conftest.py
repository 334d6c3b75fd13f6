"""One build of the bundled example per test session, shared by the artefact tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, TODAY, run_cli


@pytest.fixture(scope="session")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("build") / "out"
    code, _out, err = run_cli("build", EXAMPLE / "smart-city", "-o", target, "--as-of", TODAY.isoformat())
    assert code == 0, err
    return target
