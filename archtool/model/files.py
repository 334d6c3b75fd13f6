"""Reading one file of a model: bounded bytes, decoding, YAML, the schema of its elements.

Every problem becomes a located :class:`~archtool.findings.Finding` (declared in
:mod:`archtool.model.problems`); nothing here raises for bad input. :func:`element_file` is a pure
function of a file's bytes and display path, which is what lets the speed layer
(:mod:`archtool.speed`) cache it and run it in worker processes. :class:`Reader` reads the files of
one load and notes each one (path, SHA-256) so that a run can tell whether any input changed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archtool.findings import Finding, Location
from archtool.i18n import L
from archtool.model import errors as perr
from archtool.model import problems as R
from archtool.model.architecture import Source
from archtool.model.schema import KIND_CLASSES, MANIFEST_KEYS, BudgetLine, DatasetUse, Period
from archtool.model.encoding import decode
from archtool.model.yamlread import YMap, YSeq, parse
from archtool.suggest import did_you_mean
from archtool.textnorm import HIDDEN
from archtool.vocab import COLLECTIONS, KINDS

DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_FILES = 20_000


def kind_name(key: str) -> L:
    return KINDS.get(key, L(key, key))


@dataclass
class Limits:
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_files: int = MAX_FILES


@dataclass
class FileResult:
    data: Any
    findings: list[Finding]


@dataclass
class FileOut:
    """What one element file yields, independent of the model it belongs to (cacheable):
    ``(collection, element)`` pairs in file order, findings, ids of elements that failed the schema."""

    elements: list[tuple[str, Any]]
    findings: list[Finding]
    broken_ids: set[str]


class Reader:
    """Reads the files of one load within ``limits`` and notes every file it reads (or fails to
    read) as ``(display path, SHA-256 or '!' + problem)`` in :attr:`notes`: two loads that read the
    same files with the same bytes, and nothing else, have the same notes (the result cache's key).

    :meth:`element_files` parses element files one after the other; the speed layer's reader
    (:class:`archtool.speed.reader.FastReader`) answers the same call from its parse cache and
    worker processes."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.notes: list[tuple[str, str]] = []

    def raw(self, path: Path, display: str) -> tuple[bytes | None, list[Finding]]:
        raw, findings = read_bounded(path, display, self.limits)
        self.notes.append((display, hashlib.sha256(raw).hexdigest() if raw is not None
                           else "!" + "; ".join(f.message.en for f in findings)))
        return raw, findings

    def yaml(self, path: Path, display: str) -> FileResult:
        """Read, decode and parse one YAML file."""
        raw, findings = self.raw(path, display)
        if raw is None:
            return FileResult(None, findings)
        return parse_bytes(raw, display)

    def element_files(self, paths: list[Path], displays: list[str]) -> list[FileOut]:
        out = []
        for path, display in zip(paths, displays):
            raw, problems = self.raw(path, display)
            out.append(FileOut([], problems, set()) if raw is None else element_file(raw, display))
        return out


def element_file(raw: bytes, display: str) -> FileOut:
    """Parse and validate the bytes of one element file."""
    res = parse_bytes(raw, display)
    findings = list(res.findings)
    pairs, broken = read_elements(res.data, display, findings)
    return FileOut(pairs, findings, broken)


def read_bounded(path: Path, display: str, limits: Limits) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a regular file of at most ``limits.max_file_size`` bytes, or the finding that says
    why they cannot be read. A FIFO or device is refused before it is opened, and again after (the
    file is opened without blocking and checked once more: no swap between the look and the read)."""
    try:
        st = path.stat()
    except OSError as exc:
        return None, [_unreadable(display, exc)]
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device named *.yaml would block or never end
        return None, [_not_regular(display)]
    size = st.st_size
    if size > limits.max_file_size:
        return None, [R.YAML_LIMIT.finding(location=Location(display, 1, 1),
                                           what=size_text(size, limits.max_file_size))]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None, [_not_regular(display)]
            raw = fh.read(limits.max_file_size + 1)  # at most one byte beyond the bound (file may grow)
    except OSError as exc:
        return None, [_unreadable(display, exc)]
    if len(raw) > limits.max_file_size:
        return None, [R.YAML_LIMIT.finding(location=Location(display, 1, 1),
                                           what=size_text(len(raw), limits.max_file_size))]
    return raw, []


def _not_regular(display: str) -> Finding:
    return R.FILE_UNREADABLE.finding(
        location=Location(display, 1, 1), problem="not a regular file (không phải tệp thông thường)",
        fix="Thay bằng một tệp YAML thông thường. / Replace it with a regular YAML file.")


def repository_root(folder: Path) -> Path | None:
    """The repository holding ``folder``: the nearest folder at or above its real path that has a
    ``.git`` (a folder, or a file for worktrees and submodules), or None."""
    real = Path(os.path.realpath(folder))
    for candidate in (real, *real.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def project_root(model_root: Path) -> Path:
    """Where a model's own world ends: the repository holding it, else the model's parent folder
    (the bound of a manifest's ``catalogs:``, the base of SARIF URIs)."""
    return repository_root(model_root) or Path(os.path.realpath(model_root)).parent


def size_text(size: int, limit: int) -> str:
    return f"{size:,} bytes > {limit:,} bytes".replace(",", ".")


def _unreadable(display: str, exc: OSError) -> Finding:
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
    if d.get("char") == "\t":  # the parser stopped at a tab: say it in the user's language
        return R.YAML_SYNTAX.finding(location=loc, problem=TAB_PROBLEM)
    return R.YAML_SYNTAX.finding(location=loc, problem=d["problem"])


TAB_PROBLEM = L("có ký tự Tab ở đây; YAML chỉ cho phép thụt lề bằng dấu cách (thay Tab bằng dấu cách)",
                "there is a tab here; YAML allows indentation with spaces only (replace the tab with spaces)")


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
    first = HIDDEN.search(text)
    if first is None and "\\" not in text:  # nothing raw, and no escape ("\u202E") that could make one
        return []
    found: list[Finding] = []

    def visit(node: Any, path: str, pos: tuple[int, int]) -> None:
        if len(found) >= MAX_TEXT_FINDINGS:
            return
        if isinstance(node, str):
            m = HIDDEN.search(node)
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


def source_of(display: str, item: YMap) -> Source:
    """The :class:`Source` of an element read from ``item``."""
    ipos = {k: v.ipos for k, v in item.items() if type(v) is YSeq and v}
    return Source(display, item.line, item.col, item.kpos, ipos)


def read_elements(data: Any, display: str, findings: list[Finding], manifest: bool = False
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
            problem=L("tệp phải là một ánh xạ các tập hợp (units:, applications:, ...)",
                       "the file must be a mapping of collections (units:, applications:, ...)"),
            fix=L("Bắt đầu tệp bằng tên tập hợp, ví dụ 'applications:'.", "Start the file with a collection name, e.g. 'applications:'.")))
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
                problem=L("cần một danh sách phần tử (mỗi phần tử bắt đầu bằng '- id: ...')",
                           "a list of elements is expected (each starting with '- id: ...')"),
                fix=L("Viết mỗi phần tử thành một mục '- ' của danh sách.", "Write each element as a '- ' list item.")))
            continue
        cls = KIND_CLASSES[key]
        for i, item in enumerate(items):
            line, col = items.ipos[i]
            if not isinstance(item, YMap):
                findings.append(R.SCHEMA_INVALID.finding(
                    location=Location(display, line, col), kind=kind_name(key), id="-", field="-",
                    problem=L("phần tử phải là một ánh xạ (id:, name:, ...)", "an element must be a mapping (id:, name:, ...)"),
                    fix=L("Viết phần tử dạng '- id: ...' rồi các trường thụt lề bên dưới.",
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
                            location=loc, elements=[ident] if ident != "?" else [], field=fname, kind=kind_name(key),
                            hint=did_you_mean(fname, nested, cutoff=60), allowed=", ".join(nested)))
                        continue
                    problem, fix = perr.describe(err, cls)
                    findings.append(R.SCHEMA_INVALID.finding(
                        location=loc, elements=[ident] if ident != "?" else [], kind=kind_name(key), id=ident,
                        field=perr.field_name(err["loc"]), problem=problem, fix=fix))
                continue
            el.__pydantic_private__["_src"] = source_of(display, item)  # el._src = …, without pydantic's __setattr__
            out.append((key, el))
    return out, broken


def _nested_fields(cls: Any, loc: tuple) -> tuple[str, ...]:
    """Field names valid at the place of an unknown field (element level or a nested object)."""
    names = [p for p in loc[:-1] if isinstance(p, str)]
    if names and names[-1] == "datasets" and cls.KIND in ("applications", "platforms"):
        return tuple(DatasetUse.model_fields)
    if names and names[-1] == "budget":
        return tuple(BudgetLine.model_fields)
    if names and names[-1] == "period":
        return tuple(Period.model_fields)
    return tuple(f for f in cls.model_fields)
