"""Reference catalogs: versioned YAML data files, each entry cited (see ``data/``).

Catalog file format::

    catalog: capabilities          # catalog id
    version: "2026.11"
    title: {vi: ..., en: ...}
    entries:
      - id: integration-platform   # unique across all catalogs
        kind: capability
        name: ...                  # Vietnamese
        name_en: ...
        citation: ...              # document number, date, article
        verified: true             # false when the source could not confirm it (then `note` says why)
        ...                        # kind-specific fields

Users add or override catalogs with ``--catalog PATH`` or ``catalogs:`` in the manifest: an entry
with an existing id overrides that entry field by field; new ids are added.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from archtool.catalogs.problems import CATALOG_INVALID
from archtool.findings import Finding, Location
from archtool.model.yamlread import YMap, YSeq, decode, parse

REQUIRED_ENTRY_FIELDS = ("id", "kind", "name", "name_en", "citation", "verified")


@dataclass
class Entry:
    id: str
    kind: str
    catalog: str
    name: str
    name_en: str
    citation: str
    verified: bool
    data: dict[str, Any]
    file: str

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def display(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass
class CatalogInfo:
    id: str
    version: str
    title: dict[str, str]
    file: str
    description: dict[str, str] = field(default_factory=dict)


class CatalogError(Exception):
    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


class Catalogs:
    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.catalogs: dict[str, CatalogInfo] = {}

    # -- queries -------------------------------------------------------------------------------
    def get(self, id: str) -> Entry | None:
        return self.entries.get(id)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def in_catalog(self, catalog: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.catalog == catalog]

    @property
    def capabilities(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries.values() if e.kind == "capability"}

    def profile(self, model_kind: str) -> Entry | None:
        for e in self.of_kind("profile"):
            if e.get("model_kind") == model_kind:
                return e
        return None

    def task_group_ids(self) -> set[str]:
        """Ids a project may list in ``task_groups``: Decision 950 content areas, groups and tasks,
        and any user catalog entry of those kinds."""
        return {e.id for e in self.entries.values() if e.kind in ("content-area", "task-group", "task")}

    # -- loading -------------------------------------------------------------------------------
    def add_file(self, text: str, display: str) -> None:
        data, problems = parse(text)
        if problems:
            p = problems[0]
            raise CatalogError(display, p.line, f"YAML problem ({p.kind}) {p.data}")
        if not isinstance(data, YMap) or not isinstance(data.get("catalog"), str) \
                or not isinstance(data.get("entries"), YSeq):
            raise CatalogError(display, 1, "a catalog file needs 'catalog: <id>' and an 'entries:' list")
        cat_id = data["catalog"]
        title = data.get("title") or {}
        self.catalogs.setdefault(cat_id, CatalogInfo(
            id=cat_id, version=str(data.get("version", "")), file=display,
            title=dict(title) if isinstance(title, dict) else {"vi": str(title), "en": str(title)},
            description=dict(data.get("description") or {}) if isinstance(data.get("description"), dict) else {}))
        entries: YSeq = data["entries"]
        for i, raw in enumerate(entries):
            line = entries.ipos[i][0]
            if not isinstance(raw, YMap) or not isinstance(raw.get("id"), str):
                raise CatalogError(display, line, "each entry needs an 'id'")
            eid = raw["id"]
            if eid in self.entries:  # override field by field
                old = self.entries[eid]
                merged = {**old.data, **_plain(raw)}
                self.entries[eid] = _entry(merged, old.catalog, display, line)
                continue
            missing = [f for f in REQUIRED_ENTRY_FIELDS if f not in raw]
            if missing:
                raise CatalogError(display, line, f"entry '{eid}' lacks {', '.join(missing)}")
            self.entries[eid] = _entry(_plain(raw), cat_id, display, line)

    def add_path(self, path: Path, display: str | None = None, notes: list[tuple[str, str]] | None = None) -> None:
        """Add a catalog file, or every ``*.yaml``/``*.yml`` below a folder; ``notes`` receives
        ``(path, SHA-256)`` of each file read."""
        files = sorted(path.rglob("*.y*ml")) if path.is_dir() else [path]
        for f in files:
            raw = f.read_bytes()
            shown = display or f.as_posix()
            if path.is_dir() and display:
                shown = f"{display}/{f.relative_to(path).as_posix()}"
            if notes is not None:
                notes.append((shown, hashlib.sha256(raw).hexdigest()))
            text, enc = decode(raw)
            if enc is not None:
                raise CatalogError(shown, enc.line, f"not UTF-8 ({enc.detail})")
            self.add_file(text or "", shown)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _entry(d: dict[str, Any], catalog: str, file: str, line: int) -> Entry:
    try:
        return Entry(id=d["id"], kind=str(d["kind"]), catalog=catalog, name=str(d["name"]),
                     name_en=str(d.get("name_en") or ""), citation=str(d.get("citation") or ""),
                     verified=bool(d.get("verified")), data=d, file=file)
    except KeyError as exc:
        raise CatalogError(file, line, f"entry lacks {exc}") from None


def builtin_files() -> list[tuple[str, str]]:
    base = resources.files("archtool.catalogs") / "data"
    out = []
    for item in sorted(base.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".yaml", ".yml")):
            out.append((f"archtool/catalogs/data/{item.name}", item.read_text(encoding="utf-8")))
    return out


@lru_cache(maxsize=1)
def _builtin() -> Catalogs:
    cats = Catalogs()
    for display, text in builtin_files():
        cats.add_file(text, display)
    return cats


def load(extra: Iterable[Path] = (), notes: list[tuple[str, str]] | None = None) -> Catalogs:
    """The built-in catalogs plus user catalog files/folders (later ones override earlier ones)."""
    base = _builtin()
    extra = list(extra)
    if not extra:
        return base
    cats = copy.deepcopy(base)
    for p in extra:
        cats.add_path(p, notes=notes)
    return cats


def with_user_catalogs(user_paths: list[tuple[Path, Location]]) -> tuple[Catalogs, list[Finding], list[tuple[str, str]]]:
    """The catalogs of a run: built-in plus the user's (``catalogs:`` of a manifest, ``--catalog``),
    each given with the place that names it. A bad user catalog is a finding at that place and is
    left out. Also returns ``(path, SHA-256)`` of every user catalog file read."""
    findings: list[Finding] = []
    good: list[Path] = []
    scratch: list[tuple[str, str]] = []
    for path, where in user_paths:
        if not path.exists():
            findings.append(CATALOG_INVALID.finding(location=where, path=str(path), problem="not found / không tìm thấy"))
            continue
        try:
            load([path], notes=scratch)
            good.append(path)
        except CatalogError as exc:
            findings.append(CATALOG_INVALID.finding(location=where, path=f"{exc.file}:{exc.line}", problem=exc.message))
        except OSError as exc:
            findings.append(CATALOG_INVALID.finding(location=where, path=str(path), problem=str(exc)))
    return load(good), findings, scratch
