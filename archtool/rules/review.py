"""Rules of a review (``archtool review``): points a consultant makes about a proposal's own
elements — shared platforms it should reuse, budget, investment form, Decision 950 task groups,
deliverables. (The period of a proposal's project is checked by the model's own project rules.) They run only when a proposal is overlaid on the model (``scope="proposal"``,
``ctx.proposal`` holds its ids). A point a model rule already makes about the same element is not
repeated (``defer_to``).

Which shared platform a proposal element should use, and when, is archtool's editorial reading
(documented in docs/workflows.md), not a quotation of a legal text.
"""

from __future__ import annotations

from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.rules.context import Context
from archtool.rules.wording import best_standing

#: the basis of a shared-platform point when the capability's own basis has nothing for the period
SHARED_BASIS = ({"doc": "rf829", "text": "QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu ICT phát triển ĐTTM (lớp nền "
                 "tảng dùng chung)"},
                {"doc": "tb-318", "text": "Thông báo 318/TB-VPCP (2025): mỗi tỉnh dùng một hệ thống dùng chung"})
CITE_SHARED = "; ".join(b["text"] for b in SHARED_BASIS)
CITE_D950 = "QĐ 950/QĐ-TTg (01/8/2018), Phụ lục: nhóm nhiệm vụ ưu tiên"
CITE_FORMAT = "archtool model format v1 §2 (projects: budget, period, investment_form, task_groups)"

GIS_CAPS = {"land-management", "urban-planning", "construction-permits", "environment-monitoring",
            "disaster-warning", "smart-traffic", "water-management", "smart-agriculture"}
SMALL_AMOUNT = 1_000_000  # VND; a positive amount below this is almost surely written in tỷ/triệu đồng
#: a missing use of this shared capability is already the point of these model rules
NEED_COVERED_BY = {"ioc": ("gap-ioc-integration",), "datacenter": ("principle-shared-hosting",),
                   "integration-platform": ("gap-data-sharing", "principle-bypass-shared"),
                   "identity-sso": ("principle-bypass-shared",)}

REUSE_PLATFORM = Rule(
    "review-reuse-platform", category="duplication", severity="error", scope="proposal",
    defer_to=("dup-capability", "dup-name"),
    title=("Đề xuất tự xây nền tảng dùng chung đã có", "Proposal builds a shared platform the province has"),
    message=("'{name}' xây dựng riêng {platform}, trong khi tỉnh đã có: {existing}.",
             "'{name}' builds its own {platform_en}, while the province already has: {existing}."),
    rationale=("Nền tảng dùng chung (LGSP, SSO, IOC, trung tâm dữ liệu, GIS...) được xây một lần cho toàn tỉnh; đề xuất "
               "xây bản riêng là đầu tư trùng lặp.",
               "Shared platforms (LGSP, SSO, IOC, data centre, GIS...) are built once for the province; a proposal "
               "building its own copy duplicates the investment."),
    citation=CITE_SHARED,
    suggestion=("Dùng lại nền tảng dùng chung hiện có (khai báo trong 'uses'); nếu cần mở rộng, đề xuất nâng cấp "
                "nền tảng đó (dự án 'upgrades') thay vì đầu tư mới.",
                "Reuse the existing shared platform (declare it in 'uses'); if it must grow, propose an upgrade "
                "of it (project 'upgrades') instead of a new investment."),
    example="# reviewed against a model with a shared cloud\nplatforms:\n  - {id: cloud-y-te, name: Đám mây riêng ngành Y tế, owner: so-yte, capabilities: [cloud]}\n",
)
SHARED_PLATFORM = Rule(
    "review-shared-platform", category="gap", severity="warning", scope="proposal",
    title=("Đề xuất chưa dùng nền tảng dùng chung", "Proposal does not use a shared platform"),
    message=("'{name}' chưa dùng hệ thống dùng chung của tỉnh cho năng lực '{platform}': {existing}.",
             "'{name}' does not use the province's shared system for '{platform_en}': {existing}."),
    rationale=("Hệ thống mới phải dùng các nền tảng dùng chung của tỉnh: LGSP khi trao đổi dữ liệu, SSO cho ứng dụng, "
               "IOC cho dữ liệu giám sát, điều hành, trung tâm dữ liệu để đặt hệ thống, GIS cho dữ liệu không gian.",
               "New systems must use the province's shared platforms: the LGSP to exchange data, SSO for "
               "applications, the IOC for operations data, the data centre for hosting, GIS for spatial data."),
    citation=CITE_SHARED,
    suggestion=("Dùng '{target_name}' (ghi {field}: {target}) và nêu rõ phương án kết nối trong hồ sơ.",
                "Use '{target_name}' (write {field}: {target}) and describe the connection in the proposal."),
    example="# reviewed against a model with a shared SSO\napplications:\n  - {id: app-y-te, name: Ứng dụng Y tế, owner: so-yte, security_level: 2}\n",
)
BUDGET = Rule(
    "review-budget", category="consistency", severity="warning", scope="proposal", defer_to=("project-budget",),
    title=("Kinh phí của đề xuất chưa rõ", "Proposal budget unclear"),
    message=("Dự án '{name}' chưa nêu kinh phí theo nguồn vốn.", "Project '{name}' gives no budget by source."),
    rationale=("Hồ sơ đề xuất phải nêu kinh phí theo từng nguồn vốn, bằng đồng.",
               "A proposal must give its budget by funding source, in VND."),
    citation=CITE_FORMAT,
    suggestion=("Bổ sung 'budget' (nguồn: central, local, private, oda, other; số tiền bằng đồng).",
                "Add 'budget' (source: central, local, private, oda, other; amount in VND)."),
    example="projects:\n  - id: da-y-te\n    name: Dự án Y tế\n    owner: so-yte\n    period: {start: 2026, end: 2027}\n    budget: [{source: local, amount: 15}]\n",
)
TINY_AMOUNT = L("Dự án '{name}': số tiền {amount} đồng ({source}) quá nhỏ — có thể đang ghi theo tỷ hoặc triệu đồng.",
                "Project '{name}': amount {amount} VND ({source}) is tiny — probably written in billions or millions.")
