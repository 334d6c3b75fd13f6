"""Principle rules (spec §5): shared hosting, and no district-level units after 1 July 2025."""

from __future__ import annotations

from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.model.architecture import is_active, references
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.vocab import RELATIONS

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
    message=("{subject} đặt trên {host}, hạ tầng không dùng chung, trong khi tỉnh đã có trung tâm dữ liệu dùng chung: "
             "{datacenters}.",
             "{subject} is hosted on {host}, which is not shared, while the province has a shared data centre: "
             "{datacenters}."),
    rationale=("Khi đã có trung tâm dữ liệu dùng chung, các sở không đầu tư, duy trì phòng máy chủ riêng: tốn kinh phí, "
               "khó bảo đảm an toàn thông tin theo cấp độ và trái nguyên tắc dùng chung hạ tầng. Hạ tầng được coi là "
               "dùng chung khi khai báo shared: true.",
               "Once a shared data centre exists, departments should not invest in or keep their own server rooms: "
               "they cost money, are hard to secure to the required level, and break the shared-infrastructure "
               "principle. Infrastructure counts as shared when it declares shared: true."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu ICT phát triển ĐTTM, nguyên tắc chung, điểm b) (dùng chung hạ tầng)",
    suggestion=("Chuyển hệ thống sang {target} (ghi hosted_on: {target_id}); khi không còn hệ thống nào đặt ở phòng máy riêng, "
                "ghi lộ trình dừng phòng máy đó.",
                "Move the system to {target} (write hosted_on: {target_id}); once no system is left in the private server "
                "room, plan when it stops."),
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
    main = [d for d in dcs if "backup-datacenter" not in arch.elements[d].capabilities] or dcs
    citation = ctx.cite("rf829-p2", SHARED_HOSTING.citation) or "archtool model format v1 §5 (principle: shared hosting)"
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            host = arch.elements.get(el.hosted_on) if el.hosted_on else None
            if host is None or host.KIND != "infrastructure" or host.shared or not is_active(el) or not ctx.visits(el):
                continue
            target = arch.elements[main[0]]
            yield SHARED_HOSTING.finding(
                location=el._src.location("hosted_on"), elements=[el.id, host.id], citation=citation,
                details={"host": host.id, "shared_datacenters": dcs},
                subject=W.subject(el), host=W.named(host), datacenters=W.named_ids(arch, main),
                target=W.named(target), target_id=target.id)



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
    message=("{subject} còn hoạt động sau 1/7/2025 nhưng {fields} là đơn vị cấp huyện {units}; từ 1/7/2025 không còn "
             "cấp huyện.",
             "{subject} is active after 1 July 2025 but its {fields} is the district-level unit {units}; there is no "
             "district level from 1 July 2025."),
    rationale=("Từ 1/7/2025 chính quyền địa phương chỉ còn hai cấp (tỉnh và xã, phường, đặc khu); hệ thống do đơn vị cấp "
               "huyện làm chủ quản hoặc phục vụ phải được giao lại cho đơn vị cấp tỉnh hoặc cấp xã. Một phần tử là một "
               "phát hiện, dù đơn vị cấp huyện là chủ quản, phạm vi hay cả hai.",
               "From 1 July 2025 local government has two tiers (province; commune, ward, special zone); a system "
               "owned by or scoped to a district unit must be handed over to a provincial or commune unit. One element "
               "is one finding, whether the district unit is its owner, its scope or both."),
    citation="Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (được viện dẫn tại NĐ 269/2025/NĐ-CP); hiệu lực mô hình hai cấp từ 01/7/2025",
    suggestion=("Giao hệ thống cho đơn vị kế thừa (cấp tỉnh hoặc cấp xã, phường) trong {fields}, hoặc ghi nó đã dừng "
                "(status: retired, until: năm dừng) nếu nó dừng trước 1/7/2025.",
                "Hand the system to the successor unit (province or commune/ward level) in its {fields}, or record that "
                "it stopped (status: retired, until: year) if it stopped before 1 July 2025."),
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
    citation = ctx.cite("two-tier-2025", DISTRICT_UNIT.citation) or DISTRICT_UNIT.citation
    for el in arch.elements.values():
        if not active_after_merger(el):
            continue
        hits = [(rel, target, idx) for rel, target, idx in references(el) if target in districts]
        if not hits:
            continue
        rels = list(dict.fromkeys(rel for rel, _t, _i in hits))
        units = list(dict.fromkeys(t for _r, t, _i in hits))
        first_rel, _t, first_idx = hits[0]
        fields = L.build(lambda lang: _and(lang, [f"{RELATIONS[r].label.get(lang)} ({r})" for r in rels]))
        yield DISTRICT_UNIT.finding(
            location=el._src.location(first_rel, first_idx), elements=[el.id, *units], citation=citation,
            details={"relations": rels, "units": units},
            subject=W.subject(el), fields=fields, units=[W.named(districts[u]) for u in units])


