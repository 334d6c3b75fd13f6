"""``archtool review``: a consultant's opinion (ý kiến thẩm định) on a project proposal.

The proposal (element files: projects and what they deliver) is overlaid on the model and its
baseline (:mod:`archtool.model.overlay`); the rule engine runs on the whole, and the findings that
concern proposal elements are kept. Checks specific to a proposal are added here (they are not
rules of a model): shared platforms it should reuse, budget sanity, period and Decision 950 task
groups. A point already made by a rule is not repeated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from archtool.findings import SEVERITY_RANK, Finding, sort_findings, summarize
from archtool.i18n import L
from archtool.model.architecture import ACTIVE
from archtool.workflows.common import budget_totals, uses_of

CITE_SHARED = ("QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu ICT phát triển ĐTTM (lớp nền tảng dùng chung); "
               "Thông báo 318/TB-VPCP (2025): mỗi tỉnh dùng một hệ thống dùng chung")
CITE_D950 = "QĐ 950/QĐ-TTg (01/8/2018), Phụ lục: nhóm nhiệm vụ ưu tiên"
CITE_FORMAT = "archtool model format v1 §2 (projects: budget, period, investment_form, task_groups)"

# Which shared platform a proposal element should use, and when (archtool's editorial reading,
# documented in docs/workflows.md; not a quotation of a legal text).
GIS_CAPS = {"land-management", "urban-planning", "construction-permits", "environment-monitoring",
            "disaster-warning", "smart-traffic", "water-management", "smart-agriculture"}
# rule ids that already cover a reuse point (then the review does not repeat it)
COVERED_BY = {"ioc": ("gap-ioc-integration",), "datacenter": ("principle-shared-hosting",),
              "integration-platform": ("gap-data-sharing",), "provides": ("dup-capability", "dup-name")}
SMALL_AMOUNT = 1_000_000  # VND; a positive amount below this is almost surely written in tỷ/triệu đồng


@dataclass
class Review:
    model_id: str
    model_name: str
    proposal: list[str]
    proposal_ids: set[str]
    projects: list[Any]
    elements: list[Any]
    findings: list[Finding]
    catalogs: Any
    arch: Any
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def conclusion(self) -> str:
        counts = summarize(self.findings)
        if counts["error"]:
            return "revise"
        return "clarify" if counts["warning"] else "ok"


CONCLUSIONS = {
    "revise": L("Đề nghị điều chỉnh hồ sơ đề xuất theo các ý kiến nêu trên trước khi trình phê duyệt.",
                "We recommend revising the proposal as noted above before submitting it for approval."),
    "clarify": L("Đề xuất cơ bản phù hợp với kiến trúc; đề nghị làm rõ, bổ sung các nội dung nêu trên.",
                 "The proposal broadly fits the architecture; please clarify or complete the points above."),
    "ok": L("Không phát hiện trùng lặp, thiếu hụt hay điểm bất hợp lý theo các quy tắc kiểm tra của archtool; "
            "đề xuất có thể chuyển sang các bước thẩm định tiếp theo.",
            "No duplication, gap or inconsistency was found by archtool's checks; the proposal can move on "
            "to the next appraisal steps."),
}
DISCLAIMER = L("Ý kiến này dựa trên đối chiếu với mô hình kiến trúc và các danh mục tham chiếu của archtool; "
               "không thay thế thẩm định theo quy định về đầu tư công, an toàn thông tin và các quy định chuyên ngành.",
               "This opinion compares the proposal with the architecture model and archtool's reference catalogs; "
               "it does not replace appraisal under the rules on public investment, information security and "
               "sector regulations.")


def _point(rule: str, category: str, severity: str, message: L, el: Any, field_name: str | None,
           citation: str, suggestion: L | None = None, elements: Iterable[str] = (),
           capabilities: list[str] | None = None, details: dict[str, Any] | None = None) -> Finding:
    return Finding(rule=rule, category=category, severity=severity, message=message,
                   elements=[el.id, *elements], location=el._src.location(field_name), citation=citation,
                   suggestion=suggestion, capabilities=capabilities, details=details)


def review(arch: Any, proposal: list[Path], *, extra_catalogs: Iterable[Path] = (), today: dt.date | None = None) -> Review:
    from archtool.model.overlay import overlay
    from archtool.rules import engine

    merged, ids = overlay(arch, proposal)
    result = engine.run(merged, extra_catalogs=list(extra_catalogs), today=today)
    files = {p.as_posix() for p in proposal}
    kept = [f for f in result.findings
            if set(f.elements) & ids or (f.location and any(f.location.file.startswith(p) for p in files))]
    elements = [merged.elements[i] for i in sorted(ids) if i in merged.elements]
    projects = [e for e in elements if e.KIND == "projects"]
    kept += _own_checks(merged, result.catalogs, ids, elements, kept)
    name = merged.manifest.model.name if merged.manifest else merged.id
    return Review(model_id=merged.id, model_name=name, proposal=sorted(files), proposal_ids=ids,
                  projects=projects, elements=elements, findings=sorted(sort_findings(kept), key=lambda f: -SEVERITY_RANK[f.severity]), catalogs=result.catalogs,
                  arch=merged, today=result.today)


def _covered(findings: list[Finding], key: str, el_id: str) -> bool:
    rules = COVERED_BY.get(key, ())
    return any(f.rule in rules and el_id in f.elements for f in findings)


def _own_checks(arch: Any, catalogs: Any, ids: set[str], elements: list[Any], found: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for el in elements:
        if el.KIND in ("applications", "platforms"):
            out += _reuse(arch, catalogs, ids, el, found)
        if el.KIND == "projects":
            out += _project(arch, el, found)
    return out


def _providers(arch: Any, ids: set[str], cap: str) -> list[Any]:
    return [e for e in arch.elements.values()
            if cap in e.capabilities and e.id not in ids and e.status in ACTIVE and e.KIND != "projects"]


def _needs(el: Any, catalogs: Any) -> list[str]:
    """Shared capabilities this proposal element should rely on."""
    caps = catalogs.capabilities
    needs = []
    if el.datasets or el.integrates_with:
        needs.append("integration-platform")
    if el.KIND == "applications":
        needs.append("identity-sso")
    if any(caps.get(c) and caps[c].get("ioc_relevant") for c in el.capabilities):
        needs.append("ioc")
    needs.append("datacenter")
    if GIS_CAPS & set(el.capabilities):
        needs.append("gis-platform")
    return [n for n in needs if n not in el.capabilities]


def _reuse(arch: Any, catalogs: Any, ids: set[str], el: Any, found: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    caps = catalogs.capabilities
    for cap in el.capabilities:  # it builds its own copy of a shared platform
        entry = caps.get(cap)
        if not entry or not entry.get("shared_platform"):
            continue
        existing = [e for e in _providers(arch, ids, cap) if e.id not in el.replaces]
        if existing and not _covered(found, "provides", el.id):
            names = ", ".join(f"{e.name} ({e.id})" for e in existing[:3])
            out.append(_point(
                "review-reuse-platform", "duplication", "error",
                L(f"'{el.name}' xây dựng riêng {entry.name}, trong khi tỉnh đã có: {names}.",
                  f"'{el.name}' builds its own {entry.name_en}, while the province already has: {names}."),
                el, "capabilities", entry.citation or CITE_SHARED,
                L("Dùng lại nền tảng dùng chung hiện có (khai báo trong 'uses'); nếu cần mở rộng, đề xuất nâng cấp "
                  "nền tảng đó (dự án 'upgrades') thay vì đầu tư mới.",
                  "Reuse the existing shared platform (declare it in 'uses'); if it must grow, propose an upgrade "
                  "of it (project 'upgrades') instead of a new investment."),
                elements=[e.id for e in existing], capabilities=[cap]))
    linked = uses_of(el)
    for cap in _needs(el, catalogs):
        existing = _providers(arch, ids, cap)
        if not existing or linked & {e.id for e in existing} or _covered(found, cap, el.id):
            continue
        if cap == "datacenter" and el.hosted_on and getattr(arch.elements.get(el.hosted_on), "shared", False):
            continue
        entry = caps.get(cap)
        cname = (entry.name, entry.name_en) if entry else (cap, cap)
        names = ", ".join(f"{e.name} ({e.id})" for e in existing[:3])
        field_name = "hosted_on" if cap == "datacenter" else "uses"
        out.append(_point(
            "review-shared-platform", "gap", "warning",
            L(f"'{el.name}' chưa sử dụng {cname[0]} dùng chung của tỉnh: {names}.",
              f"'{el.name}' does not use the province's shared {cname[1]}: {names}."),
            el, field_name, (entry.citation if entry else "") or CITE_SHARED,
            L(f"Bổ sung '{existing[0].id}' vào '{field_name}' và nêu rõ phương án kết nối trong hồ sơ.",
              f"Add '{existing[0].id}' to '{field_name}' and describe the connection in the proposal."),
            elements=[e.id for e in existing], capabilities=[cap]))
    return out


def _project(arch: Any, p: Any, found: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    rule_hit = {f.rule for f in found if p.id in f.elements}
    if not p.budget:
        out.append(_point("review-budget", "consistency", "warning",
                          L(f"Dự án '{p.name}' chưa nêu kinh phí theo nguồn vốn.",
                            f"Project '{p.name}' gives no budget by source."), p, None, CITE_FORMAT,
                          L("Bổ sung 'budget' (nguồn: central, local, private, oda, other; số tiền bằng đồng).",
                            "Add 'budget' (source: central, local, private, oda, other; amount in VND).")))
    for i, line in enumerate(p.budget):
        if 0 < line.amount < SMALL_AMOUNT:
            out.append(Finding("review-budget", "consistency", "warning",
                               L(f"Dự án '{p.name}': số tiền {line.amount} đồng ({line.source}) quá nhỏ — có thể đang ghi theo tỷ hoặc triệu đồng.",
                                 f"Project '{p.name}': amount {line.amount} VND ({line.source}) is tiny — probably written in billions or millions."),
                               [p.id], p._src.location("budget", i), CITE_FORMAT,
                               L("Ghi số tiền bằng đồng, số nguyên (ví dụ 12,5 tỷ = 12500000000).",
                                 "Write amounts in VND as integers (e.g. 12.5 billion = 12500000000).")))
    if p.budget and not p.investment_form:
        out.append(_point("review-investment-form", "consistency", "info",
                          L(f"Dự án '{p.name}' chưa nêu hình thức đầu tư (mua sắm, thuê dịch vụ, PPP, xã hội hóa).",
                            f"Project '{p.name}' does not state the investment form (buy, rent, PPP, socialization)."),
                          p, None, CITE_FORMAT,
                          L("Bổ sung 'investment_form'.", "Add 'investment_form'.")))
    period = arch.manifest.model.period if arch.manifest else None
    if p.period is None and not rule_hit & {"project-period"}:
        out.append(_point("review-period", "consistency", "warning",
                          L(f"Dự án '{p.name}' chưa nêu thời gian thực hiện.", f"Project '{p.name}' gives no period."),
                          p, None, CITE_FORMAT, L("Bổ sung 'period: {start, end}'.", "Add 'period: {start, end}'.")))
    elif p.period and period and not rule_hit & {"project-outside-period"} and (
            p.period.start < period.start or p.period.end > period.end):
        out.append(_point("review-period", "consistency", "warning",
                          L(f"Thời gian thực hiện {p.period.start}–{p.period.end} của dự án '{p.name}' nằm ngoài kỳ kế hoạch {period.start}–{period.end} của mô hình.",
                            f"Project '{p.name}' runs {p.period.start}–{p.period.end}, outside the model period {period.start}–{period.end}."),
                          p, "period", "archtool model format v1 §1 (model.period)",
                          L("Điều chỉnh thời gian thực hiện hoặc nêu rõ phần việc sau kỳ kế hoạch.",
                            "Adjust the period, or state which work falls after the planning period.")))
    if not p.task_groups and arch.kind == "smart-city":
        out.append(_point("review-task-group", "gap", "warning",
                          L(f"Dự án '{p.name}' chưa gắn với nội dung, nhóm nhiệm vụ nào của Đề án 950.",
                            f"Project '{p.name}' is not linked to any Decision 950 content area or task group."),
                          p, None, CITE_D950,
                          L("Bổ sung 'task_groups' (xem 'archtool catalog list d950').",
                            "Add 'task_groups' (see 'archtool catalog list d950')."),
                          ))
    if not p.delivers and not p.upgrades:
        out.append(_point("review-deliverables", "consistency", "info",
                          L(f"Dự án '{p.name}' không nêu hệ thống tạo ra hoặc nâng cấp ('delivers', 'upgrades').",
                            f"Project '{p.name}' names no system it delivers or upgrades ('delivers', 'upgrades')."),
                          p, None, CITE_FORMAT,
                          L("Khai báo các phần tử dự án tạo ra để kiểm tra được trùng lặp.",
                            "Declare what the project delivers so duplication can be checked.")))
    return out
