"""Gap rules (spec §5) about links: dependencies on retired or later elements, systems not connected to the
IOC, data not shared through the integration platform, security levels missing or below what the data
needs. Coverage of a profile and of Decision 950 is in :mod:`archtool.rules.coverage`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.model.architecture import SYSTEMS, is_active, scope_units
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.vocab import KINDS, label



DEP_RETIRED = Rule(
    "gap-dependency-retired", category="gap", severity="error", heavy=True,
    title=("Phụ thuộc vào phần tử đã dừng", "Depends on a retired element"),
    message=("{subject} ({status}) {relation} {target}, {target_kind} đã dừng hoạt động{until}.",
             "{subject} ({status}) {relation_en} {target}, a {target_kind} that is retired{until}."),
    rationale=("Một hệ thống còn hoạt động không thể dùng, đặt trên hoặc chia sẻ qua một hệ thống đã dừng; hoặc phụ thuộc "
               "đã lỗi thời, hoặc trạng thái bị khai báo sai.",
               "An active system cannot use, run on or share through a retired one: either the dependency is stale "
               "or a status is wrong."),
    citation="archtool model format v1 §5 (gap: dependency on a retired element)",
    suggestion=("Chuyển phụ thuộc sang {replacement} ({field}: {replacement_id}), hoặc sửa trạng thái nếu hệ thống kia "
                "vẫn chạy.",
                "Point the dependency at {replacement} ({field}: {replacement_id}), or fix the status if the other "
                "system still runs."),
    example="applications:\n  - {id: a, name: A, owner: so-khcn, uses: [old]}\n"
            "  - {id: old, name: Cũ, owner: so-khcn, status: retired}\n",
)
NO_REPLACEMENT = L("hệ thống thay thế (phần tử có replaces: [{target}])", "the replacement (the element with replaces: [{target}])")
#: how a dependency reads in a sentence ("uses", "is hosted on", "is shared via")
VERB = {"uses": L("dùng", "uses"), "hosted_on": L("đặt trên", "is hosted on"), "shared_via": L("chia sẻ qua", "is shared via")}


@DEP_RETIRED.checks
def check_dependency_retired(ctx: Context) -> Iterable[Finding]:
    replaced_by = ctx.index.replaced_by
    arch = ctx.arch
    for el, rel, idx, target in ctx.index.dependencies_of(ctx.focus):
        if target.status != "retired":
            continue
        successors = W.preferred(ctx.index, replaced_by.get(target.id, [])) if replaced_by.get(target.id) else []
        succ = arch.elements[successors[0]] if successors else None
        verb = VERB.get(rel, L(rel, rel))
        yield DEP_RETIRED.finding(
            location=el._src.location(rel, idx), elements=[el.id, target.id],
            details={"relation": rel, "target": target.id, "replaced_by": sorted(replaced_by.get(target.id, []))},
            subject=W.subject(el), status=W.status_name(el.status), relation=verb, relation_en=verb,
            target=W.named(target), target_kind=label(KINDS, target.KIND), field=rel,
            replacement=W.named(succ) if succ else NO_REPLACEMENT.format(target=target.id),
            replacement_id=succ.id if succ else "…",
            until=L(" (dừng năm {y})", " (stopped in {y})").format(y=target.until) if target.until else L("", ""))



DEP_TIMELINE = Rule(
    "gap-dependency-timeline", category="gap", severity="warning", heavy=True,
    title=("Phụ thuộc vào phần tử bắt đầu muộn hơn", "Depends on an element that starts later"),
    message=("{subject} bắt đầu năm {start} nhưng {relation} {target} ({status}), dự kiến chỉ có từ năm {target_start}.",
             "{subject} starts in {start} but {relation} {target} ({status}), planned only from {target_start}."),
    rationale=("Một hệ thống không thể vận hành trước khi nền tảng, hạ tầng hay kênh chia sẻ mà nó cần có mặt: lộ trình "
               "phải xây nền trước ứng dụng. Năm bắt đầu là 'since'; phần tử đang vận hành không ghi 'since' được coi là "
               "bắt đầu từ năm hiện tại.",
               "A system cannot go live before the platform, infrastructure or sharing channel it needs: the roadmap "
               "must build foundations before applications. Start year is 'since'; an operational element without "
               "'since' is taken to run from the current year."),
    citation="archtool model format v1 §5 (gap: dependency planned to start after the dependent)",
    suggestion=("Lùi năm bắt đầu của hệ thống về {target_start} (since: {target_start}) hoặc đưa {target} lên sớm hơn; "
                "hoặc dùng một hệ thống đã có trong thời gian chờ.",
                "Move the system's start to {target_start} (since: {target_start}) or bring {target} forward; or use "
                "an existing system meanwhile."),
    example="applications:\n  - {id: app, name: Ứng dụng, owner: so-khcn, status: planned, since: 2026, uses: [iot]}\n"
            "platforms:\n  - {id: iot, name: Nền tảng IoT, owner: so-khcn, status: planned, since: 2027}\n",
)


@DEP_TIMELINE.checks
def check_dependency_timeline(ctx: Context) -> Iterable[Finding]:
    now = ctx.today.year
    for el, rel, idx, target in ctx.index.dependencies_of(ctx.focus):
        if target.status not in ("planned", "building") or not target.since:
            continue
        start = el.since or (now if el.status in ("operational", "retiring") else None)
        if start is None or target.since <= start:
            continue
        yield DEP_TIMELINE.finding(
            location=el._src.location(rel, idx), elements=[el.id, target.id],
            details={"relation": rel, "start": start, "target_start": target.since},
            subject=W.subject(el), start=start, relation=VERB.get(rel, L(rel, rel)), target=W.named(target),
            status=W.status_name(target.status), target_start=target.since)



GAP_IOC = Rule(
    "gap-ioc-integration", category="gap", severity="warning",
    title=("Chưa kết nối IOC", "Not connected to the IOC"),
    message=("{subject} có năng lực cần đưa lên IOC ({cap_name}) nhưng không kết nối với trung tâm giám sát, điều hành "
             "(IOC) nào, kể cả gián tiếp qua một hệ thống đã kết nối IOC.",
             "{subject} has an IOC-relevant capability ({cap_name}) but is not connected to any operations centre "
             "(IOC), not even through a system that is connected to it."),
    rationale=("IOC cấp tỉnh tổng hợp dữ liệu các lĩnh vực (giao thông, môi trường, y tế, phản ánh hiện trường…) để giám "
               "sát, điều hành; hệ thống của các lĩnh vực này phải đưa dữ liệu lên IOC. Hệ thống được coi là đã kết nối "
               "khi nó dùng (uses) hoặc kết nối (integrates_with) IOC, theo chiều nào cũng được, hoặc kết nối với một hệ "
               "thống nghiệp vụ liên quan IOC đã kết nối IOC, hay một trung tâm cấp xã, đô thị (ioc-local) đã kết nối IOC "
               "tỉnh. Nền tảng trung gian (LGSP, IoT, kho dữ liệu) không đủ: dùng chúng không có nghĩa dữ liệu lên IOC. "
               "Trung tâm cấp xã, đô thị phải kết nối IOC tỉnh. Không áp dụng khi mô hình chưa có IOC (đã có "
               "gap-capability).",
               "The provincial IOC aggregates sector data (traffic, environment, health, citizen reports...) for "
               "monitoring and operations; systems of those sectors must feed it. A system counts as connected when it "
               "uses or integrates with an IOC (either direction), or with an IOC-relevant business system that is "
               "connected, or with a commune/urban centre (ioc-local) connected to the provincial IOC. Going through a "
               "shared platform (LGSP, IoT, data warehouse) is not enough: using one does not mean the data reaches the "
               "IOC. A commune or urban centre must connect to the provincial IOC. Not applied when the model has no "
               "IOC (gap-capability reports that)."),
    citation="CV 1709/BKHCN-CĐSQG (21/5/2025) về mô hình IOC cấp tỉnh; CV 2333/BTTTT-CĐSQG (20/6/2023)",
    suggestion=("Kết nối hệ thống với {ioc} (integrates_with: [{ioc_id}]) và đưa dữ liệu của nó lên IOC{later}.",
                "Connect the system to {ioc} (integrates_with: [{ioc_id}]) and feed its data to the IOC{later}."),
    example="platforms:\n  - {id: ioc, name: IOC tỉnh, owner: so-khcn, capabilities: [ioc]}\n"
            "applications:\n  - {id: mt, name: Quan trắc môi trường, owner: so-khcn, capabilities: [environment-monitoring]}\n",
)
LOCAL_NOT_CONNECTED = L(
    "{subject} là trung tâm giám sát, điều hành cấp xã, đô thị nhưng không kết nối với IOC cấp tỉnh.",
    "{subject} is a commune- or urban-level operations centre but is not connected to the provincial IOC.")


def _links(el: Any) -> set[str]:
    return set(getattr(el, "uses", ()) or ()) | set(getattr(el, "integrates_with", ()) or ())


@GAP_IOC.checks
def check_ioc_integration(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    systems = [el for k in SYSTEMS for el in arch.by_kind.get(k, []) if is_active(el)]
    iocs = [el.id for el in systems if "ioc" in el.capabilities and scope_units(el) is None]
    if not iocs:
        return
    relevant = {c.id for c in ctx.catalogs.of_kind("capability") if c.get("ioc_relevant")}
    carriers = {el.id for el in systems if relevant.intersection(el.capabilities) or "ioc-local" in el.capabilities}
    asked = [el for el in systems if el.id in carriers and "ioc" not in el.capabilities and ctx.asks_about(el)]
    if not asked:
        return
    # undirected links among active systems (a link counts in either direction)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for el in systems:
        for other in _links(el):
            neighbours[el.id].add(other)
            neighbours[other].add(el.id)
    connected = set(iocs)
    frontier = list(iocs)
    while frontier:  # through business systems and local centres only, never through a shared platform
        node = frontier.pop()
        for other in neighbours.get(node, ()):
            if other not in connected and (node in iocs or node in carriers) and other in carriers:
                connected.add(other)
                frontier.append(other)
    best = _ioc_to_suggest(ctx, iocs)
    successor = [s for s in ctx.index.replaced_by.get(best.id, []) if arch.elements[s].status != "retired"]
    later = (L(", rồi chuyển sang {s} khi nó thay thế IOC này", ", then move to {s} when it replaces this IOC").format(
        s=W.named(arch.elements[successor[0]])) if successor else L("", ""))
    citation = ctx.cite_all(ctx.cite("cv-1709"), ctx.cite("cv-2333")) or "archtool model format v1 §5 (gap: IOC)"
    direct = set(iocs) | {o for i in iocs for o in neighbours.get(i, ())}
    for el in asked:
        local = "ioc-local" in el.capabilities
        if (el.id in direct if local else el.id in connected):
            continue
        caps = [c for c in el.capabilities if c in relevant]
        field = "integrates_with" if el.integrates_with else "capabilities"
        yield GAP_IOC.finding(
            location=el._src.location(field), elements=[el.id], capabilities=caps or ["ioc-local"],
            citation=ctx.cite_all(ctx.cite("nd269-a3-2g"), citation) if local else citation,
            details={"iocs": iocs, "ioc_relevant": caps, "local_centre": local},
            message=LOCAL_NOT_CONNECTED.format(subject=W.subject(el)) if local else None,
            subject=W.subject(el), cap_name=[ctx.cap_name(c) for c in caps], ioc=W.named(best), ioc_id=best.id,
            later=later)


def _ioc_to_suggest(ctx: Context, iocs: list[str]) -> Any:
    """The IOC to connect to now: one that operates (even if a successor is planned), then one being built."""
    arch = ctx.arch
    rank = {"operational": 0, "building": 1, "planned": 2, "retiring": 3}
    return arch.elements[min(iocs, key=lambda i: (rank.get(arch.elements[i].status, 4),
                                                  arch.elements[i].status == "retiring", i))]



GAP_DATA_SHARING = Rule(
    "gap-data-sharing", category="gap", severity="warning", heavy=True,
    title=("CSDL không chia sẻ qua nền tảng tích hợp", "Dataset not shared via the integration platform"),
    message=("CSDL {subject} ({why}) không được chia sẻ qua nền tảng tích hợp, chia sẻ dữ liệu (LGSP) nào{via}.",
             "Dataset {subject} ({why}) is not shared via any integration and data-sharing platform (LGSP){via}."),
    rationale=("Dữ liệu cá nhân và dữ liệu gốc (có hệ thống làm chủ) phải được chia sẻ có kiểm soát qua nền tảng tích hợp "
               "của tỉnh, thay vì kết nối điểm-điểm hay sao chép; để dữ liệu 'thống nhất, dùng chung'.",
               "Personal data and master data (a dataset with a system of record) must be shared in a controlled way "
               "through the province's integration platform, not point-to-point links or copies, so data stays "
               "'unified and shared'."),
    citation="CV 2943/CĐSQG-CNCPS (27/10/2025): CSDL 'đúng, đủ, sạch, sống, thống nhất, dùng chung'",
    suggestion=("Chia sẻ CSDL qua {lgsp} (shared_via: [{lgsp_id}]).",
                "Share the dataset through {lgsp} (shared_via: [{lgsp_id}])."),
    example="datasets:\n  - {id: hssk, name: Hồ sơ sức khỏe, owner: so-yte, personal_data: true}\n",
)


@GAP_DATA_SHARING.checks
def check_data_sharing(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    datasets = [ds for ds in arch.by_kind.get("datasets", []) if ctx.asks_about(ds) and is_active(ds)]
    if not datasets:
        return
    lgsps = set(ctx.index.providers.get("integration-platform", ()))
    mastered: set[str] = set()
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            if is_active(el):
                mastered.update(u.id for u in el.datasets if u.access == "master")
    best = arch.elements[W.preferred(ctx.index, lgsps)[0]] if lgsps else None
    citation = ctx.cite_all(ctx.cite("pa-r4", GAP_DATA_SHARING.citation)) or "archtool model format v1 §5 (gap: data sharing)"
    for ds in datasets:
        if not (ds.personal_data or ds.id in mastered):
            continue
        if lgsps & set(ds.shared_via):
            continue
        reasons = []
        if ds.personal_data:
            reasons.append(L("có dữ liệu cá nhân", "holds personal data"))
        if ds.id in mastered:
            reasons.append(L("có hệ thống làm chủ", "has a system of record"))
        via = (L(", chỉ qua: {v}", ", only via: {v}").format(v=W.named_ids(arch, ds.shared_via)) if ds.shared_via
               else L("", ""))
        yield GAP_DATA_SHARING.finding(
            location=ds._src.location("shared_via" if ds.shared_via else None), elements=[ds.id], citation=citation,
            details={"personal_data": ds.personal_data, "master": ds.id in mastered, "shared_via": list(ds.shared_via)},
            subject=W.named(ds), why=reasons, via=via,
            lgsp=W.named(best) if best else L("nền tảng tích hợp của tỉnh", "the province's integration platform"),
            lgsp_id=best.id if best else "…")
