"""The consolidation report of ``archtool merge``: Markdown for the planners, JSON for programs.

For each one-per-province capability: the evidence on each candidate, the system proposed to keep
and what becomes of the others (retired; a second data centre kept as the backup site or
interconnected; a second network interconnected), why, and the data to migrate. Then every system
to re-host or re-connect, the national elements kept once, and the ids given a prefix. Words in the
report's language (statuses, kinds, relations from :mod:`archtool.vocab`), amounts in tỷ đồng.
"""

from __future__ import annotations

from typing import Any

from archtool import __version__
from archtool.formats import Md, group, md_cell, md_code, md_escape, md_table, money
from archtool.i18n import L
from archtool.output import json_dumps
from archtool.vocab import ACCESS, FIELD, KINDS, RELATIONS, STATUSES, label
from archtool.workflows.consolidation import BACKUP, INTERCONNECT, RETIRE, Candidate, Group, Plan
from archtool.workflows.merge import Merged

T = {
    "title": L("Báo cáo hợp nhất hệ thống", "Consolidation report"),
    "intro": L("Mô hình hợp nhất {id} từ {a} và {b}{period}. Các nhóm dưới đây cùng cung cấp một năng lực mà mỗi tỉnh "
               "chỉ có một hệ thống (quy tắc `dup-capability`).",
               "Merged model {id} from {a} and {b}{period}. The groups below provide the same capability a province "
               "has one system of (rule `dup-capability`)."),
    "period": L(", giai đoạn {start}–{end}", ", period {start}–{end}"),
    "none": L("Không có hệ thống trùng năng lực (chưa có phát hiện `dup-capability`).",
              "No systems share a one-per-province capability (no `dup-capability` findings)."),
    "keep": L("Đề xuất giữ", "Proposed keep"),
    RETIRE: L("đề xuất dừng", "proposed retire"),
    BACKUP: L("đề xuất giữ làm trung tâm dự phòng (DR), các hệ thống đặt tại đó chuyển về trung tâm được giữ",
              "proposed as the backup (DR) site; the systems it hosts move to the centre kept"),
    INTERCONNECT: L("đề xuất kết nối liên thông với hệ thống được giữ", "proposed to be interconnected with the one kept"),
    "options": L("Phương án khác", "Other options"),
    "opt_" + RETIRE: L("dừng", "retire"),
    "opt_" + BACKUP: L("giữ làm trung tâm dự phòng (DR)", "keep as the backup (DR) site"),
    "opt_" + INTERCONNECT: L("kết nối liên thông hai hệ thống, chưa chuyển hệ thống nào",
                             "interconnect the two, move nothing now"),
    "reason": L("Lý do", "Reason"), "migrate": L("Dữ liệu cần chuyển đổi", "Data to migrate"),
    "moves": L("Hệ thống cần chuyển hoặc kết nối lại", "Systems to re-host or re-connect"),
    "moves_intro": L("Các hệ thống đang đặt trên, hoặc đang dùng, một hệ thống không được giữ:",
                     "Systems that run on, or use, a system that is not kept:"),
    "rehost": L("chuyển hạ tầng", "re-host"), "reconnect": L("kết nối lại ({rel})", "re-connect ({rel})"),
    "system": L("Hệ thống", "System"), "kind": L("Loại", "Kind"), "action": L("Việc cần làm", "Action"),
    "from": L("Từ", "From"), "to": L("Sang", "To"),
    "national": L("Phần tử quốc gia giữ một bản", "National elements kept once"),
    "national_intro": L("Cả hai mô hình cùng khai báo các phần tử quốc gia này; mô hình hợp nhất giữ một bản (của {a}).",
                        "Both models declare these national elements; the merged model keeps one (that of {a})."),
    "name": L("Tên", "Name"), "kept_id": L("Mã giữ", "Id kept"), "other_id": L("Mã trong {b}", "Id in {b}"),
    "differs": L("Khác nhau ở", "Differs in"), "same": L("giống nhau", "the same"),
    "renamed": L("Mã được thêm tiền tố do trùng", "Ids prefixed on collision"),
    "model": L("Mô hình", "Model"), "id": L("Mã", "Id"), "new_id": L("Mã mới", "New id"),
    "note": L("Đề xuất dựa trên dữ liệu trong mô hình; quyết định cuối cùng cần xét hợp đồng, chi phí chuyển đổi và ý kiến "
              "đơn vị vận hành.",
              "The proposal rests on the data in the model; the final decision must weigh contracts, migration cost and "
              "the operators' views."),
    "shared": L("dùng chung", "shared"),
}
EVIDENCE = [("id", L("Hệ thống", "System")), ("origin", L("Gốc", "Origin")), ("status", L("Trạng thái", "Status")),
            ("since", L("Từ năm", "Since")), ("security_level", L("Cấp độ ATTT", "Security level")),
            ("hosting", L("Hạ tầng", "Hosting")), ("users", L("Người dùng", "Users")),
            ("connections", L("Kết nối", "Connections")), ("moves", L("Phải chuyển nếu giữ", "Moves if kept")),
            ("vendor", L("Nhà cung cấp", "Vendor")), ("cost", L("Kinh phí", "Cost"))]


