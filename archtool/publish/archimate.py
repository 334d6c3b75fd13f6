"""The model as an ArchiMate 3.1 Model Exchange File (The Open Group's XML format), which Archi
and other ArchiMate tools import: elements by layer, relationships, Vietnamese names (English
beside them when the model has them), properties (owner, status, state, QĐ 829 layer, capability
ids, budget), and one view per archtool diagram.

Kinds map to ArchiMate element types: units BusinessActor, services BusinessService, applications
and platforms ApplicationComponent, datasets DataObject, infrastructure Node, CommunicationNetwork
or Device by ``type``, projects WorkPackage. Relations use only relationships ArchiMate 3.1 allows
between those types (Archi refuses others): a used system or infrastructure Serving its user, an
application's Access to a database (Read, Write, ReadWrite for master), Aggregation of a unit's
sub-units, Association for the rest, named by the relation's Vietnamese label.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from archtool.publish.diagrams import Diagram
from archtool.publish.view import View
from archtool.textnorm import xml_safe
from archtool.vocab import ACCESS, RELATIONS

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
SCHEMA = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
TYPES = {"units": "BusinessActor", "services": "BusinessService", "applications": "ApplicationComponent",
         "platforms": "ApplicationComponent", "datasets": "DataObject", "infrastructure": "Node",
         "projects": "WorkPackage"}
INFRA = {"network": "CommunicationNetwork", "wifi": "CommunicationNetwork", "data-network": "CommunicationNetwork",
         "sensor-network": "Device", "camera-network": "Device"}
ACCESS_TYPE = {"read": "Read", "write": "Write", "master": "ReadWrite"}
PROPERTIES = (("id", "Mã", "Id"), ("owner", "Đơn vị chủ quản", "Owner"), ("status", "Trạng thái", "Status"),
              ("state", "Hiện trạng", "State"), ("layer", "Lớp QĐ 829", "QĐ 829 layer"),
              ("capabilities", "Năng lực (mã)", "Capability ids"), ("since", "Năm vận hành", "Since"),
              ("security", "Cấp độ an toàn thông tin", "Security level"), ("period", "Thời gian", "Period"),
              ("budget", "Kinh phí (đồng)", "Budget (VND)"))
NODE_W, NODE_H, GAP, PER_ROW = 160, 60, 20, 6


def _f(el: Any, name: str) -> Any:
    """A field of an element, or None when its kind has no such field (without pydantic's slow
    attribute lookup for a missing name)."""
    return el.__dict__.get(name)


def _text(value: Any) -> str:
    text = xml_safe(str(value))
    return escape(text) if ("&" in text or "<" in text or ">" in text) else text


def _ident(el_id: str) -> str:
    return "id-" + el_id  # an element id may start with a digit; an xs:ID may not


def _names(v: View, el: Any, tag: str = "name") -> str:
    out = f'<{tag} xml:lang="vi">{_text(el.name or el.id)}</{tag}>'
    if _f(el, "name_en"):
        out += f'<{tag} xml:lang="en">{_text(el.name_en)}</{tag}>'
    return out


def _type(el: Any) -> str:
    if el.KIND == "infrastructure":
        return INFRA.get(_f(el, "type") or "", "Node")
    return TYPES[el.KIND]


def _props(v: View, el: Any, names: dict[str, str]) -> str:
    owner = el.owner
    if owner and owner not in names:
        names[owner] = v.name(owner)
    values: dict[str, Any] = {"id": el.id, "owner": names.get(owner, "") if owner else "", "status": v.status_name(el)}
    if el.KIND == "projects":
        values["period"] = f"{el.period.start}–{el.period.end}" if el.period else ""
        values["budget"] = sum(line.amount for line in el.budget) or ""
    elif el.KIND != "units":
        values.update(state=v.state_name(el), layer=v.layer_name(v.layer_of(el)), capabilities=", ".join(el.capabilities),
                      since=el.since or "", security=_f(el, "security_level") or "")
    body = "".join(f'<property propertyDefinitionRef="pd-{key}"><value xml:lang="{v.lang}">{_text(val)}</value></property>'
                   for key, *_ in PROPERTIES if (val := values.get(key)) not in (None, ""))
    return f"<properties>{body}</properties>" if body else ""


class Exchange:
    """Elements and relationships of one export, with the lookup views need."""

    def __init__(self, v: View) -> None:
        self.v = v
        kinds = ("units", "services", "applications", "platforms", "datasets", "infrastructure", "projects")
        self.elements = sorted((el for k in kinds for el in v.arch.by_kind.get(k, [])), key=lambda e: e.id)
        self.known = {el.id for el in self.elements}
        self.rels: list[tuple[str, str, str, str, str]] = []   # (id, type, source, target, name/access)
        self.by_pair: dict[tuple[str, str], str] = {}
        self.ends: dict[str, tuple[str, str]] = {}
        self.names: dict[str, str] = {}
        self._relations()

    def _add(self, kind: str, source: str, target: str, label: str, key: tuple[str, str] | None = None) -> None:
        if source not in self.known or target not in self.known or source == target:
            return
        rid = f"rel-{len(self.rels) + 1}"
        self.rels.append((rid, kind, source, target, label))
        self.ends[rid] = (source, target)
        self.by_pair.setdefault(key or (source, target), rid)

    def _relations(self) -> None:
        lang = self.v.lang
        for el in self.elements:
            if el.KIND == "units":
                if el.parent:
                    self._add("Aggregation", el.parent, el.id, RELATIONS["parent"].label.get(lang))
                continue
            if el.owner:
                self._add("Association", el.owner, el.id, RELATIONS["owner"].label.get(lang))
            for target in _f(el, "uses") or ():  # the used system serves its user
                self._add("Serving", target, el.id, RELATIONS["uses"].label.get(lang), (el.id, target))
            hosted = _f(el, "hosted_on")
            if hosted:
                self._add("Serving", hosted, el.id, RELATIONS["hosted_on"].label.get(lang), (el.id, hosted))
            for other in _f(el, "integrates_with") or ():
                self._add("Association", el.id, other, RELATIONS["integrates_with"].label.get(lang))
            for use in _f(el, "datasets") or ():
                self._add("Access", el.id, use.id, "access:" + ACCESS_TYPE[use.access] + ":" + ACCESS[use.access].get(lang))
            for platform in _f(el, "shared_via") or ():
                self._add("Access", platform, el.id, "access:Read:" + RELATIONS["shared_via"].label.get(lang), (el.id, platform))
            for rel in ("realized_by", "channels", "replaces"):
                for target in _f(el, rel) or ():
                    self._add("Association", el.id, target, RELATIONS[rel].label.get(lang))
            for rel in ("delivers", "upgrades"):
                for target in _f(el, rel) or ():
                    self._add("Association", el.id, target, RELATIONS[rel].label.get(lang))

    # -- writing -----------------------------------------------------------------------------------
    def _element(self, el: Any) -> str:
        doc = f'<documentation xml:lang="vi">{_text(el.description)}</documentation>' if el.description else ""
        return (f'<element identifier="{_ident(el.id)}" xsi:type="{_type(el)}">{_names(self.v, el)}{doc}'
                f"{_props(self.v, el, self.names)}</element>")

    def _relationship(self, rid: str, kind: str, source: str, target: str, label: str) -> str:
        extra = ""
        if label.startswith("access:"):
            _a, access, label = label.split(":", 2)
            extra = f' accessType="{access}"'
        return (f'<relationship identifier="{rid}" source="{_ident(source)}" target="{_ident(target)}" '
                f'xsi:type="{kind}"{extra}><name xml:lang="{self.v.lang}">{_text(label)}</name></relationship>')

    def _view(self, n: int, d: Diagram) -> str:
        """The diagram's elements laid out in a grid, a labelled container per cluster, and the
        connections of the relationships between them."""
        placed: dict[str, str] = {}
        nodes: list[str] = []
        y = GAP
        groups = [(label, [m for m in members if m in self.known]) for _cid, label, members in d.clusters]
        loose = [nid for nid in d.nodes if nid in self.known and not any(nid in g for _l, g in groups)]
        for label, members in groups + ([("", loose)] if loose else []):
            if not members:
                continue
            rows = (len(members) + PER_ROW - 1) // PER_ROW
            width = min(len(members), PER_ROW) * (NODE_W + GAP) + GAP
            height = rows * (NODE_H + GAP) + GAP + (30 if label else 0)
            inner = []
            for i, nid in enumerate(members):
                if nid in placed:
                    continue
                ident = f"v{n}-n{len(placed) + 1}"
                placed[nid] = ident
                x0 = GAP * 2 + (i % PER_ROW) * (NODE_W + GAP)
                y0 = y + (30 if label else 0) + GAP + (i // PER_ROW) * (NODE_H + GAP)
                inner.append(f'<node identifier="{ident}" elementRef="{_ident(nid)}" xsi:type="Element" '
                             f'x="{x0}" y="{y0}" w="{NODE_W}" h="{NODE_H}"/>')
            if label:
                nodes.append(f'<node identifier="v{n}-g{len(nodes) + 1}" xsi:type="Container" x="{GAP}" y="{y}" '
                             f'w="{width + GAP}" h="{height}"><label xml:lang="{self.v.lang}">{_text(label)}</label>'
                             f'{"".join(inner)}</node>')
            else:
                nodes.extend(inner)
            y += height + GAP
        conns = []
        for a, b, _style, _label in d.edges:
            rid = self.by_pair.get((a, b))
            if rid and a in placed and b in placed:
                src, dst = self.ends[rid]
                conns.append(f'<connection identifier="v{n}-c{len(conns) + 1}" relationshipRef="{rid}" '
                             f'xsi:type="Relationship" source="{placed[src]}" target="{placed[dst]}"/>')
        return (f'<view identifier="view-{n}" xsi:type="Diagram"><name xml:lang="{self.v.lang}">{_text(d.title)}</name>'
                f'{"".join(nodes)}{"".join(conns)}</view>')

    def xml(self, views: list[Diagram]) -> str:
        v = self.v
        i = 1 if v.lang == "en" else 0
        defs = "".join(f'<propertyDefinition identifier="pd-{key}" type="{"number" if key == "budget" else "string"}">'
                       f'<name xml:lang="{v.lang}">{_text(names[i])}</name></propertyDefinition>'
                       for key, *names in PROPERTIES)
        body = [f'<?xml version="1.0" encoding="UTF-8"?>\n<model xmlns="{NS}" '
                f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{SCHEMA}" '
                f'identifier="model-{_text(v.arch.id)}">',
                f'<name xml:lang="vi">{_text(v.title)}</name>']
        if v.info and v.info.description:
            body.append(f'<documentation xml:lang="vi">{_text(v.info.description)}</documentation>')
        if self.elements:
            body.append("<elements>\n" + "\n".join(self._element(el) for el in self.elements) + "\n</elements>")
        if self.rels:
            body.append("<relationships>\n" + "\n".join(self._relationship(*r) for r in self.rels) + "\n</relationships>")
        body.append(f"<propertyDefinitions>{defs}</propertyDefinitions>")
        diagrams = [self._view(n, d) for n, d in enumerate(views, 1)]
        if diagrams:
            body.append("<views><diagrams>\n" + "\n".join(diagrams) + "\n</diagrams></views>")
        body.append("</model>\n")
        return "\n".join(body)


def export(v: View, views: list[Diagram]) -> str:
    """The exchange file of ``v`` with one view per diagram of ``views``."""
    return Exchange(v).xml(views)

