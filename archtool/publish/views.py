"""The diagrams of a build: the QĐ 829 layered view, dependencies, data sharing, duplicates, and an
impact view per project (the largest budgets first).

The layered view is drawn as one Graphviz HTML-like table so that it reads like the QĐ 829 figure
on an A4 page: the six layers stacked from users (top) to data collection (bottom), each layer's
components in rows of :data:`COLUMNS`, the cross-cutting systems in a column beside them, a legend
under it. Retired systems are left out of it (the plan's current-state table counts them). Views
over :data:`SUMMARY_THRESHOLD` nodes are summarised (top owners per layer with counts).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from archtool.publish.diagrams import FONT, NODE_STYLES, Diagram, html, wrap
from archtool.publish.view import CROSS, LAYERS, View, safe_name
from archtool.vocab import ACCESS, RELATIONS

SUMMARY_THRESHOLD = 150   # nodes in a view before it is summarised
TOP_N = 12                # owners / groups shown per summarised cluster
MAX_IMPACT_VIEWS = 40     # impact views (largest budgets first) in one build
MAX_NEIGHBOURS = 30       # neighbours shown in one impact view
COLUMNS = 3               # components per row of a layer: about 7 pt text on a portrait A4 page
CELL_W, CROSS_W, WRAP = 135, 145, 20
#: the tallest layered figure (points) the plan shows on one A4 page; taller ones are split by layer
PAGE_PT = 1000
#: node style -> HTML-like table cell attributes (the layered view)
CELL = {
    "new": 'BGCOLOR="#dbeafe" COLOR="#1d4ed8"',
    "existing": 'BGCOLOR="#f3f4f6" COLOR="#6b7280" STYLE="dashed"',
    "dup": 'BGCOLOR="#fee2e2" COLOR="#dc2626" BORDER="2"',
    "dup-existing": 'BGCOLOR="#fee2e2" COLOR="#dc2626" BORDER="2" STYLE="dashed"',
    "dataset": 'BGCOLOR="#dcfce7" COLOR="#15803d"',
    "summary": 'BGCOLOR="#e0e7ff" COLOR="#4338ca"',
    "note": 'BGCOLOR="#ffffff" COLOR="#9ca3af"',
    "retired": 'COLOR="#9ca3af" STYLE="dotted"',
}


def element_style(v: View, el: Any) -> str:
    existing = v.state(el) == "existing"
    if el.id in v.dup_ids:
        return "dup-existing" if existing else "dup"
    if el.status == "retired":
        return "retired"
    if existing:
        return "existing"
    return "dataset" if el.KIND == "datasets" else "new"


def _add_element(d: Diagram, v: View, el: Any) -> str:
    return d.node(el.id, wrap(v.name(el)), element_style(v, el))


def _owner_summary(v: View, cid: str, elements: list[Any]) -> list[tuple[str, str, str]]:
    """``(id, label, style)`` summary items of one layer: the top owners with their counts, the rest."""
    by_owner = Counter(el.owner or "-" for el in elements)
    ranked = sorted(by_owner.items(), key=lambda kv: (-kv[1], kv[0]))
    items = [(f"{cid}/{owner}", wrap(f"{v.name(owner)}: {count:n}", 22), "summary") for owner, count in ranked[:TOP_N]]
    if len(ranked) > TOP_N:
        others = sum(c for _o, c in ranked[TOP_N:])
        items.append((f"{cid}/rest", v.text(f"… {len(ranked) - TOP_N} đơn vị khác: {others:n}",
                                            f"… {len(ranked) - TOP_N} more owners: {others:n}"), "note"))
    dups = sum(1 for el in elements if el.id in v.dup_ids)
    if dups:
        items.append((f"{cid}/dups", v.text(f"{dups:n} phần tử trùng lặp", f"{dups:n} duplicate elements"), "dup"))
    return items


def _cell(label: str, style: str, width: int = CELL_W) -> str:
    border = "" if "BORDER=" in CELL[style] else 'BORDER="1" '
    return (f'<TD {border}{CELL[style]} WIDTH="{width}" HEIGHT="30" CELLPADDING="4">'
            f'<FONT POINT-SIZE="10">{html(label)}</FONT></TD>')


def _cell_height(items: list[tuple[str, str, str]], columns: int) -> float:
    """Estimated height in points of the component rows of one table (Graphviz HTML layout: a row
    is as high as its tallest cell; 10 pt text is about 12 pt a line; a cell is at least 30 pt)."""
    total = 0.0
    for i in range(0, len(items), columns):
        lines = max(label.count("\u2028") + 1 for _i, label, _s in items[i:i + columns])
        total += max(30.0, lines * 12.0 + 10) + 4
    return total


def _table(v: View, title: str, layers: list[tuple[str, list[tuple[str, str, str]]]],
           cross: list[tuple[str, list[tuple[str, str, str]]]], styles: list[str]) -> str:
    rows = []
    left_h = 0.0
    for name, items in layers:
        if not items:
            items = [("", v.text("(chưa có thành phần)", "(no component)"), "note")]
        cells = [_cell(label, style) for _i, label, style in items]
        body = ["<TR>" + "".join(cells[i:i + COLUMNS]) + f'<TD WIDTH="{CELL_W}"></TD>' * (COLUMNS - len(cells[i:i + COLUMNS])) + "</TR>"
                for i in range(0, len(cells), COLUMNS)]
        left_h += _cell_height(items, COLUMNS) + 26 + 6
        rows.append('<TR><TD><TABLE BORDER="1" STYLE="rounded" COLOR="#9ca3af" BGCOLOR="#fafafa" CELLBORDER="0" '
                    f'CELLSPACING="4" CELLPADDING="2"><TR><TD COLSPAN="{COLUMNS}" ALIGN="LEFT">'
                    f'<FONT POINT-SIZE="12"><B>{html(name)}</B></FONT></TD></TR>{"".join(body)}</TABLE></TD></TR>')
    side = []
    right_h = 24.0
    for name, items in cross:
        cells = "".join(f"<TR>{_cell(label, style, CROSS_W)}</TR>" for _i, label, style in items)
        right_h += _cell_height(items, 1) + 24 + 6
        side.append('<TR><TD><TABLE BORDER="1" STYLE="rounded" COLOR="#9ca3af" BGCOLOR="#fafafa" CELLBORDER="0" '
                    f'CELLSPACING="4" CELLPADDING="2"><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11"><B>{html(wrap(name, 24))}</B>'
                    f"</FONT></TD></TR>{cells}</TABLE></TD></TR>")
    # Graphviz stretches the shorter column to the taller one's height, row by row: an empty last
    # row of the estimated difference takes that space instead of the boxes above it
    filler = abs(left_h - right_h) - 20
    pad = f'<TR><TD HEIGHT="{int(filler)}"></TD></TR>' if filler > 10 else ""
    legend = "".join(_cell(wrap(NODE_STYLES[s][2].get(v.lang), 14), s, 90) for s in styles)
    left = f'<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="0">{"".join(rows)}{pad if right_h > left_h else ""}</TABLE>'
    right = (f'<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="0"><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="12"><B>'
             f'{html(v.text("Hệ thống xuyên suốt", "Cross-cutting systems"))}</B></FONT></TD></TR>{"".join(side)}'
             f'{pad if left_h > right_h else ""}</TABLE>')
    foot = (f'<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0"><TR><TD><FONT POINT-SIZE="11"><B>'
            f'{html(v.text("Chú giải", "Legend"))}</B></FONT></TD>{legend}</TR></TABLE>')
    table = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0"><TR><TD VALIGN="TOP">{left}</TD>'
             + (f'<TD VALIGN="TOP">{right}</TD>' if side else "") + f'</TR><TR><TD COLSPAN="2" ALIGN="LEFT">{foot}</TD></TR></TABLE>')
    return (f'digraph "layers" {{\n  graph [fontname="{FONT}", label="{html(title)}", labelloc=t, fontsize=16, margin=0.1];\n'
            f'  node [shape=plaintext, fontname="{FONT}", margin=0];\n  "layers" [label=<{table}>];\n}}\n')


def _layer_items(v: View) -> dict[str, list[tuple[str, str, str]]]:
    big = len(v.systems) > SUMMARY_THRESHOLD
    out = {}
    for layer in LAYERS + CROSS:
        els = [el for el in v.by_layer[layer] if el.status != "retired"]
        out[layer] = _owner_summary(v, layer, els) if big else \
            [(el.id, wrap(v.name(el), WRAP), element_style(v, el)) for el in els]
    return out


def _layered(v: View, name: str, title: str, parts: dict[str, list[tuple[str, str, str]]], layers: tuple[str, ...],
             cross: bool) -> Diagram:
    """The layered view of some layers (and the cross-cutting systems beside them)."""
    t = v.text
    d = Diagram(name, title, lang=v.lang)
    big = len(v.systems) > SUMMARY_THRESHOLD
    first: list[str] = []
    for layer in layers + (CROSS if cross else ()):
        items = parts[layer]
        if not items and layer in CROSS:
            continue
        label = f"{v.layer_name(layer)} ({len(v.by_layer[layer]):n})" if big else v.layer_name(layer)
        ids = [d.node(i, label_, style) for i, label_, style in items] or \
              [d.node(f"{layer}/empty", t("(chưa có thành phần)", "(no component)"), "note")]
        d.clusters.append((layer, label, ids))
        if layer in LAYERS:
            if first:
                d.edge(first[-1], ids[0], "invis")  # Mermaid: stack the layers top to bottom
            first.append(ids[0])
    styles = sorted({s for layer in d.clusters for _i, _l, s in parts.get(layer[0], [])}, key=list(NODE_STYLES).index)
    named = {c[0]: c[1] for c in d.clusters}
    d.dot_text = _table(v, title, [(named.get(layer, v.layer_name(layer)), parts[layer]) for layer in layers],
                        [(named[layer], parts[layer]) for layer in CROSS if cross and parts[layer]], styles)
    d.legend()
    return d


def _title(v: View) -> str:
    return v.text("Kiến trúc phân lớp theo Khung tham chiếu ICT (QĐ 829/QĐ-BTTTT)",
                  "Layered architecture per the ICT reference framework (Decision 829/QĐ-BTTTT)")


def layered_view(v: View) -> Diagram:
    return _layered(v, "layers", _title(v), _layer_items(v), LAYERS, True)


def layered_parts(v: View) -> list[Diagram]:
    """The layered view as the plan shows it: whole when it fits an A4 page at a readable size,
    else split by layer into figures that each do (the cross-cutting systems with the first)."""
    parts = _layer_items(v)
    height = {layer: _cell_height(parts[layer] or [("", "", "note")], COLUMNS) + 32 for layer in LAYERS}
    cross_h = sum(_cell_height(parts[x], 1) + 30 for x in CROSS if parts[x])
    groups: list[list[str]] = [[]]
    used = 0.0
    for layer in LAYERS:
        if groups[-1] and used + height[layer] > PAGE_PT:
            groups.append([])
            used = 0.0
        groups[-1].append(layer)
        used += height[layer]
    if len(groups) == 1 and cross_h <= PAGE_PT:
        return [layered_view(v)]
    n = len(groups)
    return [_layered(v, f"layers-{i}", v.text(f"{_title(v)} (phần {i}/{n})", f"{_title(v)} (part {i} of {n})"),
                     parts, tuple(g), i == 1) for i, g in enumerate(groups, 1)]


def _system_edges(v: View, kinds: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    return [e for e in v.edges if e[2] in kinds]


def dependency_view(v: View, limit: int = SUMMARY_THRESHOLD, name: str = "dependencies") -> Diagram:
    """Who uses and integrates what; over ``limit`` systems, summarised by owner unit."""
    t = v.text
    d = Diagram(name, t("Phụ thuộc và tích hợp giữa các hệ thống đang hoạt động",
                        "Dependencies and integrations between active systems"), rankdir="LR", lang=v.lang)
    # where a system is hosted shows in the layered view; here only who uses and integrates what
    active = {el.id for el in v.systems if el.status != "retired"}
    edges = [e for e in _system_edges(v, ("uses", "integrates_with")) if e[0] in active and e[1] in active]
    involved = sorted({x for a, b, _r, _acc in edges for x in (a, b)})
    if len(involved) <= limit:
        for eid in involved:
            _add_element(d, v, v.arch.elements[eid])
        for a, b, rel, _acc in edges:
            d.edge(a, b, rel)
        d.legend()
        return d
    # summarised: owners as nodes, weighted edges between them (top-N by weight)
    weight: Counter[tuple[str, str]] = Counter()
    els = v.arch.elements
    for a, b, _rel, _acc in edges:
        oa, ob = els[a].owner or "-", els[b].owner or "-"
        if oa != ob:
            weight[(oa, ob)] += 1
    top = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N * 3]
    for (oa, ob), w in top:
        d.node(oa, wrap(v.name(oa)), "summary")
        d.node(ob, wrap(v.name(ob)), "summary")
        d.edge(oa, ob, "uses", f"{w:n}")
    d.title = t("Phụ thuộc giữa các hệ thống, gộp theo đơn vị chủ quản (số liên kết)",
                "Dependencies between systems, grouped by owner (number of links)")
    d.node("note", t(f"Tóm tắt: {len(involved):n} hệ thống, {len(edges):n} liên kết; "
                     f"hiển thị {len(top)} cặp đơn vị phụ thuộc nhiều nhất",
                     f"Summary: {len(involved):n} systems, {len(edges):n} links; "
                     f"showing the {len(top)} most dependent owner pairs"), "note")
    d.legend()
    return d


def data_view(v: View, limit: int = SUMMARY_THRESHOLD, name: str = "data-sharing") -> Diagram:
    """Databases, their masters and sharing platforms; over ``limit`` nodes, summarised by domain."""
    t = v.text
    d = Diagram(name, t("Chia sẻ dữ liệu: cơ sở dữ liệu, hệ thống làm chủ và nền tảng tích hợp",
                                  "Data sharing: databases, masters and the integration platform"), rankdir="LR",
                lang=v.lang)
    datasets = sorted(v.arch.by_kind.get("datasets", []), key=lambda e: e.id)
    edges = _system_edges(v, ("datasets",))
    shared = _system_edges(v, ("shared_via",))
    involved = {x for a, b, _r, _acc in edges + shared for x in (a, b)} | {ds.id for ds in datasets}
    if len(involved) <= limit:
        for eid in sorted(involved):
            _add_element(d, v, v.arch.elements[eid])
        for a, b, _r, access in edges:
            d.edge(a, b, access, ACCESS[access].get(v.lang))
        for a, b, _r, _acc in shared:
            d.edge(a, b, "shared_via", RELATIONS["shared_via"].label.get(v.lang))
        d.legend()
        return d
    # summarised: one node per owner unit with its databases, edges to the sharing platforms
    d.title = t("Chia sẻ dữ liệu theo đơn vị chủ quản: số cơ sở dữ liệu và nền tảng chia sẻ",
                "Data sharing by owner: databases and sharing platforms")
    owners = Counter(ds.owner for ds in datasets)
    unshared = Counter(ds.owner for ds in datasets if not ds.shared_via)
    platforms: Counter[tuple[str, str]] = Counter()
    for ds in datasets:
        for p in ds.shared_via:
            platforms[(ds.owner, p)] += 1
    for owner, count in sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N * 2]:
        d.node(f"owner/{owner}", wrap(t(f"{v.name(owner)}: {count:n} CSDL, {unshared[owner]:n} chưa chia sẻ",
                                        f"{v.name(owner)}: {count:n} databases, {unshared[owner]:n} not shared")), "summary")
    for (owner, p), w in sorted(platforms.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N * 3]:
        if f"owner/{owner}" in d.nodes and p in v.arch.elements:
            _add_element(d, v, v.arch.elements[p])
            d.edge(f"owner/{owner}", p, "shared_via", f"{w:n}")
    d.legend()
    return d


def impact_views(v: View) -> list[Diagram]:
    """One view per project: what it delivers and upgrades, and their direct neighbours."""
    t = v.text
    ranked = sorted(v.budget.rows, key=lambda r: (-r.total, r.el.id))[:MAX_IMPACT_VIEWS]
    out = []
    for row in sorted(ranked, key=lambda r: r.el.id):
        p = row.el
        d = Diagram(f"project-{safe_name(p.id)}", t(f"Tác động của dự án: {v.name(p)}", f"Project impact: {v.name(p)}"),
                    rankdir="LR", lang=v.lang)
        d.node(p.id, wrap(v.name(p)), "project")
        targets = [(x, "delivers") for x in p.delivers] + [(x, "upgrades") for x in p.upgrades]
        for x, rel in targets:
            if x in v.arch.elements:
                _add_element(d, v, v.arch.elements[x])
                d.edge(p.id, x, rel, RELATIONS[rel].label.get(v.lang))
        neighbours: list[tuple[str, str, str]] = []
        for x, _rel in targets:
            neighbours.extend((a, b, rel) for a, b, rel, _acc in v.outgoing.get(x, ()))
            neighbours.extend((a, b, rel) for a, b, rel, _acc in v.incoming.get(x, ())
                              if rel not in ("delivers", "upgrades"))
        for a, b, rel in sorted(set(neighbours))[:MAX_NEIGHBOURS]:
            for eid in (a, b):
                _add_element(d, v, v.arch.elements[eid])
            d.edge(a, b, rel if rel in ("uses", "hosted_on", "integrates_with", "shared_via") else "related")
        if len(d.nodes) == 1:
            d.node(f"{p.id}/none", t("Dự án chưa nêu hệ thống tạo ra hoặc nâng cấp",
                                     "The project names no system it builds or upgrades"), "note")
        d.legend()
        out.append(d)
    return out


def _duplicate_title(v: View, f: Any) -> str:
    if f.rule == "dup-dataset-master" and f.elements and f.elements[0] in v.arch.elements:
        name = v.name(v.arch.elements[f.elements[0]])
        return v.text(f"Cơ sở dữ liệu '{name}': nhiều hệ thống làm chủ", f"Database '{name}': several masters")
    return ", ".join(v.name(c) for c in (f.capabilities or [])) or v.text("Tên gần trùng nhau", "Similar names")


def duplicates_view(v: View) -> Diagram:
    t = v.text
    d = Diagram("duplicates", t("Trùng lặp: các phần tử cùng năng lực (đánh dấu đỏ)",
                                "Duplicates: elements with the same capability (in red)"), rankdir="LR", lang=v.lang)
    seen: set[frozenset[str]] = set()  # one cluster per set of copies, whichever rules report it
    for i, f in enumerate(v.duplicates[:TOP_N * 3]):
        copies = frozenset(e for e in f.elements if v.arch.kind_of.get(e) != "projects")
        if copies in seen:
            continue
        seen.add(copies)
        members = []
        for eid in f.elements:
            el = v.arch.elements.get(eid)
            if el is not None:
                style = "project" if el.KIND == "projects" else element_style(v, el)
                members.append(d.node(f"f{i}/{eid}", wrap(v.name(el)), style))
        if members:
            d.clusters.append((f"dup{i}", wrap(_duplicate_title(v, f), 50), members))
    if not d.nodes:
        d.node("none", t("Không phát hiện trùng lặp", "No duplication found"), "note")
    elif len(v.duplicates) > TOP_N * 3:
        d.node("more", t(f"… và {len(v.duplicates) - TOP_N * 3} trường hợp khác (xem matrix.xlsx)",
                         f"… and {len(v.duplicates) - TOP_N * 3} more (see matrix.xlsx)"), "note")
    d.legend()
    return d


def all_views(v: View) -> list[Diagram]:
    return [layered_view(v), dependency_view(v), data_view(v), duplicates_view(v)] + impact_views(v)


#: nodes a plan figure may hold and stay readable on an A4 page; larger views are summarised there
PLAN_NODES = 24


def plan_views(v: View) -> dict[str, list[Diagram]]:
    """The figures of the plan: the layered view (split by layer when tall), the dependencies and
    the data sharing (each summarised when the full view would not be readable on a page)."""
    deps = dependency_view(v, PLAN_NODES, "dependencies-plan")
    data = data_view(v, PLAN_NODES, "data-sharing-plan")
    return {"layers": layered_parts(v), "dependencies": [deps], "data-sharing": [data]}
