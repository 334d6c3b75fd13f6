"""Loading a model folder (manifest, element files, baseline chain) into an :class:`Architecture`.

Every problem becomes a located :class:`~archtool.findings.Finding`; loading never raises for bad
input. The only exception is :class:`ModelNotFound` (the path does not exist: exit code 2).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archtool.findings import Finding, Location
from archtool.model import errors as perr
from archtool.model.schema import COLLECTIONS, KIND_CLASSES, MANIFEST_KEYS, Manifest
from archtool.model.yamlread import YMap, YSeq, decode, parse
from archtool.rules import loading as R
from archtool.suggest import did_you_mean

MANIFEST = "archtool.yaml"
DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_FILES = 20_000
_SUSPICIOUS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


class ModelNotFound(Exception):
    """The model path does not exist (exit code 2)."""


@dataclass
class Limits:
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_files: int = MAX_FILES


@dataclass
class Source:
    """Where an element is written: file (display path), its position, its fields' positions
    (``kpos``) and the positions of the items of its list fields (``ipos``)."""

    file: str
    line: int
    col: int
    kpos: dict[str, tuple[int, int]] = field(default_factory=dict)
    ipos: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def location(self, field_name: str | None = None, index: int | None = None) -> Location:
        if field_name is None:
            return Location(self.file, self.line, self.col)
        if index is not None:
            items = self.ipos.get(field_name)
            if items is not None and 0 <= index < len(items):
                line, col = items[index]
                return Location(self.file, line, col)
        line, col = self.kpos.get(field_name, (self.line, self.col))
        return Location(self.file, line, col)


def source_of(display: str, item: YMap) -> Source:
    """The :class:`Source` of an element read from ``item``."""
    ipos = {k: v.ipos for k, v in item.items() if type(v) is YSeq and v}
    return Source(display, item.line, item.col, item.kpos, ipos)


@dataclass
class Model:
    """One model folder: its manifest and the elements declared in its files."""

    root: Path
    prefix: str  # display prefix of its files relative to the top model root ('' or '../egov')
    manifest: Manifest | None = None
    manifest_data: Any = None
    elements: list[Any] = field(default_factory=list)  # in file order; may hold duplicate ids
    waivers: list[Any] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # display paths read
    broken_ids: set[str] = field(default_factory=set)  # ids of elements that failed the schema

    @property
    def id(self) -> str:
        return self.manifest.model.id if self.manifest else self.root.name

    def display(self, path: Path) -> str:
        rel = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()
        return _join(self.prefix, rel)

    def manifest_location(self, key: str | None = None) -> Location:
        file = _join(self.prefix, MANIFEST)
        data = self.manifest_data
        if key and isinstance(data, YMap):
            node: Any = data
            pos = (data.line, data.col)
            for part in key.split("."):
                if isinstance(node, YMap) and part in node:
                    pos = node.kpos[part]
                    node = node[part]
            return Location(file, *pos)
        return Location(file, 1, 1)


def _join(prefix: str, rel: str) -> str:
    if not prefix:
        return rel
    return os.path.normpath(os.path.join(prefix, rel)).replace(os.sep, "/")


# ---------------------------------------------------------------------------------------------
# reading one file


@dataclass
class FileResult:
    data: Any
    findings: list[Finding]


def _read_raw(path: Path, display: str, limits: Limits) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a file, or the finding that says why they cannot be read (size bound first).
    Every read is noted for the result cache (archtool/inputs.py)."""
    from archtool import inputs

    raw, findings = _read_raw_unnoted(path, display, limits)
    inputs.note(display, raw, "" if raw is not None else "; ".join(f.message.en for f in findings))
    return raw, findings


