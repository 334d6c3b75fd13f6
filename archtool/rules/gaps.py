"""Gap rules (spec §5): what a model of its kind should have and does not, over model + baseline."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.model.architecture import SYSTEMS, is_active, relations_of
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.vocab import KINDS, label

PA_R4 = "CV 2943/CĐSQG-CNCPS (27/10/2025): CSDL 'đúng, đủ, sạch, sống, thống nhất, dùng chung' (danh mục pa-r4)"
TT23_LGSP = "TT 23/2018/TT-BTTTT (28/12/2018), Phụ lục 01 (LGSP)"
MODEL_KINDS = {"e-government": L("chính quyền điện tử", "e-government"), "smart-city": L("đô thị thông minh", "smart-city")}


def _provided(arch: Any) -> dict[str, list[str]]:
    """capability -> ids of active (incl. planned/building) elements providing it, model + baseline."""
    out: dict[str, list[str]] = defaultdict(list)
    for el in arch.elements.values():
        if is_active(el) and el.KIND not in ("units", "projects"):
            for cap in el.capabilities:
                out[cap].append(el.id)
    return out


GAP_CAPABILITY = Rule(
    "gap-capability", category="gap", severity="warning",
    title=("Thiếu năng lực bắt buộc", "Required capability missing"),
    message=("Mô hình {model_kind} cần năng lực '{cap_name}' ({capability}) nhưng không phần tử nào (kể cả mô hình nền, "
             "kể cả phần tử dự kiến) cung cấp{alternatives}.",
             "The {model_kind} profile needs capability '{cap_name}' ({capability}) but no element (baseline and planned "
             "elements included) provides it{alternatives}."),
    rationale=("Hồ sơ yêu cầu theo loại mô hình liệt kê các năng lực mà kiến trúc chính quyền số hoặc ĐTTM cấp tỉnh phải "
               "có; mỗi yêu cầu có mức độ và căn cứ riêng trong danh mục 'profiles'.",
               "The profile of the model kind lists the capabilities a provincial digital-government or smart-city "
               "architecture must have; each requirement carries its own severity and citation in the 'profiles' catalog."),
    citation="Danh mục profiles (archtool/catalogs/data/profiles.yaml): căn cứ riêng của từng yêu cầu",
    suggestion=("Bổ sung hoặc gắn năng lực '{capability}' cho hệ thống đảm nhận (capabilities: [{capability}]), hoặc thêm "
                "dự án xây dựng nó; nếu tỉnh dùng hệ thống của trung ương thì khai báo hệ thống đó.",
                "Add the system or tag the system that does it (capabilities: [{capability}]), or add a project that "
                "builds it; if the province uses a central system, declare that system."),
    example="# archtool.yaml with model.kind: e-government and no element having capability integration-platform\n"
            "platforms:\n  - {id: qlvb, name: Quản lý văn bản, owner: so-khcn, capabilities: [document-management]}\n",
)


@GAP_CAPABILITY.checks
def check_gap_capability(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    profile = ctx.catalogs.profile(arch.kind) if arch.kind else None
    if profile is None:
        return
    provided = _provided(arch)
    for req in profile.get("requires") or []:
        cap = req.get("capability")
        alts = list(req.get("alternatives") or [])
        if not cap or any(provided.get(c) for c in [cap] + alts):
            continue
        alt_text = L(" (hoặc năng lực thay thế: {a})", " (or an alternative: {a})").format(a=alts) if alts else L("", "")
        severity = req.get("severity") if req.get("severity") in ("error", "warning", "info") else None
        yield GAP_CAPABILITY.finding(
            location=ctx.model_location(), capabilities=[cap], severity=severity,
            citation=req.get("citation") or profile.citation,
            details={"capability": cap, "alternatives": alts, "profile": profile.id,
                     "verified": bool(req.get("verified", profile.verified))},
            model_kind=MODEL_KINDS.get(arch.kind, L(arch.kind, arch.kind)), cap_name=ctx.cap_name(cap),
            capability=cap, alternatives=alt_text)




GAP_TASK_GROUP = Rule(
    "gap-task-group", category="gap", severity="warning",
    title=("Nội dung Đề án 950 chưa có dự án", "Decision 950 area without a project"),
    message=("Chưa có dự án nào thực hiện {what} '{name}' ({id}) của Đề án 950.",
             "No project addresses Decision 950 {what} '{name}' ({id})."),
    rationale=("Kiến trúc ICT phát triển ĐTTM phải cho thấy các nội dung của Đề án phát triển ĐTTM bền vững (QĐ 950) và các "
               "nhóm nhiệm vụ ưu tiên đã được xác minh được giao cho dự án nào; dự án gắn mã qua 'task_groups'. Chỉ áp dụng "
               "cho mô hình smart-city; dự án đã hủy không tính.",
               "A smart-city ICT architecture must show which project carries each content area of the sustainable "
               "smart-city scheme (Decision 950) and each verified priority task group; projects name them in "
               "'task_groups'. Applies to smart-city models; cancelled projects do not count."),
    citation="QĐ 950/QĐ-TTg (01/8/2018), Thủ tướng Chính phủ",
    suggestion=("Gắn mã '{id}' vào task_groups của dự án thực hiện nội dung này, hoặc thêm dự án/nhiệm vụ mới.",
                "Add '{id}' to the task_groups of the project that carries it, or add a new project or task."),
    example="# model.kind: smart-city\nprojects:\n  - {id: p1, name: Dự án IOC, owner: so-khcn, task_groups: [d950-c2]}\n"
            "# d950-c1, d950-c3, d950-c4 and d950-g1 have no project\n",
)


@GAP_TASK_GROUP.checks
def check_gap_task_group(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    if arch.kind != "smart-city":
        return
    wanted = [e for e in ctx.catalogs.of_kind("content-area") if e.id.startswith("d950")]
    wanted += [e for e in ctx.catalogs.of_kind("task-group") if e.id.startswith("d950") and e.verified]
    if not wanted:
        return
    addressed: set[str] = set()
    for p in arch.by_kind.get("projects", []):
        if p.status == "cancelled":
            continue
        for g in p.task_groups:
            addressed.add(g)
            entry = ctx.catalogs.get(g)
            if entry is not None and entry.get("group"):
                addressed.add(entry.get("group"))  # a task addresses its group
    for e in sorted(wanted, key=lambda e: e.id):
        if e.id in addressed:
            continue
        what = L("nội dung", "content area") if e.kind == "content-area" else L("nhóm nhiệm vụ", "task group")
        yield GAP_TASK_GROUP.finding(location=ctx.model_location(), citation=e.citation or None,
                                     details={"task_group": e.id, "kind": e.kind},
                                     what=what, name=L(e.name, e.name_en or e.name), id=e.id)



def _dependencies(arch: Any) -> Iterable[tuple[Any, str, int | None, Any]]:
    """(active element, relation, index, target element) for uses / hosted_on / shared_via."""
    for kind in ("applications", "platforms", "datasets"):  # the kinds with dependencies (spec §5)
        fields = relations_of(kind, "dependency")
        for el in arch.by_kind.get(kind, []):
            if not is_active(el):
                continue
            for rel in fields:
                value = getattr(el, rel)
                if not value:
                    continue
                targets = [(value, None)] if isinstance(value, str) else [(t, i) for i, t in enumerate(value)]
                for tid, idx in targets:
                    target = arch.elements.get(tid)
                    if target is not None:
                        yield el, rel, idx, target


DEP_RETIRED = Rule(
    "gap-dependency-retired", category="gap", severity="error", heavy=True,
    title=("Phụ thuộc vào phần tử đã dừng", "Depends on a retired element"),
    message=("{kind} '{id}' ({status}) phụ thuộc ({field}) vào {target_kind} '{target}' đã dừng hoạt động{until}.",
             "{kind} '{id}' ({status}) depends ({field}) on {target_kind} '{target}', which is retired{until}."),
    rationale=("Một hệ thống còn hoạt động không thể dùng, đặt trên hoặc chia sẻ qua một hệ thống đã dừng; hoặc phụ thuộc "
               "đã lỗi thời, hoặc trạng thái bị khai báo sai.",
               "An active system cannot use, run on or share through a retired one: either the dependency is stale "
               "or a status is wrong."),
    citation="archtool model format v1 §5 (gap: dependency on a retired element)",
    suggestion=("Chuyển phụ thuộc sang hệ thống thay thế (phần tử có 'replaces: [{target}]'), hoặc sửa trạng thái.",
                "Point the dependency at the replacement (the element with 'replaces: [{target}]'), or fix the status."),
    example="applications:\n  - {id: a, name: A, owner: so-khcn, uses: [old]}\n"
            "  - {id: old, name: Cũ, owner: so-khcn, status: retired}\n",
)


@DEP_RETIRED.checks
def check_dependency_retired(ctx: Context) -> Iterable[Finding]:
    replaced_by: dict[str, list[str]] = defaultdict(list)
    for el in ctx.arch.elements.values():
        for old in el.replaces:
            replaced_by[old].append(el.id)
    for el, rel, idx, target in _dependencies(ctx.arch):
        if target.status != "retired":
            continue
        yield DEP_RETIRED.finding(
            location=el._src.location(rel, idx), elements=[el.id, target.id],
            details={"relation": rel, "target": target.id, "replaced_by": sorted(replaced_by.get(target.id, []))},
            kind=W.kind_title(el.KIND), id=el.id, status=W.status_name(el.status), field=rel,
            target_kind=label(KINDS, target.KIND), target=target.id,
            until=L(" (dừng năm {y})", " (stopped in {y})").format(y=target.until) if target.until else L("", ""))



DEP_TIMELINE = Rule(
    "gap-dependency-timeline", category="gap", severity="warning", heavy=True,
    title=("Phụ thuộc vào phần tử bắt đầu muộn hơn", "Depends on an element that starts later"),
    message=("{kind} '{id}' bắt đầu năm {start} nhưng phụ thuộc ({field}) vào {target_kind} '{target}' ({status}) "
             "dự kiến bắt đầu năm {target_start}.",
             "{kind} '{id}' starts in {start} but depends ({field}) on {target_kind} '{target}' ({status}), planned "
             "to start in {target_start}."),
    rationale=("Lộ trình phải xây nền trước ứng dụng: một hệ thống không thể vận hành trước khi nền tảng, hạ tầng hay "
               "kênh chia sẻ mà nó cần có mặt. Năm bắt đầu là 'since'; phần tử đang vận hành không ghi 'since' được coi "
               "là bắt đầu từ năm hiện tại.",
               "The roadmap must build foundations before applications: a system cannot go live before the platform, "
               "infrastructure or sharing channel it needs. Start year is 'since'; an operational element without "
               "'since' is taken to run from the current year."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu ICT phát triển ĐTTM: các lớp hạ tầng, nền tảng là tiền đề cho lớp ứng dụng; archtool model format v1 §5",
    suggestion=("Lùi 'since' của '{id}' về năm {target_start} hoặc đưa '{target}' lên sớm hơn; hoặc dùng một hệ thống đã có "
                "trong giai đoạn chờ.",
                "Move '{id}' to {target_start} or bring '{target}' forward; or use an existing system meanwhile."),
    example="applications:\n  - {id: app, name: Ứng dụng, owner: so-khcn, status: planned, since: 2026, uses: [iot]}\n"
            "platforms:\n  - {id: iot, name: Nền tảng IoT, owner: so-khcn, status: planned, since: 2027}\n",
)


@DEP_TIMELINE.checks
def check_dependency_timeline(ctx: Context) -> Iterable[Finding]:
    now = ctx.today.year
    for el, rel, idx, target in _dependencies(ctx.arch):
        if target.status not in ("planned", "building") or not target.since:
            continue
        start = el.since or (now if el.status in ("operational", "retiring") else None)
        if start is None or target.since <= start:
            continue
        yield DEP_TIMELINE.finding(
            location=el._src.location(rel, idx), elements=[el.id, target.id],
            details={"relation": rel, "start": start, "target_start": target.since},
            kind=W.kind_title(el.KIND), id=el.id, start=start, field=rel, target_kind=label(KINDS, target.KIND),
            target=target.id, status=W.status_name(target.status), target_start=target.since)



GAP_IOC = Rule(
    "gap-ioc-integration", category="gap", severity="warning",
    title=("Chưa kết nối IOC", "Not connected to the IOC"),
    message=("{kind} '{id}' có năng lực cần đưa lên IOC ('{cap_name}') nhưng không 'uses' hay 'integrates_with' "
             "trung tâm giám sát, điều hành (IOC) nào ({iocs}).",
             "{kind} '{id}' has an IOC-relevant capability ('{cap_name}') but neither 'uses' nor 'integrates_with' "
             "any operations centre (IOC) ({iocs})."),
    rationale=("IOC cấp tỉnh tổng hợp dữ liệu các lĩnh vực (giao thông, môi trường, y tế, phản ánh hiện trường…) để giám "
               "sát, điều hành; hệ thống của các lĩnh vực này phải kết nối IOC. Năng lực nào liên quan IOC do danh mục "
               "năng lực quy định (ioc_relevant). Không áp dụng khi mô hình chưa có IOC (đã có gap-capability).",
               "The provincial IOC aggregates sector data (traffic, environment, health, citizen reports...) for "
               "monitoring and operations; systems of those sectors must feed it. The capability catalog says which "
               "capabilities are IOC-relevant (ioc_relevant). Not applied when the model has no IOC (gap-capability "
               "reports that)."),
    citation="CV 1709/BKHCN-CĐSQG (21/5/2025) về mô hình IOC cấp tỉnh; CV 2333/BTTTT-CĐSQG (20/6/2023)",
    suggestion=("Thêm 'integrates_with: [{ioc}]' (hoặc 'uses') cho '{id}' và đưa dữ liệu của nó vào IOC.",
                "Add 'integrates_with: [{ioc}]' (or 'uses') to '{id}' and feed its data to the IOC."),
    example="platforms:\n  - {id: ioc, name: IOC tỉnh, owner: so-khcn, capabilities: [ioc]}\n"
            "applications:\n  - {id: mt, name: Quan trắc môi trường, owner: so-khcn, capabilities: [environment-monitoring]}\n",
)


@GAP_IOC.checks
def check_ioc_integration(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    iocs = sorted(el.id for el in arch.elements.values() if "ioc" in el.capabilities and is_active(el)
                  and el.KIND not in ("units", "projects"))
    if not iocs:
        return
    ioc_set = set(iocs)
    linked_to_ioc: set[str] = set()
    for iid in iocs:
        ioc = arch.elements[iid]
        if ioc.KIND in SYSTEMS:
            linked_to_ioc.update(ioc.uses)
            linked_to_ioc.update(ioc.integrates_with)
    relevant = {c.id for c in ctx.catalogs.of_kind("capability") if c.get("ioc_relevant")}
    best = W.preferred(ctx.index, iocs)[0]
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            if not is_active(el) or el.id in ioc_set:
                continue
            caps = [c for c in el.capabilities if c in relevant]
            if not caps:
                continue
            if el.id in linked_to_ioc or ioc_set & set(el.uses) or ioc_set & set(el.integrates_with):
                continue
            field = "integrates_with" if el.integrates_with else "capabilities"
            yield GAP_IOC.finding(
                location=el._src.location(field), elements=[el.id], capabilities=caps,
                details={"iocs": iocs, "ioc_relevant": caps},
                kind=W.kind_title(kind), id=el.id, cap_name=[ctx.cap_name(c) for c in caps], iocs=iocs, ioc=best)



GAP_DATA_SHARING = Rule(
    "gap-data-sharing", category="gap", severity="warning", heavy=True,
    title=("CSDL không chia sẻ qua nền tảng tích hợp", "Dataset not shared via the integration platform"),
    message=("CSDL '{id}' ({why}) không được chia sẻ qua nền tảng tích hợp, chia sẻ dữ liệu nào (LGSP){via}.",
             "Dataset '{id}' ({why}) is not shared via any integration and data-sharing platform (LGSP){via}."),
    rationale=("Dữ liệu cá nhân và dữ liệu gốc (có hệ thống 'master') phải được chia sẻ có kiểm soát qua nền tảng tích hợp "
               "của tỉnh, thay vì kết nối điểm-điểm hay sao chép; để dữ liệu 'thống nhất, dùng chung'.",
               "Personal data and master data (a dataset with a 'master' system) must be shared in a controlled way "
               "through the province's integration platform, not point-to-point links or copies, so data stays "
               "'unified and shared'."),
    citation=f"{PA_R4}; {TT23_LGSP}",
    suggestion=("Thêm 'shared_via: [{lgsp}]' cho '{id}' (một nền tảng có năng lực integration-platform).",
                "Add 'shared_via: [{lgsp}]' to '{id}' (a platform with capability integration-platform)."),
    example="datasets:\n  - {id: hssk, name: Hồ sơ sức khỏe, owner: so-yte, personal_data: true}\n",
)


@GAP_DATA_SHARING.checks
def check_data_sharing(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    lgsps = {el.id for el in arch.elements.values() if "integration-platform" in el.capabilities and is_active(el)}
    mastered: set[str] = set()
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            if is_active(el):
                mastered.update(u.id for u in el.datasets if u.access == "master")
    suggestion = W.preferred(ctx.index, lgsps)[0] if lgsps else "lgsp"
    for ds in arch.by_kind.get("datasets", []):
        if not is_active(ds) or not (ds.personal_data or ds.id in mastered):
            continue
        if lgsps & set(ds.shared_via):
            continue
        reasons = []
        if ds.personal_data:
            reasons.append(L("có dữ liệu cá nhân", "holds personal data"))
        if ds.id in mastered:
            reasons.append(L("có hệ thống master", "has a master system"))
        via = L(" (chỉ qua: {v})", " (only via: {v})").format(v=list(ds.shared_via)) if ds.shared_via else L("", "")
        yield GAP_DATA_SHARING.finding(
            location=ds._src.location("shared_via" if ds.shared_via else None), elements=[ds.id],
            citation=f"{ctx.cite('pa-r4', PA_R4)}; {TT23_LGSP}",
            details={"personal_data": ds.personal_data, "master": ds.id in mastered, "shared_via": list(ds.shared_via)},
            id=ds.id, why=reasons, via=via, lgsp=suggestion)



GAP_SECURITY = Rule(
    "gap-security-level", category="gap", severity="warning", heavy=True,
    title=("Chưa xác định cấp độ an toàn", "Security level missing"),
    message=("{kind} '{id}' chưa khai báo cấp độ an toàn hệ thống thông tin (security_level 1–5).",
             "{kind} '{id}' has no information-system security level (security_level 1–5)."),
    rationale=("Mọi hệ thống thông tin phải được xác định cấp độ an toàn theo Luật An toàn thông tin mạng và NĐ 85/2016; "
               "cấp độ quyết định phương án bảo vệ và kinh phí.",
               "Every information system must be classified by security level under the Law on Network Information "
               "Security and Decree 85/2016; the level drives the protection plan and its cost."),
    citation="Luật An toàn thông tin mạng 2015, Điều 21; NĐ 85/2016/NĐ-CP (tiêu chí, thẩm quyền, trình tự, thủ tục xác định cấp độ)",
    suggestion=("Xác định cấp độ theo NĐ 85/2016 (Điều 7–11) và ghi 'security_level: N'; hệ thống có dữ liệu cá nhân của "
                "từ 10.000 người dùng trở lên thường từ cấp độ 3.",
                "Classify it under Decree 85/2016 (art. 7–11) and record 'security_level: N'; systems holding personal "
                "data of 10,000 users or more are usually level 3 or higher."),
    example="applications:\n  - {id: app, name: Ứng dụng du lịch, owner: so-khcn}\n",
)


@GAP_SECURITY.checks
def check_security_level(ctx: Context) -> Iterable[Finding]:
    citation = ctx.cite("sec-r-level-declared", GAP_SECURITY.citation)
    for kind in ("applications", "platforms"):
        for el in ctx.arch.by_kind.get(kind, []):
            if is_active(el) and el.security_level is None:
                yield GAP_SECURITY.finding(location=el._src.location(), elements=[el.id], citation=citation,
                                           kind=W.kind_title(kind), id=el.id)