def _t(key: str, lang: str, **args: Any) -> str:
    return (T[key].format(**args) if args else T[key]).get(lang)


def _cell(c: Candidate, attr: str, lang: str, plan: Plan) -> str:
    v = getattr(c, attr)
    if attr == "cost":
        return money(v, lang, decimals=3) if v else "—"
    if attr == "status":
        return label(STATUSES, v).get(lang)
    if attr == "hosting" and v:
        return f"{plan.names.get(v, v)} ({_t('shared', lang)})" if c.shared_hosting else plan.names.get(v, v)
    if attr in ("users", "connections", "moves") and isinstance(v, int):
        return group(v, lang)  # counts, with the thousands separator (years and levels are not)
    return "—" if v is None else str(v)


def _named(plan: Plan, i: str) -> Md:
    name = plan.names.get(i)
    return Md(f"{md_escape(name)} ({md_code(i)})" if name else md_code(i))


def _group(n: int, g: Group, plan: Plan, lang: str) -> list[str]:
    out = [f"## {n}. {md_escape(g.capability_name.get(lang))} ({md_code(g.capability)})", ""]
    def cell(c: Candidate, attr: str) -> Any:
        if attr == "id":
            return Md(f"**{_named(plan, c.id)}**") if c is g.keep else _named(plan, c.id)
        return _cell(c, attr, lang, plan)

    rows = [[cell(c, attr) for attr, _ in EVIDENCE] for c in [g.keep, *g.retire]]
    out.append(md_table([h.get(lang) for _, h in EVIDENCE], rows))
    out += [f"- **{_t('keep', lang)}:** {_named(plan, g.keep.id)}; {_t(g.fate, lang)}: "
            + ", ".join(_named(plan, r.id) for r in g.retire)]
    if g.options:
        out.append(f"- **{_t('options', lang)}:** " + "; ".join(_t("opt_" + o, lang) for o in g.options))
    out.append(f"- **{_t('reason', lang)}:** {md_escape(g.reason.get(lang))}")
    if g.migrate:
        out.append(f"- **{_t('migrate', lang)}:** " + "; ".join(
            f"{_named(plan, m['dataset'])} ({label(ACCESS, m['access']).get(lang)}): {_named(plan, m['from'])} → "
            f"{_named(plan, m['to'])}" for m in g.migrate))
    return out + [""]


def _action(relation: str, lang: str) -> str:
    if relation == "hosted_on":
        return _t("rehost", lang)
    rel = RELATIONS.get(relation)
    return _t("reconnect", lang, rel=rel.label.get(lang) if rel else relation)


