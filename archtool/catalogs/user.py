"""The catalogs of a run: the built-in ones plus the user's (``catalogs:`` of a manifest,
``--catalog``), each refused where it stands when a manifest may not name it (catalogs/files.py),
read within the bounds of model files, and left out with a located finding when it is bad."""

from __future__ import annotations

import copy
from pathlib import Path

from archtool.catalogs import Catalogs, _builtin
from archtool.catalogs.files import CatalogError, refusal
from archtool.catalogs.problems import CATALOG_INVALID
from archtool.findings import Finding, Location


def with_user_catalogs(user_paths: list[tuple[Path, Location, str, Path | None]]
                       ) -> tuple[Catalogs, list[Finding], list[tuple[str, str]]]:
    """The catalogs of a run: built-in plus the user's (``catalogs:`` of a manifest, ``--catalog``),
    each given as ``(path, the place that names it, the path as written, bound)``; a manifest's
    paths have the bound they must stay in (catalogs/files.py), the command line's None. A bad or
    refused user catalog is a finding at that place and is left out. Also returns ``(path,
    SHA-256)`` of every user catalog file read."""
    findings: list[Finding] = []
    good: list[tuple[Path, str, Path | None]] = []
    scratch: list[tuple[str, str]] = []
    for path, where, written, bound in user_paths:
        why = refusal(written, path, bound)
        if why is not None:
            findings.append(CATALOG_INVALID.finding(location=where, path=written, problem=why))
            continue
        if not path.exists():
            findings.append(CATALOG_INVALID.finding(location=where, path=written, problem="not found / không tìm thấy"))
            continue
        try:
            copy.deepcopy(_builtin()).add_path(path, written, scratch, bound)
            good.append((path, written, bound))
        except CatalogError as exc:
            findings.append(CATALOG_INVALID.finding(location=where, path=f"{exc.file}:{exc.line}", problem=exc.message))
        except OSError as exc:
            findings.append(CATALOG_INVALID.finding(location=where, path=written, problem=exc.strerror or str(exc)))
    cats = _builtin()
    if good:
        cats = copy.deepcopy(cats)
        for path, written, bound in good:
            cats.add_path(path, written, None, bound)
    return cats, findings, scratch
