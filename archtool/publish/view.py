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

from archtool.findings import Finding, summarize
from archtool.model.architecture import relations_of
from archtool.vocab import BUDGET_SOURCES as SOURCES
from archtool.vocab import CATEGORY, SEVERITY, label

LAYERS = ("rf829-l1", "rf829-l2", "rf829-l3", "rf829-l4", "rf829-l5", "rf829-l6")
CROSS = ("rf829-x1", "rf829-x2", "rf829-x3", "rf829-x4", "rf829-x5", "rf829-x6")
SYSTEM_KINDS = ("services", "applications", "platforms", "datasets", "infrastructure")
# Catalogs whose legal documents make up the "căn cứ pháp lý", in the order a plan cites them.
LEGAL_CATALOGS = ("d950", "rf829", "egov-framework", "nd269", "ioc", "security", "merger")
LEGAL_KINDS = ("document", "law", "resolution", "directive", "framework-version", "law-article", "guidance")
# Where an element without a layered capability sits (documented in docs/build.md).
_KIND_LAYER = {"services": "rf829-l1", "applications": "rf829-l2", "platforms": "rf829-l3",
               "datasets": "rf829-l3", "infrastructure": "rf829-l4"}
_INFRA_LAYER = {"network": "rf829-l5", "wifi": "rf829-l5", "sensor-network": "rf829-l6",
                "camera-network": "rf829-l6", "datacenter": "rf829-l4", "cloud": "rf829-l4"}


_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def safe_name(text: str) -> str:
    """A file-name component from model text: lower-case ``[a-z0-9._-]``, no leading dot, never
    empty, at most 80 characters. Model ids already match this; anything else is folded."""
    name = _UNSAFE.sub("-", text.lower()).strip(".-")[:80]
    return name or "x"


@dataclass
class ProjectRow:
    el: Any
    by_source: dict[str, int]
    by_year: dict[int, int]
    total: int
    phase: str


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
        p = self.info.period if self.info else None
        return f"{p.start}–{p.end}" if p else ""

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
        for f in self.findings:
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
    def project_rows(self) -> list[ProjectRow]:
        rows = []
        for p in self.projects:
            by_source = {s: 0 for s in SOURCES}
            by_year: dict[int, int] = defaultdict(int)
            for line in p.budget:
                by_source[line.source] += line.amount
                if line.year:
                    by_year[line.year] += line.amount
            phase = (str(p.period.start) if p.period and p.period.start == p.period.end else
                     f"{p.period.start}–{p.period.end}") if p.period else self.text("chưa xác định", "unscheduled")
            rows.append(ProjectRow(p, by_source, dict(by_year), sum(by_source.values()), phase))
        return rows

    @cached_property
    def budget_by_source(self) -> dict[str, int]:
        return {s: sum(r.by_source[s] for r in self.project_rows) for s in SOURCES}

    @property
    def budget_total(self) -> int:
        return sum(self.budget_by_source.values())

    @cached_property
    def budget_by_phase(self) -> list[tuple[str, dict[str, int], int]]:
        phases: dict[str, dict[str, int]] = {}
        for r in self.project_rows:
            acc = phases.setdefault(r.phase, {s: 0 for s in SOURCES})
            for s in SOURCES:
                acc[s] += r.by_source[s]
        return [(ph, acc, sum(acc.values())) for ph, acc in sorted(phases.items())]

    @cached_property
    def task_groups(self) -> list[Any]:
        """Decision 950 content areas and task groups (the columns of the 950 × project matrix)."""
        return [e for e in self.catalogs.in_catalog("d950") if e.kind in ("content-area", "task-group")]

    # -- legal basis ---------------------------------------------------------------------------
    @cached_property
    def legal_basis(self) -> list[Any]:
        out = []
        for cat in LEGAL_CATALOGS:
            out.extend(e for e in self.catalogs.in_catalog(cat) if e.kind in LEGAL_KINDS)
        return out
