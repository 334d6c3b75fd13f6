"""The loaded architecture: the model and its baseline chain as one indexed whole.

:class:`Source` says where an element is written, :class:`Model` is one model folder as read, and
:class:`Architecture` is the model the user pointed at plus its baselines, indexed by id and kind.
Rules read this object; nothing here re-reads files. The networkx graph of typed relations is
built on first use (most checks only need the indexes).
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from archtool.findings import Finding, Location
from archtool.model.problems import DUPLICATE_ID
from archtool.model.schema import KIND_CLASSES, Element, Manifest
from archtool.model.yamlread import YMap
from archtool.vocab import ACTIVE, RELATIONS

MANIFEST = "archtool.yaml"
#: kinds whose elements are systems with ``uses``, ``scope``, ``security_level``...
SYSTEMS = ("applications", "platforms")


def is_active(el: Any) -> bool:
    """Active = not retired (spec §5); ``planned`` and ``building`` count, ``retiring`` still runs."""
    return el.status in ACTIVE


def scope_units(el: Any) -> tuple[str, ...] | None:
    """``None`` for a province-wide scope, else the unit ids of the scope."""
    scope = el.scope if el.KIND in SYSTEMS else "province"
    if scope == "province" or scope is None:
        return None
    return tuple(scope)


def references(el: Any) -> Iterator[tuple[str, str, int | None]]:
    """Yield ``(relation, target_id, list_index)`` for every reference an element makes."""
    fields = el.__dict__
    for rel in _relations_of(type(el)):
        value = fields[rel]
        if not value:  # None or an empty list: most fields of most elements
            continue
        if isinstance(value, str):
            if value != "province":
                yield rel, value, None
        elif rel == "datasets":
            for i, item in enumerate(value):
                yield rel, item.id, i
        else:
            for i, item in enumerate(value):
                yield rel, item, i


def referenced(el: Any) -> list[str]:
    """The ids an element references (those of :func:`references`, without the relation and index)."""
    fields = el.__dict__
    out: list[str] = []
    for rel in _relations_of(type(el)):
        value = fields[rel]
        if not value:
            continue
        if isinstance(value, str):
            if value != "province":
                out.append(value)
        elif rel == "datasets":
            out.extend(item.id for item in value)
        else:
            out.extend(value)
    return out


def relations_of(kind: str, role: str | None = None) -> tuple[str, ...]:
    """The relations elements of ``kind`` have, in table order; with ``role`` (``dependency``,
    ``use``, ``drawn``, ``link``) only those that play it."""
    rels = _relations_of(KIND_CLASSES[kind])
    return rels if role is None else tuple(r for r in rels if getattr(RELATIONS[r], role))


_RELATIONS_OF: dict[type, tuple[str, ...]] = {}


def _relations_of(cls: type) -> tuple[str, ...]:
    """The relations (reference fields) an element class has (computed once per class)."""
    found = _RELATIONS_OF.get(cls)
    if found is None:
        fields = getattr(cls, "model_fields", {})
        found = _RELATIONS_OF[cls] = tuple(rel for rel, r in RELATIONS.items() if r.field in fields)
    return found


# ---------------------------------------------------------------------------------------------
# what was read


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


def join_display(prefix: str, rel: str) -> str:
    """A path as shown to the user: ``rel`` below the display ``prefix`` of its model ('' or '../egov')."""
    if not prefix:
        return rel
    return os.path.normpath(os.path.join(prefix, rel)).replace(os.sep, "/")


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
        return join_display(self.prefix, rel)

    def manifest_location(self, key: str | None = None) -> Location:
        file = join_display(self.prefix, MANIFEST)
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

    def add(self, pairs: list[tuple[str, Any]], broken: set[str]) -> None:
        """Add the ``(collection, element)`` pairs of one file (see :mod:`archtool.model.files`)."""
        self.broken_ids |= broken
        origin = self.id
        for key, el in pairs:
            el.__pydantic_private__["_origin"] = origin  # el._origin = ..., without pydantic's __setattr__
            (self.waivers if key == "waivers" else self.elements).append(el)


# ---------------------------------------------------------------------------------------------
# the whole


class Architecture:
    """Model + baseline chain. ``models[0]`` is the model the user pointed at."""

    def __init__(self, models: list[Model], findings: list[Finding]) -> None:
        self.models = models
        self.findings = findings
        self.elements: dict[str, Element] = {}
        self.kind_of: dict[str, str] = {}
        self.by_kind: dict[str, list[Element]] = defaultdict(list)
        self.broken_ids: set[str] = set()
        self.waivers: list[Any] = []
        #: element id -> 0 for the model, 1 for its baseline, 2 for the baseline's baseline...
        self.layer_of: dict[str, int] = {}
        #: (path, SHA-256) of every file the loader read, in order (None: not loaded from files)
        self.inputs: list[tuple[str, str]] | None = None
        for depth, m in enumerate(models):
            self.broken_ids |= m.broken_ids
            self.waivers.extend(m.waivers)
            for el in m.elements:
                first = self.elements.get(el.id)
                if first is not None:
                    findings.append(DUPLICATE_ID.finding(
                        location=el._src.location("id"), elements=[el.id], id=el.id,
                        first=f"{first._src.file}:{first._src.line}"))
                    continue
                self.elements[el.id] = el
                self.layer_of[el.id] = depth
                self.kind_of[el.id] = el.KIND
                self.by_kind[el.KIND].append(el)

    # -- identity ------------------------------------------------------------------------------
    @property
    def top(self) -> Model:
        return self.models[0]

    @property
    def manifest(self) -> Any:
        return self.top.manifest

    @property
    def id(self) -> str:
        return self.top.id

    @property
    def kind(self) -> str | None:
        return self.top.manifest.model.kind if self.top.manifest else None

    @property
    def loadable(self) -> bool:
        """False when not even the manifest could be read (no further checks make sense)."""
        return self.top.manifest is not None

    def origin(self, el: Any) -> tuple[bool, str]:
        """(declared in a baseline?, id of the model that declares it), from the index — without
        pydantic's slow private-attribute lookup — for indexed elements."""
        if self.elements.get(el.id) is el:
            depth = self.layer_of[el.id]
            return depth > 0, self.models[depth].id
        return el._origin != self.top.id, el._origin  # not indexed (a duplicate id's second copy)

    def is_baseline(self, el: Any) -> bool:
        return self.origin(el)[0]

    def model_location(self, key: str | None = "model.kind") -> Location:
        return self.top.manifest_location(key)

    def __len__(self) -> int:
        return len(self.elements)

    # -- derived indexes -----------------------------------------------------------------------
    @cached_property
    def graph(self) -> Any:
        """A networkx MultiDiGraph: nodes are element ids (attr ``kind``, ``baseline``), edges are
        relations keyed by their name (attr ``access`` on dataset edges). Unresolved references are
        left out."""
        import networkx as nx  # lazy: networkx costs start-up time and few commands need the graph

        g = nx.MultiDiGraph()
        for eid, el in self.elements.items():
            g.add_node(eid, kind=el.KIND, baseline=self.is_baseline(el), status=el.status)
        for eid, el in self.elements.items():
            for rel, target, idx in references(el):
                if target in self.elements:
                    attrs = {}
                    if rel == "datasets":
                        attrs["access"] = el.datasets[idx].access
                    g.add_edge(eid, target, key=rel, **attrs)
        return g
