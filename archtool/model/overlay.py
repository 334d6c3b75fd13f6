"""Overlaying a model fragment (a proposal) on a loaded :class:`Architecture`.

A fragment is one or more YAML element files (``projects:``, ``applications:`` ... — the model
format without a manifest). Its elements join the top model as if they had been written in it, so
every rule sees model + baseline + fragment together; the caller learns which ids came from the
fragment to keep the findings that concern them.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from archtool.findings import Finding, Location
from archtool.model.architecture import MANIFEST, Architecture, Model
from archtool.model.files import Reader, read_elements
from archtool.model.loader import ModelNotFound
from archtool.model.problems import INCLUDE_OUTSIDE


def read_fragment(paths: Iterable[Path], model_id: str, reader: Reader) -> tuple[list[Any], list[Any], list[Finding], list[str]]:
    """Read element files; return ``(elements, waivers, findings, files)``. A folder means every
    ``*.yaml``/``*.yml`` below it (a manifest inside it is ignored)."""
    holder = Model(root=Path("."), prefix="")
    findings: list[Finding] = []
    files: list[str] = []
    for path, folder in _expand(paths):
        display = path.as_posix()
        if folder is not None and not Path(os.path.realpath(path)).is_relative_to(folder):
            findings.append(INCLUDE_OUTSIDE.finding(location=Location(display, 1, 1), path=display))
            continue  # a link in a proposal folder leading out of it is not read (as in a model)
        res = reader.yaml(path, display)
        findings.extend(res.findings)
        files.append(display)
        holder.add(*read_elements(res.data, display, findings, manifest=path.name == MANIFEST))
    for el in [*holder.elements, *holder.waivers]:
        el._origin = model_id
    return holder.elements, holder.waivers, findings, files


def _expand(paths: Iterable[Path]) -> list[tuple[Path, str | None]]:
    """The files to read, each with the real path of the folder it was found in (its files must
    stay inside it), or None for a file named on the command line."""
    out: list[tuple[Path, str | None]] = []
    for p in paths:
        if p.is_dir():
            real = os.path.realpath(p)
            out.extend((q, real) for q in sorted(p.rglob("*")) if q.suffix in (".yaml", ".yml") and q.is_file())
        else:
            out.append((p, None))
    return out


def overlay(arch: Architecture, paths: Iterable[Path], reader: Reader | None = None) -> tuple[Architecture, set[str]]:
    """A new Architecture: ``arch`` with the fragment's elements added to its top model.

    Returns ``(architecture, fragment_ids)``. ``arch`` itself is not modified. Load-time findings of
    the fragment (syntax, schema) are in the new architecture's ``findings``; a fragment id that
    collides with the model is reported by the usual duplicate-id check.
    """
    paths = list(paths)
    missing = [str(p) for p in paths if not os.path.exists(p)]
    if missing:
        raise ModelNotFound(missing[0])
    elements, waivers, findings, files = read_fragment(paths, arch.id, reader or Reader())
    top = arch.top
    merged_top = replace(top, elements=[*top.elements, *elements], waivers=[*top.waivers, *waivers],
                         files=[*top.files, *files], broken_ids=set(top.broken_ids))
    new = Architecture([merged_top, *arch.models[1:]], [*arch.findings, *findings])
    ids = {el.id for el in elements}
    return new, ids
