"""Consistency rules a reviewing consultant would flag: projects without budget or period, periods
outside the plan, elements mapped to no capability, platforms nobody uses.
"""

from __future__ import annotations

from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.formats import number_l
from archtool.i18n import L
from archtool.model.architecture import is_active, relations_of
from archtool.rules import wording as W
from archtool.rules.context import Context


#: kinds expected to carry capability mappings (systems, as in LeanIX / Essential completeness reports)
MAPPED_KINDS = ("applications", "platforms", "infrastructure")



def _open_projects(arch: Any) -> Iterable[Any]:
    for p in arch.by_kind.get("projects", []):
        if p.status != "cancelled":
            yield p


PROJECT_BUDGET = Rule(
    "project-budget", category="consistency", severity="warning",
    title=("Dự án chưa có kinh phí", "Project without budget"),
    message=("Dự án {subject} ({status}) chưa có kinh phí: chưa ghi số tiền theo nguồn vốn nào (budget).",
             "Project {subject} ({status}) has no budget: no amount is given for any funding source (budget)."),
    rationale=("Dự án chưa xác định kinh phí và nguồn vốn thì chưa thể đưa vào kế hoạch đầu tư công hay thuê dịch vụ; "
               "tổng kinh phí của kiến trúc cũng bị thiếu.",
               "A project without an amount and a funding source cannot enter the public-investment or service-lease "
               "plan, and the architecture's total cost is understated."),
    citation="archtool model format v1 §2 (projects: budget, investment_form)",
    suggestion=("Thêm 'budget: [{{source: local, amount: ...}}]' (VND) cho từng nguồn vốn dự kiến, kể cả xã hội hóa (private).",
                "Add 'budget: [{{source: local, amount: ...}}]' (VND) for each expected source, private ones included."),
    example="projects:\n  - {id: p, name: Chiếu sáng thông minh, owner: so-xd, period: {start: 2029, end: 2030}}\n",
)


@PROJECT_BUDGET.checks
def check_project_budget(ctx: Context) -> Iterable[Finding]:
    for p in _open_projects(ctx.arch):
        if p.status == "completed" or sum(b.amount for b in p.budget) > 0:
            continue
        yield PROJECT_BUDGET.finding(location=p._src.location("budget" if p.budget else None), elements=[p.id],
                                     subject=W.named(p), status=W.status_name(p.status))



PROJECT_PERIOD = Rule(
    "project-period", category="consistency", severity="warning",
    title=("Dự án chưa có thời gian thực hiện", "Project without period"),
    message=("Dự án {subject} chưa có thời gian thực hiện (period: {{start, end}}).",
             "Project {subject} has no period (period: {{start, end}})."),
    rationale=("Không có thời gian thực hiện thì không lập được lộ trình, không kiểm tra được thứ tự phụ thuộc và phân bổ "
               "kinh phí theo năm.",
               "Without a period there is no roadmap, no check of dependency order and no yearly budget split."),
    citation="archtool model format v1 §2 (projects: period)",
    suggestion=("Thêm 'period: {{start: NĂM, end: NĂM}}'.", "Add 'period: {{start: YEAR, end: YEAR}}'."),
    example="projects:\n  - {id: p, name: Dự án, owner: so-khcn, budget: [{source: local, amount: 1000000000}]}\n",
)


@PROJECT_PERIOD.checks
def check_project_period(ctx: Context) -> Iterable[Finding]:
    for p in _open_projects(ctx.arch):
        if p.period is None:
            yield PROJECT_PERIOD.finding(location=p._src.location(), elements=[p.id], subject=W.named(p))



OUTSIDE_PERIOD = Rule(
    "project-outside-period", category="consistency", severity="warning",
    title=("Thời gian dự án hoặc kinh phí nằm ngoài kỳ", "Project dates outside the period"),
    message=("Dự án {subject}: {what} {years} nằm ngoài {where} {bounds}.",
             "Project {subject}: {what} {years} lies outside {where} {bounds}."),
    rationale=("Dự án chưa hoàn thành phải nằm trong kỳ kế hoạch của mô hình, và từng dòng kinh phí có năm phải nằm trong "
               "thời gian dự án; nếu không, tổng kinh phí theo giai đoạn và lộ trình sẽ sai.",
               "An unfinished project must fit the model's planning period, and each budget line with a year must fit "
               "the project period; otherwise budgets per phase and the roadmap are wrong."),
    citation="archtool model format v1 §1 (model.period), §2 (projects: period, budget)",
    suggestion=("Sửa 'period' của dự án hoặc của mô hình, hoặc năm của dòng kinh phí; phần việc ngoài kỳ nên tách thành dự án "
                "của kỳ sau.",
                "Fix the project period, the model period or the budget-line year; work outside the period belongs "
                "in a project of the next period."),
    example="# model.period: {start: 2026, end: 2030}\nprojects:\n"
            "  - {id: p, name: Dự án, owner: so-khcn, period: {start: 2029, end: 2032}}\n",
)


