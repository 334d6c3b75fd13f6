"""Values that are probably typos: budget amounts too small or too large to be meant in VND, an end
year before the start year, a planned element starting after the plan. (A decimal amount such as
``amount: 15.000``, which YAML reads as 15.0, is refused when the model is read, with what to write.)"""

from __future__ import annotations

from typing import Iterable

from archtool.findings import Finding, Rule
from archtool.formats import group, money
from archtool.i18n import L
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.vocab import BUDGET_SOURCE, label

#: a positive amount below this (one million VND) is almost surely written in tỷ or triệu đồng
SMALL_VND = 1_000_000
#: an amount above this (10,000 tỷ đồng) for one funding line of one provincial ICT project is almost surely a
#: typo (extra zeros); the largest provincial schemes in the sources are a few hundred tỷ đồng
LARGE_VND = 10 ** 13

VALUE_AMOUNT = Rule(
    "value-amount", category="consistency", severity="warning",
    title=("Số tiền không hợp lý", "Implausible amount"),
    message=("Dự án {project}: số tiền {amount} đồng ({source}) {why}.",
             "Project {project}: the amount of {amount} VND ({source}) {why}."),
    rationale=("Số tiền ghi bằng đồng, số nguyên. Một dòng kinh phí dưới " + group(SMALL_VND) + " đồng gần như chắc chắn "
               "được ghi theo tỷ hoặc triệu đồng; trên " + group(LARGE_VND) + " đồng (10.000 tỷ) cho một nguồn vốn của "
               "một dự án CNTT cấp tỉnh gần như chắc chắn thừa chữ số 0. Số thập phân (YAML đọc '15.000' là 15,0) bị "
               "từ chối ngay khi đọc mô hình. Đề xuất trong 'archtool review' do quy tắc review-budget nêu.",
               "Amounts are whole VND. A budget line below " + group(SMALL_VND, "en") + " VND is almost surely written "
               "in billions or millions; above " + group(LARGE_VND, "en") + " VND (10,000 billion) for one funding "
               "source of one provincial ICT project almost surely has extra zeros. A decimal (YAML reads '15.000' as "
               "15.0) is refused when the model is read. A proposal in 'archtool review' is left to review-budget."),
    citation="archtool model format v1 §2 (projects: budget, amount an integer in VND)",
    suggestion=("Ghi số tiền bằng đồng, số nguyên, không dấu phân cách: ví dụ 12,5 tỷ đồng là amount: 12500000000.",
                "Write the amount in whole VND without separators: e.g. 12.5 billion VND is amount: 12500000000."),
    example="projects:\n  - {id: p, name: Dự án, owner: so-khcn, period: {start: 2026, end: 2027},"
            " budget: [{source: local, amount: 15}]}\n",
)
TOO_SMALL = L("quá nhỏ: có thể đang ghi theo tỷ hoặc triệu đồng (15 tỷ đồng phải ghi là 15000000000)",
              "is tiny: probably written in billions or millions (15 billion VND is written 15000000000)")
TOO_LARGE = L("quá lớn ({m}) cho một nguồn vốn của một dự án cấp tỉnh: có thể thừa chữ số 0",
              "is huge ({m}) for one funding source of a provincial project: probably extra zeros")


@VALUE_AMOUNT.checks
def check_amount(ctx: Context) -> Iterable[Finding]:
    for p in ctx.arch.by_kind.get("projects", []):
        if p.id in ctx.proposal or p.status == "cancelled":
            continue
        for i, line in enumerate(p.budget):
            if 0 < line.amount < SMALL_VND:
                why = TOO_SMALL
            elif line.amount > LARGE_VND:
                why = TOO_LARGE.format(m=L(money(line.amount), money(line.amount, "en")))
            else:
                continue
            yield VALUE_AMOUNT.finding(
                location=p._src.location("budget", i), elements=[p.id],
                details={"line": i, "amount": line.amount, "source": line.source},
                project=W.named(p), amount=L(group(line.amount), group(line.amount, "en")),
                source=label(BUDGET_SOURCE, line.source), why=why)


VALUE_DATES = Rule(
    "value-dates", category="consistency", severity="warning",
    title=("Năm không hợp lý", "Implausible years"),
    message=("Năm của {subject} không hợp lý: {why}.", "The years of {subject} are implausible: {why}."),
    rationale=("Năm dừng (until) trước năm bắt đầu (since) là lỗi gõ; một phần tử dự kiến hoặc đang xây dựng bắt đầu sau "
               "khi kỳ kế hoạch của mô hình đã kết thúc thì không thuộc kế hoạch này. Lộ trình, kinh phí theo giai đoạn và "
               "các kiểm tra thứ tự phụ thuộc đều dựa vào các năm này.",
               "A stop year (until) before the start year (since) is a typo; a planned or building element that starts "
               "after the model's planning period has ended does not belong to this plan. The roadmap, budgets per "
               "phase and the dependency-order checks all rely on these years."),
    citation="archtool model format v1 §1 (model.period), §2 (since, until)",
    suggestion=("Sửa năm cho đúng, hoặc chuyển phần tử sang mô hình của kỳ sau.",
                "Fix the year, or move the element to the model of the next period."),
    example="applications:\n  - {id: a, name: Ứng dụng, owner: so-khcn, since: 2027, until: 2025}\n",
)
UNTIL_BEFORE = L("năm dừng {until} trước năm bắt đầu {since}", "stop year {until} is before start year {since}")
AFTER_PLAN = L("dự kiến bắt đầu năm {since}, sau khi kỳ kế hoạch {start}–{end} kết thúc",
               "planned to start in {since}, after the {start}–{end} planning period ends")


@VALUE_DATES.checks
def check_dates(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    years = ctx.period_years
    for el in arch.elements.values():
        if el.KIND in ("projects", "waivers"):
            continue
        if el.since and el.until and el.until < el.since:
            yield VALUE_DATES.finding(location=el._src.location("until"), elements=[el.id],
                                      details={"since": el.since, "until": el.until}, subject=W.subject(el),
                                      why=UNTIL_BEFORE.format(until=el.until, since=el.since))
        elif (years and el.since and el.since > years[1] and el.status in ("planned", "building")
              and not arch.is_baseline(el)):
            yield VALUE_DATES.finding(location=el._src.location("since"), elements=[el.id],
                                      details={"since": el.since, "period": list(years)}, subject=W.subject(el),
                                      why=AFTER_PLAN.format(since=el.since, start=years[0], end=years[1]))