def _read_raw_unnoted(path: Path, display: str, limits: Limits) -> tuple[bytes | None, list[Finding]]:
    import stat

    try:
        st = path.stat()
    except OSError as exc:
        return None, [_unreadable(display, exc)]
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device named *.yaml would block or never end
        return None, [R.FILE_UNREADABLE.finding(
            location=Location(display, 1, 1), problem="not a regular file (không phải tệp thông thường)",
            fix="Thay bằng một tệp YAML thông thường. / Replace it with a regular YAML file.")]
    size = st.st_size
    if size > limits.max_file_size:
        return None, [R.YAML_LIMIT.finding(location=Location(display, 1, 1),
                                           what=L_size(size, limits.max_file_size))]
    try:
        with open(path, "rb") as fh:  # read at most one byte beyond the bound (file may grow)
            raw = fh.read(limits.max_file_size + 1)
    except OSError as exc:
        return None, [_unreadable(display, exc)]
    if len(raw) > limits.max_file_size:
        return None, [R.YAML_LIMIT.finding(location=Location(display, 1, 1),
                                           what=L_size(len(raw), limits.max_file_size))]
    return raw, []


def read_yaml(path: Path, display: str, limits: Limits) -> FileResult:
    """Read, decode and parse one YAML file."""
    raw, findings = _read_raw(path, display, limits)
    if raw is None:
        return FileResult(None, findings)
    return parse_bytes(raw, display)


def parse_bytes(raw: bytes, display: str) -> FileResult:
    """Decode and parse the bytes of one YAML file. Pure function of its arguments (cacheable)."""
    loc1 = Location(display, 1, 1)
    text, enc = decode(raw)
    if enc is not None:
        return FileResult(None, [R.FILE_ENCODING.finding(
            location=Location(display, enc.line, enc.col), detail=enc.detail, guess=enc.guess, iconv=enc.iconv)])
    findings: list[Finding] = []
    data, problems = parse(text)
    for p in problems:
        findings.append(_problem_finding(p, display))
    if not problems and data is None:
        findings.append(R.FILE_EMPTY.finding(location=loc1))
    elif data is not None:
        findings.extend(suspicious_text(data, text, display))
    return FileResult(data, findings)


MAX_TEXT_FINDINGS = 20


def suspicious_text(data: Any, text: str, display: str) -> list[Finding]:
    """Warnings for hidden control or bidi-override characters, each located at the field that
    holds them and naming it (``applications[2].name: U+202E``)."""
    first = _SUSPICIOUS.search(text)
    if first is None and "\\" not in text:  # nothing raw, and no escape ("\u202E") that could make one
        return []
    found: list[Finding] = []

    def visit(node: Any, path: str, pos: tuple[int, int]) -> None:
        if len(found) >= MAX_TEXT_FINDINGS:
            return
        if isinstance(node, str):
            m = _SUSPICIOUS.search(node)
            if m:
                found.append(R.SCHEMA_TEXT.finding(location=Location(display, *pos),
                                                   field=f"{path or '-'}: U+{ord(m.group()):04X}"))
        elif isinstance(node, YMap):
            for key, value in node.items():
                kp = node.kpos.get(key, (node.line, node.col))
                sub = f"{path}.{key}" if path else key
                visit(key, sub, kp)
                visit(value, sub, kp)
        elif isinstance(node, YSeq):
            for i, value in enumerate(node):
                visit(value, f"{path}[{i}]", node.ipos[i] if i < len(node.ipos) else pos)

    visit(data, "", (1, 1))
    if not found and first is not None:  # only in a comment: point at the character itself
        line = text.count("\n", 0, first.start()) + 1
        col = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
        found.append(R.SCHEMA_TEXT.finding(location=Location(display, line, col),
                                           field=f"U+{ord(first.group()):04X}"))
    return found


@dataclass
class FileOut:
    """What one element file yields, independent of the model it belongs to (cacheable):
    ``(collection, element)`` pairs in file order, findings, ids of elements that failed the schema."""

    elements: list[tuple[str, Any]]
    findings: list[Finding]
    broken_ids: set[str]


def element_file(raw: bytes, display: str) -> FileOut:
    """Parse and validate the bytes of one element file."""
    res = parse_bytes(raw, display)
    findings = list(res.findings)
    pairs, broken = _read_elements(res.data, display, findings)
    return FileOut(pairs, findings, broken)


def read_element_files(paths: list[Path], displays: list[str], limits: Limits, cache: Any = None,
                       jobs: int = 1) -> list[FileOut]:
    """Read the element files of one model, through the parse cache and worker processes when
    given (see archtool/cache.py)."""
    from archtool import cache as C

    return C.read_files(paths, displays, limits, cache, jobs)


