"""What the HTML report shows: the summary, the findings grouped by rule (most severe first, each
group folded so a national model's page stays light), diagrams, and the matrices.

A group lists at most :data:`GROUP_LIMIT` findings (all of them are in ``findings.json`` and
``matrix.xlsx``); groups open by default while the whole report has few findings.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from archtool.publish.context import amount, common
from archtool.publish.view import View
from archtool.vocab import CATEGORY, SEVERITY, capital, label

GROUP_LIMIT = 200
OPEN_BELOW = 200   # with fewer findings than this every group starts open


def _row(v: View, f: Any) -> dict[str, Any]:
    loc = f.location
    return {"severity": f.severity, "severity_name": capital(SEVERITY[f.severity].get(v.lang)),
            "category": f.category, "category_name": capital(label(CATEGORY, f.category).get(v.lang)),
            "rule": f.rule, "message": f.message.get(v.lang),
            "suggestion": f.suggestion.get(v.lang) if f.suggestion else "",
            "elements": ", ".join(v.name(e) for e in f.elements[:12]) + (" …" if len(f.elements) > 12 else ""),
            "location": f"{loc.file}:{loc.line}" if loc else "", "citation": f.citation}


def groups(v: View) -> list[dict[str, Any]]:
    out = []
    few = len(v.findings) < OPEN_BELOW
    for (severity, category, rule), run in groupby(v.sorted_findings_by_rule, key=lambda f: (f.severity, f.category, f.rule)):
        items = list(run)
        title = v.rule_title(rule) or rule
        out.append({"severity": severity, "severity_name": capital(SEVERITY[severity].get(v.lang)),
                    "category": category, "category_name": capital(label(CATEGORY, category).get(v.lang)),
                    "rule": rule, "title": title, "count": len(items), "open": few,
                    "rows": [_row(v, f) for f in items[:GROUP_LIMIT]], "more": max(0, len(items) - GROUP_LIMIT)})
    return out


def report_context(v: View, diagrams: list[dict[str, Any]], base: dict[str, Any] | None = None) -> dict[str, Any]:
    ctx = dict(base) if base is not None else common(v, diagrams)
    caps = v.catalogs.capabilities
    capability_rows = [{"name": v.name(c), "layer": v.layer_name(caps[c].get("layer")) if c in caps else "",
                        "providers": len(v.providers.get(c, [])),
                        "names": ", ".join(v.name(el) for el in v.providers.get(c, [])[:8])
                        + (" …" if len(v.providers.get(c, [])) > 8 else ""),
                        "duplicate": c in v.dup_caps, "gap": c in v.gap_caps} for c in v.matrix_capabilities]
    rows = v.budget.plan
    shares = {r.el.id: v.task_group_shares(r.el, r.in_plan) for r in rows}
    d950 = [{"name": g.display(v.lang),
             "projects": [v.name(r.el) for r in rows if g.id in shares[r.el.id]][:20],
             "budget": amount(v, sum(shares[r.el.id].get(g.id, 0) for r in rows))} for g in v.task_groups]
    ctx.update({"groups": groups(v), "n_findings": len(v.findings), "capabilities": capability_rows, "d950": d950})
    return ctx