TINY_FIX = L("Ghi số tiền bằng đồng, số nguyên (ví dụ 12,5 tỷ = 12500000000).",
             "Write amounts in VND as integers (e.g. 12.5 billion = 12500000000).")
INVESTMENT_FORM = Rule(
    "review-investment-form", category="consistency", severity="info", scope="proposal",
    title=("Chưa nêu hình thức đầu tư", "Investment form missing"),
    message=("Dự án '{name}' chưa nêu hình thức đầu tư (mua sắm, thuê dịch vụ, PPP, xã hội hóa).",
             "Project '{name}' does not state the investment form (buy, rent, PPP, socialization)."),
    rationale=("Hình thức đầu tư (mua sắm hay thuê dịch vụ) quyết định trình tự thẩm định và chi phí vận hành.",
               "The investment form (purchase or service lease) decides the appraisal procedure and running costs."),
    citation=CITE_FORMAT,
    suggestion=("Bổ sung 'investment_form'.", "Add 'investment_form'."),
    example="projects:\n  - id: da-y-te\n    name: Dự án Y tế\n    owner: so-yte\n    period: {start: 2026, end: 2027}\n    budget: [{source: local, amount: 15000000000}]\n",
)
TASK_GROUP = Rule(
    "review-task-group", category="gap", severity="warning", scope="proposal",
    title=("Đề xuất chưa gắn nhiệm vụ Đề án 950", "Proposal not linked to Decision 950"),
    message=("Dự án '{name}' chưa gắn với nội dung, nhóm nhiệm vụ nào của Đề án 950.",
             "Project '{name}' is not linked to any Decision 950 content area or task group."),
    rationale=("Dự án ĐTTM phải cho thấy nó thực hiện nội dung, nhóm nhiệm vụ nào của Đề án 950.",
               "A smart-city project must show which Decision 950 content area or task group it carries."),
    citation=CITE_D950,
    suggestion=("Bổ sung 'task_groups' (xem 'archtool catalog list d950').",
                "Add 'task_groups' (see 'archtool catalog list d950')."),
    example="# model.kind: smart-city\nprojects:\n  - {id: da-y-te, name: Dự án Y tế, owner: so-yte, period: {start: 2026, end: 2027}}\n",
)
DELIVERABLES = Rule(
    "review-deliverables", category="consistency", severity="info", scope="proposal",
    title=("Đề xuất không nêu sản phẩm", "Proposal names no deliverable"),
    message=("Dự án '{name}' không nêu hệ thống tạo ra hoặc nâng cấp ('delivers', 'upgrades').",
             "Project '{name}' names no system it delivers or upgrades ('delivers', 'upgrades')."),
    rationale=("Chỉ khi biết dự án tạo ra hay nâng cấp hệ thống nào mới kiểm tra được trùng lặp.",
               "Duplication can only be checked when the project says what it delivers or upgrades."),
    citation=CITE_FORMAT,
    suggestion=("Khai báo các phần tử dự án tạo ra để kiểm tra được trùng lặp.",
                "Declare what the project delivers so duplication can be checked."),
    example="projects:\n  - {id: da-y-te, name: Dự án Y tế, owner: so-yte, period: {start: 2026, end: 2027}}\n",
)


def _proposal_elements(ctx: Context, kinds: tuple[str, ...]) -> list[Any]:
    return [ctx.arch.elements[i] for i in sorted(ctx.proposal)
            if i in ctx.arch.elements and ctx.arch.elements[i].KIND in kinds]


