"""Reference catalogs: versioned YAML data files, each entry cited (see ``data/``).

Catalog file format::

    catalog: capabilities          # catalog id
    version: "2026.12"
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

The optional fields every rule may rely on (``strength``, ``basis``, ``examples``, ``scope``,
``level``, ``issued``, ``in_force``, ``superseded_by``, ``superseded_on``) are checked when a
file is loaded, and :meth:`Catalogs.basis_for`, :meth:`Catalogs.citation_for` and
:meth:`Catalogs.strength_for` pick the basis valid for a model's period. The contract is in
``docs/catalog-sources.md`` ("Catalog entry fields").
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from archtool.catalogs.files import CatalogError, catalog_bytes, catalog_files
from archtool.model.encoding import decode
from archtool.model.yamlread import YMap, YSeq, parse

REQUIRED_ENTRY_FIELDS = ("id", "kind", "name", "name_en", "citation", "verified")

#: How strong a requirement is: a legal obligation in force, a national recommendation, common practice.
STRENGTHS = ("law", "guidance", "practice")
#: The highest finding severity a requirement of each strength may carry (practice is never more than info).
MAX_SEVERITY = {"law": "error", "guidance": "warning", "practice": "info"}
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
#: ``scope`` of a document: a national document can be a basis; another province's is only an example.
SCOPES = ("national", "provincial")
#: ``level`` of a Decision 950 task group or task: who carries it (national = ministries).
LEVELS = ("national", "provincial")
DATE_FIELDS = ("issued", "in_force", "superseded_on")
#: The period the default ``citation`` of a requirement with a ``basis`` is written for (current plans).
REFERENCE_PERIOD = (2026, 2030)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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

    # -- validity by period ----------------------------------------------------------------------
    def window(self, entry: "Entry | str | None") -> tuple[date | None, date | None]:
        """First and last day on which a document is a valid basis (``None``: open-ended).

        The first day is ``in_force`` (else ``issued``); the last is the day before
        ``superseded_on``. An entry without dates takes those of the document it is ``part_of``."""
        seen: set[str] = set()
        e = self.entries.get(entry) if isinstance(entry, str) else entry
        while e is not None and e.id not in seen:
            seen.add(e.id)
            if any(e.get(f) is not None for f in DATE_FIELDS):
                first = parse_day(e.get("in_force")) or parse_day(e.get("issued"))
                stop = parse_day(e.get("superseded_on"))
                return first, (stop - timedelta(days=1)) if stop else None
            parent = e.get("part_of")
            e = self.entries.get(parent) if isinstance(parent, str) else None
        return None, None

    def in_force_during(self, entry: "Entry | str | None", start: date, end: date) -> bool:
        """Whether a document is a valid basis on at least one day of ``start``..``end``."""
        first, last = self.window(entry)
        return (first is None or first <= end) and (last is None or last >= start)

    def basis_for(self, item: Any, start: date, end: date) -> list[dict[str, Any]]:
        """The ``basis`` items of a requirement (a profile requirement or a requirement entry) that
        apply on at least one day of ``start``..``end``: each item's own ``from``/``until`` narrow
        the window of the document it names (``doc``)."""
        out = []
        for b in _get(item, "basis") or []:
            if not isinstance(b, dict):
                continue
            first, last = self.window(b.get("doc")) if b.get("doc") else (None, None)
            if b.get("from") is not None:
                first = parse_day(b.get("from"))
            if b.get("until") is not None:
                last = parse_day(b.get("until"), last=True)
            if (first is None or first <= end) and (last is None or last >= start):
                out.append(b)
        return out

    def citation_for(self, item: Any, start: date, end: date) -> str:
        """The citation of a requirement for a period: the texts of its applicable basis items,
        joined by '; ' ("" when none applies). Without a ``basis`` list, its ``citation``."""
        if _get(item, "basis") is None:
            return str(_get(item, "citation") or "")
        return "; ".join(str(b.get("text", "")) for b in self.basis_for(item, start, end) if b.get("text"))

    def strength_for(self, item: Any, start: date, end: date) -> str | None:
        """The strongest ``strength`` among the basis items that apply in the period (an item
        without its own ``strength`` has the requirement's). When nothing applies: ``practice``
        for a requirement that is itself common practice, else ``None`` (the requirement had no
        national basis in that period). Without a ``basis`` list, the requirement's ``strength``."""
        own = _get(item, "strength")
        if _get(item, "basis") is None:
            return own
        found = [b.get("strength") or own for b in self.basis_for(item, start, end)]
        found = [s for s in found if s in STRENGTHS]
        if not found:
            return "practice" if own == "practice" else None
        return min(found, key=STRENGTHS.index)

    def severity_for(self, item: Any, start: date, end: date) -> str | None:
        """The severity of a requirement for a period: its ``severity`` (the editorial ceiling, set
        for the reference period), lowered to what :meth:`strength_for` allows in that period.
        ``None`` when no basis applies and the requirement is not itself common practice."""
        ceiling = _get(item, "severity")
        strength = self.strength_for(item, start, end)
        if strength is None:
            return None
        allowed = MAX_SEVERITY[strength]
        if ceiling not in SEVERITY_RANK:
            return allowed
        return ceiling if SEVERITY_RANK[ceiling] <= SEVERITY_RANK[allowed] else allowed

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
            _check_fields(raw, display, line)
            if eid in self.entries:  # override field by field
                old = self.entries[eid]
                merged = {**old.data, **_plain(raw)}
                _check_fields(merged, display, line)  # e.g. a new severity against the old strength
                self.entries[eid] = _entry(merged, old.catalog, display, line)
                continue
            missing = [f for f in REQUIRED_ENTRY_FIELDS if f not in raw]
            if missing:
                raise CatalogError(display, line, f"entry '{eid}' lacks {', '.join(missing)}")
            self.entries[eid] = _entry(_plain(raw), cat_id, display, line)

    def add_path(self, path: Path, display: str | None = None, notes: list[tuple[str, str]] | None = None,
                 bound: Path | None = None) -> None:
        """Add a catalog file, or every ``*.yaml``/``*.yml`` below a folder, each read within the
        limits of model files (and, with ``bound``, only inside it: catalogs/files.py); ``notes``
        receives ``(path, SHA-256)`` of each file read."""
        for f, shown in catalog_files(path, display, bound):
            raw = catalog_bytes(f, shown)
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


def parse_day(value: Any, *, last: bool = False) -> date | None:
    """A catalog date: ``2025``, ``"2025-06"`` or ``"2025-06-12"`` (first day of the year or month,
    or the last one with ``last=True``); ``None`` for no date. Raises ValueError on anything else."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    m = _DATE.match(str(value).strip())
    try:
        if not m:
            raise ValueError
        return _day(int(m.group(1)), m.group(2), m.group(3), last)
    except ValueError:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from None


def _day(y: int, mo: str | None, d: str | None, last: bool) -> date:
    if d is not None:
        return date(y, int(mo), int(d))
    if mo is not None:
        first = date(y, int(mo), 1)
        if not last:
            return first
        nxt = date(y + (first.month == 12), first.month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(y, 12, 31) if last else date(y, 1, 1)


def period_days(start_year: int, end_year: int) -> tuple[date, date]:
    """A model period in years as its first and last day."""
    return date(start_year, 1, 1), date(end_year, 12, 31)


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, (dict, Entry)) else None


def _line_of(m: Any, key: str, default: int) -> int:
    pos = getattr(m, "kpos", {}).get(key)
    return pos[0] if pos else default


def _check_fields(raw: Any, file: str, line: int) -> None:
    """The optional fields of the contract (docs/catalog-sources.md) have the documented values."""
    eid = raw.get("id")

    def bad(key: str, problem: str, where: Any = raw, at: int | None = None) -> None:
        raise CatalogError(file, at if at is not None else _line_of(where, key, line),
                           f"entry '{eid}': {key} {problem}")

    def check_date(m: Any, key: str, at: int | None = None) -> None:
        if m.get(key) is not None:
            try:
                parse_day(m.get(key))
            except ValueError as exc:
                bad(key, str(exc), m, at)

    def check_requirement(m: Any, at: int | None = None) -> None:
        strength = m.get("strength")
        if strength is not None and strength not in STRENGTHS:
            bad("strength", f"must be one of {', '.join(STRENGTHS)}, not {strength!r}", m, at)
        sev = m.get("severity")
        if strength in MAX_SEVERITY and sev in SEVERITY_RANK \
                and SEVERITY_RANK[sev] > SEVERITY_RANK[MAX_SEVERITY[strength]]:
            bad("severity", f"'{sev}' is above what strength '{strength}' allows ({MAX_SEVERITY[strength]})", m, at)
        basis = m.get("basis")
        if basis is not None:
            if not isinstance(basis, list):
                bad("basis", "must be a list of {doc, text, from, until, strength}", m, at)
            for i, b in enumerate(basis):
                b_at = basis.ipos[i][0] if hasattr(basis, "ipos") and i < len(basis.ipos) else at
                if not isinstance(b, dict) or not isinstance(b.get("text"), str) or not b.get("text").strip():
                    bad("basis", f"item {i + 1} needs a non-empty 'text'", m, b_at)
                if b.get("doc") is not None and not isinstance(b.get("doc"), str):
                    bad("basis", f"item {i + 1}: 'doc' must be a catalog entry id", m, b_at)
                if b.get("strength") is not None and b.get("strength") not in STRENGTHS:
                    bad("basis", f"item {i + 1}: strength must be one of {', '.join(STRENGTHS)}", m, b_at)
                if (b.get("strength") or strength) == "practice":
                    bad("basis", f"item {i + 1} is a document, so its strength is law or guidance, not practice "
                                 "(set the item's own 'strength')", m, b_at)
                for key in ("from", "until"):
                    if b.get(key) is not None:
                        try:
                            parse_day(b.get(key))
                        except ValueError as exc:
                            bad("basis", f"item {i + 1}: {key} {exc}", m, b_at)
        examples = m.get("examples")
        if examples is not None and (not isinstance(examples, list)
                                     or not all(isinstance(x, str) for x in examples)):
            bad("examples", "must be a list of texts", m, at)

    scope = raw.get("scope")
    if scope is not None and scope not in SCOPES:
        bad("scope", f"must be one of {', '.join(SCOPES)}, not {scope!r}")
    if raw.get("kind") in ("task-group", "task") and raw.get("level") is not None \
            and raw.get("level") not in LEVELS:
        bad("level", f"must be one of {', '.join(LEVELS)} (or empty), not {raw.get('level')!r}")
    for key in DATE_FIELDS:
        check_date(raw, key)
    if raw.get("superseded_by") is not None and not isinstance(raw.get("superseded_by"), str):
        bad("superseded_by", "must be a catalog entry id")
    check_requirement(raw)
    requires = raw.get("requires")
    if isinstance(requires, list):
        for i, req in enumerate(requires):
            if isinstance(req, dict):
                check_requirement(req, requires.ipos[i][0] if hasattr(requires, "ipos") and i < len(requires.ipos)
                                  else line)


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


def load(extra: Iterable[Path] = (), notes: list[tuple[str, str]] | None = None,
         bound: Path | None = None) -> Catalogs:
    """The built-in catalogs plus user catalog files/folders (later ones override earlier ones)."""
    base = _builtin()
    extra = list(extra)
    if not extra:
        return base
    cats = copy.deepcopy(base)
    for p in extra:
        cats.add_path(p, notes=notes, bound=bound)
    return cats