def _and(lang: str, parts: list[str]) -> str:
    word = " và " if lang == "vi" else " and "
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + word + parts[-1]


EGOV_BASE = Rule(
    "principle-egov-base", category="principle", severity="warning",
    title=("Kiến trúc ĐTTM không xây trên kiến trúc chính quyền điện tử", "Smart-city model without its e-government base"),
    message=("Mô hình đô thị thông minh {why}: kiến trúc ICT phát triển ĐTTM phải kế thừa các thành phần của kiến trúc "
             "chính quyền điện tử, chính quyền số của tỉnh.",
             "The smart-city model {why_en}: a smart-city ICT architecture must inherit the components of the "
             "province's e-government (digital-government) architecture."),
    rationale=("Khi mô hình ĐTTM không dựa trên (extends) mô hình chính quyền điện tử của tỉnh, archtool không thấy các "
               "nền tảng, CSDL, hạ tầng dùng chung đã có, nên không kiểm tra được trùng lặp với chúng; và dự án ĐTTM dễ "
               "xây lại những gì chính quyền điện tử đã có.",
               "When the smart-city model does not build on (extends) the province's e-government model, archtool cannot "
               "see the shared platforms, datasets and infrastructure that exist, so it cannot check duplication against "
               "them; and smart-city projects easily rebuild what e-government already has."),
    citation="CV 2333/BTTTT-CĐSQG (20/6/2023): 'gắn kết, kế thừa các thành phần chức năng của kiến trúc với kiến trúc Chính quyền điện tử của địa phương'",
    suggestion=("Khai báo mô hình nền là kiến trúc chính quyền điện tử của tỉnh trong archtool.yaml (extends: ../egov, mô "
                "hình có model.kind: e-government).",
                "Declare the province's e-government architecture as the baseline in archtool.yaml (extends: ../egov, a "
                "model with model.kind: e-government)."),
    example="# model.kind: smart-city, no extends\nplatforms:\n  - {id: ioc, name: IOC, owner: so-khcn, capabilities: [ioc]}\n",
)
NO_EXTENDS = L("không khai báo mô hình nền (extends)", "declares no baseline (extends)")
NO_EGOV = L("có mô hình nền nhưng không mô hình nào trong chuỗi là chính quyền điện tử (model.kind: e-government)",
            "has baselines but none of them is an e-government model (model.kind: e-government)")