def _providers(ctx: Context, cap: str) -> list[Any]:
    """The model's systems a proposal element should reuse for ``cap``, best first: only those of
    the best standing (not being replaced or retired, province-wide, running or being built before
    planned ones, :func:`~archtool.rules.wording.best_standing`), so the advice never names a planned
    duplicate or a sector's copy beside the province's shared system."""
    found = [i for i in ctx.index.providers.get(cap, ()) if i not in ctx.proposal]
    return [ctx.arch.elements[e] for e in best_standing(ctx.index, found)]


def _needs(el: Any, caps: dict[str, Any]) -> list[str]:
    """Shared capabilities this proposal element should rely on."""
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


def _platform_citation(ctx: Context, cap: str) -> str:
    """What a point about a shared capability cites: the capability's catalog basis valid in the
    model's period, else the shared-platform basis valid then, else archtool's own format."""
    return (ctx.cite(cap) or ctx.catalogs.citation_for({"basis": SHARED_BASIS}, *ctx.period)
            or "archtool model format v1 §4 (capability catalog: shared platforms)")


def _names(existing: list[Any]) -> str:
    return ", ".join(f"{e.name} ({e.id})" for e in existing[:3])


def _uses_of(el: Any) -> set[str]:
    out = set(el.uses) | set(el.integrates_with)
    if el.hosted_on:
        out.add(el.hosted_on)
    return out


@REUSE_PLATFORM.checks
def check_reuse_platform(ctx: Context) -> Iterable[Finding]:
    caps = ctx.capabilities
    for el in _proposal_elements(ctx, ("applications", "platforms")):
        for cap in el.capabilities:
            entry = caps.get(cap)
            if not entry or not entry.get("shared_platform"):
                continue
            existing = [e for e in _providers(ctx, cap) if e.id not in el.replaces]
            if existing:
                yield REUSE_PLATFORM.finding(
                    elements=[el.id, *(e.id for e in existing)], location=el._src.location("capabilities"),
                    citation=_platform_citation(ctx, cap), capabilities=[cap],
                    name=el.name, platform=entry.name, platform_en=entry.name_en, existing=_names(existing))


@SHARED_PLATFORM.checks
def check_shared_platform(ctx: Context) -> Iterable[Finding]:
    caps = ctx.capabilities
    for el in _proposal_elements(ctx, ("applications", "platforms")):
        linked = _uses_of(el)
        for cap in _needs(el, caps):
            existing = _providers(ctx, cap)
            if not existing or linked & {e.id for e in existing}:
                continue
            if cap == "datacenter" and el.hosted_on and getattr(ctx.arch.elements.get(el.hosted_on), "shared", False):
                continue
            entry = caps.get(cap)
            field_name = "hosted_on" if cap == "datacenter" else "uses"
            yield SHARED_PLATFORM.finding(
                elements=[el.id, *(e.id for e in existing)], location=el._src.location(field_name),
                citation=_platform_citation(ctx, cap), capabilities=[cap],
                defer_to=NEED_COVERED_BY.get(cap, ()),
                name=el.name, platform=entry.name if entry else cap, platform_en=entry.name_en if entry else cap,
                existing=_names(existing), target=existing[0].id, target_name=existing[0].name, field=field_name)


@BUDGET.checks
def check_budget(ctx: Context) -> Iterable[Finding]:
    for p in _proposal_elements(ctx, ("projects",)):
        if not p.budget:
            yield BUDGET.finding(elements=[p.id], location=p._src.location(), name=p.name)
        for i, line in enumerate(p.budget):
            if 0 < line.amount < SMALL_AMOUNT:
                yield BUDGET.finding(elements=[p.id], location=p._src.location("budget", i),
                                     message=TINY_AMOUNT.format(name=p.name, amount=line.amount, source=line.source),
                                     suggestion=TINY_FIX)


@INVESTMENT_FORM.checks
def check_investment_form(ctx: Context) -> Iterable[Finding]:
    for p in _proposal_elements(ctx, ("projects",)):
        if p.budget and not p.investment_form:
            yield INVESTMENT_FORM.finding(elements=[p.id], location=p._src.location(), name=p.name)


@TASK_GROUP.checks
def check_task_group(ctx: Context) -> Iterable[Finding]:
    if ctx.arch.kind != "smart-city":
        return
    for p in _proposal_elements(ctx, ("projects",)):
        if not p.task_groups:
            yield TASK_GROUP.finding(elements=[p.id], location=p._src.location(), name=p.name)


@DELIVERABLES.checks
def check_deliverables(ctx: Context) -> Iterable[Finding]:
    for p in _proposal_elements(ctx, ("projects",)):
        if not p.delivers and not p.upgrades:
            yield DELIVERABLES.finding(elements=[p.id], location=p._src.location(), name=p.name)