def report_markdown(merged: Merged, plan: Plan, lang: str) -> str:
    a, b = merged.sources
    period = merged.manifest["model"].get("period")
    when = _t("period", lang, start=period["start"], end=period["end"]) if period else ""
    out = [f"# {_t('title', lang)}", "", _t("intro", lang, id=md_code(merged.model_id), a=md_code(a), b=md_code(b),
                                            period=when), ""]
    if not plan.groups:
        out += [_t("none", lang), ""]
    for n, g in enumerate(plan.groups, 1):
        out += _group(n, g, plan, lang)
    if plan.moves:
        out += [f"## {_t('moves', lang)}", "", _t("moves_intro", lang), ""]
        # (one row per system: a national merge lists tens of thousands, so each cell is made once)
        named = {i: md_cell(_named(plan, i)) for i in {x for m in plan.moves for x in (m.old, m.new)}}
        kinds = {k: md_escape(label(KINDS, k).get(lang)) for k in {m.kind for m in plan.moves}}
        actions = {r: md_escape(_action(r, lang)) for r in {m.relation for m in plan.moves}}
        head = [md_escape(_t(k, lang)) for k in ("system", "kind", "action", "from", "to")]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        systems: dict[tuple[str, str], str] = {}  # a system that moves from several: its cell made once
        for m in plan.moves:
            cell = systems.get((m.id, m.name))
            if cell is None:
                cell = systems[(m.id, m.name)] = md_cell(Md(f"{md_escape(m.name)} ({md_code(m.id)})"))
            lines.append(f"| {cell} | {kinds[m.kind]} | {actions[m.relation]} | {named[m.old]} | {named[m.new]} |")
        out.append("\n".join(lines) + "\n")
    if merged.national:
        out += [f"## {_t('national', lang)}", "", _t("national_intro", lang, a=md_code(a)), ""]
        rows = [[label(KINDS, x.kind).get(lang), x.name, Md(md_code(x.id)), Md(md_code(x.other_id)),
                 ", ".join(label(FIELD, f).get(lang) for f in x.differs) or _t("same", lang)] for x in merged.national]
        out.append(md_table([_t("kind", lang), _t("name", lang), _t("kept_id", lang), _t("other_id", lang, b=b),
                             _t("differs", lang)], rows))
    renamed = [(side, o, n) for side, m in merged.renamed.items() for o, n in sorted(m.items())]
    if renamed:
        out += [f"## {_t('renamed', lang)}", "",
                md_table([_t("model", lang), _t("id", lang), _t("new_id", lang)],
                         [[s, Md(md_code(o)), Md(md_code(n))] for s, o, n in renamed])]
    out += [f"_{_t('note', lang)}_", ""]
    return "\n".join(out)


def report_json(merged: Merged, plan: Plan, lang: str) -> str:
    def cand(c: Candidate) -> dict[str, Any]:
        return {attr: getattr(c, attr) for attr, _ in EVIDENCE} | {"shared_hosting": c.shared_hosting, "kind": c.kind}

    data = {"tool": "archtool", "version": __version__, "command": "merge", "model": merged.model_id,
            "sources": list(merged.sources), "period": merged.manifest["model"].get("period"),
            "renamed": {k: dict(sorted(v.items())) for k, v in merged.renamed.items()},
            "national": [{"kind": x.kind, "id": x.id, "other_id": x.other_id, "name": x.name, "differs": x.differs}
                         for x in merged.national],
            "groups": [{"capability": g.capability, "capability_name": g.capability_name.get(lang),
                        "keep": g.keep.id, "retire": [r.id for r in g.retire], "fate": g.fate, "options": list(g.options),
                        "reason": g.reason.get(lang), "candidates": [cand(c) for c in [g.keep, *g.retire]],
                        "migrate": g.migrate, "finding": g.finding} for g in plan.groups],
            "moves": [{"id": m.id, "kind": m.kind, "relation": m.relation, "action": "re-host" if m.relation == "hosted_on"
                       else "re-connect", "from": m.old, "to": m.new, "capability": m.capability} for m in plan.moves]}
    return json_dumps(data)
