"""Architecture diagrams: each view is built once as an abstract :class:`Diagram`, then written
as Graphviz DOT and Mermaid, and rendered to SVG (and PNG for documents) by a Graphviz binary.

The views themselves are in :mod:`archtool.publish.views`. Every view carries a legend of the node
and line styles it uses. Renderer lookup: ``dot`` on PATH, else ``graphviz-pure``
(``pip install graphviz-pure``), else only DOT and Mermaid are written and :func:`renderer_hint`
says how to install Graphviz.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

from archtool.i18n import L
from archtool.textnorm import HIDDEN_OR_BREAK
from archtool.vocab import ACCESS, RELATIONS, capital

FONT = "Arial"            # Liberation Sans / Arimo: Vietnamese renders with both Graphviz builds

# node style -> (DOT attributes, Mermaid classDef, legend text)
NODE_STYLES = {
    "new": ('style="rounded,filled", fillcolor="#dbeafe", color="#1d4ed8"', "fill:#dbeafe,stroke:#1d4ed8",
            L("Đầu tư mới", "New")),
    "existing": ('style="rounded,filled,dashed", fillcolor="#f3f4f6", color="#6b7280", fontcolor="#374151"',
                 "fill:#f3f4f6,stroke:#6b7280,stroke-dasharray:4 3,color:#374151", L("Hiện có", "Existing")),
    "dup": ('style="rounded,filled,bold", fillcolor="#fee2e2", color="#dc2626", penwidth=2.5, fontcolor="#991b1b"',
            "fill:#fee2e2,stroke:#dc2626,stroke-width:3px,color:#991b1b", L("Trùng lặp (đầu tư mới)", "Duplicate (new)")),
    # a duplicate that exists already: red, and dashed like every existing element
    "dup-existing": ('style="rounded,filled,bold,dashed", fillcolor="#fee2e2", color="#dc2626", penwidth=2.5, '
                     'fontcolor="#991b1b"', "fill:#fee2e2,stroke:#dc2626,stroke-width:3px,stroke-dasharray:4 3,color:#991b1b",
                     L("Trùng lặp (hiện có)", "Duplicate (existing)")),
    "retired": ('style="rounded,dotted", color="#9ca3af", fontcolor="#6b7280"', "stroke:#9ca3af,stroke-dasharray:2 2,color:#6b7280",
                L("Đã dừng", "Retired")),
    "project": ('shape=folder, style=filled, fillcolor="#fef3c7", color="#b45309"', "fill:#fef3c7,stroke:#b45309",
                L("Dự án", "Project")),
    "dataset": ('shape=cylinder, style=filled, fillcolor="#dcfce7", color="#15803d"', "fill:#dcfce7,stroke:#15803d",
                L("Cơ sở dữ liệu mới", "New database")),
    "summary": ('style="rounded,filled", fillcolor="#e0e7ff", color="#4338ca"', "fill:#e0e7ff,stroke:#4338ca",
                L("Nhóm theo đơn vị: số phần tử", "Group by owner: element count")),
    "note": ('shape=note, style=filled, fillcolor="#ffffff", color="#9ca3af"', "fill:#fff,stroke:#9ca3af", L("Ghi chú", "Note")),
}
# edge style -> (DOT attributes, Mermaid arrow, legend text)
EDGE_STYLES = {
    "uses": ('color="#4b5563"', "-->", RELATIONS["uses"].label),
    "hosted_on": ('color="#6b7280", style=dashed', "-.->", RELATIONS["hosted_on"].label),
    "integrates_with": ('color="#2563eb", dir=both', "<-->", RELATIONS["integrates_with"].label),
    "master": ('color="#15803d", penwidth=2', "==>", ACCESS["master"]),
    "write": ('color="#15803d"', "-->", ACCESS["write"]),
    "read": ('color="#15803d", style=dashed', "-.->", ACCESS["read"]),
    "shared_via": ('color="#7c3aed", style=dashed', "-.->", RELATIONS["shared_via"].label),
    "delivers": ('color="#b45309", penwidth=2', "==>", RELATIONS["delivers"].label),
    "upgrades": ('color="#d97706", style=dashed', "-.->", RELATIONS["upgrades"].label),
    "related": ('color="#9ca3af"', "---", L("liên quan", "related")),
    "invis": ("style=invis", "~~~", L("", "")),
}


@dataclass
class Diagram:
    name: str                      # file stem (safe)
    title: str
    rankdir: str = "TB"
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)       # id -> (label, style)
    clusters: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (id, label, node ids)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (a, b, style, label)
    #: DOT written instead of the node/cluster graph (the layered view is one HTML-like table)
    dot_text: str | None = None
    lang: str = "vi"

    def node(self, nid: str, label: str, style: str) -> str:
        self.nodes.setdefault(nid, (label, style))
        return nid

    def edge(self, a: str, b: str, style: str = "uses", label: str = "") -> None:
        if a in self.nodes and b in self.nodes and a != b:
            self.edges.append((a, b, style, label))

    def legend(self) -> None:
        """A legend cluster: one sample of every node style and every line style in the view."""
        styles = sorted({s for _l, s in self.nodes.values()}, key=list(NODE_STYLES).index)
        lines = sorted({s for _a, _b, s, _l in self.edges if s != "invis"}, key=list(EDGE_STYLES).index)
        if not styles and not lines:
            return
        members = [self.node(f"legend/{s}", wrap(NODE_STYLES[s][2].get(self.lang), 22), s) for s in styles]
        for s in lines:
            a = self.node(f"legend/{s}/a", capital(EDGE_STYLES[s][2].get(self.lang)), "note")
            b = self.node(f"legend/{s}/b", " ", "note")
            self.edges.append((a, b, s, ""))
            members += [a, b]
        self.clusters.append(("legend", L("Chú giải", "Legend").get(self.lang), members))

    # -- output -------------------------------------------------------------------------------
    def to_dot(self) -> str:
        if self.dot_text is not None:
            return self.dot_text
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
        # the title as a JSON string, which is a YAML double-quoted scalar: a ':' cannot break it
        out = [f"---\ntitle: {json.dumps(_clean(self.title), ensure_ascii=False)}\n---", f"flowchart {direction}"]
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
            out.append(f"  {ids[a]} {arrow}{'|' + _mm(label) + '|' if label and style != 'invis' else ''} {ids[b]}")
        used = sorted({s for _l, s in self.nodes.values()})
        for s in used:
            out.append(f"  classDef {_mm_class(s)} {NODE_STYLES[s][1]}")
        for s in used:
            members = [ids[n] for n, (_l, st) in self.nodes.items() if st == s]
            out.append(f"  class {','.join(members)} {_mm_class(s)}")
        return "\n".join(out) + "\n"


def _mm_class(style: str) -> str:
    return style.replace("-", "_")


def _clean(text: str) -> str:
    return HIDDEN_OR_BREAK.sub(" ", str(text))


def _esc(text: str) -> str:
    """A DOT double-quoted string body: backslashes and quotes escaped, our line breaks kept."""
    return _clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\n").replace("\u2029", "\\n")


def _mm(text: str) -> str:
    return _clean(text).replace('"', "#quot;").replace("\u2028", "<br/>").replace("\u2029", "<br/>") \
        .replace("<", "#lt;").replace(">", "#gt;").replace("#lt;br/#gt;", "<br/>").replace("|", "#124;")


def html(text: str) -> str:
    """Text for a Graphviz HTML-like label: entities escaped, our line breaks as ``<BR/>``."""
    out = _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return out.replace("\u2028", "<BR/>").replace("\u2029", "<BR/>")


def wrap(text: str, width: int = 26) -> str:
    """Wrap a label; lines are joined by U+2028, which DOT and Mermaid output turn into breaks."""
    return "\u2028".join(textwrap.wrap(_clean(text), width, break_long_words=True) or [""])


# -- rendering ----------------------------------------------------------------------------------
def find_renderer() -> str | None:
    return shutil.which("dot") or shutil.which("graphviz-pure")


def renderer_hint(lang: str) -> str:
    if lang == "en":
        return ("Graphviz not found: wrote .dot and .mmd only. For SVG/PNG install Graphviz "
                "(apt-get install graphviz | brew install graphviz) or: pip install graphviz-pure")
    return ("không tìm thấy Graphviz: chỉ ghi .dot và .mmd. Để có SVG/PNG hãy cài Graphviz "
            "(apt-get install graphviz | brew install graphviz) hoặc: pip install graphviz-pure")


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
