"""Renderers of a :class:`~archtool.workflows.review.Review`: text, markdown, json, docx.

The opinion reads as a dispatch of the department in charge of the architecture (Decree
30/2020/NĐ-CP, "Mẫu 1.5 – công văn"): header block with number and "V/v", "Kính gửi" the proposing
units, the proposal, the points grouped by topic (need and conformity, reuse of shared platforms,
duplication, data and personal data, security level, budget and period), a conclusion per
component (keep, change, drop) with the adjusted budget, "Nơi nhận" and the signature. Rule ids
and file locations are for the model's author: an appendix, not the body. The DOCX comes from the
plan's writer (:mod:`archtool.word.writer`) reading this Markdown; text keeps the sections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archtool import __version__
from archtool.findings import summarize
from archtool.formats import md_escape, md_table, money
from archtool.i18n import L
from archtool.output import json_dumps
from archtool.textnorm import fold, printable
from archtool.vocab import BUDGET_SOURCE, INVESTMENT_FORM, KINDS, SEVERITY, STATUSES, capital, label
from archtool.workflows.common import budget_totals
from archtool.workflows.review import CONCLUSIONS, DISCLAIMER, Review

T = {
    "title": L("Ý KIẾN THẨM ĐỊNH VỀ KIẾN TRÚC", "ARCHITECTURE REVIEW OPINION"),
    "subject": L("V/v ý kiến về kiến trúc đối với hồ sơ đề xuất dự án", "Re: architecture opinion on a project proposal"),
    "to": L("Kính gửi", "To"),
    "scope": L("I. NỘI DUNG ĐỀ XUẤT", "I. WHAT IS PROPOSED"),
    "points": L("II. Ý KIẾN", "II. POINTS"),
    "conclusion": L("III. KẾT LUẬN", "III. CONCLUSION"),
    "basis": L("Căn cứ", "Basis"),
    "suggest": L("Đề nghị", "Recommendation"),
    "none": L("Không có ý kiến.", "No points."),
    "component": L("Thành phần", "Component"), "kind": L("Loại", "Kind"), "owner": L("Đơn vị chủ quản", "Owner"),
    "status": L("Trạng thái", "Status"), "verdict": L("Kết luận", "Conclusion"), "why": L("Lý do", "Reason"),
    "project": L("Dự án", "Project"), "period": L("Thời gian", "Period"), "form": L("Hình thức đầu tư", "Investment form"),
    "proposed": L("Kinh phí đề xuất", "Proposed budget"), "sources": L("Nguồn vốn", "Sources"), "adjusted": L("Kinh phí sau điều chỉnh", "Adjusted budget"),
    "recipients": L("Nơi nhận:", "Recipients:"), "as_above": L("Như trên;", "As above;"), "file": L("Lưu: VT.", "File copy."),
    "appendix": L("Phụ lục", "Appendix"),
    "technical": L("ĐỐI CHIẾU KỸ THUẬT CHO NGƯỜI LẬP MÔ HÌNH", "TECHNICAL REFERENCES FOR THE MODEL'S AUTHOR"),
    "rule": L("Mã quy tắc", "Rule"), "where": L("Vị trí", "Location"),
}
#: the opinion's topics, in order; a finding goes to the topic of its rule, else of its category
TOPICS = {
    "need": L("Sự cần thiết và sự phù hợp với Kế hoạch, kiến trúc của tỉnh",
              "Need and conformity with the province's plan and architecture"),
    "reuse": L("Tái sử dụng nền tảng dùng chung", "Reuse of shared platforms"),
    "dup": L("Trùng lặp", "Duplication"),
    "data": L("Dữ liệu và dữ liệu cá nhân", "Data and personal data"),
    "security": L("Cấp độ an toàn hệ thống thông tin", "Security level"),
    "budget": L("Kinh phí và thời gian thực hiện", "Budget and period"),
}
RULE_TOPIC = {"review-reuse-platform": "reuse", "review-shared-platform": "reuse", "gap-ioc-integration": "reuse",
              "principle-shared-hosting": "reuse", "platform-unused": "reuse", "dup-dataset-master": "data",
              "gap-data-sharing": "data", "gap-security-level": "security", "project-budget": "budget",
              "project-period": "budget", "project-outside-period": "budget", "review-budget": "budget",
              "review-investment-form": "budget"}
CATEGORY_TOPIC = {"duplication": "dup"}
#: findings after which a proposed system is better not built (use the one that exists)
DROP_RULES = ("dup-capability", "review-reuse-platform")
VERDICT = {"keep": L("Giữ nguyên", "Keep"), "change": L("Điều chỉnh", "Change"), "drop": L("Không đầu tư", "Drop")}


def _t(key: str, lang: str) -> str:
    return T[key].get(lang)


def topic_of(f: Any) -> str:
    if f.rule.startswith("sec-"):
        return "security"
    return RULE_TOPIC.get(f.rule) or CATEGORY_TOPIC.get(f.category, "need")


def by_topic(rv: Review) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {k: [] for k in TOPICS}
    for f in rv.findings:
        out[topic_of(f)].append(f)
    return out


def _name(rv: Review, eid: str | None) -> str:
    el = rv.arch.elements.get(eid) if eid else None
    return (el.name or el.id) if el is not None else (eid or "")


def ordered(rv: Review) -> list[Any]:
    """The proposal's elements as the opinion lists them: projects first, then by kind and id."""
    order = list(KINDS)
    return sorted(rv.elements, key=lambda e: (e.KIND != "projects", order.index(e.KIND), e.id))


