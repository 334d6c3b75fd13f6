"""What the CI-oriented formats (sarif, junit, github, markdown) share: paths as the CI sees them,
severity names of each format."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Callable

from archtool.findings import Finding

#: archtool severity -> SARIF level / GitHub workflow command
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}



def artifact_path(result: Any, file: str) -> str:
    """A finding's file as CI tools want it: relative to the current directory (the repository root in a
    CI job) when the model lies below it, else as archtool prints it (relative to the model root)."""
    root = getattr(result.arch.top, "root", None)
    if root is None or file.startswith("<"):
        return file
    try:
        cwd = Path.cwd().resolve()
        full = Path(os.path.normpath(Path(root).resolve() / file))
        return full.relative_to(cwd).as_posix()
    except (ValueError, OSError):
        return file


def artifact_paths(result: Any) -> Callable[[str], str]:
    """:func:`artifact_path` for one report: the filesystem is asked once per file, not once per
    finding (a national model has tens of thousands of findings in a hundred files)."""
    return functools.cache(functools.partial(artifact_path, result))


def position(result: Any, f: Finding, path: Callable[[str], str] | None = None) -> tuple[str, int, int] | None:
    if f.location is None:
        return None
    file = path(f.location.file) if path is not None else artifact_path(result, f.location.file)
    return file, f.location.line, f.location.column