def L_size(size: int, limit: int) -> str:
    return f"{size:,} bytes > {limit:,} bytes".replace(",", ".")


def _unreadable(display: str, exc: OSError) -> Finding:
    import errno

    if exc.errno == errno.ELOOP:
        problem = "symlink loop (liên kết tượng trưng vòng)"
        fix = "Xóa hoặc sửa liên kết tượng trưng bị vòng. / Remove or fix the looping symbolic link."
    elif exc.errno in (errno.EACCES, errno.EPERM):
        problem = "permission denied (không có quyền đọc)"
        fix = "Cấp quyền đọc cho tệp. / Make the file readable."
    elif exc.errno == errno.ENOENT:
        problem = "file does not exist or is a broken link (tệp không tồn tại)"
        fix = "Sửa hoặc xóa liên kết hỏng. / Fix or remove the broken link."
    else:
        problem = exc.strerror or str(exc)
        fix = "Kiểm tra tệp. / Check the file."
    return R.FILE_UNREADABLE.finding(location=Location(display, 1, 1), problem=problem, fix=fix)


def _problem_finding(p: Any, display: str) -> Finding:
    loc = Location(display, p.line, p.col)
    d = p.data
    if p.kind == "duplicate-key":
        return R.YAML_DUPLICATE_KEY.finding(location=loc, key=d["key"], first_line=d["first_line"])
    if p.kind == "tag":
        return R.YAML_TAG.finding(location=loc, tag=d["tag"].replace("tag:yaml.org,2002:", "!!"))
    if p.kind == "limit":
        return R.YAML_LIMIT.finding(location=loc, what=d["what"])
    if p.kind == "multi-document":
        return R.YAML_MULTI_DOC.finding(location=loc, count=d["count"])
    return R.YAML_SYNTAX.finding(location=loc, problem=d["problem"])


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
        for i, pattern in enumerate(include):
            where = _include_location(model, i)
            if os.path.isabs(pattern) or ".." in Path(pattern).parts:
                findings.append(R.INCLUDE_OUTSIDE.finding(location=where, path=pattern))
                continue
            matches = sorted(p for p in root.glob(pattern) if p.suffix in (".yaml", ".yml") and p.is_file())
            if not matches:
                findings.append(R.INCLUDE_NO_MATCH.finding(location=where, pattern=pattern))
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


def _include_location(model: Model, index: int) -> Location:
    data = model.manifest_data
    file = _join(model.prefix, MANIFEST)
    if isinstance(data, YMap) and isinstance(data.get("include"), YSeq):
        seq = data["include"]
        if index < len(seq.ipos):
            return Location(file, *seq.ipos[index])
    return model.manifest_location("include")


# ---------------------------------------------------------------------------------------------
# manifest and element files


def _read_manifest(model: Model, path: Path, findings: list[Finding], limits: Limits) -> None:
    display = _join(model.prefix, MANIFEST)
    res = read_yaml(path, display, limits)
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
                findings.append(R.UNKNOWN_FIELD.finding(
                    location=loc, field=fieldname, kind="archtool.yaml", hint="", allowed="id, name, kind, province, period, description"))
                continue
            problem, fix = perr.describe(err)
            findings.append(R.MANIFEST_INVALID.finding(
                location=loc, problem=_pfx(err, problem), fix=fix))


def _pfx(err: dict[str, Any], problem: Any) -> Any:
    from archtool.i18n import L

    where = perr._field_name(err["loc"])
    return L(f"'{where}': {problem.vi}", f"'{where}': {problem.en}")


