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

TB318 = "Thông báo 318/TB-VPCP (2025): mỗi tỉnh sau sắp xếp dùng một hệ thống phần mềm dùng chung duy nhất"

#: dup-name: minimum rapidfuzz ``token_sort_ratio`` (0–100) of the folded names. At 90, names that
#: differ only by the place ("… tỉnh Tây Ninh" / "… tỉnh Long An", about 89) are left to
#: dup-capability, while spelling, case, NFD/NFC, punctuation and word-order variants are caught.
NAME_THRESHOLD = 90
#: blocks larger than this are compared with the sorted-neighbourhood method (each name against the
#: next NAME_WINDOW names in sorted order) instead of all pairs, so no block is quadratic.
NAME_BLOCK_LIMIT = 400
NAME_WINDOW = 30


_NO_PROJECTS = L("", "")


def _projects(copies: list[Any], delivered: dict[str, list[str]]) -> tuple[list[str], L]:
    """The projects delivering the copies, and a sentence naming which copy each delivers."""
    pairs = [(p, c.id) for c in copies for p in delivered.get(c.id, ())]
    if not pairs:
        return [], _NO_PROJECTS
    shown: list[L] = [L("{p} (tạo {c})", "{p} (delivers {c})").format(p=p, c=c) for p, c in pairs[:W.MESSAGE_COPIES]]
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
               "phần tử đã dừng và các cặp được nối bằng replaces hoặc dự án upgrades.",
               "A province runs one shared system for capabilities such as the LGSP, IOC, one-stop system or data centre; "
               "a second copy costs investment and operation and fragments data. The check covers the baseline too and "
               "ignores retired elements and pairs linked by replaces or a project's upgrades."),
    citation=TB318 + "; archtool model format v1 §5",
    suggestion=("Giữ một hệ thống; khai báo bản mới là 'replaces' bản cũ, hoặc đổi dự án thành 'upgrades' hệ thống "
                "có sẵn; nếu tạm thời chạy song song thì thêm waiver có hạn.",
                "Keep one system: declare the new one as 'replaces' of the old, or turn the project into 'upgrades' "
                "of the existing system; if both must run for a while, add a waiver with an expiry date."),
    example="platforms:\n  - {id: lgsp, name: LGSP tỉnh, owner: so-khcn, capabilities: [integration-platform]}\n"
            "  - {id: lgsp-yte, name: LGSP ngành Y tế, owner: so-khcn, capabilities: [integration-platform]}\n",
)


