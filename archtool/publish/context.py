"""The template context: everything the plan and report templates may show, as plain data.

Lists of elements are cut at :data:`LIST_LIMIT` rows (with a ``more`` count) so that a plan of a
national-scale model stays a readable document; the full lists are in ``matrix.xlsx``.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from archtool.formats import vnd, vnd_short
from archtool.publish.view import CROSS, LAYERS, SOURCES, View
from archtool.vocab import BUDGET_SOURCE, STATUSES, capital, label

LIST_LIMIT = 60
FINDINGS_LIMIT = 5000


def status_name(status: str, lang: str) -> str:
    return label(STATUSES, status).get(lang)


def _cut(items: list[Any]) -> dict[str, Any]:
    return {"items": items[:LIST_LIMIT], "count": len(items), "more": max(0, len(items) - LIST_LIMIT)}


def _element(v: View, el: Any) -> dict[str, Any]:
    return {"id": el.id, "name": v.name(el), "owner": v.name(el.owner) if el.owner else "",
            "status": status_name(el.status, v.lang), "baseline": v.arch.is_baseline(el), "duplicate": el.id in v.dup_ids,
            "capabilities": ", ".join(v.name(c) for c in el.capabilities),
            "security_level": getattr(el, "security_level", None), "description": el.description or ""}


def _money(v: View, amount: int) -> dict[str, Any]:
    return {"amount": amount, "text": vnd(amount, v.lang), "short": vnd_short(amount, v.lang)}


def _finding(v: View, f: Any) -> dict[str, Any]:
    return {"rule": f.rule, "message": f.message.get(v.lang), "elements": ", ".join(v.name(e) for e in f.elements),
            "capabilities": ", ".join(v.name(c) for c in (f.capabilities or [])), "citation": f.citation,
            "suggestion": f.suggestion.get(v.lang) if f.suggestion else ""}


def context(v: View, diagrams: list[dict[str, Any]]) -> dict[str, Any]:
    info = v.info
    kinds = {k: _cut([_element(v, el) for el in sorted(v.arch.by_kind.get(k, []), key=lambda e: e.id)])
             for k in ("services", "applications", "platforms", "datasets", "infrastructure")}
    layers = [{"id": layer, "name": v.layer_name(layer), "cross": layer in CROSS,
               **_cut([_element(v, el) for el in v.by_layer[layer]])} for layer in LAYERS + CROSS]
    secured = [el for el in v.systems if el.KIND in ("applications", "platforms")]
    projects = [{"id": r.el.id, "name": v.name(r.el), "owner": v.name(r.el.owner), "status": status_name(r.el.status, v.lang),
                 "phase": r.phase, "task_groups": ", ".join(r.el.task_groups),
                 "by_source": {s: _money(v, r.by_source[s]) for s in SOURCES}, "total": _money(v, r.total),
                 "delivers": ", ".join(v.name(x) for x in r.el.delivers),
                 "upgrades": ", ".join(v.name(x) for x in r.el.upgrades)} for r in v.project_rows]
    caps = v.catalogs.capabilities
    capability_rows = [{"id": c, "name": v.name(c), "layer": v.layer_name(caps[c].get("layer")) if c in caps else "",
                        "providers": len(v.providers.get(c, [])),
                        "names": ", ".join(v.name(el) for el in v.providers.get(c, [])[:8]),
                        "duplicate": c in v.dup_caps, "gap": c in v.gap_caps} for c in v.matrix_capabilities]
    d950 = [{"id": g.id, "name": g.display(v.lang), "kind": g.kind,
             "projects": [p["name"] for p, r in zip(projects, v.project_rows) if g.id in r.el.task_groups],
             "budget": _money(v, sum(r.total for r in v.project_rows if g.id in r.el.task_groups))}
            for g in v.task_groups]
    def T(vi: str, en: str) -> Markup:  # template-author text in the build language
        return Markup(en if v.lang == "en" else vi)

    return {
        "T": T, "lang": v.lang, "title": v.title, "model_id": v.arch.id, "kind": v.arch.kind or "",
        "province": (info.province if info else "") or "", "period": v.period,
        "description": (info.description if info else "") or "",
        "today": v.result.today.isoformat(),
        "counts": dict(v.counts), "n_elements": len(v.arch.elements), "n_systems": len(v.systems),
        "n_projects": len(v.projects), "n_units": len(v.units),
        "n_baseline": sum(1 for el in v.systems if v.arch.is_baseline(el)),
        "legal": [{"id": e.id, "name": e.display(v.lang), "citation": e.citation, "verified": e.verified}
                  for e in v.legal_basis],
        "layers": layers, "kinds": kinds,
        "security": {"with_level": sum(1 for el in secured if el.security_level), "without": _cut(
            [_element(v, el) for el in secured if not el.security_level]), "total": len(secured)},
        "duplicates": _cut([_finding(v, f) for f in v.duplicates]),
        "gaps": _cut([_finding(v, f) for f in v.gaps]),
        "projects": projects[:LIST_LIMIT * 5], "projects_more": max(0, len(projects) - LIST_LIMIT * 5),
        "sources": [{"id": s, "name": capital(BUDGET_SOURCE[s].get(v.lang))} for s in SOURCES],
        "budget": {"by_source": {s: _money(v, v.budget_by_source[s]) for s in SOURCES},
                   "total": _money(v, v.budget_total),
                   "by_phase": [{"phase": ph, "by_source": {s: _money(v, acc[s]) for s in SOURCES},
                                 "total": _money(v, tot)} for ph, acc, tot in v.budget_by_phase]},
        "capabilities": capability_rows, "d950": d950,
        "findings": v.finding_rows[:FINDINGS_LIMIT], "findings_more": max(0, len(v.finding_rows) - FINDINGS_LIMIT),
        "diagrams": diagrams,
        "has_layers_png": any(d["name"] == "layers" and d.get("png") for d in diagrams),
    }
