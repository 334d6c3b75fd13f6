"""What only the plan shows: its form (issuing body, number, signer, recipients), the hand-written
parts, the principles, the roadmap by phase, responsibilities per department, and the appendix for
the drafter (what is generated, what to verify).

The form follows Decree 30/2020/NĐ-CP (Appendix I; "Mẫu 1.4 – văn bản có tên loại"): a plan of the
provincial People's Committee, "Số: …/KH-UBND". The issuing body is the model's unit at province
level named "Ủy ban nhân dân …"; ``ke-hoach/the-thuc.md`` overrides any part of the form.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup

from archtool.catalogs import period_days
from archtool.publish import handwritten
from archtool.publish.budget import PLAN
from archtool.publish.context import common, cut, names
from archtool.publish.legal import drafter_notes
from archtool.publish.view import View
from archtool.textnorm import fold

#: the parts of the plan a planner may write by hand (``ke-hoach/<key>.md``), in the plan's order
SECTIONS = ("mo-dau", "muc-tieu", "pham-vi", "tam-nhin", "nguyen-tac", "hien-trang", "kien-truc-muc-tieu",
            "du-lieu", "an-toan-thong-tin", "cong-nghe-so", "lo-trinh", "kinh-phi", "to-chuc-thuc-hien")
TYPE = {"vi": "KẾ HOẠCH", "en": "PLAN"}
#: first words of a title that are common nouns (lower-cased inside a sentence)
_COMMON = ("Kiến", "Khung", "Đề", "Chương", "Nền", "Hệ", "Mô", "Chính", "Đô", "Chuyển", "Phát")


def in_sentence(title: str) -> str:
    """``Kiến trúc ICT …`` -> ``kiến trúc ICT …`` (a proper name keeps its capital)."""
    return title[:1].lower() + title[1:] if title.split(" ", 1)[0] in _COMMON else title


def abbreviation(name: str) -> str:
    """``Sở Khoa học và Công nghệ`` -> ``SKHCN``; ``Ủy ban nhân dân`` -> ``UBND`` (initials, no "và")."""
    words = [w for w in fold(name).split() if w not in ("va", "tinh", "thanh", "pho") and w[:1].isalpha()]
    return "".join(w[0] for w in words).upper()


def unit_named(v: View, prefix: str, level: str | None = "province") -> Any:
    want = fold(prefix)
    for u in v.units:
        if fold(u.name).startswith(want) and (level is None or u.level == level):
            return u
    return None


def split_body(name: str, lead: str) -> list[str]:
    """``Ủy ban nhân dân tỉnh Tây Ninh`` -> [``ỦY BAN NHÂN DÂN``, ``TỈNH TÂY NINH``]."""
    upper = name.upper()
    if fold(name).startswith(fold(lead)) and len(name) > len(lead) + 1:
        return [upper[:len(lead)], upper[len(lead):].strip()]
    return [upper]


def form(v: View, hand: dict[str, Any]) -> dict[str, Any]:
    info = v.info
    province = (info.province if info else "") or ""
    ubnd = unit_named(v, "Ủy ban nhân dân")
    lines = split_body(v.name(ubnd), "Ủy ban nhân dân") if ubnd else [v.text("TÊN CƠ QUAN BAN HÀNH", "ISSUING BODY")]
    place = province or v.text("Địa danh", "Place")
    year = v.result.today.year
    out: dict[str, Any] = {
        "draft": True, "parent": "", "body": lines, "number": f"Số:      /{'KH-UBND' if v.lang == 'vi' else 'PLAN'}",
        "place_date": (f"{place}, ngày      tháng      năm {year}" if v.lang == "vi" else f"{place}, …… {year}"),
        "type": TYPE.get(v.lang, "KẾ HOẠCH"), "summary": v.title, "subject": in_sentence(v.title),
        "issuer_name": v.name(ubnd) if ubnd else v.text("Ủy ban nhân dân", "the People's Committee"),
        "authority": [v.text("TM. ỦY BAN NHÂN DÂN", "ON BEHALF OF THE PEOPLE'S COMMITTEE")],
        "signer_title": v.text("CHỦ TỊCH", "CHAIR"), "signer": "",
        "recipients": [], "issuer_known": ubnd is not None,
    }
    given = hand.get("form", {})
    mapping = {"co_quan_chu_quan": "parent", "so_ky_hieu": "number", "ten_loai": "type", "trich_yeu": "summary",
               "chuc_vu": "signer_title", "nguoi_ky": "signer"}
    for key, value in given.items():
        if key in mapping:
            out[mapping[key]] = value if isinstance(value, str) else "; ".join(value)
        elif key == "co_quan":
            out["body"] = [value.upper()] if isinstance(value, str) else [x.upper() for x in value]
            out["issuer_known"] = True
        elif key == "quyen_han":
            out["authority"] = [value] if isinstance(value, str) else list(value)
        elif key == "noi_nhan":
            out["recipients"] = [value] if isinstance(value, str) else list(value)
        elif key in ("dia_danh", "ngay"):
            place = given.get("dia_danh", place)
            when = given.get("ngay", f"ngày      tháng      năm {year}")
            out["place_date"] = f"{place}, {when}"
        elif key == "du_thao":
            out["draft"] = str(value).strip().lower() not in ("khong", "không", "no", "false", "0")
    if out["number"] and not str(out["number"]).startswith(("Số", "No")):
        out["number"] = f"Số: {out['number']}"
    return out


def principles(v: View) -> list[dict[str, str]]:
    """Verified national principles and architecture requirements of the catalogs, with their
    basis for the period."""
    start, end = period_days(*v.period_years) if v.period_years else (v.result.today, v.result.today)
    out = []
    for e in v.catalogs.entries.values():
        national = e.get("scope") in (None, "national")
        wanted = (e.kind == "principle" and e.catalog == "rf829") or (e.kind == "requirement" and e.catalog == "egov-framework")
        if not (wanted and national and e.verified):
            continue
        cite = v.catalogs.citation_for(e, start, end) if e.get("basis") is not None else e.citation
        if e.kind == "requirement" and not cite:
            continue
        out.append({"name": e.display(v.lang), "citation": cite})
    return out


def responsibilities(v: View) -> list[dict[str, Any]]:
    """Per department: the plan's projects it leads, and the systems it owns that the plan changes
    (new, duplicated, to stop, without a security level)."""
    leads: dict[str, list[str]] = defaultdict(list)
    for r in v.budget.plan:
        leads[r.el.owner].append(v.name(r.el))
    acts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for el in v.systems:
        if v.state(el) == "retired":
            continue
        if el.id in v.dup_ids:
            acts[el.owner]["dup"].append(el)
        if el.status == "retiring":
            acts[el.owner]["retiring"].append(el)
        if v.state(el) == "new":
            acts[el.owner]["new"].append(el)
        if el.KIND in ("applications", "platforms") and not el.security_level:
            acts[el.owner]["level"].append(el)
    out = []
    for unit in sorted(set(leads) | set(acts), key=lambda u: (-(len(leads[u]) * 3 + sum(map(len, acts[u].values()))), u)):
        items = []
        if leads[unit]:
            items.append(v.text("Chủ trì thực hiện: ", "Leads: ") + "; ".join(leads[unit][:10])
                         + (v.text(f" và {len(leads[unit]) - 10} dự án khác", f" and {len(leads[unit]) - 10} more")
                            if len(leads[unit]) > 10 else "") + ".")
        a = acts[unit]
        if a["new"]:
            items.append(v.text("Đưa vào vận hành: ", "Put into operation: ") + names(v, a["new"], 6) + ".")
        if a["dup"]:
            items.append(v.text("Rà soát, hợp nhất hệ thống trùng lặp: ", "Review and consolidate duplicates: ")
                         + names(v, a["dup"], 6) + ".")
        if a["retiring"]:
            items.append(v.text("Dừng theo lộ trình: ", "Stop as planned: ") + names(v, a["retiring"], 6) + ".")
        if a["level"]:
            items.append(v.text("Xác định cấp độ an toàn hệ thống thông tin cho: ", "Determine the security level of: ")
                         + names(v, a["level"], 6) + ".")
        out.append({"unit": v.name(unit), "items": items})
    return out


def roadmap(v: View) -> list[dict[str, Any]]:
    b = v.budget
    out = []
    for ph in b.phases:
        projects = [r for r in b.plan if ph in b.phases_of(r)]
        start = [el for el in v.systems if el.since and ph.holds(el.since) and v.state(el) == "new"]
        stop = [el for el in v.systems if el.until and ph.holds(el.until)]
        out.append({"name": ph.name or ph.span, "span": ph.span,
                    "projects": cut(projects, 30, lambda r: {"name": v.name(r.el), "owner": v.name(r.el.owner)}),
                    "start": names(v, start), "stop": names(v, stop)})
    unscheduled = [r for r in b.plan if not b.phases_of(r)]
    return out + ([{"name": v.text("Chưa xác định thời gian", "Not scheduled"), "span": "",
                    "projects": cut(unscheduled, 30, lambda r: {"name": v.name(r.el), "owner": v.name(r.el.owner)}),
                    "start": "", "stop": ""}] if unscheduled else [])


def drafter(v: View, hand: dict[str, Any], f: dict[str, Any]) -> dict[str, Any]:
    """The appendix for the drafter: which parts are still generated, what the catalogs could not
    verify, the model's check result. Nothing of this appears in the body."""
    missing = [k for k in SECTIONS if k not in hand["sections"]]
    return {"generated": missing, "written": sorted(hand["sections"]), "folder": handwritten.FOLDER,
            "form_file": f"{handwritten.FOLDER}/{handwritten.FORM_FILE}.md", "issuer_known": f["issuer_known"],
            "legal": [{"text": t, "notes": "; ".join(n)} for t, n in drafter_notes(v.legal_basis, v.lang)],
            "model": v.arch.id, "problems": hand.get("problems", [])}


def plan_context(v: View, diagrams: list[dict[str, Any]], hand: handwritten.Handwritten,
                 figures: dict[str, list[dict[str, Any]]] | None = None, base: dict[str, Any] | None = None) -> dict[str, Any]:
    ctx = dict(base) if base is not None else common(v, diagrams)
    ctx["figures"] = figures or {}
    written = {"sections": hand.sections, "form": hand.form, "problems": hand.problems}
    f = form(v, written)
    plan_units = {r.el.owner for r in v.budget.plan}
    ctx.update({
        "form": f, "hand": {k: Markup(t) for k, t in hand.sections.items()},
        "principles": principles(v), "responsibilities": responsibilities(v), "roadmap": roadmap(v),
        "drafter": drafter(v, written, f), "plan_group": PLAN,
        "lead_units": [v.name(u) for u in sorted(plan_units)][:8], "n_lead_units": len(plan_units),
        "systems": cut(v.systems, 200, lambda el: {"name": v.name(el), "kind": v.kind_name(el), "owner": v.name(el.owner)
                                                  if el.owner else "", "state": v.state_name(el), "status": v.status_name(el)}),
    })
    return ctx
