"""Loading a model folder (manifest, element files, baseline chain) into an :class:`Architecture`.

Every problem becomes a located :class:`~archtool.findings.Finding`; loading never raises for bad
input. The only exception is :class:`ModelNotFound` (the path does not exist: exit code 2).
Reading each file is :mod:`archtool.model.files`; the ``reader`` decides how element files are
read (one after the other by default; from a parse cache and worker processes with the speed layer).
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from archtool.findings import Finding, Location
from archtool.i18n import L
from archtool.model import errors as perr
from archtool.model import problems as R
from archtool.model.architecture import MANIFEST, Architecture, Model, join_display
from archtool.model.files import Limits, Reader, read_elements
from archtool.model.schema import MANIFEST_KEYS, Manifest
from archtool.model.yamlread import YMap, YSeq
from archtool.suggest import did_you_mean
from archtool.vocab import COLLECTIONS

__all__ = ["MANIFEST", "Limits", "ModelNotFound", "Reader", "load"]


class ModelNotFound(Exception):
    """The model path does not exist (exit code 2)."""


# ---------------------------------------------------------------------------------------------
# discovering files


def _discover(model: Model, findings: list[Finding], limits: Limits) -> list[Path]:
    root = model.root
    real_root = Path(os.path.realpath(root))
    include = model.manifest.include if model.manifest else None
    found: dict[str, Path] = {}
    manifest_real = os.path.realpath(root / MANIFEST)

    def accept(path: Path, where: Location | None = None) -> None:
        real = os.path.realpath(path)
        if not Path(real).is_relative_to(real_root):
            findings.append(R.INCLUDE_OUTSIDE.finding(location=where or Location(model.display(path), 1, 1),
                                                      path=model.display(path)))
            return
        if real == manifest_real:
            return
        found.setdefault(model.display(path), path)

    if include is not None:
        usable: dict[int, list[str]] = {}
        for i, pattern in enumerate(include):
            if os.path.isabs(pattern) or ".." in Path(pattern).parts:
                findings.append(R.INCLUDE_OUTSIDE.finding(location=_include_location(model, i), path=pattern))
            else:
                usable[i] = glob_segments(pattern)
        matched, leaving = expand_globs(root, list(usable.values()))
        for (i, pattern), matches, out in zip(usable.items(), matched, leaving):
            where = _include_location(model, i)
            for folder in out:  # a linked folder leading out of the model that the glob would enter
                findings.append(R.INCLUDE_OUTSIDE.finding(location=where, path=model.display(folder)))
            if not matches and not out:
                findings.append(R.INCLUDE_NO_MATCH.finding(location=where, pattern=include[i]))
            for p in matches:
                accept(p, where)
    else:
        visited: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            real = os.path.realpath(dirpath)
            d = Path(dirpath)
            if real in visited:
                findings.append(R.FILE_UNREADABLE.finding(
                    location=Location(model.display(d), 1, 1),
                    problem="symlink loop: folder already read (thư mục liên kết vòng)",
                    fix="Xóa liên kết tượng trưng tạo vòng. / Remove the symbolic link that makes the loop."))
                dirnames[:] = []
                continue
            visited.add(real)
            if not Path(real).is_relative_to(real_root):
                findings.append(R.INCLUDE_OUTSIDE.finding(location=Location(model.display(d), 1, 1),
                                                          path=model.display(d)))
                dirnames[:] = []
                continue
            keep = []
            for name in sorted(dirnames):
                sub = d / name
                if name.startswith(".") or name in ("node_modules", "__pycache__"):
                    continue
                if (sub / MANIFEST).exists():  # a nested model (e.g. a baseline) is not part of this one
                    continue
                keep.append(name)
            dirnames[:] = keep
            for name in sorted(filenames):
                if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                    accept(d / name)
            if len(found) > limits.max_files:
                break
    paths = [found[k] for k in sorted(found)]
    if len(paths) > limits.max_files:
        findings.append(R.YAML_LIMIT.finding(location=model.manifest_location(),
                                             what=f"more than {limits.max_files} files"))
        paths = paths[: limits.max_files]
    return paths


def glob_segments(pattern: str) -> list[str]:
    """A glob's path segments, ``**/**`` (which means ``**``) folded into one."""
    out: list[str] = []
    for seg in pattern.replace("\\", "/").split("/"):
        if seg in ("", ".") or (seg == "**" and out and out[-1] == "**"):
            continue
        out.append(seg)
    return out


def _step(pattern: list[str], states: frozenset[int], name: str) -> frozenset[int]:
    """The positions in ``pattern`` reachable after one more path segment ``name`` (``**`` matches
    any number of segments, other segments one, with ``fnmatch`` within it)."""
    nxt = set()
    for i in states:
        if i < len(pattern):
            if pattern[i] == "**":
                nxt.add(i)
            elif fnmatch.fnmatch(name, pattern[i]):
                nxt.add(i + 1)
    return _closure(pattern, nxt)


def _closure(pattern: list[str], states: Iterable[int]) -> frozenset[int]:
    out = set(states)
    for i in sorted(out):
        j = i
        while j < len(pattern) and pattern[j] == "**":
            j += 1
            out.add(j)
    return frozenset(out)