def _read_elements(data: Any, display: str, findings: list[Finding], manifest: bool = False
                   ) -> tuple[list[tuple[str, Any]], set[str]]:
    """Validate the collections of one file. Returns ``([(collection, element)], broken ids)`` in
    file order; problems go to ``findings``. Independent of the model the file belongs to."""
    out: list[tuple[str, Any]] = []
    broken: set[str] = set()
    if data is None:
        return out, broken
    if not isinstance(data, YMap):
        findings.append(R.SCHEMA_INVALID.finding(
            location=Location(display, 1, 1), kind="tệp/file", id=display, field="-",
            problem=_L("tệp phải là một ánh xạ các tập hợp (units:, applications:, ...)",
                       "the file must be a mapping of collections (units:, applications:, ...)"),
            fix=_L("Bắt đầu tệp bằng tên tập hợp, ví dụ 'applications:'.", "Start the file with a collection name, e.g. 'applications:'.")))
        return out, broken
    for key, items in data.items():
        kline, kcol = data.kpos[key]
        if key not in COLLECTIONS:
            if manifest and key in MANIFEST_KEYS:
                continue
            if not manifest:
                allowed = COLLECTIONS
                findings.append(R.UNKNOWN_COLLECTION.finding(
                    location=Location(display, kline, kcol), key=key, hint=did_you_mean(key, allowed, cutoff=60),
                    allowed=", ".join(allowed)))
            continue
        if items is None:
            continue
        if not isinstance(items, YSeq):
            findings.append(R.SCHEMA_INVALID.finding(
                location=Location(display, kline, kcol), kind=key, id="-", field=key,
                problem=_L("cần một danh sách phần tử (mỗi phần tử bắt đầu bằng '- id: ...')",
                           "a list of elements is expected (each starting with '- id: ...')"),
                fix=_L("Viết mỗi phần tử thành một mục '- ' của danh sách.", "Write each element as a '- ' list item.")))
            continue
        cls = KIND_CLASSES[key]
        for i, item in enumerate(items):
            line, col = items.ipos[i]
            if not isinstance(item, YMap):
                findings.append(R.SCHEMA_INVALID.finding(
                    location=Location(display, line, col), kind=_kind(key), id="-", field="-",
                    problem=_L("phần tử phải là một ánh xạ (id:, name:, ...)", "an element must be a mapping (id:, name:, ...)"),
                    fix=_L("Viết phần tử dạng '- id: ...' rồi các trường thụt lề bên dưới.",
                           "Write the element as '- id: ...' with its fields indented below.")))
                continue
            try:
                el = cls.model_validate(item)
            except ValidationError as exc:
                ident = item.get("id") if isinstance(item.get("id"), str) else "?"
                if isinstance(ident, str) and ident != "?":
                    broken.add(ident)
                for err in exc.errors(include_url=False):
                    pos = perr.locate(item, err["loc"]) or (line, col)
                    loc = Location(display, *pos)
                    if err["type"] == "extra_forbidden":
                        fname = str(err["loc"][-1])
                        nested = _nested_fields(cls, err["loc"])
                        findings.append(R.UNKNOWN_FIELD.finding(
                            location=loc, elements=[ident] if ident != "?" else [], field=fname, kind=_kind(key),
                            hint=did_you_mean(fname, nested, cutoff=60), allowed=", ".join(nested)))
                        continue
                    problem, fix = perr.describe(err)
                    findings.append(R.SCHEMA_INVALID.finding(
                        location=loc, elements=[ident] if ident != "?" else [], kind=_kind(key), id=ident,
                        field=perr._field_name(err["loc"]), problem=problem, fix=fix))
                continue
            el._src = source_of(display, item)
            out.append((key, el))
    return out, broken


def _add_elements(model: Model, pairs: list[tuple[str, Any]], broken: set[str]) -> None:
    model.broken_ids |= broken
    origin = model.id
    for key, el in pairs:
        el.__pydantic_private__["_origin"] = origin  # el._origin = ..., without pydantic's __setattr__
        if key == "waivers":
            model.waivers.append(el)
        else:
            model.elements.append(el)


def _nested_fields(cls: Any, loc: tuple) -> tuple[str, ...]:
    """Field names valid at the place of an unknown field (element level or a nested object)."""
    from archtool.model.schema import BudgetLine, DatasetUse, Period

    names = [p for p in loc[:-1] if isinstance(p, str)]
    if names and names[-1] == "datasets" and cls.KIND in ("applications", "platforms"):
        return tuple(DatasetUse.model_fields)
    if names and names[-1] == "budget":
        return tuple(BudgetLine.model_fields)
    if names and names[-1] == "period":
        return tuple(Period.model_fields)
    return tuple(f for f in cls.model_fields)


