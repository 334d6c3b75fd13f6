"""The reports of ``archtool diff``: text for a terminal, Markdown for a pull-request comment, JSON
for a pipeline.

Everything a planner reads is in the report's language: kinds, fields, statuses and relations with
the vocabulary's words, budgets in tỷ/triệu đồng by source (never the model's raw data), periods as
years, yes/no as words. The JSON keeps the model's values as they are, for programs.
"""

from __future__ import annotations

import json
from typing import Any

from archtool import __version__
from archtool.formats import Md, md_code, md_escape, md_table, money
from archtool.i18n import L
from archtool.output import json_dumps
from archtool.textnorm import printable
from archtool.vocab import (ACCESS, BUDGET_SOURCE, BUDGET_SOURCES, FIELD, INVESTMENT_FORM, KINDS, PROVINCE_WIDE,
                            RELATIONS, SEVERITY, STATUSES, UNIT_LEVEL, YES_NO, capital, label)
from archtool.workflows.diff import Change, Diff

T = {
    "title": L("So sánh mô hình {old} → {new}", "Model diff {old} → {new}"),
    "added": L("Phần tử thêm mới", "Elements added"),
    "removed": L("Phần tử bị xóa", "Elements removed"),
    "changed": L("Phần tử thay đổi", "Elements changed"),
    "renamed": L("Phần tử đổi mã (nhận diện theo nội dung)", "Elements renamed (detected by content)"),
    "rel_added": L("Quan hệ thêm", "Relations added"),
    "rel_removed": L("Quan hệ bỏ", "Relations removed"),
    "relations": L("Quan hệ thêm / bỏ", "Relations added / removed"),
    "budget": L("Kinh phí theo nguồn", "Budget by source"),
    "introduced": L("Phát hiện mới", "Findings introduced"),
    "resolved": L("Phát hiện đã xử lý", "Findings resolved"),
    "fchanged": L("Phát hiện thay đổi", "Findings changed"),
    "before": L("trước", "before"),
    "nothing": L("Không có thay đổi.", "No changes."),
    "field": L("Trường", "Field"), "old": L("Cũ", "Old"), "new": L("Mới", "New"),
    "source": L("Nguồn", "Source"), "id": L("Mã", "Id"), "kind": L("Loại", "Kind"), "name": L("Tên", "Name"),
    "from": L("Từ", "From"), "relation": L("Quan hệ", "Relation"), "to": L("Đến", "To"),
    "element": L("Phần tử", "Element"), "similar": L("giống {score}%", "{score}% alike"),
}


def _t(k: str, lang: str, **a: Any) -> str:
    return T[k].format(**a).get(lang) if a else T[k].get(lang)


#: fields whose values are words of the vocabulary, shown in the report's language
_WORDS = {"status": STATUSES, "investment_form": INVESTMENT_FORM, "level": UNIT_LEVEL}


def _kind(kind: str, lang: str) -> str:
    return label(KINDS, kind).get(lang)


def _field(name: str, lang: str) -> str:
    return label(FIELD, name).get(lang)


def _lines(value: Any, lang: str) -> str:
    """Budget lines: ``ngân sách địa phương 10 tỷ đồng (2027); xã hội hóa 4 tỷ đồng``."""
    parts = []
    for line in value:
        year = f" ({line['year']})" if line.get("year") else ""
        parts.append(f"{label(BUDGET_SOURCE, line.get('source')).get(lang)} {money(line.get('amount') or 0, lang, 3)}{year}")
    return "; ".join(parts) or "—"