@EGOV_BASE.checks
def check_egov_base(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    if arch.kind != "smart-city" or not arch.manifest:
        return
    if len(arch.models) > 1 and any(m.manifest and m.manifest.model.kind == "e-government" for m in arch.models[1:]):
        return
    why = NO_EXTENDS if len(arch.models) == 1 else NO_EGOV
    citation = ctx.cite("cv2333-inherit-egov", EGOV_BASE.citation) or "archtool model format v1 §3 (the baseline: extends)"
    yield EGOV_BASE.finding(location=arch.model_location("extends" if len(arch.models) > 1 else "model.kind"),
                            citation=citation, why=why, why_en=why)


FRAMEWORK_VERSION = Rule(
    "principle-framework-version", category="principle", severity="warning",
    title=("Mô hình theo phiên bản khung kiến trúc đã được thay thế", "Model follows a superseded framework version"),
    message=("{model} theo {framework}, đã được thay thế từ {superseded} ({successor}), trong khi kỳ kế hoạch kéo dài đến "
             "{end}.",
             "{model} follows {framework}, superseded from {superseded} ({successor}), while the plan runs to {end}."),
    rationale=("Kiến trúc của tỉnh được xây dựng theo khung kiến trúc quốc gia; khi khung có phiên bản mới trước khi kỳ kế "
               "hoạch kết thúc, kiến trúc (thường là mô hình nền chính quyền điện tử) cần được cập nhật, nếu không các "
               "thành phần mới (nền tảng định danh, kho dữ liệu, mô hình tham chiếu...) bị bỏ sót. Phiên bản khai báo "
               "bằng model.framework trong archtool.yaml (mã trong danh mục, ví dụ dgaf-v4).",
               "A province's architecture follows the national framework; when the framework has a newer version before "
               "the plan ends, the architecture (usually the e-government baseline) needs updating, or new components "
               "(identity platform, data warehouses, reference models...) are missed. The version is declared with "
               "model.framework in archtool.yaml (a catalog id such as dgaf-v4)."),
    citation="Danh mục egov-framework (archtool/catalogs/data/egov-framework.yaml): các phiên bản khung kiến trúc và ngày thay thế",
    suggestion=("Cập nhật kiến trúc theo {current} và ghi model.framework: {current_id}.",
                "Update the architecture to {current} and write model.framework: {current_id}."),
    example="# manifest model: framework: eaf-v2\n# a model with period 2026–2030 that follows framework v2.0\n"
            "platforms:\n  - {id: lgsp, name: LGSP, owner: so-khcn, capabilities: [integration-platform]}\n",
)
UNKNOWN_FRAMEWORK = L("{model}: '{id}' không phải phiên bản khung kiến trúc nào trong danh mục ({known}).",
                      "{model}: '{id}' is no framework version in the catalogs ({known}).")


@FRAMEWORK_VERSION.checks
def check_framework_version(ctx: Context) -> Iterable[Finding]:
    arch, cats = ctx.arch, ctx.catalogs
    years = ctx.period_years
    if years is None:
        return
    plan_end = ctx.period[1]
    for m in arch.models:
        fid = m.manifest.model.framework if m.manifest else None
        if not fid:
            continue
        label = L("Mô hình nền '{n}'", "Baseline '{n}'") if m is not arch.top else L("Mô hình '{n}'", "Model '{n}'")
        model = label.format(n=m.manifest.model.name)
        entry = cats.get(fid)
        if entry is None or entry.kind != "framework-version":
            known = ", ".join(sorted(e.id for e in cats.of_kind("framework-version")))
            yield FRAMEWORK_VERSION.finding(location=m.manifest_location("model.framework"), details={"framework": fid},
                                            message=UNKNOWN_FRAMEWORK.format(model=model, id=fid, known=known),
                                            suggestion=L("Dùng một mã trong: {k}.", "Use one of: {k}.").format(k=known))
            continue
        _first, last = cats.window(entry)
        if last is None or last >= plan_end:
            continue
        chain, cur, seen = [], entry, {entry.id}
        while cur is not None and cur.get("superseded_by") and cur.get("superseded_by") not in seen:
            cur = cats.get(cur.get("superseded_by"))
            if cur is not None:
                seen.add(cur.id)
                chain.append(cur)
        current = chain[-1] if chain else entry
        yield FRAMEWORK_VERSION.finding(
            location=m.manifest_location("model.framework"),
            citation=ctx.cite_all(*(c.citation for c in chain)) or FRAMEWORK_VERSION.citation,
            details={"framework": fid, "superseded_on": entry.get("superseded_on"), "current": current.id},
            model=model, framework=L(entry.name, entry.name_en or entry.name),
            superseded=str(entry.get("superseded_on")), successor=", ".join(c.name for c in chain),
            end=years[1], current=L(current.name, current.name_en or current.name), current_id=current.id)


BYPASS_SHARED = Rule(
    "principle-bypass-shared", category="principle", severity="warning", heavy=True,
    title=("Hệ thống mới bỏ qua nền tảng dùng chung", "New system bypasses the shared platforms"),
    message=("{subject} là hệ thống mới {exchange} nhưng không dùng {platforms} của tỉnh.",
             "{subject} is a new system that {exchange_en} but does not use the province's {platforms}."),
    rationale=("Hệ thống mới trao đổi dữ liệu với hệ thống khác phải đi qua nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của "
               "tỉnh, không kết nối điểm-điểm; ứng dụng mới nên dùng hệ thống xác thực tập trung (SSO) của tỉnh thay vì "
               "tài khoản riêng. Hệ thống mới là phần tử dự kiến, đang xây dựng, do dự án đang mở tạo ra, hoặc thuộc đề "
               "xuất đang thẩm định. Chỉ nêu nền tảng tỉnh đã có. Thiếu LGSP là cảnh báo; chỉ thiếu SSO (thực tiễn phổ "
               "biến) là thông tin.",
               "A new system that exchanges data with others must go through the province's integration and data-sharing "
               "platform (LGSP), not point-to-point links; a new application should use the province's central sign-on "
               "(SSO) instead of its own accounts. New means planned, being built, delivered by an open project, or part "
               "of a proposal under review. Only platforms the province has are named. Bypassing the LGSP is a warning; "
               "only the SSO (common practice) is information."),
    citation="CV 2943/CĐSQG-CNCPS (27/10/2025): CSDL 'đúng, đủ, sạch, sống, thống nhất, dùng chung'; QĐ 829/QĐ-BTTTT (31/5/2019), nguyên tắc chung b)",
    suggestion=("Kết nối qua {targets} (uses: [{target_ids}]) thay vì kết nối riêng.",
                "Connect through {targets} (uses: [{target_ids}]) instead of connecting on its own."),
    example="platforms:\n  - {id: lgsp, name: LGSP, owner: so-khcn, capabilities: [integration-platform]}\n"
            "applications:\n  - {id: app, name: Ứng dụng mới, owner: so-khcn, status: planned, integrates_with: [lgsp-x]}\n"
            "  - {id: lgsp-x, name: Hệ thống khác, owner: so-khcn}\n",
)
EXCHANGES = L("trao đổi dữ liệu ({what})", "exchanges data ({what})")


@BYPASS_SHARED.checks
def check_bypass_shared(ctx: Context) -> Iterable[Finding]:
    arch, ix = ctx.arch, ctx.index
    shared = {cap: [e for e in W.preferred(ix, ix.providers.get(cap, [])) if arch.elements[e].KIND in ("platforms",
              "applications") and arch.elements[e].status != "retiring"] for cap in ("integration-platform", "identity-sso")}
    if not any(shared.values()):
        return
    delivered = {eid for p in arch.by_kind.get("projects", []) if p.status in ("proposed", "approved", "in-progress")
                 for eid in p.delivers}
    citation = ctx.cite_all(ctx.cite("pa-r4", BYPASS_SHARED.citation), ctx.cite("rf829-p2")) or \
        "archtool model format v1 §5 (principle: shared platforms)"
    # a finding names the system and the shared platforms it should use, and lies with the system
    anyone = any(e in ctx.proposal for ids in shared.values() for e in ids)
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            if not (anyone or ctx.asks_about(el)):
                continue
            new = el.status in ("planned", "building") or el.id in delivered or el.id in ctx.proposal
            if not new or not is_active(el):
                continue
            links = set(el.uses) | set(el.integrates_with)
            missing: list[str] = []
            peers = [i for i in el.integrates_with if not set(getattr(arch.elements.get(i), "capabilities", ()))
                     & {"integration-platform", "ioc"}]
            exchanges = bool(el.datasets) or bool(peers)
            if exchanges and shared["integration-platform"] and "integration-platform" not in el.capabilities \
                    and not links & set(shared["integration-platform"]):
                missing.append("integration-platform")
            if kind == "applications" and shared["identity-sso"] and "identity-sso" not in el.capabilities \
                    and not links & set(shared["identity-sso"]):
                missing.append("identity-sso")
            if not missing:
                continue
            targets = [arch.elements[shared[c][0]] for c in missing]
            what = [L("dùng CSDL", "uses datasets")] if el.datasets else []
            if peers:
                what.append(L("kết nối {p}", "integrates with {p}").format(p=W.named_ids(arch, peers, 3)))
            exchange = EXCHANGES.format(what=what) if exchanges else L("có người dùng đăng nhập", "has users who sign in")
            yield BYPASS_SHARED.finding(
                location=el._src.location("uses" if el.uses else None), elements=[el.id, *(t.id for t in targets)],
                capabilities=missing, citation=citation,
                severity="warning" if "integration-platform" in missing else "info",
                details={"missing": missing}, subject=W.subject(el), exchange=exchange, exchange_en=exchange,
                platforms=[ctx.cap_name(c) for c in missing], targets=[W.named(t) for t in targets],
                target_ids=", ".join(t.id for t in targets))
