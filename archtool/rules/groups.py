"""Grouping copies of one thing (a one-per-province capability, a dataset's masters) into
duplication findings, without comparing every pair (see :func:`duplicate_groups`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from archtool.model.architecture import scope_units
from archtool.rules.index import Index

#: ``details.conflicts`` (which copy overlaps which) is given for groups up to this many copies; a
#: larger group would make it quadratic, and its conflicts follow from ``details.scopes`` anyway.
CONFLICT_DETAIL_LIMIT = 50


class DuplicateGroup:
    """One duplication finding's worth of copies: ``anchor`` (where the finding is located),
    ``copies`` (anchor first, then the other copies of its model layer, then the deeper baseline
    copies they conflict with) and ``conflicts`` (copy id -> the copies it overlaps with, or ``None``
    for groups larger than :data:`CONFLICT_DETAIL_LIMIT`)."""

    __slots__ = ("anchor", "copies", "conflicts")

    def __init__(self, anchor: Any, copies: list[Any], conflicts: dict[str, list[str]] | None) -> None:
        self.anchor, self.copies, self.conflicts = anchor, copies, conflicts


def duplicate_groups(ix: Index, members: list[Any], scoped: bool = True) -> list[DuplicateGroup]:
    """Group copies of one thing (a one-per-province capability, a dataset's masters) into findings.

    Two copies *conflict* when their scopes overlap (``scoped``; otherwise always) and they are not
    :meth:`Index.linked`. A province-wide scope overlaps everything; unit lists overlap when a unit of one is
    a unit of the other or in its ``parent`` chain. Findings are the connected groups of conflicts
    within one model layer (the model, its baseline, ...), each also naming the deeper copies it
    conflicts with: a baseline's own duplicates are one finding, and a copy the model adds is another
    that names the baseline copies it repeats. The anchor is the copy with most conflicts in the
    shallowest layer (then the latest ``since``, then the last declared).

    Conflicts are never enumerated pair by pair: province-wide copies conflict with everything, so
    the groups are found by a search that takes every not-yet-grouped copy at once except the few
    linked ones; unit-list overlaps come from an index of each scope's units and their parents. The
    work is linear in the copies plus links plus unit-list overlaps.
    """
    uniq: dict[str, Any] = {}
    for m in members:
        uniq.setdefault(m.id, m)
    if len(uniq) < 2:
        return []
    if len(uniq) == 2:  # the common case, decided without building the general structures
        pair = _two_copies(ix, *uniq.values(), scoped=scoped)
        if pair is not None:
            return pair
    ids = list(uniq)
    block = set(ids)
    all_links = ix.link_map
    empty: frozenset[str] = frozenset()
    lk = {i: (all_links.get(i, empty) & block) for i in ids}
    layer_of, position_of = ix.arch.layer_of, ix.positions
    lay = {i: layer_of.get(i, 0) for i in ids}
    pos = {i: position_of.get(i, 0) for i in ids}
    wide = {i for i in ids if not scoped or scope_units(uniq[i]) is None}
    nb = _narrow_overlaps(ix, [uniq[i] for i in ids if i not in wide])

    def conflict(a: str, b: str) -> bool:
        return a != b and (a in wide or b in wide or b in nb[a]) and b not in lk[a]

    def count(i: str) -> int:  # conflicts of i in the whole block
        if i in wide:
            return len(ids) - 1 - len(lk[i])
        return len(wide) - len(lk[i] & wide) + len(nb[i] - lk[i])

    by_layer: dict[int, list[str]] = defaultdict(list)
    for i in ids:
        by_layer[lay[i]].append(i)
    out: list[DuplicateGroup] = []
    for level in sorted(by_layer, reverse=True):
        here = sorted(by_layer[level], key=pos.__getitem__)
        deeper_ids = [i for i in ids if lay[i] > level]
        deeper_wide = [i for i in deeper_ids if i in wide]
        unvisited_w = {i for i in here if i in wide}
        unvisited_n = {i for i in here if i not in wide}
        for start in here:
            if start not in unvisited_w and start not in unvisited_n:
                continue
            (unvisited_w if start in wide else unvisited_n).discard(start)
            comp, queue = [start], [start]
            while queue:
                v = queue.pop()
                skip = lk[v]
                found = [u for u in unvisited_w if u not in skip]
                if v in wide:
                    found += [u for u in unvisited_n if u not in skip]
                else:
                    found += [u for u in nb[v] if u in unvisited_n and u not in skip]
                for u in found:
                    (unvisited_w if u in wide else unvisited_n).discard(u)
                comp += found
                queue += found
            comp.sort(key=pos.__getitem__)
            # deeper copies in conflict with the group: every deeper province-wide copy is a candidate,
            # deeper unit-list copies only when the group holds a province-wide copy or overlaps them
            if any(c in wide for c in comp):
                candidates = deeper_ids
            else:
                near = {u for c in comp for u in nb[c] if lay[u] > level}
                candidates = deeper_wide + sorted(near - wide, key=pos.__getitem__)
            comp_set = set(comp)
            comp_wide = [c for c in comp if c in wide]
            deeper = []
            for d in candidates:
                if d in wide:
                    hit = len(comp) > len(lk[d] & comp_set)
                else:
                    hit = any(c not in lk[d] for c in comp_wide) or any(
                        c in comp_set and c not in lk[d] for c in nb[d])
                if hit:
                    deeper.append(d)
            if len(comp) + len(deeper) < 2:
                continue
            deeper.sort(key=lambda i: (-lay[i], pos[i]))
            anchor = max(comp, key=lambda i: (count(i), uniq[i].since or 0, pos[i]))
            group = [anchor] + [i for i in comp if i != anchor] + deeper
            conflicts = None
            if len(group) <= CONFLICT_DETAIL_LIMIT:
                conflicts = {a: sorted(b for b in group if conflict(a, b)) for a in group}
            out.append(DuplicateGroup(uniq[anchor], [uniq[i] for i in group], conflicts))
    return out


def _two_copies(ix: Index, a: Any, b: Any, scoped: bool) -> list[DuplicateGroup] | None:
    """:func:`duplicate_groups` of two province-wide (or unscoped) copies; ``None`` when a unit-list
    scope needs the general path."""
    if scoped and (scope_units(a) is not None or scope_units(b) is not None):
        return None
    if b.id in ix.link_map.get(a.id, ()):
        return []
    layer_of, pos = ix.arch.layer_of, ix.positions
    la, lb = layer_of.get(a.id, 0), layer_of.get(b.id, 0)
    if la == lb:  # the later (``since``, then declaration) copy is the anchor
        first, second = sorted((a, b), key=lambda e: (e.since or 0, pos.get(e.id, 0)), reverse=True)
    else:  # the copy in the shallower layer names the deeper one it repeats
        first, second = (a, b) if la < lb else (b, a)
    return [DuplicateGroup(first, [first, second], {first.id: [second.id], second.id: [first.id]})]


def _narrow_overlaps(ix: Index, narrow: list[Any]) -> dict[str, set[str]]:
    """For copies with unit-list scopes: id -> the other such copies whose scope overlaps (a unit of
    one is a unit of the other or in its ``parent`` chain). Province-wide ids map to an empty set.
    Output-sensitive: an index from each unit to the copies whose scopes lie under it."""
    anc = ix.ancestors
    out: dict[str, set[str]] = defaultdict(set)
    under: dict[str, list[str]] = defaultdict(list)  # unit -> copies with a scope unit at or below it
    for a in narrow:
        covered: set[str] = set()
        for u in scope_units(a) or ():
            covered |= anc.get(u, frozenset((u,)))
        for u in covered:
            under[u].append(a.id)
    for b in narrow:
        for u in scope_units(b) or ():
            for a in under.get(u, ()):
                if a != b.id:
                    out[a].add(b.id)
                    out[b.id].add(a)
    return out
