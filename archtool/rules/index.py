"""Indexes the rules share, each built once per check run on first use.

An :class:`Index` belongs to one run's :class:`~archtool.rules.context.Context` (``ctx.index``);
every property is linear in the size of the model, so rules built on it stay fast on national
models.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any

from archtool.model.architecture import Architecture, is_active, references, relations_of
from archtool.vocab import RELATIONS


#: an element replacing more elements than this links each to itself only, not them to each other
#: (the pairs would be quadratic; a merger of so many systems is not a real plan)
MERGE_LIMIT = 50


class Index:
    def __init__(self, arch: Architecture) -> None:
        self.arch = arch

    # -- one system over time ---------------------------------------------------------------------
    @cached_property
    def links(self) -> set[frozenset[str]]:
        """Pairs of element ids that are one system over time, not duplicates: ``A replaces B``
        (either side), two elements that one active element replaces together (a merger: both
        become it), or a project that delivers one and upgrades the other."""
        out: set[frozenset[str]] = set()
        for el in self.arch.elements.values():
            for old in el.replaces:
                out.add(frozenset((el.id, old)))
            if 1 < len(el.replaces) <= MERGE_LIMIT and el.status != "retired":
                olds = sorted(set(el.replaces))
                for i, a in enumerate(olds):
                    for b in olds[i + 1:]:
                        out.add(frozenset((a, b)))
        for p in self.arch.by_kind.get("projects", []):
            for new in p.delivers:
                for old in p.upgrades:
                    out.add(frozenset((new, old)))
        return out

    def linked(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.links

    @cached_property
    def link_map(self) -> dict[str, frozenset[str]]:
        """element id -> the ids it is :meth:`linked` with."""
        out: dict[str, set[str]] = defaultdict(set)
        for pair in self.links:
            if len(pair) == 2:
                a, b = pair
                out[a].add(b)
                out[b].add(a)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def replaced(self) -> set[str]:
        """Ids some element ``replaces``."""
        return {old for el in self.arch.elements.values() for old in el.replaces}

    @cached_property
    def replaced_by(self) -> dict[str, list[str]]:
        """id -> the elements that replace it."""
        out: dict[str, list[str]] = defaultdict(list)
        for el in self.arch.elements.values():
            for old in el.replaces:
                out[old].append(el.id)
        return out

    @cached_property
    def delivering(self) -> dict[str, list[str]]:
        """element id -> ids of the (not cancelled) projects that deliver it."""
        out: dict[str, list[str]] = defaultdict(list)
        for p in self.arch.by_kind.get("projects", []):
            if p.status == "cancelled":
                continue
            for eid in p.delivers:
                out[eid].append(p.id)
        return out

    # -- where elements stand -----------------------------------------------------------------
    @cached_property
    def positions(self) -> dict[str, int]:
        """element id -> declaration order (files in load order, then position in the file)."""
        return {eid: i for i, eid in enumerate(self.arch.elements)}

    def position(self, el: Any) -> int:
        return self.positions.get(el.id, 0)

    def layer(self, el: Any) -> int:
        """0 for the model being checked, 1 for its baseline, 2 for the baseline's baseline..."""
        return self.arch.layer_of.get(el.id, 0)

    @cached_property
    def ancestors(self) -> dict[str, frozenset[str]]:
        """unit id -> the unit and all its ``parent`` chain (cycles and dangling parents tolerated)."""
        units = {u.id: u for u in self.arch.by_kind.get("units", [])}
        memo: dict[str, frozenset[str]] = {}
        for uid in units:
            chain: list[str] = []
            cur: str | None = uid
            seen: set[str] = set()
            while cur is not None and cur not in seen and cur not in memo:
                seen.add(cur)
                chain.append(cur)
                cur = units[cur].parent if cur in units else None
            tail = memo.get(cur, frozenset()) if cur is not None else frozenset()
            acc = set(tail)
            for u in reversed(chain):
                acc.add(u)
                memo[u] = frozenset(acc)
        return memo

    # -- capabilities and references ----------------------------------------------------------
    @cached_property
    def providers(self) -> dict[str, list[str]]:
        """capability -> ids of active (incl. planned/building) elements providing it, model + baseline."""
        out: dict[str, list[str]] = defaultdict(list)
        for el in self.arch.elements.values():
            if is_active(el) and el.KIND not in ("units", "projects"):
                for cap in el.capabilities:
                    out[cap].append(el.id)
        return out

    @cached_property
    def dependencies(self) -> list[tuple[Any, str, int | None, Any]]:
        """``(active element, relation, list index, target element)`` for every ``uses`` /
        ``hosted_on`` / ``shared_via`` of an active application, platform or dataset whose target
        exists, in declaration order (the dependency rules of spec §5 share this one pass)."""
        return self._dependencies(None)

    def dependencies_of(self, focus: frozenset[str] | None) -> list[tuple[Any, str, int | None, Any]]:
        """:attr:`dependencies` of the elements in ``focus`` only (all with ``None``), same order."""
        return self.dependencies if focus is None else self._dependencies(focus)

    def _dependencies(self, focus: frozenset[str] | None) -> list[tuple[Any, str, int | None, Any]]:
        out: list[tuple[Any, str, int | None, Any]] = []
        elements = self.arch.elements
        for kind in ("applications", "platforms", "datasets"):  # the kinds with dependencies (spec §5)
            fields = relations_of(kind, "dependency")
            for el in self.arch.by_kind.get(kind, []):
                if not is_active(el) or (focus is not None and el.id not in focus):
                    continue
                d = el.__dict__
                for rel in fields:
                    value = d[rel]
                    if not value:
                        continue
                    if isinstance(value, str):
                        target = elements.get(value)
                        if target is not None:
                            out.append((el, rel, None, target))
                        continue
                    for i, tid in enumerate(value):
                        target = elements.get(tid)
                        if target is not None:
                            out.append((el, rel, i, target))
        return out

    @cached_property
    def bad_references(self) -> tuple[list[tuple], list[tuple]]:
        """``(unresolved, wrong_kind)``: the references (element, relation, target, index) that name
        no element, and those that name an element of a kind the relation does not allow. One pass
        over every reference of the model serves both rules."""
        return self._bad_references(None)

    def bad_references_of(self, focus: frozenset[str] | None) -> tuple[list[tuple], list[tuple]]:
        """:attr:`bad_references` made by the elements in ``focus`` only (all with ``None``)."""
        return self.bad_references if focus is None else self._bad_references(focus)

    def _bad_references(self, focus: frozenset[str] | None) -> tuple[list[tuple], list[tuple]]:
        unresolved: list[tuple] = []
        wrong: list[tuple] = []
        kind_of, broken = self.arch.kind_of, self.arch.broken_ids
        for el in self.arch.elements.values():
            if focus is not None and el.id not in focus:
                continue
            for rel, target, idx in references(el):
                actual = kind_of.get(target)
                if actual is None:
                    if target not in broken:
                        unresolved.append((el, rel, target, idx))
                elif actual not in RELATIONS[rel].targets:
                    wrong.append((el, rel, target, idx))
        return unresolved, wrong