def _v(value: Any, field: str = "", lang: str = "vi") -> str:
    """A field's value as a planner reads it."""
    if value is None or value == []:
        return "—"
    if field in _WORDS and isinstance(value, str):
        return label(_WORDS[field], value).get(lang)
    if field == "kind":
        return _kind(value, lang)
    if field == "budget" and isinstance(value, list):
        return _lines(value, lang)
    if field == "period" and isinstance(value, dict):
        return f"{value.get('start')}–{value.get('end')}"
    if field == "scope" and value == "province":
        return PROVINCE_WIDE.get(lang)
    if isinstance(value, bool):
        return YES_NO[value].get(lang)
    if isinstance(value, list):
        return ", ".join(f"{x.get('id')} ({label(ACCESS, x.get('access', 'read')).get(lang)})" if isinstance(x, dict)
                         else str(x) for x in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _by_source(lines: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in lines or []:
        out[line.get("source")] = out.get(line.get("source"), 0) + int(line.get("amount") or 0)
    return out


def rows(changes: list[Change], lang: str) -> list[tuple[str, str, str]]:
    """(field, old, new) as read: a budget change is one row per source whose amount moved."""
    out = []
    for f, o, n in changes:
        if f == "budget":
            old, new = _by_source(o), _by_source(n)
            moved = [s for s in BUDGET_SOURCES if old.get(s, 0) != new.get(s, 0)]
            if moved:
                for s in moved:
                    out.append((f"{_field(f, lang)} ({BUDGET_SOURCE[s].get(lang)})",
                                money(old[s], lang, 3) if s in old else "—", money(new[s], lang, 3) if s in new else "—"))
                continue  # (the same sums: the lines were split or dated differently, shown whole below)
        out.append((_field(f, lang), _v(o, f, lang), _v(n, f, lang)))
    return out


def as_dict(d: Diff, lang: str) -> dict[str, Any]:
    ch = lambda cs: [{"field": f, "old": o, "new": n} for f, o, n in cs]  # noqa: E731
    return {
        "tool": "archtool", "version": __version__, "command": "diff", "old": d.old_id, "new": d.new_id,
        "changed": not d.empty,
        "elements": {
            "added": [{"id": e.id, "kind": e.KIND, "name": e.name} for e in d.added],
            "removed": [{"id": e.id, "kind": e.KIND, "name": e.name} for e in d.removed],
            "renamed": [{"old": o, "new": n, "kind": k, "score": s, "changes": ch(c)} for o, n, k, s, c in d.renamed],
            "changed": [{"id": i, "kind": k, "changes": ch(c)} for i, k, c in d.changed],
        },
        "relations": {"added": [list(r) for r in d.relations_added], "removed": [list(r) for r in d.relations_removed]},
        "budget": {"old": d.budget_old, "new": d.budget_new,
                   "delta": {s: d.budget_new.get(s, 0) - d.budget_old.get(s, 0) for s in BUDGET_SOURCES}},
        "findings": {"introduced": [f.as_dict(lang) for f in d.findings_introduced],
                     "resolved": [f.as_dict(lang) for f in d.findings_resolved],
                     "changed": [{"old": o.as_dict(lang), "new": n.as_dict(lang)} for o, n in d.findings_changed]},
    }


def render_json(d: Diff, lang: str) -> str:
    return json_dumps(as_dict(d, lang))


def budget_rows(d: Diff, lang: str) -> list[list[str]]:
    out = []
    for s in BUDGET_SOURCES:
        o, n = d.budget_old.get(s, 0), d.budget_new.get(s, 0)
        if o != n:
            sign = "+" if n > o else "−"
            out.append([capital(BUDGET_SOURCE[s].get(lang)), money(o, lang, 3), money(n, lang, 3),
                        sign + money(abs(n - o), lang, 3)])
    return out


def _rel(r: str, lang: str) -> str:
    rel = RELATIONS.get(r)
    return rel.label.get(lang) if rel else r


def _sev(f: Any, lang: str) -> str:
    return SEVERITY[f.severity].get(lang)


def render_text(d: Diff, lang: str) -> str:
    out = [_t("title", lang, old=d.old_id, new=d.new_id)]
    if d.empty:
        return "\n".join(map(printable, out + [_t("nothing", lang)])) + "\n"
    name = d.names.get

    def changed(lines_of: list[Change]) -> list[str]:
        return [f"      {f}: {o} → {n}" for f, o, n in rows(lines_of, lang)]

    sections: list[tuple[str, int, list[str]]] = [
        ("added", len(d.added), [f"  + {e.id} ({_kind(e.KIND, lang)}) {e.name}" for e in d.added]),
        ("removed", len(d.removed), [f"  - {e.id} ({_kind(e.KIND, lang)}) {e.name}" for e in d.removed]),
        ("renamed", len(d.renamed), [line for o, n, k, s, cs in d.renamed for line in
                                     [f"  ~ {o} → {n} ({_kind(k, lang)}, {_t('similar', lang, score=f'{s:g}')}) {name(n, '')}",
                                      *changed(cs)]]),
        ("changed", len(d.changed), [line for i, k, cs in d.changed
                                     for line in [f"  ~ {i} ({_kind(k, lang)}) {name(i, '')}", *changed(cs)]]),
        ("rel_added", len(d.relations_added), [f"  + {s} —{_rel(r, lang)}→ {t}" for s, r, t in d.relations_added]),
        ("rel_removed", len(d.relations_removed), [f"  - {s} —{_rel(r, lang)}→ {t}" for s, r, t in d.relations_removed]),
        ("budget", len(budget_rows(d, lang)), [f"  {a}: {b} → {c} ({e})" for a, b, c, e in budget_rows(d, lang)]),
        ("introduced", len(d.findings_introduced),
         [f"  + [{_sev(f, lang)}] {f.rule}: {f.message.get(lang)}" for f in d.findings_introduced]),
        ("resolved", len(d.findings_resolved),
         [f"  - [{_sev(f, lang)}] {f.rule}: {f.message.get(lang)}" for f in d.findings_resolved]),
        ("fchanged", len(d.findings_changed),
         [f"  ~ [{_sev(n, lang)}] {n.rule}: {n.message.get(lang)} ({_t('before', lang)}: {o.message.get(lang)})"
          for o, n in d.findings_changed]),
    ]
    for key, count, lines in sections:
        if lines:
            out += ["", f"{_t(key, lang)} ({count}):", *lines]
    return "\n".join(map(printable, out)) + "\n"  # one line each: model text cannot start a line


def render_markdown(d: Diff, lang: str) -> str:
    out = [f"### {md_escape(_t('title', lang, old=d.old_id, new=d.new_id))}", ""]
    if d.empty:
        return "\n".join(out + [_t("nothing", lang), ""])
    el_rows = ([["➕", Md(md_code(e.id)), _kind(e.KIND, lang), e.name] for e in d.added]
               + [["➖", Md(md_code(e.id)), _kind(e.KIND, lang), e.name] for e in d.removed]
               + [["🔁", Md(f"{md_code(o)} → {md_code(n)}"), _kind(k, lang),
                   f"{d.names.get(n, '')} ({_t('similar', lang, score=f'{s:g}')})"] for o, n, k, s, _ in d.renamed])
    if el_rows:
        out += [md_table(["", _t("id", lang), _t("kind", lang), _t("name", lang)], el_rows)]
    moved = [(i, cs) for i, _k, cs in d.changed] + [(n, cs) for _o, n, _k, _s, cs in d.renamed if cs]
    if moved:
        out += [f"**{_t('changed', lang)}**", ""]
        table = [[Md(md_code(i)), f, o, n] for i, cs in moved for f, o, n in rows(cs, lang)]
        out += [md_table([_t("id", lang), _t("field", lang), _t("old", lang), _t("new", lang)], table)]
    if d.relations_added or d.relations_removed:
        table = [["➕", Md(md_code(s)), _rel(r, lang), Md(md_code(t))] for s, r, t in d.relations_added] + \
                [["➖", Md(md_code(s)), _rel(r, lang), Md(md_code(t))] for s, r, t in d.relations_removed]
        out += [f"**{_t('relations', lang)}**", "",
                md_table(["", _t("from", lang), _t("relation", lang), _t("to", lang)], table)]
    if d.budget_changed:
        out += [f"**{_t('budget', lang)}**", "",
                md_table([_t("source", lang), _t("old", lang), _t("new", lang), "Δ"], budget_rows(d, lang))]
    for key, items, mark in (("introduced", d.findings_introduced, "🆕"), ("resolved", d.findings_resolved, "✅")):
        if items:
            out += [f"**{_t(key, lang)}** ({len(items)})", ""]
            out += [f"- {mark} `{f.rule}` ({_sev(f, lang)}): {md_escape(f.message.get(lang))}" for f in items] + [""]
    if d.findings_changed:
        out += [f"**{_t('fchanged', lang)}** ({len(d.findings_changed)})", ""]
        out += [f"- 🔄 `{n.rule}` ({_sev(n, lang)}): {md_escape(n.message.get(lang))} "
                f"({_t('before', lang)}: {md_escape(o.message.get(lang))})" for o, n in d.findings_changed] + [""]
    return "\n".join(out)


FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}
