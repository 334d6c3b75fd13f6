"""The template context: everything the plan and report templates may show, as plain data.

Lists are cut at :data:`LIST_LIMIT` rows with their full count, so that a plan of a national-scale
model stays a readable document ("60 trên 1.534"); the full lists are in ``matrix.xlsx``. Names,
never ids; labels from :mod:`archtool.vocab`; amounts from :mod:`archtool.formats`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from markupsafe import Markup

from archtool.formats import group, million, money, vnd
from archtool.publish.budget import CANCELLED, COMPLETED, OUTSIDE, ProjectBudget
from archtool.publish.legal import until_text
from archtool.publish.view import CROSS, LAYERS, SOURCES, STATE, View
from archtool.vocab import BUDGET_SOURCE, CATEGORY, SEVERITY, STATUSES, YES_NO, capital, label

LIST_LIMIT = 60
FINDINGS_LIMIT = 5000


def status_name(status: str, lang: str) -> str:
    return label(STATUSES, status).get(lang)


def cut(items: list[Any], limit: int = LIST_LIMIT, fn: Any = None) -> dict[str, Any]:
    """The first ``limit`` items (made into rows by ``fn`` only for those), with the full count."""
    shown = items[:limit]
    return {"items": [fn(x) for x in shown] if fn else shown, "count": len(items), "shown": len(shown),
            "more": max(0, len(items) - limit)}


def names(v: View, els: Iterable[Any], limit: int = 8) -> str:
    """``A, B, C và 5 hệ thống khác``: a readable list of names for a sentence."""
    els = list(els)
    shown = ", ".join(v.name(e) for e in els[:limit])
    rest = len(els) - limit
    if rest > 0:
        shown += v.text(f" và {group(rest)} hệ thống khác", f" and {group(rest, 'en')} more")
    return shown


def element(v: View, el: Any) -> dict[str, Any]:
    return {"name": v.name(el), "owner": v.name(el.owner) if el.owner else "",
            "status": status_name(el.status, v.lang), "state": v.state_name(el), "duplicate": el.id in v.dup_ids,
            "since": el.since or "", "security_level": getattr(el, "security_level", None) or "",
            "capabilities": ", ".join(v.name(c) for c in el.capabilities), "layer": v.layer_name(v.layer_of(el))}


def amount(v: View, value: int) -> dict[str, Any]:
    return {"amount": value, "text": vnd(value, v.lang), "short": money(value, v.lang),
            "million": million(value, v.lang)}


def finding(v: View, f: Any) -> dict[str, Any]:
    return {"message": f.message.get(v.lang), "elements": ", ".join(v.name(e) for e in f.elements),
            "capabilities": ", ".join(v.name(c) for c in (f.capabilities or [])), "citation": f.citation,
            "severity": SEVERITY[f.severity].get(v.lang), "suggestion": f.suggestion.get(v.lang) if f.suggestion else ""}


def project(v: View, r: ProjectBudget) -> dict[str, Any]:
    p = r.el
    shares = r.in_plan_by_source()
    return {"name": v.name(p), "owner": v.name(p.owner), "status": status_name(p.status, v.lang), "span": r.span,
            "duplicate": r.duplicate, "total": amount(v, r.total), "in_plan": amount(v, r.in_plan),
            "outside": amount(v, r.outside),
            "sources": "; ".join(f"{capital(BUDGET_SOURCE[s].get(v.lang))}: {million(shares[s], v.lang)}"
                                 for s in SOURCES if shares[s]),
            "all_sources": "; ".join(f"{capital(BUDGET_SOURCE[s].get(v.lang))}: {million(r.by_source[s], v.lang)}"
                                     for s in SOURCES if r.by_source[s]),
            "phases": ", ".join(ph.name or ph.span for ph in v.budget.phases_of(r)),
            "task_groups": ", ".join(v.name(t) for t in p.task_groups),
            "delivers": names(v, [v.arch.elements[x] for x in p.delivers if x in v.arch.elements], 5),
            "upgrades": names(v, [v.arch.elements[x] for x in p.upgrades if x in v.arch.elements], 5)}


def budget(v: View) -> dict[str, Any]:
    b = v.budget
    plan = sorted(b.plan, key=lambda r: (r.duplicate, -r.in_plan, r.el.id))
    shown = plan[:LIST_LIMIT * 2]
    by_source = b.by_source

    def per_source(values: dict[str, int]) -> dict[str, Any]:
        return {"by_source": {s: amount(v, values[s]) for s in SOURCES}, "total": amount(v, sum(values.values()))}

    years = [{"year": y, **per_source(b.by_year(y))} for y in b.years]
    unscheduled = b.unscheduled
    if sum(unscheduled.values()):
        years.append({"year": v.text("Chưa xác định năm", "No year"), **per_source(unscheduled)})
    phases = [{"name": ph.name or ph.span, "span": ph.span, **per_source(acc)} for ph, acc in b.by_phase()]
    if sum(unscheduled.values()) and phases:
        phases.append({"name": v.text("Chưa xác định thời gian", "Not scheduled"), "span": "", **per_source(unscheduled)})
    apart = {g: cut(sorted(b.of(g), key=lambda r: r.el.id), LIST_LIMIT, lambda r: project(v, r))
             for g in (COMPLETED, CANCELLED, OUTSIDE)}
    return {
        "plan": cut(plan, LIST_LIMIT * 2, lambda r: project(v, r)), "total": amount(v, b.total),
        "shown_total": amount(v, sum(r.in_plan for r in shown)),
        "clean_total": amount(v, b.total - b.duplicate_total), "duplicate_total": amount(v, b.duplicate_total),
        "duplicates": sum(1 for r in plan if r.duplicate), "outside_total": amount(v, b.outside_total),
        "spread": b.spread_used, **per_source(by_source), "years": years, "phases": phases,
        "completed": apart[COMPLETED], "cancelled": apart[CANCELLED], "outside": apart[OUTSIDE],
        "completed_total": amount(v, sum(r.total for r in b.of(COMPLETED))),
        "outside_projects_total": amount(v, sum(r.total for r in b.of(OUTSIDE))),
        "sources": [{"id": s, "name": capital(BUDGET_SOURCE[s].get(v.lang))} for s in SOURCES if by_source[s]
                    or any(r.by_source[s] for r in b.rows)],
    }


def layers(v: View) -> list[dict[str, Any]]:
    """Each QĐ 829 layer and cross-cutting system: what exists and works, what is new, stopped,
    duplicated or missing (current state and target architecture)."""
    caps = v.capability_entries
    missing: dict[str, list[str]] = {}
    for f in v.gaps:
        if f.severity == "info":  # fields a province may consider are not "missing"
            continue
        for c in f.capabilities or []:
            layer = caps[c].get("layer") if c in caps else None
            if layer in LAYERS + CROSS and v.name(c) not in missing.setdefault(layer, []):
                missing[layer].append(v.name(c))
    out = []
    for layer in LAYERS + CROSS:
        els = v.by_layer[layer]
        state = Counter(v.state(el) for el in els)
        existing = [el for el in els if v.state(el) == "existing"]
        working = [el for el in existing if el.status == "operational"]
        out.append({
            "name": v.layer_name(layer), "cross": layer in CROSS, "count": len(els),
            "existing": state["existing"], "new": state["new"], "retired": state["retired"],
            "working": len(working), "working_names": names(v, working),
            "retiring": names(v, [el for el in existing if el.status == "retiring"]),
            "retiring_count": sum(1 for el in existing if el.status == "retiring"),
            "retired_names": names(v, [el for el in els if v.state(el) == "retired"]),
            "duplicates": sum(1 for el in els if el.id in v.dup_ids),
            "duplicate_names": names(v, [el for el in els if el.id in v.dup_ids and v.state(el) != "retired"]),
            "new_names": names(v, [el for el in els if v.state(el) == "new"]),
            "missing": ", ".join(missing.get(layer, [])),
            # the target architecture: what runs or will run (the stopped ones are counted above)
            "elements": cut([el for el in sorted(els, key=lambda e: (v.state(e) != "existing", e.id))
                             if v.state(el) != "retired"], LIST_LIMIT, lambda el: element(v, el)),
        })
    return out


def datasets(v: View) -> dict[str, Any]:
    els = sorted(v.arch.by_kind.get("datasets", []), key=lambda e: e.id)
    masters: dict[str, list[str]] = {}
    for a, b, _rel, access in v.edges:
        if access == "master":
            masters.setdefault(b, []).append(v.name(a))
    def row(d: Any) -> dict[str, Any]:
        return {**element(v, d), "master": ", ".join(masters.get(d.id, [])),
                "shared_via": ", ".join(v.name(p) for p in d.shared_via),
                "personal": YES_NO[bool(d.personal_data)].get(v.lang), "open": YES_NO[bool(d.open_data)].get(v.lang)}

    personal = [d for d in els if d.personal_data and d.status != "retired"]
    return {"rows": cut(els, LIST_LIMIT, row), "count": len(els), "personal": names(v, personal), "personal_count": len(personal),
            "unshared": sum(1 for d in els if not d.shared_via and d.status != "retired"),
            "open": sum(1 for d in els if d.open_data)}


def security(v: View) -> dict[str, Any]:
    secured = [el for el in v.systems if el.KIND in ("applications", "platforms") and el.status != "retired"]
    levels = Counter(el.security_level for el in secured if el.security_level)
    without = [el for el in secured if not el.security_level]
    return {"total": len(secured), "with_level": len(secured) - len(without),
            "levels": [{"level": k, "count": levels[k]} for k in sorted(levels)],
            "without": cut(without, LIST_LIMIT, lambda el: element(v, el))}


def common(v: View, diagrams: list[dict[str, Any]]) -> dict[str, Any]:
    """What both the plan and the report show (computed once per build)."""
    info = v.info

    def T(vi: str, en: str) -> Markup:  # template-author text in the build language
        return Markup(en if v.lang == "en" else vi)

    return {
        "T": T, "lang": v.lang, "title": v.title, "kind": v.arch.kind or "",
        "province": (info.province if info else "") or "", "period": v.period,
        "description": (info.description if info else "") or "", "today": v.result.today.isoformat(),
        "counts": dict(v.counts), "n_elements": len(v.arch.elements), "n_systems": len(v.systems),
        "n_projects": len(v.projects), "n_units": len(v.units),
        "n_existing": sum(1 for el in v.systems if v.state(el) == "existing"),
        "n_new": sum(1 for el in v.systems if v.state(el) == "new"),
        "states": {k: lab.get(v.lang) for k, lab in STATE.items()},
        "legal": [{"text": d.text, "until": until_text(d, v.lang)} for d in v.legal_basis],
        "layers": layers(v), "budget": budget(v), "datasets": datasets(v), "security": security(v),
        "duplicates": cut(v.duplicates, LIST_LIMIT, lambda f: finding(v, f)),
        "gaps": cut(v.gaps, LIST_LIMIT, lambda f: finding(v, f)),
        "categories": [{"id": c, "name": capital(lab.get(v.lang))} for c, lab in CATEGORY.items()],
        "diagrams": diagrams, "figures": {},
    }
