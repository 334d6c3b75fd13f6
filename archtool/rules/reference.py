"""Reference rules: ids are unique and every reference resolves to an element of the right kind."""

from __future__ import annotations

from typing import Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.suggest import did_you_mean
from archtool.vocab import KINDS, RELATIONS, label

SPEC2 = "archtool model format v1 §2"



UNRESOLVED = Rule(
    "ref-unresolved", category="reference", severity="error", heavy=True,
    title=("Tham chiếu tới mã không tồn tại", "Reference to an unknown id"),
    message=("{subject}: {field} tham chiếu tới '{target}' nhưng không có phần tử nào mang mã này.{hint}",
             "{subject}: {field} refers to '{target}' but no element has that id.{hint}"),
    rationale=("Tham chiếu treo làm đứt quan hệ phụ thuộc, chủ quản và chia sẻ dữ liệu mà các kiểm tra khác dựa vào.",
               "A dangling reference breaks the ownership, dependency and data-sharing relations other checks rely on."),
    citation=SPEC2,
    suggestion=("Sửa mã tham chiếu, hoặc khai báo phần tử '{target}' (trong mô hình hoặc mô hình nền).",
                "Fix the id, or declare element '{target}' (in the model or its baseline)."),
    example="applications:\n  - id: app\n    name: Ứng dụng\n    owner: so-khcn\n    uses: [lgps]\n",
)


