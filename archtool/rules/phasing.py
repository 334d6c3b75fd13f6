"""Phasing rules: rebuilding what was just built ("đập đi làm lại"), systems left on an element being
replaced or retired, an application project finishing before the infrastructure it runs on, and more
smart-city fields started in one plan than the province chose."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.model.architecture import SYSTEMS, is_active
from archtool.rules import wording as W
from archtool.rules.context import Context
from archtool.rules.coverage import FIELD_GROUP, priorities

OPEN = ("proposed", "approved", "in-progress")
#: principle-spread-thin without declared priorities: starting this many fields in one plan is worth a note
FIELDS_WITHOUT_PRIORITIES = 3


def _open_projects(arch: Any) -> list[Any]:
    return [p for p in arch.by_kind.get("projects", []) if p.status in OPEN]


def _start(ctx: Context, el: Any) -> int | None:
    """The year an element starts: ``since``, else the start of a project delivering it."""
    if el.since:
        return el.since
    for pid in ctx.index.delivering.get(el.id, ()):
        p = ctx.arch.elements[pid]
        if p.period is not None:
            return p.period.start
    return None


def _built(ctx: Context, el: Any) -> int | None:
    """The year an element was built: ``since``, else the end of the project that delivered it."""
    if el.since:
        return el.since
    ends = [ctx.arch.elements[p].period.end for p in ctx.index.delivering.get(el.id, ())
            if ctx.arch.elements[p].period is not None]
    return max(ends) if ends else None


REBUILD = Rule(
    "principle-rebuild", category="principle", severity="warning",
    title=("Xây mới thay hệ thống vừa xây", "Rebuilding a system that was just built"),
    message=("{new} thay thế {old}, hệ thống đang vận hành mới đưa vào sử dụng năm {built}: đến năm {start} nó mới "
             "{age} năm, dưới ngưỡng {years} năm. Xây mới thay cho một hệ thống còn dùng được là 'đập đi làm lại'.",
             "{new} replaces {old}, an operating system put in use in {built}: by {start} it is only {age_en} old, "
             "under the {years}-year threshold. Building anew instead of a system that still works is a rebuild."),
    rationale=("Hệ thống đã đầu tư cần được tận dụng: nâng cấp, mở rộng hệ thống sẵn có trước khi xây mới. Một phần tử dự "
               "kiến thay thế (replaces) một hệ thống đang vận hành đưa vào sử dụng chưa đến ngưỡng số năm (mặc định 5, "
               "một kỳ kế hoạch năm năm; đặt bằng thresholds: {rebuild_years: N} trong archtool.yaml) là dấu hiệu xây "
               "lại. Năm đưa vào sử dụng là 'since', nếu không có thì năm kết thúc dự án tạo ra nó. Không nêu khi dự án "
               "tạo ra phần tử mới cũng nâng cấp (upgrades) hệ thống cũ.",
               "An investment already made should be used: upgrade and extend an existing system before building a new "
               "one. A planned element that replaces (replaces) an operating system put in use fewer years ago than the "
               "threshold (default 5, one five-year planning period; set thresholds: {rebuild_years: N} in "
               "archtool.yaml) is a sign of rebuilding. The year put in use is 'since', else the end of the project "
               "that delivered it. Not reported when the project delivering the new element also upgrades the old one."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019), nguyên tắc chung c): tận dụng hạ tầng ICT sẵn có; CV 1709/BKHCN-CĐSQG (21/5/2025): rà soát, tận dụng hạ tầng, dữ liệu, hệ thống sẵn có",
    suggestion=("Nâng cấp, mở rộng {old} thay vì xây mới (dự án ghi upgrades: [{old_id}] và bỏ replaces); nếu vẫn phải thay, "
                "ghi rõ lý do (hệ thống cũ không đáp ứng được yêu cầu nào) trong mô tả và hồ sơ dự án.",
                "Upgrade and extend {old} instead of building anew (the project writes upgrades: [{old_id}], drop "
                "replaces); if it must still be replaced, state why (which need the old system cannot meet) in the "
                "description and the project file."),
    example="applications:\n  - {id: cu, name: Giao thông thí điểm, owner: so-khcn, since: 2024}\n"
            "  - {id: moi, name: Giao thông toàn tỉnh, owner: so-khcn, status: planned, since: 2026, replaces: [cu]}\n",
)


@REBUILD.checks
def check_rebuild(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    years = arch.manifest.thresholds.rebuild_years if arch.manifest else 5
    upgraded_by: dict[str, set[str]] = defaultdict(set)  # new element -> old elements its projects upgrade
    for p in arch.by_kind.get("projects", []):
        for new in p.delivers:
            upgraded_by[new].update(p.upgrades)
    citation = ctx.cite_all(ctx.cite("rf829-p3"), ctx.cite("cv-1709")) or "archtool model format v1 §2 (replaces)"
    for el in arch.elements.values():
        if not el.replaces or el.status not in ("planned", "building"):
            continue
        start = _start(ctx, el) or (ctx.period_years[0] if ctx.period_years else ctx.today.year)
        for i, oid in enumerate(el.replaces):
            old = arch.elements.get(oid)
            if old is None or old.status not in ("operational", "retiring") or oid in upgraded_by[el.id]:
                continue
            built = _built(ctx, old)
            if built is None or start - built >= years:
                continue
            yield REBUILD.finding(
                location=el._src.location("replaces", i), elements=[el.id, old.id], citation=citation,
                details={"built": built, "start": start, "age": start - built, "threshold": years},
                new=W.subject(el), old=W.named(old), old_id=old.id, built=built, start=start,
                age=max(start - built, 0), age_en="1 year" if start - built == 1 else f"{max(start - built, 0)} years",
                years=years)


DEP_RETIRING = Rule(
    "gap-dependency-retiring", category="gap", severity="warning", heavy=True,
    title=("Hệ thống còn dựa vào phần tử sắp bị thay thế hoặc dừng", "Systems still on an element being replaced or retired"),
    message=("{old} {why}, nhưng {count} hệ thống vẫn dùng, đặt trên hoặc chia sẻ dữ liệu qua nó: {dependents}. Khi nó "
             "dừng, các hệ thống này mất phần chúng phụ thuộc.",
             "{old} {why}, but {count:system still uses it, runs on it or shares data through it|systems still use it, "
             "run on it or share data through it}: {dependents}. When it stops, they lose what they depend on."),
    rationale=("Thay thế hay dừng một nền tảng, hạ tầng là một kế hoạch chuyển đổi: mọi hệ thống đang dùng nó phải được "
               "chuyển sang hệ thống thay thế trước khi nó dừng. Phát hiện gom mọi hệ thống còn phụ thuộc vào một phần "
               "tử đang bị thay thế (có phần tử khác replaces nó) hoặc sắp dừng (retiring); hệ thống đã khai báo dùng cả "
               "hệ thống thay thế, hoặc chính nó cũng đang bị thay thế, dừng, thì không tính.",
               "Replacing or retiring a platform or infrastructure is a migration: every system on it must move to the "
               "replacement before it stops. The finding gathers every system still depending on an element being "
               "replaced (another element replaces it) or retiring; a system that already declares the replacement, "
               "or is itself being replaced or retired, is not counted."),
    citation="archtool model format v1 §5 (gap: dependencies); §2 (replaces, status retiring)",
    suggestion=("Lập kế hoạch chuyển các hệ thống này sang {target} (ghi {write}), ví dụ trong dự án tạo hệ thống thay "
                "thế, trước khi {old_short} dừng.",
                "Plan to move these systems to {target} (write {write}), e.g. in the project that builds the "
                "replacement, before {old_short} stops."),
    example="platforms:\n  - {id: lgsp-cu, name: LGSP cũ, owner: so-khcn, capabilities: [integration-platform]}\n"
            "  - {id: lgsp-moi, name: LGSP mới, owner: so-khcn, capabilities: [integration-platform], status: planned,"
            " replaces: [lgsp-cu]}\n"
            "applications:\n  - {id: app, name: Một cửa, owner: so-khcn, uses: [lgsp-cu]}\n",
)


@DEP_RETIRING.checks
def check_dependency_retiring(ctx: Context) -> Iterable[Finding]:
    arch, ix = ctx.arch, ctx.index
    replaced_by = {old: [n for n in new if is_active(arch.elements[n])] for old, new in ix.replaced_by.items()}
    going = {eid for eid, news in replaced_by.items() if news and eid in arch.elements
             and arch.elements[eid].status != "retired"} | {
        el.id for el in arch.elements.values() if el.status == "retiring"}  # retired: gap-dependency-retired
    # a finding names the element going, its dependents and lies with it or its replacement: in a
    # focused run the element going is one of the proposal's or referenced by one, so in the focus
    targets = going if ctx.focus is None else going & ctx.focus
    if not targets:
        return
    dependents: dict[str, list[str]] = defaultdict(list)
    for kind in ("applications", "platforms", "datasets"):
        for el in arch.by_kind.get(kind, []):
            if not is_active(el) or el.status == "retiring" or el.id in going:
                continue
            links = set(getattr(el, "uses", ()) or ()) | set(getattr(el, "shared_via", ()) or ())
            host = getattr(el, "hosted_on", None)
            if host:
                links.add(host)
            for target in sorted(links & targets):
                if not links.intersection(replaced_by.get(target, ())):
                    dependents[target].append(el.id)
    for oid in sorted(dependents):
        old = arch.elements.get(oid)
        if old is None or old.KIND not in ("platforms", "applications", "infrastructure"):
            continue
        target = _successor(ctx, old, replaced_by.get(oid, []))
        news = replaced_by.get(oid, [])
        why = (L("đang được thay thế bởi {n}", "is being replaced by {n}").format(n=W.named_ids(arch, news)) if news
               else L("sắp dừng hoạt động{u}", "is retiring{u}").format(
                   u=L(" (năm {y})", " (in {y})").format(y=old.until) if old.until else L("", "")))
        where = arch.elements[news[0]] if news and arch.is_baseline(old) and not arch.is_baseline(arch.elements[news[0]]) \
            else None
        location = where._src.location("replaces", where.replaces.index(oid)) if where else old._src.location(
            "status" if old.status == "retiring" else None)
        deps = dependents[oid]
        tid = target.id if target else "…"
        if old.KIND == "infrastructure":
            write = f"hosted_on: {tid}"
        elif any(arch.elements[d].KIND == "datasets" for d in deps):
            write = L(f"uses: [{tid}]; CSDL: shared_via: [{tid}]", f"uses: [{tid}]; datasets: shared_via: [{tid}]")
        else:
            write = f"uses: [{tid}]"
        yield DEP_RETIRING.finding(
            location=location, elements=[oid, *deps], details={"dependents": deps, "replaced_by": news},
            old=W.subject(old), old_short=W.named(old), why=why, count=len(deps),
            dependents=W.named_ids(arch, deps),
            target=W.named(target) if target else L("hệ thống thay thế", "the replacement"), write=write)


def _successor(ctx: Context, old: Any, news: list[str]) -> Any:
    """Where the dependents should go: a replacement doing the same job (same capability), else the
    province's other provider of that capability (a data centre turned into a backup site sends its
    systems to the main data centre, not to the backup)."""
    arch = ctx.arch
    caps = set(old.capabilities)
    same = [n for n in news if caps & set(arch.elements[n].capabilities)] if caps else list(news)
    if same:
        return arch.elements[W.preferred(ctx.index, same)[0]]
    others = [e for c in caps for e in ctx.index.providers.get(c, ()) if e != old.id and e not in ctx.index.replaced
              and arch.elements[e].status != "retiring"]
    if others:
        return arch.elements[W.preferred(ctx.index, sorted(set(others)))[0]]
    return arch.elements[news[0]] if news else None


HOSTING_LATER = Rule(
    "project-hosting-later", category="consistency", severity="warning",
    title=("Ứng dụng xong trước hạ tầng để chạy", "Application finished before the infrastructure it runs on"),
    message=("Dự án {project} kết thúc năm {end} nhưng {element} đặt trên {host}, {when}: ứng dụng xong trước khi có "
             "hạ tầng để vận hành.",
             "Project {project} ends in {end} but {element} is hosted on {host}, {when_en}: the application is "
             "finished before there is infrastructure to run it."),
    rationale=("Lộ trình đầu tư phải có hạ tầng trước ứng dụng: một dự án ứng dụng kết thúc (nghiệm thu, vận hành) trước "
               "khi hạ tầng mà ứng dụng đặt trên đó được bàn giao thì hoặc phải thuê chỗ đặt tạm, hoặc ứng dụng nằm chờ. "
               "Hạ tầng được bàn giao khi dự án tạo ra nó kết thúc, hoặc từ năm 'since' của nó.",
               "An investment roadmap needs infrastructure before applications: an application project that ends "
               "(acceptance, go-live) before the infrastructure its application is hosted on is delivered must either "
               "rent a temporary home or leave the application waiting. Infrastructure is delivered when the project "
               "building it ends, or from its 'since'."),
    citation="archtool model format v1 §2 (projects: delivers, period; hosted_on)",
    suggestion=("Lùi thời gian kết thúc của dự án, đưa hạ tầng lên sớm hơn, hoặc đặt hệ thống trên hạ tầng đang có trong "
                "thời gian chờ.",
                "Move the project's end later, bring the infrastructure forward, or host the system on existing "
                "infrastructure meanwhile."),
    example="infrastructure:\n  - {id: tdl, name: TTDL mới, owner: so-khcn, status: planned, since: 2029, shared: true}\n"
            "applications:\n  - {id: app, name: Ứng dụng, owner: so-khcn, status: planned, hosted_on: tdl}\n"
            "projects:\n  - {id: p, name: Dự án ứng dụng, owner: so-khcn, delivers: [app], period: {start: 2026, end: 2027}}\n",
)


@HOSTING_LATER.checks
def check_hosting_later(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    for p in _open_projects(arch):
        if p.period is None:
            continue
        for i, eid in enumerate(p.delivers):
            el = arch.elements.get(eid)
            host = arch.elements.get(el.hosted_on) if el is not None and el.KIND in SYSTEMS and el.hosted_on else None
            if host is None or host.status not in ("planned", "building"):
                continue
            ready, by = host.since, None
            for qid in ctx.index.delivering.get(host.id, ()):
                q = arch.elements[qid]
                if qid != p.id and q.period is not None and (ready is None or q.period.end > ready):
                    ready, by = q.period.end, q
            if ready is None or ready <= p.period.end:
                continue
            when = (L("do dự án {q} bàn giao năm {y}", "which project {q} delivers in {y}").format(q=W.named(by), y=ready)
                    if by else L("chỉ có từ năm {y}", "available only from {y}").format(y=ready))
            yield HOSTING_LATER.finding(
                location=p._src.location("delivers", i), elements=[p.id, el.id, host.id] + ([by.id] if by else []),
                details={"end": p.period.end, "host_ready": ready, "host_project": by.id if by else None},
                project=W.named(p), end=p.period.end, element=W.named(el), host=W.named(host), when=when, when_en=when)


SPREAD_THIN = Rule(
    "principle-spread-thin", category="principle", severity="warning", heavy=True,
    title=("Bắt đầu nhiều lĩnh vực hơn các ưu tiên đã chọn", "More fields started than the chosen priorities"),
    message=("Kỳ {period} bắt đầu {count} lĩnh vực đô thị thông minh trong khi tỉnh chọn {chosen} lĩnh vực ưu tiên "
             "({priorities}); ngoài ưu tiên: {extra}.",
             "The {period} plan starts {count} smart-city fields while the province chose {chosen} priority fields "
             "({priorities}); outside the priorities: {extra}."),
    rationale=("Đầu tư dàn trải nhiều lĩnh vực cùng lúc làm mỗi lĩnh vực thiếu nguồn lực và dữ liệu, trong khi cấp độ "
               "trưởng thành ĐTTM được đánh giá theo kết quả thực tế chứ không theo kế hoạch. Tỉnh khai báo vài lĩnh vực "
               "ưu tiên của kỳ (priorities: trong archtool.yaml); một lĩnh vực được tính là 'bắt đầu' khi mô hình có hệ "
               "thống mới (dự kiến, đang xây dựng hoặc do dự án đang mở tạo ra) thuộc lĩnh vực đó. Chưa khai báo ưu tiên "
               "mà bắt đầu từ " + str(FIELDS_WITHOUT_PRIORITIES) + " lĩnh vực trở lên thì phát hiện chỉ là thông tin. "
               "Đây là cách đọc của archtool, không phải trích dẫn văn bản.",
               "Investing in many fields at once leaves each short of resources and data, while smart-city maturity is "
               "assessed on actual results, not plans. The province declares the few priority fields of the period "
               "(priorities: in archtool.yaml); a field counts as 'started' when the model has a new system in it "
               "(planned, being built, or delivered by an open project). With no priorities declared, starting " +
               str(FIELDS_WITHOUT_PRIORITIES) + " or more fields is information only. This is archtool's reading, not "
               "a quotation."),
    citation="NĐ 269/2025/NĐ-CP, Điều 6 khoản 2: đề án nêu cấp độ trưởng thành dự kiến đạt được trong từng giai đoạn; TT 03/2026/TT-BXD: đánh giá theo kết quả thực tế",
    suggestion=("Dồn nguồn lực cho các lĩnh vực ưu tiên; đưa các lĩnh vực ngoài ưu tiên sang kỳ sau, hoặc bổ sung chúng "
                "vào priorities kèm lý do và nguồn lực.",
                "Concentrate on the priority fields; move the others to the next period, or add them to priorities with "
                "a reason and resources."),
    example="# model.kind: smart-city\n# manifest: priorities: [smart-traffic]\n"
            "applications:\n  - {id: gt, name: Giao thông, owner: so-khcn, status: planned, capabilities: [smart-traffic]}\n"
            "  - {id: cs, name: Chiếu sáng, owner: so-khcn, status: planned, capabilities: [smart-lighting]}\n",
)
NO_PRIORITIES = L(
    "Kỳ {period} bắt đầu {count} lĩnh vực đô thị thông minh ({extra}) mà tỉnh chưa khai báo lĩnh vực ưu tiên.",
    "The {period} plan starts {count} smart-city fields ({extra}) and the province has declared no priority fields.")
NO_PRIORITIES_FIX = L("Ghi vài lĩnh vực ưu tiên của kỳ vào archtool.yaml (priorities: [mã năng lực, ...]) và tập trung "
                      "nguồn lực vào đó.",
                      "List the period's few priority fields in archtool.yaml (priorities: [capability id, ...]) and "
                      "concentrate resources on them.")


@SPREAD_THIN.checks
def check_spread_thin(ctx: Context) -> Iterable[Finding]:
    arch = ctx.arch
    if arch.kind != "smart-city":
        return
    profile = ctx.catalogs.profile("smart-city")
    fields = [r.get("capability") for r in (profile.get("requires") or []) if r.get("group") == FIELD_GROUP] \
        if profile else []
    delivered = {eid for p in _open_projects(arch) for eid in p.delivers}

    def starts(el: Any) -> bool:  # a new system in one of the fields
        return not (arch.is_baseline(el) or el.KIND in ("units", "projects") or not is_active(el)) and \
            (el.status in ("planned", "building") or el.id in delivered) and any(c in fields for c in el.capabilities)

    # the finding lies in the manifest and names the systems started: a review asks for it only
    # when one of the proposal's elements is among them
    if ctx.focused and not any(starts(arch.elements[i]) for i in sorted(ctx.proposal) if i in arch.elements):
        return
    started: dict[str, list[str]] = defaultdict(list)
    for el in arch.elements.values():
        if starts(el):
            for cap in el.capabilities:
                if cap in fields:
                    started[cap].append(el.id)
    chosen = priorities(ctx)
    years = ctx.period_years
    period = f"{years[0]}–{years[1]}" if years else L("kế hoạch", "this")
    order = [c for c in fields if c in started]
    extra = [c for c in order if c not in chosen]
    if not extra or (not chosen and len(order) < FIELDS_WITHOUT_PRIORITIES):
        return
    elements = [e for c in extra for e in started[c]]
    names = [L("{f} ({els})", "{f} ({els})").format(f=ctx.cap_name(c), els=W.named_ids(arch, started[c], 3)) for c in extra]
    citation = ctx.cite_all(ctx.cite("nd269-a6-2-maturity", SPREAD_THIN.citation), ctx.cite("tt03-assessment")) or \
        "archtool model format v1 §5 (principle: the period's priorities)"
    location = arch.model_location("priorities") if chosen else ctx.model_location()
    details = {"started": {c: started[c] for c in order}, "priorities": chosen, "outside": extra}
    if not chosen:
        yield SPREAD_THIN.finding(location=location, elements=elements, capabilities=extra, severity="info",
                                  citation=citation, details=details, suggestion=NO_PRIORITIES_FIX,
                                  message=NO_PRIORITIES.format(period=period, count=len(order), extra=names))
        return
    yield SPREAD_THIN.finding(location=location, elements=elements, capabilities=extra, citation=citation,
                              details=details, period=period, count=len(order), chosen=len(chosen),
                              priorities=[ctx.cap_name(c) for c in chosen], extra=names)