def expand_globs(root: Path, patterns: list[list[str]]) -> tuple[list[list[Path]], list[list[Path]]]:
    """Every ``*.yaml``/``*.yml`` file below ``root`` each pattern matches, found with **one walk**
    of the tree whatever the number of ``**`` (matching is a set of positions in the pattern per
    folder: linear in the pattern, never exponential). The walk enters only folders some pattern
    could still match below, each real folder once, never one leading out of ``root`` (those are
    returned per pattern instead). A final ``**`` matches folders only, as in ``pathlib``."""
    real_root = Path(os.path.realpath(root))
    matched: list[list[Path]] = [[] for _ in patterns]
    leaving: list[list[Path]] = [[] for _ in patterns]
    start = tuple(_closure(p, [0]) for p in patterns)
    stack: list[tuple[Path, tuple[frozenset[int], ...]]] = [(root, start)]
    visited: set[str] = set()
    while stack:
        folder, states = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            continue
        visited.add(real)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            after = tuple(_step(p, st, entry.name) for p, st in zip(patterns, states))
            if entry.is_dir():
                wanted = [k for k, (p, st) in enumerate(zip(patterns, after)) if any(i < len(p) for i in st)]
                if not wanted:
                    continue
                if not Path(os.path.realpath(entry.path)).is_relative_to(real_root):
                    for k in wanted:
                        leaving[k].append(Path(entry.path))
                    continue
                below.append((Path(entry.path), after))
            elif entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                for k, (p, st) in enumerate(zip(patterns, after)):
                    if len(p) in st and p and p[-1] != "**":
                        matched[k].append(Path(entry.path))
        stack.extend(reversed(below))
    return [sorted(m) for m in matched], leaving


def _include_location(model: Model, index: int) -> Location:
    data = model.manifest_data
    file = join_display(model.prefix, MANIFEST)
    if isinstance(data, YMap) and isinstance(data.get("include"), YSeq):
        seq = data["include"]
        if index < len(seq.ipos):
            return Location(file, *seq.ipos[index])
    return model.manifest_location("include")


# ---------------------------------------------------------------------------------------------
# the manifest


def _read_manifest(model: Model, path: Path, findings: list[Finding], reader: Reader) -> None:
    display = join_display(model.prefix, MANIFEST)
    res = reader.yaml(path, display)
    findings.extend(f for f in res.findings if f.rule != "file-empty")
    data = res.data
    model.manifest_data = data
    if data is None:
        if not res.findings or all(f.rule == "file-empty" for f in res.findings):
            findings.append(R.MANIFEST_INVALID.finding(
                location=Location(display, 1, 1), problem="tệp rỗng / the file is empty",
                fix="Khai báo ít nhất: archtool: 1 và model: {id, name, kind}. / Declare at least archtool: 1 and model: {id, name, kind}."))
        return
    if not isinstance(data, YMap):
        findings.append(R.MANIFEST_INVALID.finding(
            location=Location(display, 1, 1), problem="không phải ánh xạ / not a mapping",
            fix="Viết archtool.yaml dạng 'khóa: giá trị'. / Write archtool.yaml as 'key: value' pairs."))
        return
    head = YMap(data.line, data.col)
    for key, value in data.items():
        if key in MANIFEST_KEYS:
            head[key] = value
            head.kpos[key] = data.kpos[key]
        elif key not in COLLECTIONS:
            findings.append(R.UNKNOWN_COLLECTION.finding(
                location=Location(display, *data.kpos[key]), key=key,
                hint=did_you_mean(key, MANIFEST_KEYS + COLLECTIONS, cutoff=60), allowed=", ".join(MANIFEST_KEYS + COLLECTIONS)))
    if head.get("archtool") not in (1, None) and "archtool" in head:
        findings.append(R.MANIFEST_INVALID.finding(
            location=Location(display, *head.kpos["archtool"]),
            problem=f"phiên bản định dạng {head['archtool']!r} không được hỗ trợ / format version {head['archtool']!r} is not supported",
            fix="Phiên bản này của archtool đọc định dạng 1: 'archtool: 1'. / This archtool reads format version 1: 'archtool: 1'."))
        return
    try:
        model.manifest = Manifest.model_validate(dict(head))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            line, col = perr.locate(head, err["loc"]) or (1, 1)
            loc = Location(display, line, col)
            if err["type"] == "extra_forbidden":
                fieldname = str(err["loc"][-1])
                where = ".".join(str(p) for p in err["loc"][:-1])
                allowed = _manifest_fields(err["loc"][:-1])
                findings.append(R.UNKNOWN_FIELD.finding(
                    location=loc, field=fieldname, kind=f"archtool.yaml ({where}:)" if where else "archtool.yaml",
                    hint=did_you_mean(fieldname, allowed, cutoff=60), allowed=", ".join(allowed)))
                continue
            problem, fix = perr.describe(err, Manifest)
            findings.append(R.MANIFEST_INVALID.finding(
                location=loc, problem=_pfx(err, problem), fix=fix))