def _period(p: Any) -> str:
    return f"{p.period.start}–{p.period.end}" if p.period else "—"


def verdicts(rv: Review) -> list[dict[str, Any]]:
    """A conclusion per proposed component: drop a system that duplicates one the province has,
    change one with other points, keep the rest; a project follows what it delivers."""
    ids = {e.id for e in rv.elements}
    out: dict[str, dict[str, Any]] = {}
    for e in ordered(rv):
        points = [f for f in rv.findings if e.id in f.elements and f.severity in ("error", "warning")]
        # a duplicate is dropped for the copy the finding keeps (never when that copy is this one)
        drop = [f for f in points if f.rule in DROP_RULES and f.severity == "error" and e.KIND != "projects"
                and _kept(f) != e.id]
        if drop:
            others = [x for f in drop for x in ([_kept(f)] if _kept(f) else f.elements)
                      if x not in ids and rv.arch.kind_of.get(x) != "projects"]
            out[e.id] = {"el": e, "verdict": "drop", "points": points, "instead": list(dict.fromkeys(others))}
        else:
            out[e.id] = {"el": e, "verdict": "change" if points else "keep", "points": points, "instead": []}
    for p in rv.projects:
        parts = [out[x]["verdict"] for x in p.delivers if x in out]
        v = out[p.id]
        if parts and all(x == "drop" for x in parts) and not p.upgrades:
            v["verdict"] = "drop"
        elif any(x != "keep" for x in parts) or v["points"]:
            v["verdict"] = "change"
        v["dropped"] = [x for x in p.delivers if x in out and out[x]["verdict"] == "drop"]
    return [out[e.id] for e in ordered(rv)]


def _kept(f: Any) -> str | None:
    """The copy a duplication finding keeps (``details.keep``), if it names one."""
    return (f.details or {}).get("keep")


def _reason(rv: Review, v: dict[str, Any], lang: str) -> str:
    if v["verdict"] == "drop" and v["instead"]:
        return L("dùng hệ thống của tỉnh: ", "use the province's system: ").get(lang) + ", ".join(_name(rv, x) for x in v["instead"][:4])
    if v.get("dropped"):
        return L("bỏ hạng mục: ", "remove: ").get(lang) + ", ".join(_name(rv, x) for x in v["dropped"])
    topics = sorted({topic_of(f) for f in v["points"]}, key=list(TOPICS).index)
    return "; ".join(TOPICS[t].get(lang).lower() if lang == "vi" else TOPICS[t].get(lang) for t in topics)


