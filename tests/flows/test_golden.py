"""``diff``, ``merge`` and ``import`` write the same bytes as before their national-scale speed-up
(issue 18): each case of ``tests/flows/golden/make.py`` is run as a whole process and every byte it
prints or writes is compared with the expected output made by the code without that work (a
synthetic model of 250 elements with renames, edited names, text for every YAML writer, its
workbook; the examples)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.flows.golden import make

CASES = dict(make.CASES)


def _expected(name: str) -> dict[str, bytes]:
    root = make.EXPECTED / name
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_bytes_as_before(name: str, tmp_path: Path) -> None:
    got = make.run_case(name, CASES[name], tmp_path)
    want = _expected(name)
    assert sorted(got) == sorted(want)
    for rel in want:
        if got[rel] != want[rel]:
            lines = difflib.unified_diff(want[rel].decode(errors="replace").splitlines(),
                                         got[rel].decode(errors="replace").splitlines(), "expected", "got", lineterm="", n=1)
            pytest.fail(f"{name}/{rel} differs:\n" + "\n".join(list(lines)[:40]))
