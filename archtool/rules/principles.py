"""Principle rules (spec §5): shared hosting, and no district-level units after 1 July 2025."""

from __future__ import annotations

from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.model.architecture import is_active, references
from archtool.rules import wording as W
from archtool.rules.context import Context

#: the two-tier local government (no district level) took effect on this date
DISTRICT_ABOLISHED_YEAR = 2025


def _shared_datacenters(ctx: Context) -> list[str]:
    arch = ctx.arch
    ids = [el.id for el in arch.by_kind.get("infrastructure", [])
           if is_active(el) and el.shared and ("datacenter" in el.capabilities or el.type == "datacenter")]
    main = [i for i in ids if "datacenter" in arch.elements[i].capabilities]  # not backup sites first
    return W.preferred(ctx.index, main) + W.preferred(ctx.index, [i for i in ids if i not in main])


SHARED_HOSTING = Rule(
    "principle-shared-hosting", category="principle", severity="warning",
    title=("Đặt hệ thống ở phòng máy riêng", "Hosted on a private server room"),
    message=("{kind} '{id}' đặt trên hạ tầng '{host}' không dùng chung (shared: false), trong khi tỉnh đã có trung tâm "
             "dữ liệu dùng chung: {datacenters}.",
             "{kind} '{id}' is hosted on '{host}', which is not shared (shared: false), while the province has a "
             "shared data centre: {datacenters}."),
    rationale=("Khi đã có trung tâm dữ liệu dùng chung, các sở không đầu tư, duy trì phòng máy chủ riêng: tốn kinh phí, "
               "khó bảo đảm an toàn thông tin theo cấp độ và trái nguyên tắc dùng chung hạ tầng.",
               "Once a shared data centre exists, departments should not invest in or keep their own server rooms: "
               "they cost money, are hard to secure to the required level, and break the shared-infrastructure principle."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu, mục I.3 Nguyên tắc chung, điểm b) (dùng chung hạ tầng)",
    suggestion=("Chuyển '{id}' sang trung tâm dữ liệu dùng chung (hosted_on: {target}) và đưa '{host}' vào lộ trình dừng.",
                "Move '{id}' to the shared data centre (hosted_on: {target}) and plan to retire '{host}'."),
    example="infrastructure:\n  - {id: tdl, name: TTDL tỉnh, owner: so-khcn, type: datacenter, shared: true}\n"
            "  - {id: pm, name: Phòng máy Sở Y tế, owner: so-yte, type: server-room}\n"
            "applications:\n  - {id: app, name: HIS, owner: so-yte, hosted_on: pm}\n",
)


@SHARED_HOSTING.checks
def check_shared_hosting(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    dcs = _shared_datacenters(ctx)
    if not dcs:
        return
    citation = ctx.cite("rf829-p2", SHARED_HOSTING.citation)
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            host = arch.elements.get(el.hosted_on) if el.hosted_on else None
            if host is None or host.KIND != "infrastructure" or host.shared or not is_active(el):
                continue
            yield SHARED_HOSTING.finding(
                location=el._src.location("hosted_on"), elements=[el.id, host.id], citation=citation,
                details={"host": host.id, "shared_datacenters": dcs},
                kind=W.kind_title(kind), id=el.id, host=host.id, datacenters=dcs, target=dcs[0])



def active_after_merger(el: Any) -> bool:
    """Still active after 1 July 2025: not retired/completed/cancelled and ``until`` missing or ≥ 2025."""
    if el.KIND == "projects":
        if el.status in ("completed", "cancelled"):
            return False
        return el.period is None or el.period.end >= DISTRICT_ABOLISHED_YEAR
    return el.status != "retired" and (el.until is None or el.until >= DISTRICT_ABOLISHED_YEAR)


DISTRICT_UNIT = Rule(
    "principle-district-unit", category="principle", severity="warning", heavy=True,
    title=("Tham chiếu đơn vị cấp huyện sau 1/7/2025", "District unit referenced after 1 July 2025"),
    message=("{kind} '{id}' còn hoạt động sau 1/7/2025 nhưng tham chiếu ({field}) tới đơn vị cấp huyện '{unit}' "
             "({unit_name}); từ 1/7/2025 không còn cấp huyện.",
             "{kind} '{id}' is active after 1 July 2025 but refers ({field}) to district-level unit '{unit}' "
             "({unit_name}); there is no district level from 1 July 2025."),
    rationale=("Từ 1/7/2025 chính quyền địa phương chỉ còn hai cấp (tỉnh và xã, phường, đặc khu); hệ thống do đơn vị cấp "
               "huyện làm chủ quản hoặc phục vụ phải được giao lại cho đơn vị cấp tỉnh hoặc cấp xã.",
               "From 1 July 2025 local government has two tiers (province; commune, ward, special zone); a system "
               "owned by or scoped to a district unit must be handed over to a provincial or commune unit."),
    citation="Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (được viện dẫn tại NĐ 269/2025/NĐ-CP); hiệu lực mô hình hai cấp từ 01/7/2025",
    suggestion=("Giao '{id}' cho đơn vị kế thừa (cấp tỉnh hoặc cấp xã, phường), hoặc khai báo 'status: retired' / 'until' "
                "nếu nó đã dừng trước 1/7/2025.",
                "Hand '{id}' to the successor unit (province or commune/ward level), or set 'status: retired' / "
                "'until' if it stopped before 1 July 2025."),
    example="units:\n  - {id: ubnd-huyen, name: UBND huyện X, level: district}\n"
            "applications:\n  - {id: app, name: Camera, owner: ubnd-huyen}\n",
)


@DISTRICT_UNIT.checks
def check_district_unit(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    period = arch.manifest.model.period if arch.manifest else None
    if period is not None and period.end < DISTRICT_ABOLISHED_YEAR:
        return  # a model of the time before the reform may use districts
    districts = {u.id: u for u in arch.by_kind.get("units", []) if u.level == "district"}
    if not districts:
        return
    citation = ctx.cite("two-tier-2025", DISTRICT_UNIT.citation)
    for el in arch.elements.values():
        if not active_after_merger(el):
            continue
        found: dict[str, list[tuple[str, int | None]]] = {}  # one finding per district unit, naming every field
        for rel, target, idx in references(el):
            if target in districts:
                found.setdefault(target, []).append((rel, idx))
        for target, refs in found.items():
            unit = districts[target]
            rel, idx = refs[0]
            fields = ", ".join(dict.fromkeys(r for r, _i in refs))
            yield DISTRICT_UNIT.finding(
                location=el._src.location(rel, idx), elements=[el.id, unit.id], citation=citation,
                details={"relation": rel, "unit": unit.id},
                kind=W.kind_title(el.KIND), id=el.id, field=fields, unit=unit.id, unit_name=unit.name)