@DUP_CAPABILITY.checks
def check_dup_capability(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    ones = {c.id for c in ctx.catalogs.of_kind("capability") if c.get("cardinality") == "one"}
    blocks: dict[str, list[Any]] = defaultdict(list)
    for el in arch.elements.values():
        if el.KIND in ("units", "projects") or not is_active(el):
            continue
        for cap in el.capabilities:
            if cap in ones:
                blocks[cap].append(el)
    delivered = ctx.index.delivering
    for cap in sorted(blocks):
        members = blocks[cap]
        if len(members) < 2:
            continue
        entry = ctx.catalogs.get(cap)
        for group in duplicate_groups(ctx.index, members):
            anchor, copies = group.anchor, group.copies
            projects, projects_text = _projects(copies, delivered)
            details = {"capability": cap, "copies": [W.copy_details(arch, c) for c in copies],
                       "scopes": {c.id: W.copy_details(arch, c)["scope"] for c in copies},
                       "status": {c.id: c.status for c in copies}, "projects": projects}
            if group.conflicts is not None:
                details["conflicts"] = group.conflicts
            yield DUP_CAPABILITY.finding(
                location=anchor._src.location("capabilities", anchor.capabilities.index(cap)),
                elements=[c.id for c in copies] + projects, capabilities=[cap],
                citation=ctx.cite("pa-r3", TB318) + (f"; {entry.citation}" if entry and entry.citation else ""),
                details=details, cap_name=ctx.cap_name(cap), capability=cap, count=len(copies),
                copies=W.describe_copies(arch, copies), projects=projects_text)



DUP_DATASET_MASTER = Rule(
    "dup-dataset-master", category="duplication", severity="error",
    title=("Nhiều hệ thống cùng làm chủ một CSDL", "Several masters of one dataset"),
    message=("CSDL '{dataset}' ({dataset_name}) có {count} hệ thống cùng giữ quyền 'master': {copies}.{projects}",
             "Dataset '{dataset}' ({dataset_name}) has {count} systems with 'master' access: {copies}.{projects}"),
    rationale=("Mỗi CSDL cần một hệ thống gốc chịu trách nhiệm tạo và cập nhật dữ liệu; hai nơi cùng làm chủ dẫn tới dữ "
               "liệu mâu thuẫn, trái nguyên tắc dữ liệu chỉ thu thập một lần.",
               "Each dataset needs one system of record that creates and updates it; two masters produce conflicting "
               "data and break the collect-once principle."),
    citation="CV 2943/CĐSQG-CNCPS (27/10/2025): CSDL 'đúng, đủ, sạch, sống, thống nhất, dùng chung' (danh mục pa-r4); archtool model format v1 §5",
    suggestion=("Chọn một hệ thống làm chủ (access: master); các hệ thống còn lại đọc hoặc ghi qua nền tảng tích hợp "
                "(access: read hoặc write).",
                "Pick one system of record (access: master); the others read or write through the integration "
                "platform (access: read or write)."),
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
    citation = ctx.cite("pa-r4", DUP_DATASET_MASTER.citation)
    for ds_id in sorted(masters):
        uses = masters[ds_id]
        if len(uses) < 2:
            continue
        index: dict[str, int] = {}
        for el, i in uses:
            index.setdefault(el.id, i)
        ds = arch.elements.get(ds_id)
        for group in duplicate_groups(ctx.index, [el for el, _ in uses], scoped=False):
            anchor, copies = group.anchor, group.copies
            projects, projects_text = _projects(copies, delivered)
            details = {"dataset": ds_id, "masters": [W.copy_details(arch, c) for c in copies], "projects": projects}
            if group.conflicts is not None:
                details["conflicts"] = group.conflicts
            yield DUP_DATASET_MASTER.finding(
                location=anchor._src.location("datasets", index[anchor.id]),
                citation=citation, elements=[ds_id] + [c.id for c in copies] + projects, details=details,
                dataset=ds_id, dataset_name=ds.name if ds else "?", count=len(copies),
                copies=W.describe_copies(arch, copies), projects=projects_text)



DUP_NAME = Rule(
    "dup-name", category="duplication", severity="warning", heavy=True,
    title=("Tên gần trùng nhau", "Near-identical names"),
    message=("{kind} '{a}' và '{b}' có tên gần như trùng nhau (độ giống {score}/100 sau khi chuẩn hóa dấu, chữ hoa, "
             "dấu câu) và cùng năng lực '{cap_name}': \"{name_a}\" / \"{name_b}\". Bản sao: {copies}.",
             "{kind} '{a}' and '{b}' have near-identical names (similarity {score}/100 after folding diacritics, "
             "case and punctuation) and share capability '{cap_name}': \"{name_a}\" / \"{name_b}\". Copies: {copies}."),
    rationale=("Hai phần tử cùng loại, cùng năng lực và gần trùng tên thường là một hệ thống được khai báo hai lần, "
               "hoặc hai hệ thống làm cùng một việc. So sánh không phân biệt dấu tiếng Việt, chữ hoa/thường, dấu câu "
               "và dạng Unicode (NFC/NFD); điểm giống dùng rapidfuzz token_sort_ratio, ngưỡng 90.",
               "Two same-kind elements with a shared capability and near-identical names are usually one system "
               "declared twice, or two systems doing the same job. The comparison ignores Vietnamese diacritics, "
               "case, punctuation and Unicode form (NFC/NFD); similarity is rapidfuzz token_sort_ratio, threshold 90."),
    citation="archtool model format v1 §5 (near-identical names); TCVN 6909:2001 (Unicode tiếng Việt)",
    suggestion=("Nếu là một hệ thống: xóa bản khai báo thừa và tham chiếu tới bản còn lại. Nếu là hai hệ thống: đặt "
                "tên phân biệt rõ, và nối bằng 'replaces' nếu hệ thống này thay hệ thống kia.",
                "If it is one system, delete the extra declaration and reference the other. If they are two, give "
                "them distinct names, and link them with 'replaces' if one supersedes the other."),
    example="infrastructure:\n  - {id: dc1, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, capabilities: [cloud]}\n"
            "  - {id: dc2, name: TRUNG TÂM DỮ LIỆU TỈNH, owner: so-khcn, capabilities: [cloud]}\n",
)


@DUP_NAME.checks
def check_dup_name(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    blocks: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for el in arch.elements.values():
        if el.KIND in ("units", "projects") or not is_active(el):
            continue
        for cap in el.capabilities:
            blocks[(el.KIND, cap)].append(el)
    keys: dict[str, str] = {}
    numbers: dict[str, tuple[str, ...]] = {}
    done: set[frozenset[str]] = set()
    for (kind, cap) in sorted(blocks):
        members = blocks[(kind, cap)]
        if len(members) < 2:
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
            first, second = sorted((a, b), key=lambda e: (ctx.index.layer(e), ctx.index.position(e)))
            yield DUP_NAME.finding(
                location=first._src.location("name"), elements=[first.id, second.id], capabilities=[cap],
                details={"similarity": round(score, 1), "threshold": NAME_THRESHOLD, "capability": cap,
                         "copies": [W.copy_details(arch, first), W.copy_details(arch, second)]},
                kind=W.kind_title(kind), a=first.id, b=second.id, score=round(score), cap_name=ctx.cap_name(cap),
                name_a=first.name, name_b=second.name, copies=[W.describe(arch, first), W.describe(arch, second)])


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

