"""Duplication rules (spec §5): the same one-per-province capability twice, two masters of one
dataset, near-identical names.

All three see the model and its baseline together, skip retired elements, and never report two
elements linked as one system over time (``replaces`` either way, or a project that delivers one
and ``upgrades`` the other). Work is blocked by capability or dataset; pairs are only formed inside
a block, and for scopes only where they overlap.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from rapidfuzz import fuzz, process

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.model.architecture import is_active
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.rules.groups import duplicate_groups
from archtool.textnorm import fold


#: dup-name: minimum rapidfuzz ``token_sort_ratio`` (0–100) of the folded names. At 90, names that
#: differ only by the place ("… tỉnh Tây Ninh" / "… tỉnh Long An", about 89) are left to
#: dup-capability, while spelling, case, NFD/NFC, punctuation and word-order variants are caught.
NAME_THRESHOLD = 90
#: blocks larger than this are compared with the sorted-neighbourhood method (each name against the
#: next NAME_WINDOW names in sorted order) instead of all pairs, so no block is quadratic.
NAME_BLOCK_LIMIT = 400
NAME_WINDOW = 30


_NO_PROJECTS = L("", "")


def _projects(arch: Any, copies: list[Any], delivered: dict[str, list[str]]) -> tuple[list[str], L]:
    """The projects delivering the copies, and a sentence naming which copy each delivers."""
    pairs = [(p, c.id) for c in copies for p in delivered.get(c.id, ())]
    if not pairs:
        return [], _NO_PROJECTS
    shown: list[L] = [L("{p} tạo {c}", "{p} delivers {c}").format(p=W.named(arch.elements[p]), c=c)
                      for p, c in pairs[:W.MESSAGE_COPIES]]
    if len(pairs) > W.MESSAGE_COPIES:
        shown.append(W.MORE.format(n=len(pairs) - W.MESSAGE_COPIES))
    text = L(" Dự án tạo ra bản sao: {p}.", " Projects delivering a copy: {p}.").format(p=shown)
    return sorted({p for p, _ in pairs}), text


DUP_CAPABILITY = Rule(
    "dup-capability", category="duplication", severity="error",
    title=("Trùng năng lực mà mỗi tỉnh chỉ có một", "Duplicate one-per-province capability"),
    message=("Năng lực '{cap_name}' ({capability}) chỉ nên có một hệ thống cho toàn tỉnh nhưng có {count} bản "
             "đang hoạt động hoặc dự kiến với phạm vi chồng lấn: {copies}.{projects}",
             "Capability '{cap_name}' ({capability}) should exist once per province but {count} active or "
             "planned copies have overlapping scopes: {copies}.{projects}"),
    rationale=("Mỗi tỉnh dùng một hệ thống dùng chung duy nhất cho các năng lực như LGSP, IOC, một cửa, trung tâm dữ liệu; "
               "bản thứ hai tốn kinh phí đầu tư, vận hành và làm dữ liệu phân mảnh. Kiểm tra xét cả mô hình nền, bỏ qua "
               "phần tử đã dừng và các cặp được nối bằng thay thế (replaces) hoặc dự án nâng cấp (upgrades). Cách xử lý "
               "đầu tiên là dùng lại hệ thống có sẵn: khai báo thay thế chỉ làm mất phát hiện, không làm mất khoản đầu tư "
               "thứ hai, nên chỉ dùng khi có lý do thay thế thật.",
               "A province runs one shared system for capabilities such as the LGSP, IOC, one-stop system or data centre; "
               "a second copy costs investment and operation and fragments data. The check covers the baseline too and "
               "ignores retired elements and pairs linked by replaces or a project's upgrades. The first remedy is reuse: "
               "declaring a replacement only silences the finding, not the second investment, so it is for a real "
               "reason to replace."),
    citation="Thông báo 318/TB-VPCP (2025): mỗi tỉnh dùng một hệ thống phần mềm dùng chung duy nhất",
    suggestion=("Dùng lại {keep} thay vì xây bản mới: chuyển {project} thành dự án nâng cấp hệ thống đó "
                "(upgrades: [{keep_id}]) hoặc hủy dự án, và cho các hệ thống cần năng lực này kết nối tới nó "
                "(uses). Chỉ khai báo bản mới thay thế bản cũ (replaces) khi có lý do thay thế (bản cũ hết vòng đời "
                "hoặc không đáp ứng được) và có lộ trình dừng bản cũ.",
                "Reuse {keep} instead of building a copy: turn {project} into an upgrade of it "
                "(upgrades: [{keep_id}]) or cancel it, and connect the systems that need this capability to it (uses). "
                "Declare that the new one replaces the old (replaces) only with a reason to replace (the old one is at "
                "the end of its life or cannot do the job) and a plan to stop the old one."),
    example="platforms:\n  - {id: lgsp, name: LGSP tỉnh, owner: so-khcn, capabilities: [integration-platform]}\n"
            "  - {id: lgsp-yte, name: LGSP ngành Y tế, owner: so-khcn, capabilities: [integration-platform]}\n",
)

#: the suggestion when every copy already exists (two provinces merged, two departments built one each):
#: consolidation, not a project to turn into an upgrade
CONSOLIDATE = L(
    "Chọn một hệ thống giữ lại cho toàn tỉnh, ví dụ {keep}; chuyển dữ liệu và kết nối của các bản còn lại sang đó, "
    "rồi ghi lộ trình dừng các bản còn lại (status: retiring, until: năm dừng). Nếu phải chạy song song trong thời "
    "gian hợp nhất, thêm miễn trừ (waiver) có thời hạn và lý do.",
    "Pick one system to keep for the whole province, e.g. {keep}; move the other copies' data and connections "
    "to it, then record when the others stop (status: retiring, until: year). If they must run side by side "
    "while merging, add a waiver with an expiry date and a reason.")
#: copies that already run (a project that delivers one and is completed built it long ago)
_EXISTING = ("operational", "retiring")


def _keep(ctx: Context, copies: list[Any]) -> str:
    """Reuse first: the copy to keep is the one running now, province-wide, not being replaced."""
    return W.preferred(ctx.index, [c.id for c in copies])[0]


def _remedy(ctx: Context, copies: list[Any], delivered: dict[str, list[str]], keep_id: str) -> L:
    """Keep ``keep_id``; the projects building the other copies become upgrades of it or stop."""
    keep = ctx.arch.elements[keep_id]
    new = [c for c in copies if c.status not in _EXISTING or any(
        ctx.arch.elements[p].status not in ("completed", "cancelled") for p in delivered.get(c.id, ()))]
    if not new:
        return CONSOLIDATE.format(keep=W.named(keep))
    projects = [p for c in copies if c.id != keep.id for p in delivered.get(c.id, ())
                if ctx.arch.elements[p].status not in ("completed", "cancelled")]
    project = (L("dự án {p}", "project {p}").format(p=W.named_ids(ctx.arch, projects)) if projects
               else L("việc xây bản mới (hoặc dự án tạo ra nó)", "the new copy (or the project that builds it)"))
    return DUP_CAPABILITY.suggestion.format(keep=W.named(keep), keep_id=keep.id, project=project)


def _in_focus(ctx: Context, members: list[Any]) -> bool:
    """Whether a group of candidates can give a finding a focused run asks for (a review: one that
    names a proposal element; the projects a finding names deliver one of its members)."""
    focus = ctx.focus
    return focus is None or any(m.id in focus for m in members)


def dup_citation(ctx: Context) -> str:
    """One system per province: Thông báo 318/TB-VPCP; for a smart-city model also CV 2333 (not
    duplicating the local digital transformation). Each only when valid for the model's period."""
    parts = [ctx.cite("pa-r3", DUP_CAPABILITY.citation)]
    if ctx.arch.kind == "smart-city":
        parts.append(ctx.cite("cv2333-no-duplication"))
    return ctx.cite_all(*parts) or "archtool model format v1 §5 (duplication)"


