"""What a merged province keeps: one system per one-per-province capability, chosen consistently.

The groups are the ``dup-capability`` findings on the merged model (systems of both former
provinces providing a capability a province has one of). In each group one system is kept; what
becomes of the others depends on what they are:

- an application or platform is **retired**; its master and written data migrate to the kept one;
- a second **data centre** is proposed as the **backup / disaster-recovery site** (its systems move
  to the kept centre, which it mirrors); the planner may instead **interconnect** the two centres
  (nothing moves now) or retire it;
- a second **network** (the data network) is proposed to be **interconnected** with the kept one.

The groups are decided in the order systems depend on each other (data centres and networks, then
what runs on them: the LGSP before the IOC that uses it), and a candidate that would leave fewer
systems to re-host or re-connect is preferred after its status: keeping an IOC keeps the data centre
and LGSP it runs on, or the report lists it to move. Every system that runs on, or uses, a system
that goes away is listed with what to re-host or re-connect it to (:class:`Move`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from archtool.i18n import L
from archtool.model.architecture import references
from archtool.vocab import RELATIONS, STATUSES, label
from archtool.workflows.common import budget_totals

#: the rules whose findings a plan is made of (``merge`` runs only these on the merged model)
RULES = frozenset({"dup-capability"})
STATUS_RANK = {"operational": 4, "building": 3, "planned": 2, "retiring": 1, "retired": 0}
#: relations by which a system depends on another: what has to move when that one goes away
DEPENDS = ("hosted_on", "uses", "shared_via", "integrates_with", "realized_by", "channels")
RETIRE, BACKUP, INTERCONNECT = "retire", "backup", "interconnect"
#: infrastructure capabilities whose second copy is kept as a backup site, or interconnected
SITES = ("datacenter", "backup-datacenter", "cloud")
NETWORKS = ("data-network", "network")
ORDER = {"infrastructure": 0, "platforms": 1, "applications": 2, "services": 3}


@dataclass
class Candidate:
    id: str
    name: str
    kind: str
    origin: str
    status: str
    since: int | None
    security_level: int | None
    hosting: str | None
    shared_hosting: bool
    users: int | None
    connections: int
    vendor: str | None
    cost: int
    moves: int = 0  # systems to re-host or re-connect if this one is kept

    def score(self) -> tuple:
        return (STATUS_RANK.get(self.status, 0), -self.moves, self.connections, self.users or 0,
                self.security_level or 0, int(self.shared_hosting), -(self.since or 9999))


def _status(v: Any) -> L:
    return label(STATUSES, v)


CRITERIA = [
    (0, L("trạng thái tốt hơn ({a} so với {b})", "better status ({a} vs {b})"), "status"),
    (1, L("ít hệ thống phải chuyển hoặc kết nối lại hơn ({a} so với {b})",
          "fewer systems to re-host or re-connect ({a} vs {b})"), "moves"),
    (2, L("nhiều kết nối hơn ({a} so với {b})", "more connections ({a} vs {b})"), "connections"),
    (3, L("nhiều người dùng hơn ({a} so với {b})", "more users ({a} vs {b})"), "users"),
    (4, L("cấp độ an toàn cao hơn ({a} so với {b})", "higher security level ({a} vs {b})"), "security_level"),
    (5, L("đặt tại hạ tầng dùng chung", "hosted on shared infrastructure"), "shared_hosting"),
    (6, L("vận hành lâu hơn (từ {a} so với {b})", "in operation longer (since {a} vs {b})"), "since"),
]


@dataclass
class Group:
    capability: str
    capability_name: L
    keep: Candidate
    retire: list[Candidate]  # the others (retired, kept as backup, or interconnected: see fate)
    reason: L
    fate: str = RETIRE
    options: tuple[str, ...] = ()  # the other fates a planner may choose for them
    migrate: list[dict[str, str]] = field(default_factory=list)
    finding: str = ""


@dataclass
class Move:
    """A system that runs on or uses one that goes away, and what it moves to."""

    id: str
    name: str
    kind: str
    relation: str  # hosted_on: re-host; any other: re-connect
    old: str
    new: str
    capability: str


@dataclass
class Plan:
    groups: list[Group]
    moves: list[Move]
    names: dict[str, str] = field(default_factory=dict)  # the name of every system the plan names


class _Links:
    """Who depends on, or links to, the candidates (one pass over the model's references)."""

    def __init__(self, arch: Any, ids: set[str]) -> None:
        self.into: dict[str, list[tuple[str, str]]] = defaultdict(list)  # target -> [(source, relation)]
        for el in arch.elements.values():
            for rel, target, _i in references(el):
                if target in ids:
                    self.into[target].append((el.id, rel))


def _fate(kind: str, capability: str, el: Any) -> tuple[str, tuple[str, ...]]:
    if kind == "infrastructure":
        if capability in SITES or getattr(el, "type", None) in ("datacenter", "cloud"):
            return BACKUP, (INTERCONNECT, RETIRE)
        if capability in NETWORKS or getattr(el, "type", None) == "network":
            return INTERCONNECT, (RETIRE,)
    return RETIRE, ()


def _candidate(arch: Any, el: Any, links: _Links) -> Candidate:
    own = {t for rel, t, _i in references(el) if RELATIONS[rel].link and t in arch.elements}
    into = links.into.get(el.id, [])
    neighbours = own | {s for s, rel in into if RELATIONS[rel].link}
    projects = sorted({s for s, rel in into if rel in ("delivers", "upgrades")})
    host = getattr(el, "hosted_on", None)
    origin = next((t[7:] for t in el.tags if t.startswith("origin:")), el._origin)
    return Candidate(id=el.id, name=el.name, kind=el.KIND, origin=origin, status=el.status, since=el.since,
                     security_level=getattr(el, "security_level", None), hosting=host,
                     shared_hosting=bool(host and getattr(arch.elements.get(host), "shared", False)),
                     users=getattr(el, "users", None), connections=len(neighbours), vendor=el.vendor,
                     cost=sum(budget_totals(arch.elements[p] for p in projects).values()))


def _reason(keep: Candidate, other: Candidate) -> L:
    ks, os_ = keep.score(), other.score()
    for idx, text, attr in CRITERIA:
        if ks[idx] != os_[idx]:
            a, b = getattr(keep, attr), getattr(other, attr)
            if attr == "status":
                a, b = _status(a), _status(b)
            return text.format(a=a if a is not None else "—", b=b if b is not None else "—")
    return L("bằng nhau theo mọi tiêu chí; chọn tạm theo mã — cần đánh giá thêm (chi phí, hợp đồng, dữ liệu)",
             "equal on every criterion; chosen by id for now — needs assessment (cost, contracts, data)")


def _order(raw: list[tuple[str, list[Any], Any]], links: _Links) -> list[tuple[str, list[Any], Any]]:
    """The groups in the order their systems depend on each other's (those depended on first)."""
    member = {el.id: n for n, (_c, systems, _f) in enumerate(raw) for el in systems}
    after: dict[int, set[int]] = defaultdict(set)  # group -> groups that depend on it
    needs = [0] * len(raw)
    for n, (_c, systems, _f) in enumerate(raw):
        deps = {member[t] for el in systems for rel, t, _i in references(el) if rel in DEPENDS and t in member}
        for m in deps - {n}:
            after[m].add(n)
            needs[n] += 1
    key = lambda n: (ORDER.get(raw[n][1][0].KIND, 9), raw[n][0], raw[n][1][0].id)  # noqa: E731
    ready = sorted((n for n in range(len(raw)) if not needs[n]), key=key)
    out: list[int] = []
    while ready:
        n = ready.pop(0)
        out.append(n)
        for m in after[n]:
            needs[m] -= 1
            if not needs[m]:
                ready.append(m)
        ready.sort(key=key)
    out += sorted((n for n in range(len(raw)) if n not in set(out)), key=key)  # a cycle: the rest as they come
    return [raw[n] for n in out]


def consolidation(arch: Any, findings: list[Any], catalogs: Any) -> Plan:
    """The groups of the ``dup-capability`` findings on the merged model, decided in dependency
    order, and the moves they need."""
    raw = []
    for f in findings:
        if f.rule not in RULES:
            continue
        systems = [arch.elements[i] for i in f.elements if i in arch.elements and arch.kind_of[i] != "projects"]
        if len(systems) >= 2:
            raw.append(((f.capabilities or [""])[0], systems, f))
    links = _Links(arch, {el.id for _c, systems, _f in raw for el in systems})
    leaving: dict[str, tuple[str, str]] = {}  # system going away -> (kept system, capability)
    groups = []
    for cap, systems, f in _order(raw, links):
        ids = {el.id for el in systems}
        fate, options = _fate(systems[0].KIND, cap, systems[0])
        inward = {el.id: sum(1 for s, rel in links.into.get(el.id, []) if rel in DEPENDS and s not in ids)
                  for el in systems}
        total = sum(inward.values())
        cands = []
        for el in systems:
            c = _candidate(arch, el, links)
            own = sum(1 for rel, t, _i in references(el) if rel in DEPENDS and t in leaving)
            c.moves = own + (total - inward[el.id] if fate != INTERCONNECT else 0)
            cands.append(c)
        cands.sort(key=lambda c: (tuple(-x for x in c.score()), c.id))
        keep, rest = cands[0], cands[1:]
        entry = catalogs.get(cap) if catalogs else None
        group = Group(capability=cap, capability_name=L(entry.name, entry.name_en) if entry else L(cap, cap),
                      keep=keep, retire=rest, reason=_reason(keep, rest[0]), fate=fate, options=options,
                      finding=f.fingerprint)
        if fate != INTERCONNECT:
            for r in rest:
                leaving[r.id] = (keep.id, cap)
                for du in getattr(arch.elements[r.id], "datasets", []) or []:
                    if du.access in ("master", "write"):
                        group.migrate.append({"dataset": du.id, "from": r.id, "to": keep.id, "access": du.access})
        groups.append(group)
    moves = []
    for old, (new, cap) in sorted(leaving.items()):
        for source, rel in sorted(set(links.into.get(old, []))):
            el = arch.elements[source]
            if rel in DEPENDS and source not in leaving and el.status != "retired":
                moves.append(Move(source, el.name, el.KIND, rel, old, new, cap))
    groups.sort(key=lambda g: (g.capability, g.keep.id))
    moves.sort(key=lambda m: (m.relation != "hosted_on", m.id, m.old))
    named = {x for m in moves for x in (m.old, m.new)} | {c.id for g in groups for c in (g.keep, *g.retire)}
    named |= {m[k] for g in groups for m in g.migrate for k in ("dataset", "from", "to")}
    named |= {c.hosting for g in groups for c in (g.keep, *g.retire) if c.hosting}
    return Plan(groups, moves, {i: arch.elements[i].name for i in sorted(named) if i in arch.elements})
