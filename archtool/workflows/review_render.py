"""Renderers of a :class:`~archtool.workflows.review.Review`: text, markdown, json, docx.

Markdown and DOCX read as a consultant's opinion: the proposal, numbered points each with its
basis (căn cứ), the budget table, then the conclusion.
"""

from __future__ import annotations

from typing import Any

from archtool import __version__, jsontext
from archtool.findings import summarize
from archtool.i18n import L
from archtool.i18n.messages import SEVERITIES
from archtool.workflows.common import BUDGET_SOURCES, SOURCE_NAMES, budget_totals, md_table, money
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
FORMS = {"buy": L("Mua sắm", "Buy"), "rent": L("Thuê dịch vụ", "Rent"), "ppp": L("PPP", "PPP"),
         "socialization": L("Xã hội hóa", "Socialization")}


def _t(key: str, lang: str) -> str:
    return T[key].get(lang)


def _period(p: Any) -> str:
    return f"{p.period.start}–{p.period.end}" if p.period else "—"


def _budget_rows(rv: Review, lang: str) -> list[list[str]]:
    rows = []
    for p in rv.projects:
        t = budget_totals([p])
        rows.append([p.id, _period(p)] + [money(t[s], lang) if t[s] else "" for s in BUDGET_SOURCES]
                    + [money(sum(t.values()), lang), FORMS[p.investment_form].get(lang) if p.investment_form else "—"])
    return rows


def _budget_headers(lang: str) -> list[str]:
    i = 1 if lang == "en" else 0
    return [_t("project", lang), _t("period", lang)] + [SOURCE_NAMES[s][i] for s in BUDGET_SOURCES] + \
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
    return jsontext.dumps(as_dict(rv, lang))


def _where(f: Any) -> str:
    return f"{f.location.file}:{f.location.line}" if f.location else ""


def render_text(rv: Review, lang: str) -> str:
    out = [_t("title", lang), f"{_t('proposal', lang)}: {', '.join(rv.proposal)}",
           f"{_t('against', lang)}: {rv.model_id} — {rv.model_name}", ""]
    if not rv.findings:
        out.append(_t("none", lang))
    for i, f in enumerate(rv.findings, 1):
        out.append(f"{i}. [{SEVERITIES[f.severity].get(lang)}] {f.message.get(lang)}  ({f.rule}, {_where(f)})")
        if f.suggestion:
            out.append(f"   → {_t('suggest', lang)}: {f.suggestion.get(lang)}")
        if f.citation:
            out.append(f"   {_t('basis', lang)}: {f.citation}")
    out += ["", f"{_t('conclusion', lang)}: {CONCLUSIONS[rv.conclusion].get(lang)}"]
    return "\n".join(out) + "\n"


def render_markdown(rv: Review, lang: str) -> str:
    out = [f"# {_t('title', lang)}", "",
           f"- **{_t('proposal', lang)}:** {', '.join(f'`{p}`' for p in rv.proposal)}",
           f"- **{_t('against', lang)}:** `{rv.model_id}` — {rv.model_name}", "",
           f"## {_t('scope', lang)}", "",
           md_table([_t("element", lang), _t("kind", lang), "Tên" if lang == "vi" else "Name"],
                    [[f"`{e.id}`", _kind(e.KIND, lang), e.name] for e in rv.elements]),
           f"## {_t('points', lang)}", ""]
    if not rv.findings:
        out += [_t("none", lang), ""]
    for i, f in enumerate(rv.findings, 1):
        out.append(f"{i}. **{SEVERITIES[f.severity].get(lang).capitalize()}** — {f.message.get(lang)}")
        if f.suggestion:
            out.append(f"   *{_t('suggest', lang)}:* {f.suggestion.get(lang)}")
        out.append(f"   *{_t('basis', lang)}:* {f.citation or '—'} (`{f.rule}`, `{_where(f)}`)")
        out.append("")
    out += [f"## {_t('budget', lang)}", ""]
    out.append(md_table(_budget_headers(lang), _budget_rows(rv, lang)) if rv.projects else _t("none", lang) + "\n")
    out += [f"## {_t('conclusion', lang)}", "", f"**{CONCLUSIONS[rv.conclusion].get(lang)}**", "",
            f"_{DISCLAIMER.get(lang)}_", ""]
    return "\n".join(out)


def _kind(kind: str, lang: str) -> str:
    from archtool.i18n import kind_name

    return kind_name(kind).get(lang)


def render_docx(rv: Review, lang: str) -> bytes:
    """A Word document with the same content as the markdown opinion (deterministic bytes)."""
    import io

    from docx import Document

    doc = Document()
    doc.add_heading(_t("title", lang), level=0)
    doc.add_paragraph(f"{_t('proposal', lang)}: {', '.join(rv.proposal)}")
    doc.add_paragraph(f"{_t('against', lang)}: {rv.model_id} — {rv.model_name}")
    doc.add_heading(_t("scope", lang), level=1)
    _table(doc, [_t("element", lang), _t("kind", lang), "Tên" if lang == "vi" else "Name"],
           [[e.id, _kind(e.KIND, lang), e.name] for e in rv.elements])
    doc.add_heading(_t("points", lang), level=1)
    if not rv.findings:
        doc.add_paragraph(_t("none", lang))
    for i, f in enumerate(rv.findings, 1):
        para = doc.add_paragraph()
        para.add_run(f"{i}. {SEVERITIES[f.severity].get(lang).capitalize()}: ").bold = True
        para.add_run(f.message.get(lang))
        if f.suggestion:
            doc.add_paragraph(f"{_t('suggest', lang)}: {f.suggestion.get(lang)}")
        doc.add_paragraph(f"{_t('basis', lang)}: {f.citation or '—'} ({f.rule}, {_where(f)})").runs[0].italic = True
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
            cell.text = str(v)


def docx_bytes(doc: Any) -> bytes:
    """Save a python-docx document with fixed metadata and zip timestamps (byte-identical output)."""
    import datetime as dt
    import io
    import os
    import zipfile

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() \
        else dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    props = doc.core_properties
    props.created = props.modified = stamp.replace(tzinfo=None)
    props.author = props.last_modified_by = "archtool"
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


TEXT_FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}
