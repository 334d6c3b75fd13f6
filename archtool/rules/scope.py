"""Helpers shared by the duplication, gap and principle rules: which elements are active, which are
linked as replacements or upgrades, whether two scopes overlap, how to describe a copy.

Everything here is linear in the size of the model (indexes built once per check run and cached on
the architecture object), so rules built on it stay fast on large models.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Iterable

from archtool.findings import Location
from archtool.i18n import L, kind_name
from archtool.model.architecture import ACTIVE, Architecture

STATUSES = {
    "planned": L("dự kiến", "planned"),
    "building": L("đang xây dựng", "building"),
    "operational": L("đang vận hành", "operational"),
    "retiring": L("sắp dừng", "retiring"),
    "retired": L("đã dừng", "retired"),
    "proposed": L("đề xuất", "proposed"),
    "approved": L("đã phê duyệt", "approved"),
    "in-progress": L("đang thực hiện", "in progress"),
    "completed": L("đã hoàn thành", "completed"),
    "cancelled": L("đã hủy", "cancelled"),
}
PROVINCE_WIDE = L("toàn tỉnh", "province-wide")
SYSTEMS = ("applications", "platforms")


def is_active(el: Any) -> bool:
    """Active = not retired (spec §5); ``planned`` and ``building`` count, ``retiring`` still runs."""
    return el.status in ACTIVE


def _cache(arch: Architecture, name: str, build: Callable[[], Any]) -> Any:
    store = arch.__dict__.setdefault("_rule_cache", {})
    if name not in store:
        store[name] = build()
    return store[name]


# -- replacement / upgrade links ---------------------------------------------------------------
def links(arch: Architecture) -> set[frozenset[str]]:
    """Pairs of element ids that are one system over time, not duplicates: ``A replaces B`` (either
    side), or a project that delivers one and upgrades the other."""

    def build() -> set[frozenset[str]]:
        out: set[frozenset[str]] = set()
        for el in arch.elements.values():
            for old in el.replaces:
                out.add(frozenset((el.id, old)))
        for p in arch.by_kind.get("projects", []):
            for new in p.delivers:
                for old in p.upgrades:
                    out.add(frozenset((new, old)))
        return out

    return _cache(arch, "links", build)


def linked(arch: Architecture, a: str, b: str) -> bool:
    return frozenset((a, b)) in links(arch)


def delivering_projects(arch: Architecture) -> dict[str, list[str]]:
    """element id -> ids of the (not cancelled) projects that deliver it."""

    def build() -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for p in arch.by_kind.get("projects", []):
            if p.status == "cancelled":
                continue
            for eid in p.delivers:
                out[eid].append(p.id)
        return out

    return _cache(arch, "delivers", build)


# -- layers (model vs baseline) ------------------------------------------------------------------
def layer(arch: Architecture, el: Any) -> int:
    """0 for the model being checked, 1 for its baseline, 2 for the baseline's baseline..."""
    return arch.layer_of.get(el.id, 0)


def positions(arch: Architecture) -> dict[str, int]:
    """element id -> declaration order (files in load order, then position in the file)."""
    return _cache(arch, "positions", lambda: {eid: i for i, eid in enumerate(arch.elements)})


def position(arch: Architecture, el: Any) -> int:
    return positions(arch).get(el.id, 0)


# -- scopes ----------------------------------------------------------------------------------------
def _ancestors(arch: Architecture) -> dict[str, frozenset[str]]:
    """unit id -> the unit and all its ``parent`` chain (cycles and dangling parents tolerated)."""

    def build() -> dict[str, frozenset[str]]:
        units = {u.id: u for u in arch.by_kind.get("units", [])}
        memo: dict[str, frozenset[str]] = {}
        for uid in units:
            chain: list[str] = []
            cur: str | None = uid
            seen: set[str] = set()
            while cur is not None and cur not in seen and cur not in memo:
                seen.add(cur)
                chain.append(cur)
                parent = units[cur].parent if cur in units else None
                cur = parent
            tail = memo.get(cur, frozenset()) if cur is not None else frozenset()
            acc = set(tail)
            for u in reversed(chain):
                acc.add(u)
                memo[u] = frozenset(acc)
        return memo

    return _cache(arch, "ancestors", build)