@DUP_CAPABILITY.checks
def check_dup_capability(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    ones = {c.id for c in ctx.catalogs.of_kind("capability") if c.get("cardinality") == "one"}
    providers = ctx.index.providers
    blocks = {cap: [arch.elements[i] for i in providers[cap]] for cap in ones if cap in providers}
    delivered = ctx.index.delivering
    citation = dup_citation(ctx)
    for cap in sorted(blocks):
        members = blocks[cap]
        if len(members) < 2 or not _in_focus(ctx, members):
            continue
        for group in duplicate_groups(ctx.index, members):
            anchor, copies = group.anchor, group.copies
            projects, projects_text = _projects(arch, copies, delivered)
            keep = _keep(ctx, copies)
            details = {"capability": cap, "copies": [W.copy_details(arch, c) for c in copies],
                       "scopes": {c.id: W.copy_details(arch, c)["scope"] for c in copies},
                       "status": {c.id: c.status for c in copies}, "projects": projects, "keep": keep}
            if group.conflicts is not None:
                details["conflicts"] = group.conflicts
            yield DUP_CAPABILITY.finding(
                location=anchor._src.location("capabilities", anchor.capabilities.index(cap)),
                elements=[c.id for c in copies] + projects, capabilities=[cap],
                citation=citation, suggestion=_remedy(ctx, copies, delivered, keep), details=details, cap_name=ctx.cap_name(cap), capability=cap, count=len(copies),
                copies=W.describe_copies(arch, copies), projects=projects_text)



DUP_DATASET_MASTER = Rule(
    "dup-dataset-master", category="duplication", severity="error",
    title=("Nhiều hệ thống cùng làm chủ một CSDL", "Several masters of one dataset"),
    message=("CSDL '{dataset_name}' ({dataset}) có {count} hệ thống cùng làm chủ (ghi gốc, access: master): {copies}.{projects}",
             "Dataset '{dataset_name}' ({dataset}) has {count} systems of record (access: master): {copies}.{projects}"),
    rationale=("Mỗi CSDL cần một hệ thống gốc chịu trách nhiệm tạo và cập nhật dữ liệu; hai nơi cùng làm chủ dẫn tới dữ "
               "liệu mâu thuẫn, trái nguyên tắc dữ liệu chỉ thu thập một lần.",
               "Each dataset needs one system of record that creates and updates it; two masters produce conflicting "
               "data and break the collect-once principle."),
    citation="CV 2943/CĐSQG-CNCPS (27/10/2025): CSDL 'đúng, đủ, sạch, sống, thống nhất, dùng chung' (danh mục pa-r4); archtool model format v1 §5",
    suggestion=("Giữ {keep} làm hệ thống gốc (access: master), chuyển dữ liệu của các hệ thống còn lại về đó; các hệ thống "
                "còn lại đọc hoặc cập nhật qua nền tảng tích hợp (access: read hoặc write).",
                "Keep {keep} as the system of record (access: master) and move the others' data into it; the others read "
                "or update it through the integration platform (access: read or write)."),
    example="applications:\n  - {id: a, name: A, owner: so-khcn, datasets: [{id: hs, access: master}]}\n"
            "  - {id: b, name: B, owner: so-khcn, datasets: [{id: hs, access: master}]}\n"
            "datasets:\n  - {id: hs, name: CSDL hồ sơ, owner: so-khcn}\n",
)


@DUP_DATASET_MASTER.checks
def check_dup_dataset_master(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    masters: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            if not is_active(el):
                continue
            for i, use in enumerate(el.datasets):
                if use.access == "master":
                    masters[use.id].append((el, i))
    delivered = ctx.index.delivering
    citation = ctx.cite_all(ctx.cite("pa-r4", DUP_DATASET_MASTER.citation)) or "archtool model format v1 §5 (duplication)"
    for ds_id in sorted(masters):
        uses = masters[ds_id]
        if len(uses) < 2 or not _in_focus(ctx, [el for el, _ in uses]):
            continue
        index: dict[str, int] = {}
        for el, i in uses:
            index.setdefault(el.id, i)
        ds = arch.elements.get(ds_id)
        for group in duplicate_groups(ctx.index, [el for el, _ in uses], scoped=False):
            anchor, copies = group.anchor, group.copies
            projects, projects_text = _projects(arch, copies, delivered)
            details = {"dataset": ds_id, "masters": [W.copy_details(arch, c) for c in copies], "projects": projects}
            if group.conflicts is not None:
                details["conflicts"] = group.conflicts
            yield DUP_DATASET_MASTER.finding(
                location=anchor._src.location("datasets", index[anchor.id]),
                citation=citation, elements=[ds_id] + [c.id for c in copies] + projects, details=details,
                keep=W.named(arch.elements[_keep(ctx, copies)]),
                dataset=ds_id, dataset_name=ds.name if ds else "?", count=len(copies),
                copies=W.describe_copies(arch, copies), projects=projects_text)



DUP_NAME = Rule(
    "dup-name", category="duplication", severity="warning", heavy=True,
    title=("Tên gần trùng nhau", "Near-identical names"),
    message=("{kind} {a} và {b} có tên gần như trùng nhau (độ giống {score}/100 sau khi bỏ qua dấu, chữ hoa, dấu câu) "
             "và cùng năng lực '{cap_name}': {copies}.",
             "{kind} {a} and {b} have near-identical names (similarity {score}/100 ignoring diacritics, case and "
             "punctuation) and share capability '{cap_name}': {copies}."),
    rationale=("Hai phần tử cùng loại, cùng năng lực và gần trùng tên thường là một hệ thống được khai báo hai lần, "
               "hoặc hai hệ thống làm cùng một việc. So sánh không phân biệt dấu tiếng Việt, chữ hoa/thường, dấu câu "
               "và dạng Unicode (NFC/NFD); điểm giống dùng rapidfuzz token_sort_ratio, ngưỡng 90.",
               "Two same-kind elements with a shared capability and near-identical names are usually one system "
               "declared twice, or two systems doing the same job. The comparison ignores Vietnamese diacritics, "
               "case, punctuation and Unicode form (NFC/NFD); similarity is rapidfuzz token_sort_ratio, threshold 90."),
    citation="archtool model format v1 §5 (near-identical names); TCVN 6909:2001 (Unicode tiếng Việt)",
    suggestion=("Nếu là một hệ thống khai báo hai lần: xóa bản thừa và cho các tham chiếu trỏ tới bản còn lại. Nếu là hai "
                "hệ thống làm cùng một việc: dùng lại một hệ thống cho cả hai nhu cầu; nếu thật sự là hai hệ thống khác "
                "nhau, đặt tên phân biệt rõ (ví dụ theo phạm vi hoặc đơn vị).",
                "If it is one system declared twice, delete the extra declaration and point references at the other. If "
                "two systems do the same job, reuse one for both needs; if they really are different systems, give them "
                "distinct names (by scope or unit, for example)."),
    example="infrastructure:\n  - {id: dc1, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, capabilities: [cloud]}\n"
            "  - {id: dc2, name: TRUNG TÂM DỮ LIỆU TỈNH, owner: so-khcn, capabilities: [cloud]}\n",
)


@DUP_NAME.checks
def check_dup_name(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    blocks: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for cap, ids in ctx.index.providers.items():  # active elements per capability, in the model's order
        for i in ids:
            el = arch.elements[i]
            blocks[(el.KIND, cap)].append(el)
    ones = {c.id for c in ctx.catalogs.of_kind("capability") if c.get("cardinality") == "one"}
    keys: dict[str, str] = {}
    numbers: dict[str, tuple[str, ...]] = {}
    done: set[frozenset[str]] = set()
    for (kind, cap) in sorted(blocks):
        members = blocks[(kind, cap)]
        if len(members) < 2 or not _in_focus(ctx, members):
            continue
        for el in members:
            if el.id not in keys:
                tokens = sorted(fold(el.name).split())
                keys[el.id] = " ".join(tokens)
                numbers[el.id] = tuple(t for t in tokens if t.isdigit())
        for a, b, score in _similar_pairs(members, keys):
            pair = frozenset((a.id, b.id))
            # names that differ in a number ("Trạm 1" / "Trạm 2") name distinct instances on purpose
            if pair in done or numbers[a.id] != numbers[b.id] or ctx.index.linked(a.id, b.id):
                continue
            done.add(pair)
            if _same_capability_duplicate(ctx, ones, a, b):
                continue  # dup-capability already reports this pair: one finding per problem
            first, second = sorted((a, b), key=lambda e: (ctx.index.layer(e), ctx.index.position(e)))
            yield DUP_NAME.finding(
                location=first._src.location("name"), elements=[first.id, second.id], capabilities=[cap],
                details={"similarity": round(score, 1), "threshold": NAME_THRESHOLD, "capability": cap,
                         "copies": [W.copy_details(arch, first), W.copy_details(arch, second)]},
                kind=W.kind_title(kind), a=W.named(first), b=W.named(second), score=round(score),
                cap_name=ctx.cap_name(cap), copies=[W.describe(arch, first), W.describe(arch, second)])


def _same_capability_duplicate(ctx: Context, ones: set[str], a: Any, b: Any) -> bool:
    """Whether dup-capability reports ``a`` and ``b`` together (a shared one-per-province capability,
    overlapping scopes, not linked)."""
    for cap in ones.intersection(a.capabilities, b.capabilities):
        for group in duplicate_groups(ctx.index, [a, b]):
            if {c.id for c in group.copies} >= {a.id, b.id}:
                return True
    return False


def _similar_pairs(members: list[Any], keys: dict[str, str]) -> Iterable[tuple[Any, Any, float]]:
    """Pairs scoring at least NAME_THRESHOLD (token_sort_ratio = ratio of the sorted-token keys).
    Small blocks: every pair; large blocks: each name against the next NAME_WINDOW in sorted order."""
    ordered = sorted(members, key=lambda e: (keys[e.id], e.id))
    names = [keys[e.id] for e in ordered]
    window = len(ordered) if len(ordered) <= NAME_BLOCK_LIMIT else NAME_WINDOW
    for i, a in enumerate(ordered[:-1]):
        hits = process.extract(names[i], names[i + 1:i + 1 + window], scorer=fuzz.ratio, processor=None,
                               score_cutoff=NAME_THRESHOLD, limit=None)
        for _choice, score, j in sorted(hits, key=lambda h: h[2]):
            yield a, ordered[i + 1 + j], score

