"""Coverage rules: what a model of its kind should have and does not — the capabilities of its
profile (graded by the strength of each requirement in the model's period), the Decision 950
content areas a smart-city plan carries, data, and the sensing layer smart-city services need."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.model.architecture import SYSTEMS, is_active
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.vocab import MODEL_KIND, STRENGTH, label

#: the profile group of the smart-city sector fields a province chooses among (catalog ``group``)
FIELD_GROUP = "smart-city-field"
PRACTICE_CITATION = ("Không có văn bản quốc gia yêu cầu; thực tiễn phổ biến của các tỉnh "
                     "(danh mục profiles của archtool)")


def provided(arch: Any) -> dict[str, list[str]]:
    """capability -> ids of active (incl. planned/building) elements providing it, model + baseline."""
    out: dict[str, list[str]] = defaultdict(list)
    for el in arch.elements.values():
        if is_active(el) and el.KIND not in ("units", "projects"):
            for cap in el.capabilities:
                out[cap].append(el.id)
    return out


def priorities(ctx: Context) -> list[str]:
    """The smart-city fields the province chose (manifest ``priorities:``)."""
    return list(ctx.arch.manifest.priorities) if ctx.arch.manifest else []


GAP_CAPABILITY = Rule(
    "gap-capability", category="gap", severity="warning", heavy=True,
    title=("Thiếu năng lực bắt buộc", "Required capability missing"),
    message=("Mô hình {model_kind} cần năng lực '{cap_name}' ({capability}) nhưng không phần tử nào (kể cả mô hình nền, "
             "kể cả phần tử dự kiến) cung cấp{alternatives}. Mức yêu cầu: {strength}.{examples}",
             "The {model_kind} profile needs capability '{cap_name}' ({capability}) but no element (baseline and planned "
             "elements included) provides it{alternatives}. Strength: {strength}.{examples}"),
    rationale=("Hồ sơ yêu cầu theo loại mô hình liệt kê các năng lực mà kiến trúc chính quyền số hoặc ĐTTM cấp tỉnh cần "
               "có. Mỗi yêu cầu được phân loại theo độ mạnh trong kỳ của mô hình: quy định pháp luật đang có hiệu lực, "
               "khuyến nghị của văn bản hướng dẫn quốc gia, hay thực tiễn phổ biến; mức cảnh báo không vượt độ mạnh "
               "(thực tiễn chỉ là thông tin), và căn cứ chỉ gồm văn bản quốc gia còn hiệu lực trong kỳ. Yêu cầu chưa có "
               "căn cứ trong kỳ thì không nêu. Các lĩnh vực ĐTTM (giao thông, chiếu sáng, cấp nước, chất thải...) là "
               "lựa chọn theo ưu tiên của tỉnh, không phải thiếu hụt: chúng được gộp thành một phát hiện 'có thể cân "
               "nhắc' khi tỉnh chưa khai báo ưu tiên, và chỉ lĩnh vực ưu tiên đã chọn mà chưa có hệ thống mới là thiếu.",
               "The profile of the model kind lists the capabilities a provincial digital-government or smart-city "
               "architecture needs. Each requirement is graded by its strength in the model's period: a legal obligation "
               "in force, a national guidance recommendation, or common practice; the severity never exceeds the "
               "strength (practice is info), and the basis lists only national documents valid in the period. A "
               "requirement with no basis in the period is not reported. Smart-city fields (traffic, lighting, water, "
               "waste...) are choices by the province's priorities, not gaps: they are one 'may consider' finding when "
               "the province declares no priorities, and only a chosen priority with no system is a gap."),
    citation="Danh mục profiles (archtool/catalogs/data/profiles.yaml): căn cứ riêng của từng yêu cầu",
    suggestion=("Nếu tỉnh đã có hệ thống làm việc này, gắn năng lực cho nó (capabilities: [{capability}]); nếu tỉnh dùng "
                "hệ thống của trung ương, khai báo hệ thống đó; nếu chưa có, cân nhắc một dự án xây dựng hoặc thuê dịch vụ.",
                "If the province has a system that does this, map it (capabilities: [{capability}]); if the province "
                "uses a central system, declare that system; if there is none, consider a project to build or rent one."),
    example="# archtool.yaml with model.kind: e-government and no element having capability integration-platform\n"
            "platforms:\n  - {id: qlvb, name: Quản lý văn bản, owner: so-khcn, capabilities: [document-management]}\n",
)
FIELDS_TO_CONSIDER = L(
    "Các lĩnh vực đô thị thông minh tỉnh có thể cân nhắc (chưa có hệ thống nào): {fields}. Không cần đầu tư mọi lĩnh "
    "vực: chọn vài lĩnh vực ưu tiên theo nhu cầu và nguồn lực của tỉnh.",
    "Smart-city fields the province may consider (no system yet): {fields}. Not every field needs an investment: "
    "choose a few priority fields by the province's needs and resources.")
FIELDS_FIX = L("Ghi các lĩnh vực đã chọn vào archtool.yaml (priorities: [mã năng lực, ...]); các lĩnh vực khác không "
               "được nêu nữa.",
               "List the chosen fields in archtool.yaml (priorities: [capability id, ...]); the other fields are then "
               "no longer mentioned.")
PRIORITY_MISSING = L(
    "Lĩnh vực ưu tiên '{cap_name}' ({capability}) do tỉnh chọn (priorities) chưa có hệ thống hay dự án nào trong mô hình.",
    "Priority field '{cap_name}' ({capability}) chosen by the province (priorities) has no system or project in the model.")


@GAP_CAPABILITY.checks
def check_gap_capability(ctx: Context) -> Iterable[Finding]:
    arch, cats = ctx.arch, ctx.catalogs
    profile = cats.profile(arch.kind) if arch.kind else None
    if profile is None:
        return
    have = provided(arch)
    start, end = ctx.period
    chosen = priorities(ctx)
    consider: list[str] = []
    for req in profile.get("requires") or []:
        cap = req.get("capability")
        alts = list(req.get("alternatives") or [])
        if not cap or any(have.get(c) for c in [cap] + alts):
            continue
        if req.get("group") == FIELD_GROUP and cap not in chosen:
            consider.append(cap)
            continue
        severity = cats.severity_for(req, start, end)
        if severity is None:
            continue  # no national basis yet in the model's period
        strength = cats.strength_for(req, start, end) or "practice"
        citation = cats.citation_for(req, start, end) or PRACTICE_CITATION
        examples = [str(x) for x in req.get("examples") or []][:2]
        ex_text = L(" Ví dụ: {x}.", " Examples: {x}.").format(x="; ".join(examples)) if examples else L("", "")
        alt_text = (L(" (hoặc năng lực thay thế: {a})", " (or an alternative: {a})").format(a=[ctx.cap_name(a) for a in alts])
                    if alts else L("", ""))
        details = {"capability": cap, "alternatives": alts, "profile": profile.id, "strength": strength,
                   "examples": examples}
        message = None
        if req.get("group") == FIELD_GROUP:  # a priority the province chose
            severity = "warning"
            message = PRIORITY_MISSING.format(cap_name=ctx.cap_name(cap), capability=cap)
        yield GAP_CAPABILITY.finding(
            location=ctx.model_location(), capabilities=[cap], severity=severity, citation=citation, details=details,
            message=message, model_kind=label(MODEL_KIND, arch.kind), cap_name=ctx.cap_name(cap), capability=cap,
            alternatives=alt_text, strength=label(STRENGTH, strength), examples=ex_text)
    if consider and not chosen:
        reqs = {r.get("capability"): r for r in profile.get("requires") or []}
        cites = ctx.cite_all(*(cats.citation_for(reqs[c], start, end) for c in consider))
        yield GAP_CAPABILITY.finding(
            location=ctx.model_location(), capabilities=consider, severity="info", citation=cites or PRACTICE_CITATION,
            details={"fields": consider, "profile": profile.id, "group": FIELD_GROUP},
            message=FIELDS_TO_CONSIDER.format(fields=[ctx.cap_name(c) for c in consider]), suggestion=FIELDS_FIX)


GAP_TASK_GROUP = Rule(
    "gap-task-group", category="gap", severity="warning", heavy=True,
    title=("Nội dung Đề án 950 chưa có dự án", "Decision 950 area without a project"),
    message=("Chưa có dự án nào thực hiện {what} '{name}' ({id}) của Đề án 950.",
             "No project addresses Decision 950 {what} '{name}' ({id})."),
    rationale=("Kiến trúc ICT phát triển ĐTTM cần cho thấy các nội dung của Đề án phát triển ĐTTM bền vững (QĐ 950) và "
               "các nhóm nhiệm vụ ưu tiên do địa phương thực hiện được giao cho dự án nào. Nhóm nhiệm vụ do bộ, ngành "
               "trung ương chủ trì (nhóm I: hoàn thiện pháp luật, chính sách) không phải việc của tỉnh nên không nêu. "
               "Khi dự án không ghi mã (task_groups) nhưng tạo ra hoặc nâng cấp hệ thống có năng lực thuộc nội dung đó "
               "(ánh xạ d950_area của danh mục năng lực), phát hiện chỉ là thông tin 'chưa gắn mã'. Chỉ áp dụng cho mô "
               "hình smart-city; dự án đã hủy không tính.",
               "A smart-city ICT architecture should show which project carries each content area of the sustainable "
               "smart-city scheme (Decision 950) and each priority task group localities carry. Groups led by central "
               "ministries (group I: laws and policies) are not a province's job and are not reported. When a project "
               "carries no code (task_groups) but delivers or upgrades a system whose capability maps to the area (the "
               "capability catalog's d950_area), the finding is only 'not tagged' information. Applies to smart-city "
               "models; cancelled projects do not count."),
    citation="QĐ 950/QĐ-TTg (01/8/2018), Thủ tướng Chính phủ",
    suggestion=("Gắn mã '{id}' vào task_groups của dự án thực hiện nội dung này, hoặc thêm dự án/nhiệm vụ mới.",
                "Add '{id}' to the task_groups of the project that carries it, or add a new project or task."),
    example="# model.kind: smart-city\nprojects:\n  - {id: p1, name: Dự án IOC, owner: so-khcn, task_groups: [d950-c2]}\n"
            "# d950-c1, d950-c3 and d950-c4 have no project\n",
)
NOT_TAGGED = L("Nội dung '{name}' ({id}) của Đề án 950 có dự án thực hiện nhưng chưa gắn mã: {projects}.",
               "Decision 950 content area '{name}' ({id}) is carried by projects that do not name it: {projects}.")
NOT_TAGGED_FIX = L("Thêm '{id}' vào task_groups của {first} để báo cáo theo Đề án 950 đếm được dự án này.",
                   "Add '{id}' to the task_groups of {first} so Decision 950 reporting counts it.")


@GAP_TASK_GROUP.checks
def check_gap_task_group(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    if arch.kind != "smart-city" or ctx.focused:  # a finding about the model as a whole, never a proposal's
        return
    if not ctx.catalogs.in_force_during("d950", *ctx.period):
        return  # a plan of the years before Decision 950 (or after it) is not measured against it
    cats = ctx.catalogs
    wanted = [e for e in cats.of_kind("content-area") if e.id.startswith("d950")]
    wanted += [e for e in cats.of_kind("task-group")
               if e.id.startswith("d950") and e.verified and e.get("level") != "national"]
    if not wanted:
        return
    addressed: set[str] = set()
    inferred: dict[str, list[tuple[Any, Any, str]]] = defaultdict(list)
    for p in arch.by_kind.get("projects", []):
        if p.status == "cancelled":
            continue
        for g in p.task_groups:
            addressed.add(g)
            entry = cats.get(g)
            if entry is not None and entry.get("group"):
                addressed.add(entry.get("group"))  # a task addresses its group
        for eid in [*p.delivers, *p.upgrades]:
            el = arch.elements.get(eid)
            for cap in getattr(el, "capabilities", ()) if el is not None else ():
                area = cats.get(cap).get("d950_area") if cats.get(cap) is not None else None
                if area:
                    inferred[area].append((p, el, cap))
    for e in sorted(wanted, key=lambda e: e.id):
        if e.id in addressed:
            continue
        name = L(e.name, e.name_en or e.name)
        citation = ctx.cite(e.id) or ctx.cite("d950") or GAP_TASK_GROUP.citation
        hits = inferred.get(e.id)
        if hits:
            shown = list(dict.fromkeys(
                L("{p} ({verb} {el})", "{p} ({verb_en} {el})").format(
                    p=W.named(p), el=W.named(el), verb="tạo" if el.id in p.delivers else "nâng cấp",
                    verb_en="delivers" if el.id in p.delivers else "upgrades") for p, el, _c in hits))
            yield GAP_TASK_GROUP.finding(
                location=ctx.model_location(), citation=citation, severity="info",
                details={"task_group": e.id, "kind": e.kind, "inferred_from": sorted({p.id for p, _e, _c in hits})},
                message=NOT_TAGGED.format(name=name, id=e.id, projects=shown[:W.MESSAGE_COPIES]),
                suggestion=NOT_TAGGED_FIX.format(id=e.id, first=W.named(hits[0][0])))
            continue
        what = L("nội dung", "content area") if e.kind == "content-area" else L("nhóm nhiệm vụ", "task group")
        yield GAP_TASK_GROUP.finding(location=ctx.model_location(), citation=citation,
                                     details={"task_group": e.id, "kind": e.kind}, what=what, name=name, id=e.id)


GAP_NO_DATASETS = Rule(
    "gap-no-datasets", category="gap", severity="warning",
    title=("Mô hình không có cơ sở dữ liệu nào", "No dataset in the model"),
    message=("Mô hình có {systems} hệ thống nhưng không khai báo cơ sở dữ liệu nào (kể cả mô hình nền), trong khi {why}.",
             "The model has {systems:system|systems} but declares no dataset (baseline included), while {why}."),
    rationale=("Dữ liệu là thứ IOC và các dịch vụ thông minh vận hành trên đó: dữ liệu phải 'đúng, đủ, sạch, sống', thống "
               "nhất, dùng chung. Một mô hình ĐTTM hoặc có IOC mà không có CSDL nào thì không kiểm tra được chia sẻ dữ "
               "liệu, hệ thống gốc hay dữ liệu cá nhân, và lớp dữ liệu của kiến trúc trống. Mô hình chính quyền điện tử "
               "không có IOC thì không nêu.",
               "Data is what an IOC and smart services run on: it must be 'correct, complete, clean, live', unified "
               "and shared. A smart-city model, or one with an IOC, that declares no dataset cannot be checked for data "
               "sharing, systems of record or personal data, and its data layer is empty. An e-government model "
               "without an IOC is not reported."),
    citation="CV 1709/BKHCN-CĐSQG (21/5/2025): dữ liệu 'đúng, đủ, sạch, sống'; CV 2943/CĐSQG-CNCPS (27/10/2025)",
    suggestion=("Khai báo các CSDL chính (datasets: dân cư, đất đai, TTHC, chỉ tiêu KT-XH...) với đơn vị chủ quản, và "
                "ghi hệ thống nào làm chủ (access: master), hệ thống nào đọc, chia sẻ qua nền tảng nào (shared_via).",
                "Declare the main datasets (datasets: population, land, procedures, socio-economic indicators...) with "
                "their owners, and record which system masters each (access: master), which read it and through "
                "which platform it is shared (shared_via)."),
    example="# model.kind: smart-city\nplatforms:\n  - {id: ioc, name: IOC tỉnh, owner: so-khcn, capabilities: [ioc]}\n",
)


@GAP_NO_DATASETS.checks
def check_no_datasets(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    if any(is_active(d) for d in arch.by_kind.get("datasets", [])):
        return
    systems = [el for k in SYSTEMS for el in arch.by_kind.get(k, []) if is_active(el)]
    iocs = [el for el in systems if "ioc" in el.capabilities or "ioc-local" in el.capabilities]
    if not systems or (arch.kind != "smart-city" and not iocs):
        return
    why = (L("IOC {ioc} vận hành trên dữ liệu", "the IOC {ioc} runs on data").format(ioc=W.named(iocs[0])) if iocs
           else L("dịch vụ đô thị thông minh vận hành trên dữ liệu", "smart-city services run on data"))
    citation = ctx.cite_all(ctx.cite("cv-1709"), ctx.cite("pa-r4")) or "archtool model format v1 §2 (datasets)"
    yield GAP_NO_DATASETS.finding(location=ctx.model_location(), citation=citation, systems=len(systems), why=why,
                                  details={"systems": len(systems), "iocs": [el.id for el in iocs]})


GAP_NO_SENSING = Rule(
    "gap-no-sensing", category="gap", severity="warning", heavy=True,
    title=("Dịch vụ cần cảm biến nhưng không có lớp thu thập dữ liệu", "Services need sensing but there is no sensing layer"),
    message=("Mô hình có dịch vụ cần dữ liệu cảm biến ({services}) nhưng không có mạng cảm biến, camera hay nền tảng IoT "
             "nào (kể cả mô hình nền, kể cả dự kiến) để thu thập dữ liệu đó.",
             "The model has services that need sensor data ({services}) but no sensor network, camera network or IoT "
             "platform (baseline and planned ones included) to collect it."),
    rationale=("Lớp thu thập dữ liệu (cảm biến, camera, thiết bị IoT) của Khung tham chiếu ICT phát triển ĐTTM là nguồn "
               "dữ liệu của các dịch vụ như quan trắc môi trường, cảnh báo thiên tai, chiếu sáng, cấp nước thông minh; "
               "thiếu lớp này thì các dịch vụ và IOC không có dữ liệu để hiển thị. Năng lực nào cần cảm biến, năng lực "
               "nào cung cấp là ánh xạ của danh mục năng lực (needs_sensing, provides_sensing).",
               "The data-acquisition layer of the smart-city ICT reference framework (sensors, cameras, IoT devices) "
               "feeds services such as environment monitoring, disaster warning, smart lighting or water; without it "
               "those services and the IOC have no data to show. Which capabilities need sensing and which provide it "
               "is the capability catalog's mapping (needs_sensing, provides_sensing)."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019), Khung tham chiếu ICT phát triển ĐTTM: lớp thu thập dữ liệu",
    suggestion=("Khai báo mạng cảm biến hoặc nền tảng IoT mà các dịch vụ này dùng (uses), có sẵn hoặc thuê dịch vụ; nếu "
                "dữ liệu đến từ hệ thống của doanh nghiệp hay ngành khác, khai báo hệ thống đó.",
                "Declare the sensor network or IoT platform these services use (uses), existing or rented; if the data "
                "comes from an enterprise's or another sector's system, declare that system."),
    example="# model.kind: smart-city\napplications:\n"
            "  - {id: mt, name: Quan trắc môi trường, owner: so-khcn, capabilities: [environment-monitoring]}\n",
)


@GAP_NO_SENSING.checks
def check_no_sensing(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    if arch.kind != "smart-city":
        return
    caps = ctx.capabilities
    needs = {c for c, e in caps.items() if e.get("needs_sensing")}
    gives = {c for c, e in caps.items() if e.get("provides_sensing")}
    if not needs:
        return
    active = [el for el in arch.elements.values() if is_active(el) and el.KIND not in ("units", "projects")]
    if any(gives.intersection(el.capabilities) for el in active):
        return
    wanting = [el for el in active if needs.intersection(el.capabilities)]
    if not wanting:
        return
    citation = ctx.cite("rf829-l6", GAP_NO_SENSING.citation) or "archtool model format v1 §5 (gap: sensing layer)"
    yield GAP_NO_SENSING.finding(location=wanting[0]._src.location("capabilities"), elements=[el.id for el in wanting],
                                 capabilities=sorted({c for el in wanting for c in el.capabilities if c in needs}),
                                 citation=citation, services=W.named_ids(arch, [el.id for el in wanting]))
