"""Overlaying a model fragment (a proposal) on a loaded :class:`Architecture`.

A fragment is one or more YAML element files (``projects:``, ``applications:`` ... — the model
format without a manifest). Its elements join the top model as if they had been written in it, so
every rule sees model + baseline + fragment together; the caller learns which ids and which files
came from the fragment (:class:`Fragment`) to keep the findings that concern them.

Two things keep the fragment apart from the model it is laid on:

- **Its files are named so no model file shares the name.** The fragment's files are shown as the
  user typed them (relative to the working folder), the model's relative to the model's folder: the
  two can spell different files alike (``units.yaml``). A fragment file whose name a model file
  already uses, for another file on disk, is named by its resolved absolute path instead, so a
  finding's file tells the two apart by plain equality (never by a prefix: ``.`` is a prefix of
  ``../egov/units.yaml``).
- **An element whose id the model already has is not laid over it.** It would be compared against
  nothing (the model's element of that id would stand in for it); it is reported instead, naming
  the model's element, and left out of the fragment's ids.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from archtool.findings import Finding, Location
from archtool.i18n import L
from archtool.model.architecture import MANIFEST, Architecture, Model
from archtool.model.files import Reader, read_elements
from archtool.model.loader import ModelNotFound
from archtool.model.problems import DUPLICATE_ID, INCLUDE_OUTSIDE
from archtool.vocab import KINDS


@dataclass(frozen=True)
class Fragment:
    """What an overlay added: the ids of the fragment's elements laid on the model, the display
    names of its files (as its findings name them), and the ids it declares that the model has."""

    ids: frozenset[str]
    files: frozenset[str]
    collisions: tuple[str, ...] = ()

    def owns(self, finding: Finding) -> bool:
        """The finding is about the fragment: it names one of its elements or lies in one of its files."""
        if finding.location is not None and finding.location.file in self.files:
            return True
        return any(e in self.ids for e in finding.elements)


def read_fragment(paths: Iterable[Path], model_id: str, reader: Reader, taken: dict[str, Path] | None = None
                  ) -> tuple[list[Any], list[Any], list[Finding], list[str]]:
    """Read element files; return ``(elements, waivers, findings, files)``. A folder means every
    ``*.yaml``/``*.yml`` below it (a manifest inside it is ignored). ``taken`` maps display names
    already used (by the model's files) to the files they name: a fragment file is not given one."""
    holder = Model(root=Path("."), prefix="")
    findings: list[Finding] = []
    files: list[str] = []
    for path, folder in _expand(paths):
        display = _display(path, taken or {})
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


def _display(path: Path, taken: dict[str, Path]) -> str:
    display = path.as_posix()
    other = taken.get(display)
    if other is not None and os.path.realpath(other) != os.path.realpath(path):
        return Path(os.path.realpath(path)).as_posix()
    return display


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


def _model_files(arch: Architecture) -> dict[str, Path]:
    """The display name of every file of the model and its baselines -> the file on disk."""
    top = arch.top.root
    return {display: top / display for m in arch.models for display in m.files}


def _collision(el: Any, first: Any) -> Finding:
    kind, where = KINDS.get(first.KIND, L(first.KIND, first.KIND)), f"{first._src.file}:{first._src.line}"
    return DUPLICATE_ID.finding(
        location=el._src.location("id"), elements=[el.id], id=el.id, first=where,
        message=L(f"Hồ sơ đề xuất dùng mã '{el.id}' cho '{el.name}', nhưng mô hình đã có {kind.vi} '{first.name}' với mã "
                  f"này ({where}); phần tử đề xuất chưa được đối chiếu.",
                  f"The proposal uses the id '{el.id}' for '{el.name}', but the model already has the {kind.en} "
                  f"'{first.name}' with that id ({where}); the proposed element has not been checked."),
        suggestion=L(f"Đặt mã mới cho phần tử đề xuất; nếu dự án nâng cấp '{first.name}' thì không khai báo lại mà ghi "
                     f"'upgrades: [{el.id}]' trong dự án.",
                     f"Give the proposed element a new id; if the project upgrades '{first.name}', do not declare it "
                     f"again but write 'upgrades: [{el.id}]' in the project."))


def overlay(arch: Architecture, paths: Iterable[Path], reader: Reader | None = None) -> tuple[Architecture, Fragment]:
    """A new Architecture: ``arch`` with the fragment's elements added to its top model, and the
    :class:`Fragment` that says what was added. ``arch`` itself is not modified. Load-time findings
    of the fragment (syntax, schema) and its id collisions with the model are in the new
    architecture's ``findings``."""
    paths = list(paths)
    missing = [str(p) for p in paths if not os.path.exists(p)]
    if missing:
        raise ModelNotFound(missing[0])
    elements, waivers, findings, files = read_fragment(paths, arch.id, reader or Reader(), _model_files(arch))
    laid, collisions = [], []
    for el in elements:
        first = arch.elements.get(el.id)
        if first is None:
            laid.append(el)
        else:
            collisions.append(el.id)
            findings.append(_collision(el, first))
    top = arch.top
    merged_top = replace(top, elements=[*top.elements, *laid], waivers=[*top.waivers, *waivers],
                         files=[*top.files, *files], broken_ids=set(top.broken_ids))
    new = Architecture([merged_top, *arch.models[1:]], [*arch.findings, *findings])
    # every finding of the reading is about the fragment, a refused file (a link out of it) included
    named = frozenset(files) | {f.location.file for f in findings if f.location is not None}
    return new, Fragment(frozenset(el.id for el in laid), named, tuple(collisions))
