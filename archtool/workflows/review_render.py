"""Renderers of a :class:`~archtool.workflows.review.Review`: text, markdown, json, docx.

Markdown and DOCX read as a consultant's opinion: the proposal, numbered points each with its
basis (căn cứ), the budget table, then the conclusion.
"""

from __future__ import annotations

from typing import Any

import io

from docx import Document

from archtool import __version__
from archtool.findings import summarize
from archtool.formats import Md, md_code, md_escape, md_table, money
from archtool.i18n import L
from archtool.output import fixed_time, json_dumps, stable_zip
from archtool.textnorm import printable, xml_safe
from archtool.vocab import BUDGET_SOURCE, BUDGET_SOURCES, INVESTMENT_FORM, KINDS, SEVERITY, capital, label
from archtool.workflows.common import budget_totals
from archtool.workflows.review import CONCLUSIONS, DISCLAIMER, Review

T = {
    "title": L("Ý KIẾN THẨM ĐỊNH VỀ KIẾN TRÚC", "ARCHITECTURE REVIEW OPINION"),
    "proposal": L("Hồ sơ đề xuất", "Proposal"),
    "against": L("Đối chiếu với mô hình", "Checked against model"),
    "scope": L("I. Nội dung đề xuất", "I. What is proposed"),
    "points": L("II. Ý kiến", "II. Points"),
    "budget": L("III. Kinh phí", "III. Budget"),
    "conclusion": L("IV. Kết luận", "IV. Conclusion"),
    "basis": L("Căn cứ", "Basis"),
    "suggest": L("Đề nghị", "Recommendation"),
    "none": L("Không có ý kiến.", "No points."),
    "project": L("Dự án", "Project"),
    "period": L("Thời gian", "Period"),
    "total": L("Tổng", "Total"),
    "form": L("Hình thức đầu tư", "Investment form"),
    "delivers": L("Hệ thống tạo ra", "Delivers"),
    "element": L("Phần tử", "Element"),
    "kind": L("Loại", "Kind"),
}


def _t(key: str, lang: str) -> str:
    return T[key].get(lang)


def _period(p: Any) -> str:
    return f"{p.period.start}–{p.period.end}" if p.period else "—"


def _budget_rows(rv: Review, lang: str) -> list[list[str]]:
    rows = []
    for p in rv.projects:
        t = budget_totals([p])
        form = capital(INVESTMENT_FORM[p.investment_form].get(lang)) if p.investment_form else "—"
        rows.append([p.id, _period(p)] + [money(t[s], lang, 3) if t[s] else "" for s in BUDGET_SOURCES]
                    + [money(sum(t.values()), lang, 3), form])
    return rows


def _budget_headers(lang: str) -> list[str]:
    return [_t("project", lang), _t("period", lang)] + [capital(BUDGET_SOURCE[s].get(lang)) for s in BUDGET_SOURCES] + \
        [_t("total", lang), _t("form", lang)]


def as_dict(rv: Review, lang: str) -> dict[str, Any]:
    return {
        "tool": "archtool", "version": __version__, "command": "review",
        "model": rv.model_id, "proposal": rv.proposal,
        "elements": [{"id": e.id, "kind": e.KIND, "name": e.name} for e in rv.elements],
        "conclusion": rv.conclusion, "conclusion_text": CONCLUSIONS[rv.conclusion].get(lang),
        "summary": summarize(rv.findings),
        "budget": [{"project": p.id, "period": [p.period.start, p.period.end] if p.period else None,
                    "by_source": {k: v for k, v in budget_totals([p]).items() if v},
                    "total": sum(budget_totals([p]).values()), "investment_form": p.investment_form}
                   for p in rv.projects],
        "findings": [f.as_dict(lang) for f in rv.findings],
    }


def render_json(rv: Review, lang: str) -> str:
    return json_dumps(as_dict(rv, lang))


def _where(f: Any) -> str:
    return f"{f.location.file}:{f.location.line}" if f.location else ""


def render_text(rv: Review, lang: str) -> str:
    out = [_t("title", lang), f"{_t('proposal', lang)}: {', '.join(rv.proposal)}",
           f"{_t('against', lang)}: {rv.model_id} — {rv.model_name}", ""]
    if not rv.findings:
        out.append(_t("none", lang))
    for i, f in enumerate(rv.findings, 1):
        out.append(f"{i}. [{SEVERITY[f.severity].get(lang)}] {f.message.get(lang)}  ({f.rule}, {_where(f)})")
        if f.suggestion:
            out.append(f"   → {_t('suggest', lang)}: {f.suggestion.get(lang)}")
        if f.citation:
            out.append(f"   {_t('basis', lang)}: {f.citation}")
    out += ["", f"{_t('conclusion', lang)}: {CONCLUSIONS[rv.conclusion].get(lang)}"]
    return "\n".join(map(printable, out)) + "\n"  # one line each: model text cannot start a line