def scope_units(el: Any) -> tuple[str, ...] | None:
    """``None`` for a province-wide scope, else the unit ids of the scope."""
    scope = el.scope if el.KIND in SYSTEMS else "province"
    if scope == "province" or scope is None:
        return None
    return tuple(scope)


def kind_title(kind: str) -> L:
    """The kind's name with a capital letter, for the start of a sentence ("Ứng dụng", "Application")."""
    k = kind_name(kind)
    return L(k.vi[:1].upper() + k.vi[1:], k.en[:1].upper() + k.en[1:])


def describe_scope(el: Any) -> L | str:
    units = scope_units(el)
    return PROVINCE_WIDE if units is None else ", ".join(units)


_ORIGIN = {(True, "vi"): "mô hình nền ", (True, "en"): "baseline ", (False, "vi"): "mô hình ", (False, "en"): "model "}
_FROM = {"vi": "từ ", "en": "from "}
_SCOPE = {"vi": "phạm vi ", "en": "scope "}


def describe(arch: Architecture, el: Any) -> L:
    """``lgsp-long-an (nền tảng, mô hình nền tay-ninh-egov, đang vận hành, toàn tỉnh)``."""

    def make(lang: str) -> str:
        base, origin = arch.origin(el)
        status = STATUSES.get(el.status)
        parts = [kind_name(el.KIND).get(lang), _ORIGIN[base, lang] + origin,
                 status.get(lang) if status else el.status]
        if el.since:
            parts.append(f"{_FROM[lang]}{el.since}")
        if el.KIND in SYSTEMS:
            scope = describe_scope(el)
            parts.append(_SCOPE[lang] + (scope if isinstance(scope, str) else scope.get(lang)))
        return f"{el.id} ({', '.join(parts)})"

    return L.build(make)


def copy_details(arch: Architecture, el: Any) -> dict[str, Any]:
    scope = scope_units(el)
    base, origin = arch.origin(el)
    return {"id": el.id, "kind": el.KIND, "status": el.status, "origin": origin,
            "baseline": base, "since": el.since,
            "scope": "province" if scope is None else list(scope)}


#: findings list their copies in the message up to this many ("… and N more"); ``elements`` and
#: ``details.copies`` always list them all.
MESSAGE_COPIES = 20
#: ``details.conflicts`` (which copy overlaps which) is given for groups up to this many copies; a
#: larger group would make it quadratic, and its conflicts follow from ``details.scopes`` anyway.
CONFLICT_DETAIL_LIMIT = 50
MORE = L("… và {n} bản khác", "… and {n} more")


def link_map(arch: Architecture) -> dict[str, frozenset[str]]:
    """element id -> the ids it is :func:`linked` with."""

    def build() -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for pair in links(arch):
            if len(pair) == 2:
                a, b = pair
                out[a].add(b)
                out[b].add(a)
        return {k: frozenset(v) for k, v in out.items()}

    return _cache(arch, "link_map", build)


class DuplicateGroup:
    """One duplication finding's worth of copies: ``anchor`` (where the finding is located),
    ``copies`` (anchor first, then the other copies of its model layer, then the deeper baseline
    copies they conflict with) and ``conflicts`` (copy id -> the copies it overlaps with, or ``None``
    for groups larger than :data:`CONFLICT_DETAIL_LIMIT`)."""

    __slots__ = ("anchor", "copies", "conflicts")

    def __init__(self, anchor: Any, copies: list[Any], conflicts: dict[str, list[str]] | None) -> None:
        self.anchor, self.copies, self.conflicts = anchor, copies, conflicts