def _manifest_fields(path: tuple) -> tuple[str, ...]:
    """The field names valid at ``path`` of the manifest (``("check",)``, ``("model", "period")``…)."""
    cls: Any = Manifest
    for part in path:
        field = cls.model_fields.get(part) if isinstance(part, str) else None
        inner = _model_class(field.annotation) if field is not None else None
        if inner is None:
            break
        cls = inner
    return tuple(cls.model_fields)


def _model_class(annotation: Any) -> Any:
    """The pydantic model class inside ``Optional[...]`` (None when there is none)."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_class(arg)
        if found is not None:
            return found
    return None


def _pfx(err: dict[str, Any], problem: Any) -> Any:
    where = perr.field_name(err["loc"])
    return L(f"'{where}': {problem.vi}", f"'{where}': {problem.en}")


# ---------------------------------------------------------------------------------------------
# one model folder, then the chain


def _load_one(root: Path, prefix: str, findings: list[Finding], reader: Reader,
              manifest_path: Path | None = None) -> Model:
    model = Model(root=root, prefix=prefix)
    mpath = manifest_path or (root / MANIFEST)
    if not mpath.exists() and not mpath.is_symlink():
        findings.append(R.MANIFEST_MISSING.finding(location=Location(join_display(prefix, MANIFEST), 1, 1),
                                                   folder=join_display(prefix, ".") if prefix else "."))
        return model
    if not Path(os.path.realpath(mpath)).is_relative_to(os.path.realpath(root)):  # a link leading out
        display = join_display(prefix, mpath.name)
        findings.append(R.INCLUDE_OUTSIDE.finding(location=Location(display, 1, 1), path=display))
        return model
    _read_manifest(model, mpath, findings, reader)
    if isinstance(model.manifest_data, YMap):  # a one-file model: elements in the manifest
        model.add(*read_elements(model.manifest_data, join_display(prefix, mpath.name), findings, manifest=True))
    if model.manifest is None:
        return model
    model.files.append(join_display(prefix, mpath.name))
    paths = _discover(model, findings, reader.limits)
    displays = [model.display(p) for p in paths]
    for display, out in zip(displays, reader.element_files(paths, displays)):
        findings.extend(out.findings)
        model.files.append(display)
        model.add(out.elements, out.broken_ids)
    return model


def _baseline_refusal(target: Path) -> L | None:
    """Why ``extends`` cannot use ``target``: a baseline is a folder holding a manifest, nothing
    else (a file such as ``/proc/self/status`` would have its keys and values reported)."""
    if not target.exists():
        return L("không tìm thấy thư mục", "folder not found")
    if not target.is_dir():
        return L("không phải thư mục của một mô hình nền", "not the folder of a baseline model")
    if not os.path.lexists(target / MANIFEST):
        return L("thư mục không có archtool.yaml", "the folder holds no archtool.yaml")
    return None


def load(path: str | os.PathLike[str], reader: Reader | None = None) -> Architecture:
    """Load the model at ``path`` (a folder or its manifest) and its baseline chain.

    ``reader`` reads the files (default: a :class:`Reader` with the default limits); the
    architecture's ``inputs`` are the files it read, with their digests, and the limits."""
    reader = reader or Reader()
    p = Path(path)
    if not p.exists():
        raise ModelNotFound(str(path))
    manifest_path = None
    if p.is_file():
        manifest_path = p
        p = p.parent
    root = p
    findings: list[Finding] = []
    models: list[Model] = []
    seen = [os.path.realpath(root)]
    current = _load_one(root, "", findings, reader, manifest_path)
    models.append(current)
    while current.manifest and current.manifest.extends:
        ext = current.manifest.extends
        where = current.manifest_location("extends")
        target = (current.root / ext)
        real = os.path.realpath(target)
        refused = _baseline_refusal(target)
        if refused is not None:  # about what the path is, never what it holds: nothing is opened
            findings.append(R.EXTENDS_PROBLEM.finding(
                location=where, path=ext, problem=refused,
                fix=L("Sửa đường dẫn: extends nêu thư mục của mô hình nền (chứa archtool.yaml), tương đối so "
                      "với thư mục chứa archtool.yaml.", "Fix the path: extends names the folder of the baseline "
                      "model (holding archtool.yaml), relative to the folder holding this archtool.yaml.")))
            break
        if real in seen:
            chain = " → ".join(m.id for m in models) + f" → {ext}"
            findings.append(R.EXTENDS_PROBLEM.finding(
                location=where, path=ext, problem=L(f"tạo vòng lặp mô hình nền ({chain})", f"makes a baseline cycle ({chain})"),
                fix=L("Bỏ extends ở một mô hình trong vòng.", "Remove extends from one model in the cycle.")))
            break
        seen.append(real)
        prefix = os.path.relpath(real, os.path.realpath(root)).replace(os.sep, "/")
        current = _load_one(target, prefix, findings, reader)
        models.append(current)
        if current.manifest is None:
            break
    arch = Architecture(models, findings)
    arch.inputs = [*reader.notes, ("<limits>", repr(reader.limits))]
    return arch