def render_markdown(rv: Review, lang: str) -> str:
    out = [f"# {_t('title', lang)}", "",
           f"- **{_t('proposal', lang)}:** {', '.join(md_code(p) for p in rv.proposal)}",
           f"- **{_t('against', lang)}:** {md_code(rv.model_id)} — {md_escape(rv.model_name)}", "",
           f"## {_t('scope', lang)}", "",
           md_table([_t("element", lang), _t("kind", lang), "Tên" if lang == "vi" else "Name"],
                    [[Md(md_code(e.id)), _kind(e.KIND, lang), e.name] for e in rv.elements]),
           f"## {_t('points', lang)}", ""]
    if not rv.findings:
        out += [_t("none", lang), ""]
    for i, f in enumerate(rv.findings, 1):
        out.append(f"{i}. **{capital(SEVERITY[f.severity].get(lang))}** — {md_escape(f.message.get(lang))}")
        if f.suggestion:
            out.append(f"   *{_t('suggest', lang)}:* {md_escape(f.suggestion.get(lang))}")
        out.append(f"   *{_t('basis', lang)}:* {md_escape(f.citation or '—')} ({md_code(f.rule)}, {md_code(_where(f))})")
        out.append("")
    out += [f"## {_t('budget', lang)}", ""]
    out.append(md_table(_budget_headers(lang), _budget_rows(rv, lang)) if rv.projects else _t("none", lang) + "\n")
    out += [f"## {_t('conclusion', lang)}", "", f"**{CONCLUSIONS[rv.conclusion].get(lang)}**", "",
            f"_{DISCLAIMER.get(lang)}_", ""]
    return "\n".join(out)


def _kind(kind: str, lang: str) -> str:
    return label(KINDS, kind).get(lang)


def render_docx(rv: Review, lang: str) -> bytes:
    """A Word document with the same content as the markdown opinion (deterministic bytes)."""
    doc = Document()
    doc.add_heading(_t("title", lang), level=0)
    doc.add_paragraph(xml_safe(f"{_t('proposal', lang)}: {', '.join(rv.proposal)}"))  # xml_safe: model text
    doc.add_paragraph(xml_safe(f"{_t('against', lang)}: {rv.model_id} — {rv.model_name}"))
    doc.add_heading(_t("scope", lang), level=1)
    _table(doc, [_t("element", lang), _t("kind", lang), "Tên" if lang == "vi" else "Name"],
           [[e.id, _kind(e.KIND, lang), e.name] for e in rv.elements])
    doc.add_heading(_t("points", lang), level=1)
    if not rv.findings:
        doc.add_paragraph(_t("none", lang))
    for i, f in enumerate(rv.findings, 1):
        para = doc.add_paragraph()
        para.add_run(f"{i}. {capital(SEVERITY[f.severity].get(lang))}: ").bold = True
        para.add_run(xml_safe(f.message.get(lang)))
        if f.suggestion:
            doc.add_paragraph(xml_safe(f"{_t('suggest', lang)}: {f.suggestion.get(lang)}"))
        doc.add_paragraph(xml_safe(f"{_t('basis', lang)}: {f.citation or '—'} ({f.rule}, {_where(f)})")).runs[0].italic = True
    doc.add_heading(_t("budget", lang), level=1)
    if rv.projects:
        _table(doc, _budget_headers(lang), _budget_rows(rv, lang))
    doc.add_heading(_t("conclusion", lang), level=1)
    doc.add_paragraph().add_run(CONCLUSIONS[rv.conclusion].get(lang)).bold = True
    doc.add_paragraph().add_run(DISCLAIMER.get(lang)).italic = True
    return docx_bytes(doc)


def _table(doc: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, headers):
        cell.text = h
    for r in rows:
        for cell, v in zip(table.add_row().cells, r):
            cell.text = xml_safe(str(v))


def docx_bytes(doc: Any) -> bytes:
    """Save a python-docx document with fixed metadata and zip timestamps (byte-identical output)."""
    props = doc.core_properties
    props.created = props.modified = fixed_time()
    props.author = props.last_modified_by = "archtool"
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return stable_zip(raw.getvalue())


TEXT_FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}