def duplicate_groups(arch: Architecture, members: list[Any], scoped: bool = True) -> list[DuplicateGroup]:
    """Group copies of one thing (a one-per-province capability, a dataset's masters) into findings.

    Two copies *conflict* when their scopes overlap (``scoped``; otherwise always) and they are not
    :func:`linked`. A province-wide scope overlaps everything; unit lists overlap when a unit of one is
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
        pair = _two_copies(arch, *uniq.values(), scoped=scoped)
        if pair is not None:
            return pair
    ids = list(uniq)
    block = set(ids)
    all_links = link_map(arch)
    empty: frozenset[str] = frozenset()
    lk = {i: (all_links.get(i, empty) & block) for i in ids}
    layer_of, position_of = arch.layer_of, positions(arch)
    lay = {i: layer_of.get(i, 0) for i in ids}
    pos = {i: position_of.get(i, 0) for i in ids}
    wide = {i for i in ids if not scoped or scope_units(uniq[i]) is None}
    nb = _narrow_overlaps(arch, [uniq[i] for i in ids if i not in wide])

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


def _two_copies(arch: Architecture, a: Any, b: Any, scoped: bool) -> list[DuplicateGroup] | None:
    """:func:`duplicate_groups` of two province-wide (or unscoped) copies; ``None`` when a unit-list
    scope needs the general path."""
    if scoped and (scope_units(a) is not None or scope_units(b) is not None):
        return None
    if b.id in link_map(arch).get(a.id, ()):
        return []
    layer_of, pos = arch.layer_of, positions(arch)
    la, lb = layer_of.get(a.id, 0), layer_of.get(b.id, 0)
    if la == lb:  # the later (``since``, then declaration) copy is the anchor
        first, second = sorted((a, b), key=lambda e: (e.since or 0, pos.get(e.id, 0)), reverse=True)
    else:  # the copy in the shallower layer names the deeper one it repeats
        first, second = (a, b) if la < lb else (b, a)
    return [DuplicateGroup(first, [first, second], {first.id: [second.id], second.id: [first.id]})]


def _narrow_overlaps(arch: Architecture, narrow: list[Any]) -> dict[str, set[str]]:
    """For copies with unit-list scopes: id -> the other such copies whose scope overlaps (a unit of
    one is a unit of the other or in its ``parent`` chain). Province-wide ids map to an empty set.
    Output-sensitive: an index from each unit to the copies whose scopes lie under it."""
    anc = _ancestors(arch)
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


def describe_copies(arch: Architecture, copies: list[Any]) -> list[L]:
    """The copies for a message, at most :data:`MESSAGE_COPIES` of them, then "… and N more"."""
    shown = [describe(arch, c) for c in copies[:MESSAGE_COPIES]]
    if len(copies) > MESSAGE_COPIES:
        shown.append(MORE.format(n=len(copies) - MESSAGE_COPIES))
    return shown


def preferred(arch: Architecture, ids: Iterable[str]) -> list[str]:
    """Order candidate targets for a suggestion: operational, province-wide, not being replaced first."""
    replaced = _cache(arch, "replaced", lambda: {old for el in arch.elements.values() for old in el.replaces})

    def key(eid: str) -> tuple:
        el = arch.elements[eid]
        return (eid in replaced or el.status == "retiring", scope_units(el) is not None,
                el.status != "operational", eid)

    return sorted(ids, key=key)


def number(value: float) -> L:
    """A decimal number written the Vietnamese way (comma) and the English way (point)."""
    text = f"{value:.1f}"
    return L(text.replace(".", ","), text)


def cap_name(ctx: Any, cap: str) -> L:
    """The capability's catalog name in both languages (its id if the catalog lacks it)."""
    e = ctx.catalogs.get(cap)
    return L(e.name, e.name_en or e.name) if e else L(cap, cap)


def cite(ctx: Any, entry_id: str, fallback: str) -> str:
    """The citation of a catalog entry (so user catalogs can re-cite), else ``fallback``."""
    entry = ctx.catalogs.get(entry_id)
    return entry.citation if entry is not None and entry.citation else fallback


def model_location(arch: Architecture) -> Location:
    return arch.model_location("model.kind")
