"""Consistency rules a reviewing consultant would flag: projects without budget or period, periods
outside the plan, elements mapped to no capability, platforms nobody uses.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.formats import number_l
from archtool.i18n import L
from archtool.model.architecture import is_active, relations_of
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.vocab import KINDS, label

#: kinds expected to carry capability mappings (systems, as in LeanIX / Essential completeness reports)
MAPPED_KINDS = ("applications", "platforms", "infrastructure")



def _open_projects(arch: Any) -> Iterable[Any]:
    for p in arch.by_kind.get("projects", []):
        if p.status != "cancelled":
            yield p


PROJECT_BUDGET = Rule(
    "project-budget", category="consistency", severity="warning",
    title=("Dự án chưa có kinh phí", "Project without budget"),
    message=("Dự án '{id}' ({status}) chưa có kinh phí: không có dòng 'budget' nào có số tiền.",
             "Project '{id}' ({status}) has no budget: no 'budget' line with an amount."),
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
                                     id=p.id, status=W.status_name(p.status))



PROJECT_PERIOD = Rule(
    "project-period", category="consistency", severity="warning",
    title=("Dự án chưa có thời gian thực hiện", "Project without period"),
    message=("Dự án '{id}' chưa có thời gian thực hiện ('period: {{start, end}}').",
             "Project '{id}' has no period ('period: {{start, end}}')."),
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
            yield PROJECT_PERIOD.finding(location=p._src.location(), elements=[p.id], id=p.id)



OUTSIDE_PERIOD = Rule(
    "project-outside-period", category="consistency", severity="warning",
    title=("Thời gian dự án hoặc kinh phí nằm ngoài kỳ", "Project dates outside the period"),
    message=("Dự án '{id}': {what} {years} nằm ngoài {where} {bounds}.",
             "Project '{id}': {what} {years} lies outside {where} {bounds}."),
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
        if p.period is not None:
            mp = periods.get(p._origin)
            if mp is not None and p.status != "completed" and (p.period.start < mp.start or p.period.end > mp.end):
                yield OUTSIDE_PERIOD.finding(
                    location=p._src.location("period"), elements=[p.id],
                    details={"period": [p.period.start, p.period.end], "model_period": [mp.start, mp.end]},
                    id=p.id, what=L("thời gian thực hiện", "its period"), years=f"{p.period.start}–{p.period.end}",
                    where=L("kỳ của mô hình", "the model period"), bounds=f"{mp.start}–{mp.end}")
            for i, line in enumerate(p.budget):
                if line.year is not None and not p.period.start <= line.year <= p.period.end:
                    yield OUTSIDE_PERIOD.finding(
                        location=p._src.location("budget", i), elements=[p.id],
                        details={"budget_line": i, "year": line.year, "period": [p.period.start, p.period.end]},
                        id=p.id, what=L("dòng kinh phí năm", "the budget line of"), years=str(line.year),
                        where=L("thời gian dự án", "the project period"), bounds=f"{p.period.start}–{p.period.end}")


COMPLETENESS = L(
    "Mức độ ánh xạ năng lực: {mapped}/{total} hệ thống ({percent}%) gắn ít nhất một năng lực trong danh mục; chưa gắn: {by_kind}.",
    "Capability mapping completeness: {mapped} of {total} systems ({percent}%) map to at least one catalog capability; "
    "unmapped: {by_kind}.")


MAPPING = Rule(
    "mapping-unmapped", category="consistency", severity="info",
    title=("Phần tử chưa gắn năng lực", "Element mapped to no capability"),
    message=("{kind} '{id}' chưa gắn năng lực nào trong danh mục nên nằm ngoài phân tích trùng lặp và thiếu hụt.",
             "{kind} '{id}' maps to no catalog capability, so duplication and gap analysis cannot see it."),
    rationale=("Phân tích trùng lặp và thiếu hụt dựa trên ánh xạ hệ thống vào danh mục năng lực; hệ thống chưa gắn năng "
               "lực là điểm mù. Một phát hiện tổng hợp cho biết mức độ ánh xạ (tỷ lệ ứng dụng, nền tảng, hạ tầng có năng "
               "lực), như báo cáo độ phủ ánh xạ của LeanIX, Essential.",
               "Duplication and gap analysis rely on mapping systems to the capability catalog; an unmapped system is "
               "a blind spot. A summary finding gives the mapping completeness (share of applications, platforms and "
               "infrastructure with a capability), like LeanIX's and Essential's completeness reports."),
    citation="archtool model format v1 §4 (capability catalog)",
    suggestion=("Thêm 'capabilities: [...]' với mã trong `archtool catalog list capabilities`, hoặc thêm năng lực địa phương "
                "bằng --catalog.",
                "Add 'capabilities: [...]' with ids from `archtool catalog list capabilities`, or add a local capability "
                "with --catalog."),
    example="platforms:\n  - {id: p, name: Nền tảng X, owner: so-khcn}\n",
)


@MAPPING.checks
def check_mapping(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    total = 0
    unmapped: dict[str, int] = {}
    for kind in MAPPED_KINDS:
        for el in arch.by_kind.get(kind, []):
            if not is_active(el):
                continue
            total += 1
            if el.capabilities:
                continue
            unmapped[kind] = unmapped.get(kind, 0) + 1
            yield MAPPING.finding(location=el._src.location(), elements=[el.id], kind=W.kind_title(kind), id=el.id)
    missing = sum(unmapped.values())
    if total and missing:
        mapped = total - missing
        by_kind = [L("{n} {k}", "{n} {k}").format(n=n, k=label(KINDS, k)) for k, n in sorted(unmapped.items())]
        percent = round(100 * mapped / total, 1)
        summary = MAPPING.finding(location=ctx.model_location(),
                                  details={"mapped": mapped, "total": total, "percent": percent,
                                           "unmapped_by_kind": dict(sorted(unmapped.items()))})
        yield dataclasses.replace(summary, message=COMPLETENESS.format(mapped=mapped, total=total, percent=number_l(percent),
                                                                        by_kind=by_kind))



PLATFORM_UNUSED = Rule(
    "platform-unused", category="consistency", severity="info",
    title=("Nền tảng không ai dùng", "Platform nobody uses"),
    message=("Nền tảng '{id}' ({status}) không được phần tử nào dùng (uses), tích hợp (integrates_with), hiện thực dịch vụ "
             "(realized_by), làm kênh (channels) hay chia sẻ dữ liệu qua (shared_via).",
             "Platform '{id}' ({status}) is not used (uses), integrated (integrates_with), realising a service "
             "(realized_by), a channel (channels) or a sharing route (shared_via) of any element."),
    rationale=("Nền tảng là thứ để hệ thống khác dùng chung; nền tảng không ai dùng hoặc là đầu tư lãng phí, hoặc mô hình "
               "thiếu các quan hệ sử dụng.",
               "A platform exists to be shared by other systems; one nobody uses is either wasted investment or a "
               "model missing its usage relations."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu, mục I.3 Nguyên tắc chung, điểm b) (dùng chung hạ tầng)",
    suggestion=("Khai báo các hệ thống dùng '{id}' (uses / integrates_with), hoặc đưa nó vào lộ trình dừng.",
                "Declare the systems that use '{id}' (uses / integrates_with), or plan to retire it."),
    example="platforms:\n  - {id: p, name: Nền tảng dữ liệu ngành, owner: so-khcn}\n",
)


@PLATFORM_UNUSED.checks
def check_platform_unused(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    used: set[str] = set()
    for kind, els in arch.by_kind.items():
        fields = relations_of(kind, "use")
        for el in els:
            if fields and el.status != "retired":
                for field in fields:
                    used.update(getattr(el, field))
    for p in arch.by_kind.get("platforms", []):
        if p.status in ("operational", "building", "planned") and p.id not in used:
            yield PLATFORM_UNUSED.finding(location=p._src.location(), elements=[p.id], id=p.id,
                                          status=W.status_name(p.status))