@UNRESOLVED.checks
def check_unresolved(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    for el, rel, target, idx in ctx.index.bad_references_of(ctx.focus)[0]:
        yield UNRESOLVED.finding(
            location=el._src.location(RELATIONS[rel].field, idx), elements=[el.id],
            subject=W.subject(el), field=rel, target=target, hint=did_you_mean(target, arch.elements))


WRONG_KIND = Rule(
    "ref-wrong-kind", category="reference", severity="error", heavy=True,
    title=("Tham chiếu sai loại phần tử", "Reference to the wrong kind of element"),
    message=("{subject}: {field} phải trỏ tới {expected}, nhưng '{target}' là {actual}.",
             "{subject}: {field} must point to {expected}, but '{target}' is a {actual}."),
    rationale=("Ví dụ chủ quản phải là đơn vị, hosted_on phải là hạ tầng; sai loại làm sai phân tích trùng lặp và thiếu hụt.",
               "E.g. an owner must be a unit and hosted_on infrastructure; a wrong kind corrupts duplication and gap analysis."),
    citation=SPEC2,
    suggestion=("Trỏ tới một {expected} phù hợp.", "Point to a suitable {expected}."),
    example="applications:\n  - id: app\n    name: Ứng dụng\n    owner: lgsp   # lgsp is a platform, not a unit\n",
)


@WRONG_KIND.checks
def check_wrong_kind(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    for el, rel, target, idx in ctx.index.bad_references_of(ctx.focus)[1]:
        allowed = RELATIONS[rel].targets
        expected = L(" / ".join(KINDS[k].vi for k in allowed), " / ".join(KINDS[k].en for k in allowed))
        yield WRONG_KIND.finding(
            location=el._src.location(RELATIONS[rel].field, idx), elements=[el.id, target],
            subject=W.subject(el), field=rel, target=target,
            expected=expected, actual=label(KINDS, arch.kind_of[target]))



UNKNOWN_CAPABILITY = Rule(
    "ref-unknown-capability", category="reference", severity="error", heavy=True,
    title=("Năng lực không có trong danh mục", "Capability not in the catalog"),
    message=("{subject}: năng lực '{capability}' không có trong danh mục năng lực.{hint}",
             "{subject}: capability '{capability}' is not in the capability catalog.{hint}"),
    rationale=("Phân tích trùng lặp và thiếu hụt dựa trên ánh xạ năng lực theo danh mục; mã sai làm phần tử bị bỏ sót.",
               "Duplication and gap analysis rely on capability mappings; an unknown id silently drops the element from them."),
    citation="archtool model format v1 §4; archtool/catalogs/data/capabilities.yaml",
    suggestion=("Dùng một mã trong `archtool catalog list capabilities`, hoặc thêm năng lực địa phương bằng --catalog.",
                "Use an id from `archtool catalog list capabilities`, or add a local capability with --catalog."),
    example="platforms:\n  - id: p\n    name: Nền tảng\n    owner: so-khcn\n    capabilities: [intergration-platform]\n",
)


@UNKNOWN_CAPABILITY.checks
def check_unknown_capability(ctx: Context) -> Iterable[Finding]:
    caps = ctx.capabilities
    if not caps:
        return
    for el in ctx.arch.elements.values():
        for i, cap in enumerate(el.capabilities):
            if cap not in caps:
                yield UNKNOWN_CAPABILITY.finding(
                    location=el._src.location("capabilities", i), elements=[el.id], capabilities=[cap],
                    subject=W.subject(el), capability=cap, hint=did_you_mean(cap, caps))



UNKNOWN_TASK_GROUP = Rule(
    "ref-unknown-task-group", category="reference", severity="error",
    title=("Nhóm nhiệm vụ không có trong danh mục", "Task group not in the catalog"),
    message=("Dự án {subject}: '{group}' không phải nội dung hay nhóm nhiệm vụ nào trong danh mục (QĐ 950/QĐ-TTg).{hint}",
             "Project {subject}: '{group}' is no content area or task group in the catalogs (Decision 950/QĐ-TTg).{hint}"),
    rationale=("Mức độ bao phủ các nhóm nhiệm vụ của Đề án 950 chỉ tính được khi dự án gắn đúng mã.",
               "Coverage of Decision 950 task groups can only be computed when projects use the catalog ids."),
    citation="QĐ 950/QĐ-TTg (01/8/2018), Phụ lục",
    suggestion=("Dùng một mã trong `archtool catalog list d950`.", "Use an id from `archtool catalog list d950`."),
    example="projects:\n  - id: p\n    name: Dự án\n    owner: so-khcn\n    task_groups: [d950-c9]\n",
)


@UNKNOWN_TASK_GROUP.checks
def check_unknown_task_group(ctx: Context) -> Iterable[Finding]:
    known = ctx.catalogs.task_group_ids()
    if not known:
        return
    for el in ctx.arch.by_kind.get("projects", []):
        for i, g in enumerate(el.task_groups):
            if g not in known:
                yield UNKNOWN_TASK_GROUP.finding(
                    location=el._src.location("task_groups", i), elements=[el.id],
                    subject=W.named(el), group=g, hint=did_you_mean(g, known))



WAIVER_REFS = Rule(
    "ref-waiver", category="reference", severity="error",
    title=("Miễn trừ tham chiếu sai", "Waiver refers to an unknown rule or element"),
    message=("Miễn trừ '{id}': {what} '{target}' không tồn tại.{hint}", "Waiver '{id}': {what} '{target}' does not exist.{hint}"),
    rationale=("Một miễn trừ gõ sai mã sẽ không có tác dụng mà không ai biết.", "A waiver with a mistyped id silently does nothing."),
    citation="archtool model format v1 §2 (waivers)",
    suggestion=("Sửa mã quy tắc (xem `archtool rules`) hoặc mã phần tử.", "Fix the rule id (see `archtool rules`) or the element id."),
)


@WAIVER_REFS.checks
def check_waiver_refs(ctx: Context) -> Iterable[Finding]:
    rule_ids = ctx.rule_ids
    for w in ctx.arch.waivers:
        wid = w.id or f"{w._src.file}:{w._src.line}"
        if w.rule not in rule_ids:
            yield WAIVER_REFS.finding(location=w._src.location("rule"), id=wid,
                                      what=L("quy tắc", "rule"), target=w.rule, hint=did_you_mean(w.rule, rule_ids))
        for i, e in enumerate(w.elements):
            if e not in ctx.arch.elements and e not in ctx.arch.broken_ids:
                yield WAIVER_REFS.finding(location=w._src.location("elements", i), id=wid, elements=[e],
                                          what=L("phần tử", "element"), target=e,
                                          hint=did_you_mean(e, ctx.arch.elements))