def _budget(rv: Review, lang: str, verdict: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows = []
    for p in rv.projects:
        total = sum(budget_totals([p]).values())
        v = verdict[p.id]
        if v["verdict"] == "drop":
            adjusted = money(0, lang)
        elif v.get("dropped"):
            adjusted = L(f"tối đa {money(total, lang, 3)}, lập lại dự toán", f"at most {money(total, lang, 3)}, to be re-estimated").get(lang)
        else:
            adjusted = money(total, lang, 3)
        form = capital(INVESTMENT_FORM[p.investment_form].get(lang)) if p.investment_form else "—"
        sources = "; ".join(f"{capital(BUDGET_SOURCE[k].get(lang))}: {money(a, lang, 3)}"
                            for k, a in budget_totals([p]).items() if a)
        rows.append([_name(rv, p.id), _period(p), money(total, lang, 3), sources or "—", adjusted, form])
    return rows


def as_dict(rv: Review, lang: str) -> dict[str, Any]:
    return {
        "tool": "archtool", "version": __version__, "command": "review",
        "model": rv.model_id, "proposal": rv.proposal,
        "elements": [{"id": e.id, "kind": e.KIND, "name": e.name} for e in rv.elements],
        "conclusion": rv.conclusion, "conclusion_text": CONCLUSIONS[rv.conclusion].get(lang),
        "components": [{"id": v["el"].id, "conclusion": v["verdict"], "instead": v["instead"]} for v in verdicts(rv)],
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


def _unit(rv: Review, prefix: str) -> Any:
    want = fold(prefix)
    return next((u for u in sorted(rv.arch.by_kind.get("units", []), key=lambda u: u.id)
                 if fold(u.name).startswith(want) and u.level == "province"), None)


def _form(rv: Review, lang: str) -> dict[str, Any]:
    sokhcn, ubnd = _unit(rv, "Sở Khoa học và Công nghệ"), _unit(rv, "Ủy ban nhân dân")
    province = (rv.arch.manifest.model.province if rv.arch.manifest else "") or ""
    body = sokhcn.name if sokhcn else L("Cơ quan thẩm định", "Reviewing body").get(lang)
    if province and body.endswith(" tỉnh " + province):
        body = body[: -len(" tỉnh " + province)]
    parent = ("UBND " + ubnd.name[len("Ủy ban nhân dân "):]).upper() if ubnd else ""
    owners = list(dict.fromkeys(_name(rv, p.owner) for p in rv.projects if p.owner)) or \
        list(dict.fromkeys(_name(rv, e.owner) for e in rv.elements if e.owner))
    return {"parent": parent, "body": body.upper(), "name": body, "number": "Số:      /" + ("SKHCN-…" if sokhcn else "…"),
            "place": province or "…", "year": rv.today.year, "to": owners,
            "signer": L("GIÁM ĐỐC", "DIRECTOR").get(lang), "authority": L("KT. GIÁM ĐỐC", "FOR THE DIRECTOR").get(lang)}


def _kind(kind: str, lang: str) -> str:
    return capital(label(KINDS, kind).get(lang))


def render_markdown(rv: Review, lang: str) -> str:
    f = _form(rv, lang)
    verdict = {v["el"].id: v for v in verdicts(rv)}
    vi = lang == "vi"
    head_left = (f"{md_escape(f['parent'])}<br>" if f["parent"] else "") + f"**{md_escape(f['body'])}**"
    place = f"{md_escape(f['place'])}, ngày      tháng      năm {f['year']}" if vi else f"{md_escape(f['place'])}, …… {f['year']}"
    to = f["to"]
    out = ["<!-- form: header -->",
           f"| {head_left} | **{'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' if vi else 'SOCIALIST REPUBLIC OF VIET NAM'}**<br>"
           f"**{'Độc lập - Tự do - Hạnh phúc' if vi else 'Independence - Freedom - Happiness'}** |",
           "|:---:|:---:|",
           f"| {f['number']}<br>{_t('subject', lang)} | *{place}* |", "<!-- /form -->", "",
           f"# {_t('title', lang)}", "", "<!-- form: recipient -->"]
    if len(to) <= 1:
        out.append(f"{_t('to', lang)}: {md_escape(to[0] if to else '…')}.")
    else:
        out += [f"{_t('to', lang)}:"] + [f"- {md_escape(x)}{'.' if i == len(to) - 1 else ';'}" for i, x in enumerate(to)]
    out += ["<!-- /form -->", "",
            (f"Đối chiếu hồ sơ đề xuất với {md_escape(rv.model_name)}, {md_escape(f['name'])} có ý kiến như sau:"
             if vi else f"Having compared the proposal with {md_escape(rv.model_name)}, we give the following opinion:"), "",
            f"## {_t('scope', lang)}", "",
            md_table([_t("component", lang), _t("kind", lang), _t("owner", lang), _t("status", lang)],
                     [[e.name, _kind(e.KIND, lang), _name(rv, e.owner), label(STATUSES, e.status).get(lang)]
                      for e in ordered(rv)]),
            f"## {_t('points', lang)}", ""]
    for n, (topic, items) in enumerate(by_topic(rv).items(), 1):
        out += [f"### {n}. {TOPICS[topic].get(lang)}", ""]
        if not items:
            out += [_t("none", lang), ""]
        for f_ in items:
            line = f"- **{capital(SEVERITY[f_.severity].get(lang))}:** {md_escape(f_.message.get(lang))}"
            if f_.suggestion:
                line += f" *{_t('suggest', lang)}:* {md_escape(f_.suggestion.get(lang))}"
            if f_.citation:
                line += f" *{_t('basis', lang)}:* {md_escape(f_.citation)}."
            out.append(line)
        out.append("")
    out += [f"## {_t('conclusion', lang)}", "",
            md_table([_t("component", lang), _t("verdict", lang), _t("why", lang)],
                     [[v["el"].name, VERDICT[v["verdict"]].get(lang), _reason(rv, v, lang)] for v in verdict.values()])]
    if rv.projects:
        out.append(md_table([_t("project", lang), _t("period", lang), _t("proposed", lang), _t("sources", lang),
                             _t("adjusted", lang), _t("form", lang)], _budget(rv, lang, verdict)))
    out += [f"**{CONCLUSIONS[rv.conclusion].get(lang)}**", "", f"*{DISCLAIMER.get(lang)}*", "",
            "<!-- form: signature -->",
            f"| ***{_t('recipients', lang)}***<br>- {_t('as_above', lang)}<br>- {_t('file', lang)} | "
            f"**{f['authority']}**<br>**{'PHÓ GIÁM ĐỐC' if vi else 'DEPUTY DIRECTOR'}**<br><br><br><br> |",
            "|---|:---:|", "<!-- /form -->", ""]
    if rv.findings:
        out += ["<!-- form: appendix -->", f"## {_t('appendix', lang)}", f"**{_t('technical', lang)}**", "<!-- /form -->", "",
                md_table(["#", _t("rule", lang), _t("where", lang)],
                         [[str(i), f_.rule, _where(f_)] for i, f_ in enumerate(rv.findings, 1)])]
    return "\n".join(out)


def render_text(rv: Review, lang: str) -> str:
    f = _form(rv, lang)
    out = [_t("title", lang), f"{_t('to', lang)}: {', '.join(f['to']) or '…'}", f"{rv.model_id} — {rv.model_name}", "",
           _t("scope", lang)]
    out += [f"- {e.name} ({label(KINDS, e.KIND).get(lang)}, {label(STATUSES, e.status).get(lang)})" for e in ordered(rv)]
    out += ["", _t("points", lang)]
    for n, (topic, items) in enumerate(by_topic(rv).items(), 1):
        out.append(f"{n}. {TOPICS[topic].get(lang)}")
        if not items:
            out.append(f"   {_t('none', lang)}")
        for f_ in items:
            out.append(f"   - [{SEVERITY[f_.severity].get(lang)}] {f_.message.get(lang)}  ({f_.rule}, {_where(f_)})")
            if f_.suggestion:
                out.append(f"     → {_t('suggest', lang)}: {f_.suggestion.get(lang)}")
            if f_.citation:
                out.append(f"     {_t('basis', lang)}: {f_.citation}")
    out += ["", _t("conclusion", lang)]
    verdict = {v["el"].id: v for v in verdicts(rv)}
    out += [f"- {v['el'].name}: {VERDICT[v['verdict']].get(lang)}"
            + (f" ({_reason(rv, v, lang)})" if _reason(rv, v, lang) else "") for v in verdict.values()]
    for row in _budget(rv, lang, verdict):
        out.append(f"- {row[0]} ({row[1]}): {_t('proposed', lang).lower()} {row[2]} ({row[3]}); "
                   f"{_t('adjusted', lang).lower()} {row[4]}")
    out += ["", CONCLUSIONS[rv.conclusion].get(lang)]
    return "\n".join(map(printable, out)) + "\n"  # one line each: model text cannot start a line


def render_docx(rv: Review, lang: str) -> bytes:
    """The Markdown opinion as Word, by the plan's DOCX writer (deterministic bytes)."""
    from archtool.word.writer import markdown_to_docx  # lazy: python-docx, for --format docx only

    return markdown_to_docx(render_markdown(rv, lang), Path("."), None, lang, T["title"].get(lang))


TEXT_FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}
