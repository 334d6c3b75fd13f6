"""What every artefact shows, computed once from a check ``Result``: layers, budgets, findings.

Renderers (diagrams, Excel, plan, HTML) read this object and never walk the model themselves, so
the artefacts agree with one another.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from archtool.findings import Finding, sort_findings, summarize
from archtool.i18n import L
from archtool.model.architecture import relations_of
from archtool.publish.budget import Budget, Phase
from archtool.publish.legal import LegalDoc, legal_basis
from archtool.rules.registry import RULES
from archtool.vocab import BUDGET_SOURCES as SOURCES
from archtool.vocab import CATEGORY, KINDS, SEVERITY, SEVERITY_RANK, STATUSES, capital, label

LAYERS = ("rf829-l1", "rf829-l2", "rf829-l3", "rf829-l4", "rf829-l5", "rf829-l6")
CROSS = ("rf829-x1", "rf829-x2", "rf829-x3", "rf829-x4", "rf829-x5", "rf829-x6")
SYSTEM_KINDS = ("services", "applications", "platforms", "datasets", "infrastructure")
#: where a system stands at the start of the plan period (decided by ``status`` and ``since``)
STATE = {"existing": L("hiện có", "existing"), "new": L("đầu tư mới", "new"), "retired": L("đã dừng", "retired")}
# Where an element without a layered capability sits (documented in docs/build.md).
_KIND_LAYER = {"services": "rf829-l1", "applications": "rf829-l2", "platforms": "rf829-l3",
               "datasets": "rf829-l3", "infrastructure": "rf829-l4"}
_INFRA_LAYER = {"network": "rf829-l5", "wifi": "rf829-l5", "sensor-network": "rf829-l6",
                "camera-network": "rf829-l6", "datacenter": "rf829-l4", "cloud": "rf829-l4"}


RULES_BY_ID = {r.id: r for r in RULES}
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def safe_name(text: str) -> str:
    """A file-name component from model text: lower-case ``[a-z0-9._-]``, no leading dot, never
    empty, at most 80 characters. Model ids already match this; anything else is folded."""
    name = _UNSAFE.sub("-", text.lower()).strip(".-")[:80]
    return name or "x"


@dataclass
class View:
    result: Any
    lang: str
    extra: dict[str, Any] = field(default_factory=dict)

    # -- basics -------------------------------------------------------------------------------
    @property
    def arch(self) -> Any:
        return self.result.arch

    @property
    def catalogs(self) -> Any:
        return self.result.catalogs

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    def text(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi

    def name(self, el_or_id: Any) -> str:
        el = self.arch.elements.get(el_or_id) if isinstance(el_or_id, str) else el_or_id
        if el is None:
            entry = self.catalogs.get(el_or_id) if isinstance(el_or_id, str) else None
            return entry.display(self.lang) if entry else str(el_or_id)
        if self.lang == "en" and getattr(el, "name_en", None):
            return el.name_en
        return el.name or el.id or ""

    @cached_property
    def info(self) -> Any:
        return self.arch.manifest.model if self.arch.manifest else None

    @property
    def title(self) -> str:
        return self.info.name if self.info else self.arch.id

    @property
    def period(self) -> str:
        p = self.period_years
        return f"{p[0]}–{p[1]}" if p else ""

    @cached_property
    def period_years(self) -> tuple[int, int] | None:
        p = self.info.period if self.info else None
        return (p.start, p.end) if p else None

    @cached_property
    def start_year(self) -> int:
        """The first year of the plan (the as-of year for a model without a period)."""
        return self.period_years[0] if self.period_years else self.result.today.year

    def state(self, el: Any) -> str:
        """``existing`` (running before the plan starts), ``new`` (planned, being built, or starting
        in the plan period) or ``retired``: from ``status`` and ``since``, whatever model declares it."""
        if el.status == "retired":
            return "retired"
        if el.status in ("planned", "building") or (el.since is not None and el.since >= self.start_year):
            return "new"
        return "existing"

    def state_name(self, el: Any) -> str:
        return STATE[self.state(el)].get(self.lang)

    def status_name(self, el: Any) -> str:
        return label(STATUSES, el.status).get(self.lang)

    def kind_name(self, el: Any) -> str:
        return capital(KINDS[el.KIND].get(self.lang))

    # -- elements and layers ------------------------------------------------------------------
    @cached_property
    def systems(self) -> list[Any]:
        return sorted((el for k in SYSTEM_KINDS for el in self.arch.by_kind.get(k, [])), key=lambda e: e.id)

    @cached_property
    def projects(self) -> list[Any]:
        return sorted(self.arch.by_kind.get("projects", []), key=lambda e: e.id)

    @cached_property
    def units(self) -> list[Any]:
        return sorted(self.arch.by_kind.get("units", []), key=lambda e: e.id)

    def layer_of(self, el: Any) -> str:
        """The QĐ 829 layer (or cross-cutting system) of an element: the layer of its first
        capability that has one, else a default per kind."""
        caps = self.capability_entries
        for c in el.capabilities:
            layer = caps[c].get("layer") if c in caps else None
            if layer in LAYERS or layer in CROSS:
                return layer
        if el.KIND == "infrastructure" and getattr(el, "type", None) in _INFRA_LAYER:
            return _INFRA_LAYER[el.type]
        return _KIND_LAYER.get(el.KIND, "rf829-l2")

    @cached_property
    def capability_entries(self) -> dict[str, Any]:
        return self.catalogs.capabilities

    @cached_property
    def edges(self) -> list[tuple[str, str, str, str]]:
        """Relations between systems and projects as ``(source, target, relation, access)``, read
        straight from the elements (cheaper than the full networkx graph on big models); targets
        that do not resolve are left out."""
        known = self.arch.elements
        out = []
        for el in self.systems + self.projects:
            for rel in relations_of(el.KIND, "drawn"):
                value = getattr(el, rel)
                for item in ([value] if isinstance(value, str) else value or ()):
                    target, access = (item.id, item.access) if rel == "datasets" else (item, "")
                    if target in known:
                        out.append((el.id, target, rel, access))
        return out

    def _index(self, pos: int) -> dict[str, list[tuple[str, str, str, str]]]:
        out: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        for edge in self.edges:
            out[edge[pos]].append(edge)
        return out

    @cached_property
    def incoming(self) -> dict[str, list[tuple[str, str, str, str]]]:
        return self._index(1)

    @cached_property
    def outgoing(self) -> dict[str, list[tuple[str, str, str, str]]]:
        return self._index(0)

    @cached_property
    def by_layer(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {k: [] for k in LAYERS + CROSS}
        for el in self.systems:
            out[self.layer_of(el)].append(el)
        return out

    def layer_name(self, layer: str) -> str:
        entry = self.catalogs.get(layer)
        return entry.display(self.lang) if entry else layer

    # -- findings -----------------------------------------------------------------------------
    def _of(self, category: str) -> list[Finding]:
        return [f for f in self.findings if f.category == category]

    @cached_property
    def duplicates(self) -> list[Finding]:
        return self._of("duplication")

    @cached_property
    def gaps(self) -> list[Finding]:
        return self._of("gap")

    @cached_property
    def dup_ids(self) -> set[str]:
        return {e for f in self.duplicates for e in f.elements}

    @cached_property
    def dup_caps(self) -> set[str]:
        return {c for f in self.duplicates for c in (f.capabilities or [])}

    @cached_property
    def gap_caps(self) -> set[str]:
        return {c for f in self.gaps for c in (f.capabilities or [])}

    @cached_property
    def finding_rows(self) -> list[dict[str, Any]]:
        rows = []
        for f in self.sorted_findings:
            loc = f.location
            rows.append({"severity": f.severity, "severity_name": SEVERITY[f.severity].get(self.lang),
                         "category": f.category,
                         "category_name": label(CATEGORY, f.category).get(self.lang),
                         "rule": f.rule, "message": f.message.get(self.lang), "elements": ", ".join(f.elements),
                         "capabilities": ", ".join(f.capabilities or []),
                         "location": f"{loc.file}:{loc.line}" if loc else "", "citation": f.citation,
                         "suggestion": f.suggestion.get(self.lang) if f.suggestion else ""})
        return rows

    @cached_property
    def sorted_findings(self) -> list[Finding]:
        """Most severe first; within a severity by category, then in report order."""
        order = {c: i for i, c in enumerate(CATEGORY)}
        return sorted(sort_findings(self.findings),
                      key=lambda f: (-SEVERITY_RANK[f.severity], order.get(f.category, len(order))))

    @cached_property
    def sorted_findings_by_rule(self) -> list[Finding]:
        """Most severe first, then by category and rule (the report's groups), in report order."""
        order = {c: i for i, c in enumerate(CATEGORY)}
        return sorted(sort_findings(self.findings), key=lambda f: (-SEVERITY_RANK[f.severity],
                                                                   order.get(f.category, len(order)), f.rule))

    def rule_title(self, rule_id: str) -> str:
        rule = RULES_BY_ID.get(rule_id)
        return rule.title.get(self.lang) if rule is not None else ""

    @cached_property
    def counts(self) -> dict[str, int]:
        return summarize(self.findings)

    # -- capabilities -------------------------------------------------------------------------
    @cached_property
    def providers(self) -> dict[str, list[Any]]:
        """Capability id -> active systems providing it."""
        out: dict[str, list[Any]] = defaultdict(list)
        for el in self.systems:
            if el.status != "retired":
                for c in el.capabilities:
                    out[c].append(el)
        return out

    @cached_property
    def matrix_capabilities(self) -> list[str]:
        """Capabilities shown in matrices: those provided, plus those a gap finding names, in
        catalog order (unknown ids last)."""
        used = set(self.providers) | self.gap_caps | self.dup_caps
        order = {cid: i for i, cid in enumerate(self.catalogs.capabilities)}
        return sorted(used, key=lambda c: (order.get(c, len(order)), c))

    # -- projects and budgets -----------------------------------------------------------------
    @cached_property
    def phases(self) -> list[Phase]:
        phases = self.info.phases if self.info else []
        return [Phase(p.start, p.end, p.name or "") for p in phases]

    @cached_property
    def budget(self) -> Budget:
        return Budget(self.projects, self.period_years, self.phases, self.dup_ids)

    @cached_property
    def task_groups(self) -> list[Any]:
        """Decision 950 content areas and task groups (the columns of the 950 × project matrix)."""
        return [e for e in self.catalogs.in_catalog("d950") if e.kind in ("content-area", "task-group")]

    def task_group_shares(self, p: Any, amount: int) -> dict[str, int]:
        """``amount`` split evenly over the Decision 950 columns a project addresses (a task counts
        for its group), exact to the đồng, so that a project's budget is counted once in total."""
        columns = {g.id for g in self.task_groups}
        ids: list[str] = []
        for t in p.task_groups:
            entry = self.catalogs.get(t)
            col = t if t in columns else (entry.get("group") if entry is not None else None)
            if col in columns and col not in ids:
                ids.append(col)
        if not ids:
            return {}
        base, rest = divmod(amount, len(ids))
        return {g: base + (1 if i < rest else 0) for i, g in enumerate(ids)}

    # -- legal basis ---------------------------------------------------------------------------
    @cached_property
    def legal_basis(self) -> list[LegalDoc]:
        return legal_basis(self.catalogs, self.period_years, self.result.today, self.lang)
