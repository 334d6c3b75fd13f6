"""The loaded architecture: the model and its baseline chain as one indexed whole.

Rules read this object; nothing here re-reads files. The networkx graph of typed relations is
built on first use (most checks only need the indexes).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any, Iterator

from archtool.findings import Finding, Location
from archtool.model.loader import Model
from archtool.model.schema import Element

# relation name -> (field, allowed target kinds). Used by the reference checks and the graph.
RELATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "owner": ("owner", ("units",)),
    "parent": ("parent", ("units",)),
    "uses": ("uses", ("platforms", "applications", "infrastructure")),
    "hosted_on": ("hosted_on", ("infrastructure",)),
    "datasets": ("datasets", ("datasets",)),
    "scope": ("scope", ("units",)),
    "integrates_with": ("integrates_with", ("applications", "platforms")),
    "shared_via": ("shared_via", ("platforms",)),
    "realized_by": ("realized_by", ("applications", "platforms")),
    "channels": ("channels", ("applications", "platforms")),
    "delivers": ("delivers", ("units", "services", "applications", "platforms", "datasets", "infrastructure")),
    "upgrades": ("upgrades", ("services", "applications", "platforms", "datasets", "infrastructure")),
    "replaces": ("replaces", ("services", "applications", "platforms", "datasets", "infrastructure")),
}

ACTIVE = ("planned", "building", "operational", "retiring")


def references(el: Any) -> Iterator[tuple[str, str, int | None]]:
    """Yield ``(relation, target_id, list_index)`` for every reference an element makes."""
    fields = el.__dict__
    for rel, fname in _relations_of(type(el)):
        value = fields[fname]
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


_RELATIONS_OF: dict[type, tuple[tuple[str, str], ...]] = {}


def _relations_of(cls: type) -> tuple[tuple[str, str], ...]:
    """``(relation, field)`` pairs that exist on an element class (computed once per class)."""
    found = _RELATIONS_OF.get(cls)
    if found is None:
        fields = getattr(cls, "model_fields", {})
        found = _RELATIONS_OF[cls] = tuple((rel, f) for rel, (f, _k) in RELATIONS.items() if f in fields)
    return found


class Architecture:
    """Model + baseline chain. ``models[0]`` is the model the user pointed at."""

    def __init__(self, models: list[Model], findings: list[Finding]) -> None:
        from archtool.rules import reference as RR

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
                    findings.append(RR.DUPLICATE_ID.finding(
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

    def location(self, el: Any, field: str | None = None, index: int | None = None) -> Location:
        return el._src.location(field, index)

    def model_location(self, key: str | None = "model.kind") -> Location:
        return self.top.manifest_location(key)

    def own_elements(self) -> Iterator[Element]:
        layer_of = self.layer_of
        for eid, el in self.elements.items():
            if layer_of[eid] == 0:
                yield el

    def __len__(self) -> int:
        return len(self.elements)

    # -- derived indexes -----------------------------------------------------------------------
    @cached_property
    def graph(self) -> Any:
        """A networkx MultiDiGraph: nodes are element ids (attr ``kind``, ``baseline``), edges are
        relations keyed by their name (attr ``access`` on dataset edges). Unresolved references are
        left out."""
        import networkx as nx

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