def _kind(key: str) -> Any:
    from archtool.i18n import kind_name

    return kind_name(key)


def _L(vi: str, en: str) -> Any:
    from archtool.i18n import L

    return L(vi, en)


# ---------------------------------------------------------------------------------------------
# one model folder, then the chain


def _load_one(root: Path, prefix: str, findings: list[Finding], limits: Limits,
              manifest_path: Path | None = None, cache: Any = None, jobs: int = 1, scan: bool = False) -> Model:
    model = Model(root=root, prefix=prefix)
    mpath = manifest_path or (root / MANIFEST)
    if not mpath.exists() and not mpath.is_symlink():
        findings.append(R.MANIFEST_MISSING.finding(location=Location(_join(prefix, MANIFEST), 1, 1),
                                                   folder=_join(prefix, ".") if prefix else "."))
        return model
    _read_manifest(model, mpath, findings, limits)
    if not scan and model.manifest_data is not None and isinstance(model.manifest_data, YMap):
        _add_elements(model, *_read_elements(model.manifest_data, _join(prefix, mpath.name), findings, manifest=True))
    if model.manifest is None:
        return model
    model.files.append(_join(prefix, mpath.name))
    paths = _discover(model, findings, limits)
    displays = [model.display(p) for p in paths]
    if scan:  # read (and so note) the element files, nothing more
        for path, display in zip(paths, displays):
            _read_raw(path, display, limits)
            model.files.append(display)
        return model
    for display, out in zip(displays, read_element_files(paths, displays, limits, cache, jobs)):
        findings.extend(out.findings)
        model.files.append(display)
        _add_elements(model, out.elements, out.broken_ids)
    return model


def load(path: str | os.PathLike[str], limits: Limits | None = None, cache: Any = None,
         jobs: int = 1, scan: bool = False) -> "Architecture":
    """Load the model at ``path`` (a folder or its manifest) and its baseline chain.

    ``cache`` is an :class:`archtool.cache.ParseCache` (None: read every file); ``jobs`` > 1 lets
    large models be read by that many worker processes. ``scan`` reads the manifests and the bytes of
    every file a load would read, but parses no element file: the result has the manifests and the
    ``inputs`` of a full load (for the result cache), and no elements."""
    from archtool import inputs
    from archtool.cache import no_gc

    limits = limits or Limits()
    with inputs.recording() as notes, no_gc():
        arch = _load(path, limits, cache, jobs, scan)
    arch.inputs = [*notes, ("<limits>", repr(limits))]
    return arch


def _load(path: str | os.PathLike[str], limits: Limits, cache: Any, jobs: int, scan: bool) -> "Architecture":
    from archtool.model.architecture import Architecture

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
    current = _load_one(root, "", findings, limits, manifest_path, cache, jobs, scan)
    models.append(current)
    while current.manifest and current.manifest.extends:
        ext = current.manifest.extends
        where = current.manifest_location("extends")
        target = (current.root / ext)
        target_dir = target.parent if target.is_file() else target
        real = os.path.realpath(target_dir)
        if not target.exists():
            findings.append(R.EXTENDS_PROBLEM.finding(
                location=where, path=ext, problem=_L("không tìm thấy thư mục", "folder not found"),
                fix=_L("Sửa đường dẫn (tương đối so với thư mục chứa archtool.yaml).",
                       "Fix the path (relative to the folder holding archtool.yaml).")))
            break
        if real in seen:
            chain = " → ".join(m.id for m in models) + f" → {ext}"
            findings.append(R.EXTENDS_PROBLEM.finding(
                location=where, path=ext, problem=_L(f"tạo vòng lặp mô hình nền ({chain})", f"makes a baseline cycle ({chain})"),
                fix=_L("Bỏ extends ở một mô hình trong vòng.", "Remove extends from one model in the cycle.")))
            break
        seen.append(real)
        prefix = os.path.relpath(real, os.path.realpath(root)).replace(os.sep, "/")
        current = _load_one(Path(target_dir), prefix, findings, limits,
                            target if target.is_file() else None, cache, jobs, scan)
        models.append(current)
        if current.manifest is None:
            break
    return Architecture(models, findings)
