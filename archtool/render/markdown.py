"""``--format markdown``: a summary table and the findings grouped by category, for a pull-request
comment. Table cells escape ``|``, ``<``, ``>`` and line breaks so no content can break the layout
or inject HTML."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from archtool.findings import summarize
from archtool.formats import md_code, md_escape
from archtool.i18n import L
from archtool.vocab import t
from archtool.vocab import CATEGORY as CATEGORY_NAMES
from archtool.vocab import CATEGORIES, capital
from archtool.vocab import SEVERITY as SEVERITIES
from archtool.render.common import position

HEAD = {
    "title": L("Kết quả kiểm tra kiến trúc", "Architecture check"),
    "category": L("Nhóm", "Category"),
    "severity": L("Mức", "Severity"),
    "rule": L("Quy tắc", "Rule"),
    "where": L("Vị trí", "Location"),
    "finding": L("Phát hiện", "Finding"),
    "total": L("Tổng", "Total"),
}
_MARK = {"error": "🔴", "warning": "🟠", "info": "🔵"}


def cell(text: str) -> str:
    return md_escape(text, newline="<br>")


def render(result: Any, lang: str = "vi", color: bool = False, fail_on: str = "error") -> str:
    h = {k: v.get(lang) for k, v in HEAD.items()}
    sev = {s: SEVERITIES[s].get(lang) for s in ("error", "warning", "info")}
    # result.findings is in report order already; a stable sort by category keeps that order within each
    findings = sorted(result.findings, key=lambda f: CATEGORIES.index(f.category))
    counts = summarize(findings)
    out = [f"## {h['title']}: {md_code(result.model_id)}", "",
           "**" + cell(t("summary", lang, errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
                             model=result.model_id, elements=result.element_count)) + "**", ""]
    if result.waived:
        out += [cell(t("waived", lang, count=len(result.waived))), ""]
    if not findings:
        return "\n".join(out + [t("no_findings", lang), ""])
    out += [f"| {h['category']} | " + " | ".join(capital(sev[s]) for s in sev) + " |", "|---|---:|---:|---:|"]
    for cat, group in groupby(findings, key=lambda f: f.category):
        c = summarize(group)
        out.append(f"| {CATEGORY_NAMES[cat].get(lang)} | {c['error']} | {c['warning']} | {c['info']} |")
    out.append(f"| **{h['total']}** | **{counts['error']}** | **{counts['warning']}** | **{counts['info']}** |")
    for cat, group in groupby(findings, key=lambda f: f.category):
        items = list(group)
        out += ["", f"### {capital(CATEGORY_NAMES[cat].get(lang))} ({len(items)})", "",
                f"| {h['severity']} | {h['rule']} | {h['where']} | {h['finding']} |", "|---|---|---|---|"]
        for f in items:
            pos = position(result, f)
            where = md_code(f"{pos[0]}:{pos[1]}") if pos else ""
            text = cell(f.message.get(lang))
            if f.suggestion and f.suggestion.get(lang).strip():
                text += "<br>→ " + cell(f.suggestion.get(lang))
            if f.citation:
                text += f"<br><sub>{cell(t('citation', lang))}: {cell(f.citation)}</sub>"
            out.append(f"| {_MARK[f.severity]} {sev[f.severity]} | {md_code(f.rule)} | {where} | {text} |")
    return "\n".join(out) + "\n"
