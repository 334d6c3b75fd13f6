"""Architecture diagrams: each view is built once as an abstract :class:`Diagram`, then written
as Graphviz DOT and Mermaid, and rendered to SVG (and PNG for documents) by a Graphviz binary.

Renderer lookup (:func:`find_renderer`): a system ``dot`` on PATH, else ``graphviz-pure`` (a
dependency of archtool where its wheels exist) in the scripts folder of the running Python's
environment, which a pipx/uv tool venv or an unactivated venv does not put on PATH, else on PATH;
else only DOT and Mermaid are written and :func:`renderer_hint` says how to install Graphviz.
Big models are summarised (counts per layer and owner, top-N) above :data:`SUMMARY_THRESHOLD` nodes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from archtool.publish.view import CROSS, LAYERS, View, safe_name
from archtool.textnorm import HIDDEN_OR_BREAK

SUMMARY_THRESHOLD = 150   # nodes in a view before it is summarised
TOP_N = 12                # owners / groups shown per summarised cluster
MAX_IMPACT_VIEWS = 40     # impact views (largest budgets first) in one build
MAX_NEIGHBOURS = 30       # neighbours shown in one impact view
PER_ROW = 6               # nodes per row inside a layer
FONT = "Arial"            # Liberation Sans / Arimo: Vietnamese renders with both Graphviz builds

# node style -> (DOT attributes, Mermaid classDef)
NODE_STYLES = {
    "new": ('style="rounded,filled", fillcolor="#dbeafe", color="#1d4ed8"', "fill:#dbeafe,stroke:#1d4ed8"),
    "baseline": ('style="rounded,filled,dashed", fillcolor="#f3f4f6", color="#6b7280", fontcolor="#374151"',
                 "fill:#f3f4f6,stroke:#6b7280,stroke-dasharray:4 3,color:#374151"),
    "dup": ('style="rounded,filled,bold", fillcolor="#fee2e2", color="#dc2626", penwidth=2.5, fontcolor="#991b1b"',
            "fill:#fee2e2,stroke:#dc2626,stroke-width:3px,color:#991b1b"),
    # a duplicate that already exists in the baseline: red, and dashed like every baseline element
    "dup-baseline": ('style="rounded,filled,bold,dashed", fillcolor="#fee2e2", color="#dc2626", penwidth=2.5, fontcolor="#991b1b"',
                     "fill:#fee2e2,stroke:#dc2626,stroke-width:3px,stroke-dasharray:4 3,color:#991b1b"),
    "retired": ('style="rounded,dotted", color="#9ca3af", fontcolor="#6b7280"', "stroke:#9ca3af,stroke-dasharray:2 2,color:#6b7280"),
    "project": ('shape=folder, style=filled, fillcolor="#fef3c7", color="#b45309"', "fill:#fef3c7,stroke:#b45309"),
    "dataset": ('shape=cylinder, style=filled, fillcolor="#dcfce7", color="#15803d"', "fill:#dcfce7,stroke:#15803d"),
    "summary": ('style="rounded,filled", fillcolor="#e0e7ff", color="#4338ca"', "fill:#e0e7ff,stroke:#4338ca"),
    "note": ('shape=note, style=filled, fillcolor="#ffffff", color="#9ca3af"', "fill:#fff,stroke:#9ca3af"),
}
EDGE_STYLES = {
    "uses": ('color="#4b5563"', "-->"),
    "hosted_on": ('color="#6b7280", style=dashed', "-.->"),
    "integrates_with": ('color="#2563eb", dir=both', "<-->"),
    "master": ('color="#15803d", penwidth=2', "==>"),
    "write": ('color="#15803d"', "-->"),
    "read": ('color="#15803d", style=dashed', "-.->"),
    "shared_via": ('color="#7c3aed", style=dashed', "-.->"),
    "delivers": ('color="#b45309", penwidth=2', "==>"),
    "upgrades": ('color="#d97706", style=dashed', "-.->"),
    "related": ('color="#9ca3af"', "---"),
    "invis": ("style=invis", ""),
}


@dataclass
class Diagram:
    name: str                      # file stem (safe)
    title: str
    rankdir: str = "TB"
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)       # id -> (label, style)
    clusters: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (id, label, node ids)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (a, b, style, label)

    def node(self, nid: str, label: str, style: str) -> str:
        self.nodes.setdefault(nid, (label, style))
        return nid

    def edge(self, a: str, b: str, style: str = "uses", label: str = "") -> None:
        if a in self.nodes and b in self.nodes and a != b:
            self.edges.append((a, b, style, label))

    # -- output -------------------------------------------------------------------------------
    def to_dot(self) -> str:
        out = [f'digraph "{_esc(self.name)}" {{',
               f'  graph [fontname="{FONT}", label="{_esc(self.title)}", labelloc=t, fontsize=18, rankdir={self.rankdir}, '
               'newrank=true, nodesep=0.25, ranksep=0.4, compound=true];',
               f'  node [fontname="{FONT}", fontsize=11, shape=box, margin="0.12,0.06"];',
               f'  edge [fontname="{FONT}", fontsize=9, arrowsize=0.7];']
        placed: set[str] = set()
        for cid, label, members in self.clusters:
            out.append(f'  subgraph "cluster_{_esc(cid)}" {{')
            out.append(f'    label="{_esc(label)}"; style="rounded,filled"; fillcolor="#fafafa"; color="#d1d5db"; fontsize=13;')
            for nid in members:
                out.append("    " + self._dot_node(nid))
                placed.add(nid)
            out.append("  }")
        for nid in self.nodes:
            if nid not in placed:
                out.append("  " + self._dot_node(nid))
        for a, b, style, label in self.edges:
            attrs = EDGE_STYLES[style][0] + (f', label="{_esc(label)}"' if label else "")
            out.append(f'  "{_esc(a)}" -> "{_esc(b)}" [{attrs}];')
        out.append("}")
        return "\n".join(out) + "\n"

    def _dot_node(self, nid: str) -> str:
        label, style = self.nodes[nid]
        return f'"{_esc(nid)}" [label="{_esc(label)}", {NODE_STYLES[style][0]}];'

    def to_mermaid(self) -> str:
        ids = {nid: f"n{i}" for i, nid in enumerate(self.nodes)}
        direction = "LR" if self.rankdir == "LR" else "TB"
        out = [f"---\ntitle: {_mm(self.title)}\n---", f"flowchart {direction}"]
        placed: set[str] = set()
        for i, (_cid, label, members) in enumerate(self.clusters):
            out.append(f'  subgraph c{i}["{_mm(label)}"]')
            for nid in members:
                out.append(f'    {ids[nid]}["{_mm(self.nodes[nid][0])}"]')
                placed.add(nid)
            out.append("  end")
        for nid, (label, _style) in self.nodes.items():
            if nid not in placed:
                out.append(f'  {ids[nid]}["{_mm(label)}"]')
        for a, b, style, label in self.edges:
            arrow = EDGE_STYLES[style][1]
            if arrow:
                out.append(f"  {ids[a]} {arrow}{'|' + _mm(label) + '|' if label else ''} {ids[b]}")
        used = sorted({s for _l, s in self.nodes.values()})
        for s in used:
            out.append(f"  classDef {s} {NODE_STYLES[s][1]}")
        for s in used:
            members = [ids[n] for n, (_l, st) in self.nodes.items() if st == s]
            out.append(f"  class {','.join(members)} {s}")
        return "\n".join(out) + "\n"


def _clean(text: str) -> str:
    return HIDDEN_OR_BREAK.sub(" ", str(text))


def _esc(text: str) -> str:
    """A DOT double-quoted string body: backslashes and quotes escaped, our line breaks kept."""
    return _clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\n").replace("\u2029", "\\n")


def _mm(text: str) -> str:
    return _clean(text).replace('"', "#quot;").replace("\u2028", "<br/>").replace("\u2029", "<br/>") \
        .replace("<", "#lt;").replace(">", "#gt;").replace("#lt;br/#gt;", "<br/>")


def wrap(text: str, width: int = 26) -> str:
    """Wrap a label; lines are joined by U+2028, which DOT and Mermaid output turn into breaks."""
    return "\u2028".join(textwrap.wrap(_clean(text), width, break_long_words=True) or [""])


# -- views --------------------------------------------------------------------------------------
def element_style(v: View, el: Any) -> str:
    if el.id in v.dup_ids:
        return "dup-baseline" if v.arch.is_baseline(el) else "dup"
    if el.status == "retired":
        return "retired"
    if el.KIND == "datasets":
        return "baseline" if v.arch.is_baseline(el) else "dataset"
    return "baseline" if v.arch.is_baseline(el) else "new"


def _add_element(d: Diagram, v: View, el: Any) -> str:
    return d.node(el.id, wrap(v.name(el)), element_style(v, el))


def _legend(d: Diagram, v: View) -> None:
    t = v.text
    members = [d.node("legend-new", t("Phần tử mới", "New element"), "new"),
               d.node("legend-baseline", t("Hiện có (mô hình nền)", "Existing (baseline)"), "baseline"),
               d.node("legend-dup", t("Trùng lặp", "Duplicate"), "dup"),
               d.node("legend-retired", t("Ngừng hoạt động", "Retired"), "retired")]
    d.clusters.append(("legend", t("Chú giải", "Legend"), members))
    for a, b in zip(members, members[1:]):
        d.edge(a, b, "invis")


def _grid(d: Diagram, ids: list[str], per_row: int = PER_ROW) -> None:
    for i in range(len(ids) - per_row):
        d.edge(ids[i], ids[i + per_row], "invis")


def _owner_summary(d: Diagram, v: View, cid: str, elements: list[Any]) -> list[str]:
    """Summary nodes for one cluster: the top owners with their element counts, then the rest."""
    t = v.text
    by_owner = Counter(el.owner or "-" for el in elements)
    dups = sum(1 for el in elements if el.id in v.dup_ids)
    ids = []
    for owner, count in sorted(by_owner.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N]:
        ids.append(d.node(f"{cid}/{owner}", wrap(f"{v.name(owner)}: {count:n}"), "summary"))
    rest = len(by_owner) - TOP_N
    if rest > 0:
        others = sum(c for _o, c in sorted(by_owner.items(), key=lambda kv: (-kv[1], kv[0]))[TOP_N:])
        ids.append(d.node(f"{cid}/rest", t(f"… {rest} đơn vị khác: {others}", f"… {rest} more owners: {others}"), "note"))
    if dups:
        ids.append(d.node(f"{cid}/dups", t(f"{dups} phần tử trùng lặp", f"{dups} duplicate elements"), "dup"))
    return ids


def layered_view(v: View) -> Diagram:
    t = v.text
    d = Diagram("layers", t("Kiến trúc phân lớp theo Khung tham chiếu ICT (QĐ 829/QĐ-BTTTT)",
                            "Layered architecture per the ICT reference framework (Decision 829/QĐ-BTTTT)"))
    big = len(v.systems) > SUMMARY_THRESHOLD
    anchors: list[str] = []
    for layer in LAYERS + CROSS:
        elements = v.by_layer[layer]
        if not elements and layer in CROSS:
            continue
        if big:
            ids = _owner_summary(d, v, layer, elements)
            label = f"{v.layer_name(layer)} ({len(elements):n})"
        else:
            ids = [_add_element(d, v, el) for el in elements]
            label = v.layer_name(layer)
        if not ids:
            ids = [d.node(f"{layer}/empty", t("(chưa có phần tử)", "(no element)"), "note")]
        d.clusters.append((layer, label, ids))
        _grid(d, ids)
        if layer in LAYERS:  # stack the layers: the last row of one above the first row of the next
            if anchors:
                for nid in ids[:PER_ROW]:
                    d.edge(anchors[-1], nid, "invis")
            anchors.append(ids[-(len(ids) % PER_ROW or PER_ROW)])
    cross = [c for c in d.clusters if c[0] in CROSS]
    for (_c1, _l1, m1), (_c2, _l2, m2) in zip(cross, cross[1:]):
        d.edge(m1[-1], m2[0], "invis")
    _legend(d, v)
    return d


def _system_edges(v: View, kinds: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    return [e for e in v.edges if e[2] in kinds]


def dependency_view(v: View) -> Diagram:
    t = v.text
    d = Diagram("dependencies", t("Phụ thuộc và tích hợp giữa các hệ thống", "Dependencies and integrations"), rankdir="LR")
    rels = ("uses", "hosted_on", "integrates_with")
    edges = list(_system_edges(v, rels))
    involved = sorted({x for a, b, _r, _acc in edges for x in (a, b)})
    if len(involved) <= SUMMARY_THRESHOLD:
        for eid in involved:
            _add_element(d, v, v.arch.elements[eid])
        for a, b, rel, _acc in edges:
            d.edge(a, b, rel)
        _legend(d, v)
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
    d.node("note", t(f"Tóm tắt: {len(involved):n} hệ thống, {len(edges):n} liên kết; "
                     f"hiển thị {len(top)} cặp đơn vị phụ thuộc nhiều nhất",
                     f"Summary: {len(involved):n} systems, {len(edges):n} links; "
                     f"showing the {len(top)} most dependent owner pairs"), "note")
    return d


def data_view(v: View) -> Diagram:
    t = v.text
    d = Diagram("data-sharing", t("Chia sẻ dữ liệu: cơ sở dữ liệu, nguồn gốc (master) và nền tảng tích hợp",
                                  "Data sharing: datasets, masters and the integration platform"), rankdir="LR")
    datasets = sorted(v.arch.by_kind.get("datasets", []), key=lambda e: e.id)
    edges = _system_edges(v, ("datasets",))
    shared = _system_edges(v, ("shared_via",))
    involved = {x for a, b, _r, _acc in edges + shared for x in (a, b)} | {ds.id for ds in datasets}
    if len(involved) <= SUMMARY_THRESHOLD:
        for eid in sorted(involved):
            _add_element(d, v, v.arch.elements[eid])
        for a, b, _r, access in edges:
            d.edge(a, b, access, v.text({"master": "gốc", "write": "ghi", "read": "đọc"}[access], access))
        for a, b, _r, _acc in shared:
            d.edge(a, b, "shared_via", t("chia sẻ qua", "shared via"))
        _legend(d, v)
        return d
    # summarised: one node per dataset domain with counts, edges to the sharing platforms
    domains = Counter(ds.domain or "-" for ds in datasets)
    unshared = Counter(ds.domain or "-" for ds in datasets if not ds.shared_via)
    platforms: Counter[tuple[str, str]] = Counter()
    for ds in datasets:
        for p in ds.shared_via:
            platforms[(ds.domain or "-", p)] += 1
    for dom, count in sorted(domains.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N * 2]:
        d.node(f"domain/{dom}", wrap(t(f"{dom}: {count:n} CSDL, {unshared[dom]:n} chưa chia sẻ",
                                       f"{dom}: {count:n} datasets, {unshared[dom]:n} not shared")), "dataset")
    for (dom, p), w in sorted(platforms.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N * 3]:
        if f"domain/{dom}" in d.nodes and p in v.arch.elements:
            _add_element(d, v, v.arch.elements[p])
            d.edge(f"domain/{dom}", p, "shared_via", f"{w:n}")
    return d


def impact_views(v: View) -> list[Diagram]:
    """One view per project: what it delivers and upgrades, and their direct neighbours."""
    t = v.text
    ranked = sorted(v.project_rows, key=lambda r: (-r.total, r.el.id))[:MAX_IMPACT_VIEWS]
    out = []
    for row in sorted(ranked, key=lambda r: r.el.id):
        p = row.el
        d = Diagram(f"project-{safe_name(p.id)}", t(f"Tác động của dự án: {v.name(p)}", f"Project impact: {v.name(p)}"),
                    rankdir="LR")
        d.node(p.id, wrap(v.name(p)), "project")
        targets = [(x, "delivers") for x in p.delivers] + [(x, "upgrades") for x in p.upgrades]
        for x, rel in targets:
            if x in v.arch.elements:
                _add_element(d, v, v.arch.elements[x])
                d.edge(p.id, x, rel, t("xây dựng" if rel == "delivers" else "nâng cấp", rel))
        neighbours: list[tuple[str, str, str]] = []
        for x, _rel in targets:
            neighbours.extend((a, b, rel) for a, b, rel, _acc in v.outgoing.get(x, ()))
            neighbours.extend((a, b, rel) for a, b, rel, _acc in v.incoming.get(x, ())
                              if rel not in ("delivers", "upgrades"))
        for a, b, rel in sorted(set(neighbours))[:MAX_NEIGHBOURS]:
            for eid in (a, b):
                _add_element(d, v, v.arch.elements[eid])
            d.edge(a, b, rel if rel in EDGE_STYLES else "related")
        if len(d.nodes) == 1:
            d.node(f"{p.id}/none", t("Dự án chưa khai báo delivers/upgrades", "The project declares no delivers/upgrades"), "note")
        out.append(d)
    return out


def _duplicate_title(v: View, f: Any) -> str:
    if f.rule == "dup-dataset-master" and f.elements and f.elements[0] in v.arch.elements:
        name = v.name(v.arch.elements[f.elements[0]])
        return v.text(f"CSDL '{name}': nhiều hệ thống làm chủ (master)", f"Dataset '{name}': several masters")
    return ", ".join(v.name(c) for c in (f.capabilities or [])) or f.rule


def duplicates_view(v: View) -> Diagram:
    t = v.text
    d = Diagram("duplicates", t("Trùng lặp: các phần tử cùng năng lực (đánh dấu đỏ)",
                                "Duplicates: elements with the same capability (in red)"), rankdir="LR")
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
        d.node("more", t(f"… và {len(v.duplicates) - TOP_N * 3} phát hiện khác (xem matrix.xlsx)",
                         f"… and {len(v.duplicates) - TOP_N * 3} more (see matrix.xlsx)"), "note")
    return d


def all_views(v: View) -> list[Diagram]:
    return [layered_view(v), dependency_view(v), data_view(v), duplicates_view(v)] + impact_views(v)


# -- rendering ----------------------------------------------------------------------------------
def script_dirs() -> list[str]:
    """Where pip put the console scripts of the environment archtool runs in: ``venv/bin``,
    ``venv\\Scripts``, a pipx/uv tool venv, ``~/.local/bin`` or ``%APPDATA%\\Python\\PythonXY\\Scripts``."""
    dirs = [sysconfig.get_path("scripts"), os.path.dirname(sys.executable)]
    try:
        dirs.append(sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user")))
    except (AttributeError, KeyError):  # pragma: no cover - a Python or distro without a user scheme
        pass
    return [d for d in dict.fromkeys(dirs) if d]


def find_renderer() -> str | None:
    """A system ``dot`` on PATH, else ``graphviz-pure`` next to this Python (``shutil.which`` with a
    path applies PATHEXT, so ``graphviz-pure.exe`` is found on Windows), else ``graphviz-pure`` on PATH."""
    return (shutil.which("dot")
            or shutil.which("graphviz-pure", path=os.pathsep.join(script_dirs()))
            or shutil.which("graphviz-pure"))


def renderer_hint(lang: str) -> str:
    install = ("apt-get install graphviz | brew install graphviz | winget install Graphviz.Graphviz | "
               "choco install graphviz")
    if lang == "en":
        return (f"Graphviz not found: wrote .dot and .mmd only. For SVG/PNG install Graphviz ({install}) "
                "or, in archtool's environment: pip install graphviz-pure")
    return (f"không tìm thấy Graphviz: chỉ ghi .dot và .mmd. Để có SVG/PNG hãy cài Graphviz ({install}) "
            "hoặc, trong môi trường của archtool: pip install graphviz-pure")


class RenderError(Exception):
    pass


def render(binary: str, dot_text: str, fmt: str, timeout: int = 120) -> bytes:
    try:
        proc = subprocess.run([binary, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(str(exc)) from None
    if proc.returncode != 0 or not proc.stdout:
        raise RenderError(proc.stderr.decode("utf-8", "replace").strip()[:300])
    return proc.stdout
