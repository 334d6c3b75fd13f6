"""The ArchiMate 3.1 exchange file validates against The Open Group's XSD (vendored in
tests/artefacts/archimate with its note), and carries layers, relations, names, properties, views."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import EXAMPLE, TODAY, run_cli

XSD = Path(__file__).parent / "archimate"
NS = {"a": "http://www.opengroup.org/xsd/archimate/3.0/", "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


class LocalXml(etree.Resolver):
    def resolve(self, url, pubid, context):  # noqa: ANN001 - lxml's signature
        if url.endswith("/xml.xsd"):
            return self.resolve_filename(str(XSD / "xml.xsd"), context)
        return None


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalXml())
    return etree.XMLSchema(etree.parse(str(XSD / "archimate3_Diagram.xsd"), parser))


def test_the_exchange_file_validates_and_carries_the_model(example_out: Path, schema: etree.XMLSchema) -> None:
    doc = etree.parse(str(example_out / "archimate.xml"))
    assert schema.validate(doc), schema.error_log
    types = {e.get("identifier"): e.get(TYPE) for e in doc.iterfind(".//a:elements/a:element", NS)}
    assert types["id-lgsp-long-an"] == "ApplicationComponent" and types["id-so-khcn"] == "BusinessActor"
    assert types["id-da-hop-nhat-lgsp"] == "WorkPackage" and "DataObject" in types.values()
    el = doc.find(".//a:element[@identifier='id-lgsp-long-an']", NS)
    assert el.findtext("a:name[@xml:lang='vi']", namespaces={**NS, "xml": "http://www.w3.org/XML/1998/namespace"}) \
        .startswith("Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Long An")
    props = {p.get("propertyDefinitionRef"): p.findtext("a:value", namespaces=NS) for p in el.iterfind(".//a:property", NS)}
    assert props["pd-owner"] == "Sở Khoa học và Công nghệ tỉnh Tây Ninh" and props["pd-status"] == "đang vận hành"
    assert props["pd-capabilities"] == "integration-platform" and props["pd-layer"] == "Lớp hỗ trợ dịch vụ và dữ liệu"
    rels = {r.get(TYPE) for r in doc.iterfind(".//a:relationship", NS)}
    assert {"Serving", "Access", "Association"} <= rels
    views = doc.findall(".//a:views/a:diagrams/a:view", NS)
    stems = {p.stem for p in (example_out / "diagrams").glob("*.dot")}
    assert len(views) == len(stems)  # one view per diagram
    assert any(v.find("a:connection", NS) is not None for v in views)


def test_a_broken_file_does_not_validate(example_out: Path, schema: etree.XMLSchema, tmp_path: Path) -> None:
    text = (example_out / "archimate.xml").read_text(encoding="utf-8")
    broken = text.replace('xsi:type="Serving"', 'xsi:type="Servng"', 1)
    assert broken != text
    assert not schema.validate(etree.fromstring(broken.encode("utf-8")))
    dangling = text.replace('target="id-lgsp-long-an"', 'target="id-nowhere"', 1)
    assert not schema.validate(etree.fromstring(dangling.encode("utf-8")))


def test_export_command_writes_the_same_file(example_out: Path, tmp_path: Path) -> None:
    code, _o, err = run_cli("export", EXAMPLE / "smart-city", "--format", "archimate", "-o", tmp_path / "m.xml",
                            "--as-of", TODAY.isoformat())
    assert code == 0, err
    assert (tmp_path / "m.xml").read_bytes() == (example_out / "archimate.xml").read_bytes()
    code, _o, err = run_cli("export", EXAMPLE / "smart-city", "--format", "xmi")
    assert code == 2 and "archimate" in err