@OUTSIDE_PERIOD.checks
def check_project_outside_period(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    periods = {m.id: (m.manifest.model.period if m.manifest else None) for m in arch.models}
    for p in _open_projects(arch):
        if p.period is not None and ctx.visits(p):
            mp = periods.get(p._origin)
            if mp is not None and p.status != "completed" and (p.period.start < mp.start or p.period.end > mp.end):
                yield OUTSIDE_PERIOD.finding(
                    location=p._src.location("period"), elements=[p.id],
                    details={"period": [p.period.start, p.period.end], "model_period": [mp.start, mp.end]},
                    subject=W.named(p), what=L("thời gian thực hiện", "its period"), years=f"{p.period.start}–{p.period.end}",
                    where=L("kỳ của mô hình", "the model period"), bounds=f"{mp.start}–{mp.end}")
            for i, line in enumerate(p.budget):
                if line.year is not None and not p.period.start <= line.year <= p.period.end:
                    yield OUTSIDE_PERIOD.finding(
                        location=p._src.location("budget", i), elements=[p.id],
                        details={"budget_line": i, "year": line.year, "period": [p.period.start, p.period.end]},
                        subject=W.named(p), what=L("dòng kinh phí năm", "the budget line of"), years=str(line.year),
                        where=L("thời gian dự án", "the project period"), bounds=f"{p.period.start}–{p.period.end}")


#: up to this many unmapped systems are each their own finding; above it, one finding lists them all
#: with the mapping completeness (a model mapped so little is one problem, not fifty)
SUMMARY_AFTER = 10
COMPLETENESS = L(
    "Mức độ ánh xạ năng lực: {mapped}/{total} hệ thống ({percent}%) gắn ít nhất một năng lực trong danh mục; "
    "{missing} hệ thống chưa gắn nên nằm ngoài phân tích trùng lặp và thiếu hụt: {names}.",
    "Capability mapping completeness: {mapped} of {total:system|systems} ({percent}%) map to at least one catalog "
    "capability; {missing:system maps|systems map} to none, so duplication and gap analysis cannot see them: {names}.")


MAPPING = Rule(
    "mapping-unmapped", category="consistency", severity="info", defer_to=("principle-shared-hosting",),
    title=("Phần tử chưa gắn năng lực", "Element mapped to no capability"),
    message=("{subject} chưa gắn năng lực nào trong danh mục nên nằm ngoài phân tích trùng lặp và thiếu hụt.",
             "{subject} maps to no catalog capability, so duplication and gap analysis cannot see it."),
    rationale=("Phân tích trùng lặp và thiếu hụt dựa trên ánh xạ hệ thống vào danh mục năng lực; hệ thống chưa gắn năng "
               "lực là điểm mù. Mỗi hệ thống chưa gắn là một phát hiện; khi quá " + str(SUMMARY_AFTER) + " hệ thống chưa "
               "gắn, một phát hiện duy nhất cho biết mức độ ánh xạ (như báo cáo độ phủ ánh xạ của LeanIX, Essential) và "
               "liệt kê chúng. Hệ thống do đơn vị trung ương làm chủ quản (nền tảng quốc gia tỉnh khai thác) không tính; "
               "phòng máy riêng đã được nêu ở quy tắc đặt hệ thống trên hạ tầng dùng chung.",
               "Duplication and gap analysis rely on mapping systems to the capability catalog; an unmapped system is "
               "a blind spot. Each unmapped system is one finding; above " + str(SUMMARY_AFTER) + " of them, one finding "
               "gives the mapping completeness (like LeanIX's and Essential's completeness reports) and lists them. "
               "Systems owned by a central unit (national platforms the province uses) are not counted; a private "
               "server room is already the point of the shared-hosting rule."),
    citation="archtool model format v1 §4 (capability catalog)",
    suggestion=("Gắn năng lực cho hệ thống (capabilities: [...]) bằng mã trong `archtool catalog list capabilities`, hoặc "
                "khai báo năng lực địa phương trong một danh mục riêng (catalogs: trong archtool.yaml).",
                "Map the system to capabilities (capabilities: [...]) with ids from `archtool catalog list capabilities`, "
                "or declare a local capability in your own catalog (catalogs: in archtool.yaml)."),
    example="platforms:\n  - {id: p, name: Nền tảng X, owner: so-khcn}\n",
)


@MAPPING.checks
def check_mapping(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    central = {u.id for u in arch.by_kind.get("units", []) if u.level == "central"}
    total = 0
    unmapped: list[Any] = []
    for kind in MAPPED_KINDS:
        for el in arch.by_kind.get(kind, []):
            if not is_active(el) or el.owner in central:
                continue
            total += 1
            if not el.capabilities:
                unmapped.append(el)
    if len(unmapped) <= SUMMARY_AFTER:
        for el in unmapped:
            yield MAPPING.finding(location=el._src.location(), elements=[el.id], subject=W.subject(el))
        return
    mapped = total - len(unmapped)
    percent = round(100 * mapped / total, 1)
    by_kind: dict[str, int] = {}
    for el in unmapped:
        by_kind[el.KIND] = by_kind.get(el.KIND, 0) + 1
    yield MAPPING.finding(
        location=ctx.model_location(), elements=[el.id for el in unmapped],
        details={"mapped": mapped, "total": total, "percent": percent, "unmapped_by_kind": dict(sorted(by_kind.items()))},
        message=COMPLETENESS.format(mapped=mapped, total=total, percent=number_l(percent), missing=len(unmapped),
                                    names=W.named_ids(arch, [el.id for el in unmapped])))


PLATFORM_UNUSED = Rule(
    "platform-unused", category="consistency", severity="info", heavy=True, defer_to=("dup-capability",),
    title=("Nền tảng dùng chung chưa được hệ thống nào dùng", "Shared platform no system uses"),
    message=("Nền tảng dùng chung {subject} ({status}, năng lực '{cap_name}') chưa được hệ thống nào dùng: không ứng "
             "dụng, nền tảng nào khai báo dùng nó (uses), kết nối với nó (integrates_with) hay chia sẻ dữ liệu qua nó "
             "(shared_via).",
             "Shared platform {subject} ({status}, capability '{cap_name}') is used by no system: no application or "
             "platform uses it (uses), integrates with it (integrates_with) or shares data through it (shared_via)."),
    rationale=("Các nền tảng dùng chung để hệ thống khác dùng lại (tích hợp, chia sẻ dữ liệu, xác thực tập trung, bản đồ "
               "số, kho dữ liệu, IoT) chỉ đem lại giá trị khi các ứng dụng dùng chúng; nền tảng như vậy mà không hệ thống "
               "nào dùng thì hoặc các ứng dụng đang kết nối riêng, hoặc mô hình thiếu quan hệ sử dụng. Quy tắc không áp "
               "dụng cho hệ thống do con người dùng (cổng thông tin, thư điện tử, một cửa, quản lý văn bản, hội nghị "
               "truyền hình...), cho phần tử thay thế một phần tử khác (các hệ thống còn khai báo trên phần tử cũ cho "
               "tới khi chuyển đổi), và cho nền tảng đã có phát hiện trùng lặp. Cách xử lý là cho ứng dụng dùng lại "
               "nền tảng, không phải dừng nền tảng.",
               "Shared platforms meant to be reused by other systems (integration, data sharing, central sign-on, digital "
               "maps, data warehouse, IoT) pay off only when applications use them; one no system uses means either the "
               "applications connect on their own or the model lacks its usage relations. Not applied to systems people "
               "use (portals, e-mail, one-stop system, document management, video conferencing...), to an element that "
               "replaces another (the systems stay declared on the old one until they move), or to a platform with a "
               "duplication finding. The remedy is to make applications reuse the platform, not to retire it."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu ICT phát triển ĐTTM, nguyên tắc chung, điểm b) (dùng chung hạ tầng)",
    suggestion=("Cho các ứng dụng cần {cap_name} dùng lại nền tảng này (uses: [{id}]) thay vì kết nối riêng; nếu các hệ "
                "thống đã dùng nó mà mô hình chưa ghi, bổ sung quan hệ đó.",
                "Make the applications that need {cap_name} reuse this platform (uses: [{id}]) instead of connecting "
                "on their own; if systems already use it and the model does not say so, add those relations."),
    example="platforms:\n  - {id: gis, name: Nền tảng GIS dùng chung, owner: so-khcn, capabilities: [gis-platform]}\n",
)


@PLATFORM_UNUSED.checks
def check_platform_unused(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    reusable = {c.id for c in ctx.catalogs.of_kind("capability") if c.get("reused_by_systems")}
    candidates = [p for p in arch.by_kind.get("platforms", []) if ctx.asks_about(p)
                  and reusable.intersection(p.capabilities) and not p.replaces
                  and p.status in ("operational", "building", "planned")]
    if not candidates:
        return
    used: set[str] = set()
    for kind, els in arch.by_kind.items():
        fields = relations_of(kind, "use")
        for el in els:
            if fields and el.status != "retired":
                for field in fields:
                    used.update(getattr(el, field))
                if getattr(el, "integrates_with", None):  # a link both ways: the platform reaches out to it
                    used.add(el.id)
    citation = ctx.cite("rf829-p2", PLATFORM_UNUSED.citation) or "archtool model format v1 §5 (shared platforms in use)"
    for p in candidates:
        if p.id in used:
            continue
        caps = [c for c in p.capabilities if c in reusable]
        name = ctx.cap_name(caps[0])
        yield PLATFORM_UNUSED.finding(location=p._src.location(), elements=[p.id], capabilities=caps, citation=citation,
                                      subject=W.named(p), status=W.status_name(p.status), cap_name=name, id=p.id)
