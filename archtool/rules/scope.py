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

    def build() -> dict[str, int]:
        order = {m.id: i for i, m in enumerate(arch.models)}
        return {eid: order.get(e._origin, 0) for eid, e in arch.elements.items()}

    return _cache(arch, "layers", build).get(el.id, 0)


def position(arch: Architecture, el: Any) -> int:
    """Declaration order (files in load order, then position in the file)."""
    order = _cache(arch, "positions", lambda: {eid: i for i, eid in enumerate(arch.elements)})
    return order.get(el.id, 0)


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


def scope_overlap_pairs(arch: Architecture, members: list[Any]) -> Iterable[tuple[Any, Any]]:
    """Pairs of ``members`` whose scopes overlap, without comparing every pair: a province-wide scope
    overlaps everything; unit lists overlap when a unit of one is a unit of the other or one of its
    ``parent`` chain. Output-sensitive: the work is proportional to the overlaps found."""
    anc = _ancestors(arch)
    wide = [m for m in members if scope_units(m) is None]
    narrow = [m for m in members if scope_units(m) is not None]
    for i, a in enumerate(wide):
        for b in wide[i + 1:]:
            yield a, b
        for b in narrow:
            yield a, b
    # element a is found from b when a unit of b's scope is an ancestor-or-self of a unit of a's scope
    by_anc: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(narrow):
        covered: set[str] = set()
        for u in scope_units(a) or ():
            covered |= anc.get(u, frozenset((u,)))
        for u in covered:
            by_anc[u].append(i)
    seen: set[tuple[int, int]] = set()
    for j, b in enumerate(narrow):
        for u in scope_units(b) or ():
            for i in by_anc.get(u, ()):
                if i != j:
                    key = (min(i, j), max(i, j))
                    if key not in seen:
                        seen.add(key)
                        yield narrow[key[0]], narrow[key[1]]


def kind_title(kind: str) -> L:
    """The kind's name with a capital letter, for the start of a sentence ("Ứng dụng", "Application")."""
    k = kind_name(kind)
    return L(k.vi[:1].upper() + k.vi[1:], k.en[:1].upper() + k.en[1:])


def describe_scope(el: Any) -> L | str:
    units = scope_units(el)
    return PROVINCE_WIDE if units is None else ", ".join(units)


def describe(arch: Architecture, el: Any) -> L:
    """``lgsp-long-an (nền tảng, mô hình nền tay-ninh-egov, đang vận hành, toàn tỉnh)``."""
    origin = (L("mô hình nền {m}", "baseline {m}") if arch.is_baseline(el) else L("mô hình {m}", "model {m}")).format(m=el._origin)
    parts = [kind_name(el.KIND), origin, STATUSES.get(el.status, L(el.status, el.status))]
    if el.since:
        parts.append(L("từ {y}", "from {y}").format(y=el.since))
    if el.KIND in SYSTEMS:
        parts.append(L("phạm vi {s}", "scope {s}").format(s=describe_scope(el)))
    return L("{id} ({p})", "{id} ({p})").format(id=el.id, p=parts)


def copy_details(arch: Architecture, el: Any) -> dict[str, Any]:
    scope = scope_units(el)
    return {"id": el.id, "kind": el.KIND, "status": el.status, "origin": el._origin,
            "baseline": arch.is_baseline(el), "since": el.since,
            "scope": "province" if scope is None else list(scope)}


def group_conflicts(arch: Architecture, conflicts: dict[str, set[str]]) -> list[tuple[Any, list[Any]]]:
    """Turn a symmetric conflict graph into findings, one per model layer and connected group.

    Copies declared in the same model are reported together (connected components of the conflicts
    inside that model); each group also names the copies of deeper baselines it conflicts with. So a
    baseline's own duplicates are one finding, and a new copy proposed in the model is another
    finding that names the baseline copies it repeats. Returns ``(anchor, copies)`` pairs: the anchor
    (where the finding is located) is the copy with most conflicts in the shallowest layer.
    """
    els = arch.elements
    lay_of = {i: layer(arch, els[i]) for i in conflicts}
    pos = {i: position(arch, els[i]) for i in conflicts}
    by_layer: dict[int, list[str]] = defaultdict(list)
    for eid in conflicts:
        by_layer[lay_of[eid]].append(eid)
    out: list[tuple[Any, list[Any]]] = []
    for lay in sorted(by_layer, reverse=True):
        ids = sorted(by_layer[lay], key=pos.__getitem__)
        parent = {i: i for i in ids}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a in ids:
            for b in conflicts[a]:
                if b in parent:
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        lo, hi = sorted((ra, rb), key=pos.__getitem__)
                        parent[hi] = lo
        comps: dict[str, list[str]] = defaultdict(list)
        for a in ids:
            comps[find(a)].append(a)
        for comp in comps.values():
            deeper = sorted({b for a in comp for b in conflicts[a] if lay_of[b] > lay},
                            key=lambda i: (-lay_of[i], pos[i]))
            if len(comp) + len(deeper) < 2:
                continue
            anchor = max(comp, key=lambda i: (len(conflicts[i]), els[i].since or 0, pos[i]))
            rest = [i for i in comp if i != anchor]
            out.append((els[anchor], [els[anchor]] + [els[i] for i in rest + deeper]))
    return out


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
