"""What an editor gets from the JSON Schemas: value lists from the catalogs and the rule registry,
a Vietnamese and English description with an example for every field, element files that
validate on their own, and the same verdict as ``archtool check`` on types."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from archtool.catalogs import load
from archtool.model import schema as S
from archtool.model.fielddocs import COLLECTIONS, FIELDS
from archtool.model.yamlread import parse
from archtool.rules.registry import RULES
from archtool.vocab import UNIT_LEVEL
from archtool.workflows.schemas import editor_schema
from tests.conftest import ROOT, check_json, write_model

MANIFEST = "archtool: 1\nmodel: {id: m, name: Mô hình, kind: e-government}\n"
UNITS = "units:\n  - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province}\n"


def validator(which: str) -> jsonschema.Draft202012Validator:
    schema = editor_schema(which)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(which: str, text: str) -> list[str]:
    data, problems = parse(text)
    assert not problems
    return sorted(e.message for e in validator(which).iter_errors(data))


# -- value lists ------------------------------------------------------------------------------

def test_value_lists_come_from_the_catalogs_and_the_registry():
    defs = editor_schema("model")["$defs"]
    cats = load()
    offered = defs["CapabilityId"]["anyOf"][0]["enum"]
    assert offered == [e.id for e in cats.of_kind("capability")] and len(offered) > 40
    groups = defs["TaskGroupId"]["anyOf"][0]["enum"]
    assert sorted(groups) == sorted(cats.task_group_ids()) and "d950-g1" in groups
    assert sorted(defs["RuleId"]["enum"]) == sorted(r.id for r in RULES)
    rules = defs["Manifest"]["properties"]["rules"]
    assert sorted(rules["properties"]) == sorted(r.id for r in RULES) and rules["additionalProperties"] is False
    level = next(a for a in defs["Unit"]["properties"]["level"]["anyOf"] if "enum" in a)
    assert level["enum"] == list(UNIT_LEVEL) and level["markdownEnumDescriptions"][1] == "tỉnh / province"
    labels = dict(zip(offered, defs["CapabilityId"]["anyOf"][0]["markdownEnumDescriptions"]))
    assert labels["integration-platform"].startswith(cats.get("integration-platform").name)


def test_every_element_kind_offers_the_capabilities():
    defs = editor_schema("elements")["$defs"]
    for cls in S.KIND_CLASSES.values():
        assert defs[cls.__name__]["properties"]["capabilities"]["items"] == {"$ref": "#/$defs/CapabilityId"}
    assert defs["Project"]["properties"]["task_groups"]["items"] == {"$ref": "#/$defs/TaskGroupId"}


def test_offered_ids_do_not_refuse_a_province_catalog_id_and_rule_ids_are_closed():
    # a province's own catalog may add capabilities; check accepts them, so the schema does too
    assert errors("elements", "platforms:\n  - {id: p, name: P, owner: u, capabilities: [cap-rieng-tinh]}\n") == []
    assert errors("elements", "platforms:\n  - {id: p, name: P, owner: u, capabilities: [Sai Mã]}\n")
    assert errors("manifest", MANIFEST + "rules: {platform-unused: off}\n") == []
    assert errors("manifest", MANIFEST + "rules: {platfrom-unused: off}\n")  # check: rule-setting-unknown
    assert errors("elements", "waivers:\n  - {rule: dup-capabilty, reason: r, expires: 2026-12-31}\n")


# -- descriptions -------------------------------------------------------------------------------

def _classes():
    return [S.Unit, S.Application, S.Platform, S.Dataset, S.Infrastructure, S.Service, S.Project, S.Waiver,
            S.Period, S.DatasetUse, S.BudgetLine, S.ModelInfo, S.CheckOptions, S.Thresholds, S.Manifest]


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_every_field_has_a_vietnamese_and_english_description_with_an_example(cls):
    whole = editor_schema("model")
    defs = whole["$defs"]
    props = (defs[cls.__name__] if cls is not S.Manifest else defs["Manifest"])["properties"]
    for name in cls.model_fields:
        vi, en, example = FIELDS.get(f"{cls.__name__}.{name}", FIELDS.get(name))
        prop = props[name]
        assert prop["markdownDescription"].startswith(vi) and f"*{en}*" in prop["markdownDescription"]
        assert f"```yaml\n{example}\n```" in prop["markdownDescription"]
        assert vi != en and prop["description"] == f"{vi} / {en}"
        # the example is valid for the field it documents
        sub = {**whole, **prop}
        sub.pop("if", None), sub.pop("then", None), sub.pop("else", None)
        jsonschema.Draft202012Validator(sub).validate(prop["examples"][0])


def test_every_collection_has_a_description_with_a_valid_example():
    for name, (vi, en, example) in COLLECTIONS.items():
        assert errors("elements", example) == [], name
        assert vi and en


# -- element files validate on their own ----------------------------------------------------------

@pytest.mark.parametrize("which", ["elements", "model"])
def test_an_element_file_with_an_error_shows_only_that_error(which):
    found = errors(which, "applications:\n  - {id: a, name: A, owner: u, hosted_no: dc}\n")
    assert len(found) == 1 and "hosted_no" in found[0]
    assert not any("archtool" in e or "'model'" in e for e in found)
    assert errors(which, UNITS) == []


def test_the_manifest_schema_takes_a_one_file_model_and_refuses_a_missing_model():
    assert errors("manifest", MANIFEST + UNITS) == []
    assert errors("model", MANIFEST + UNITS) == []
    assert any("'model' is a required property" in e for e in errors("manifest", "archtool: 1\n"))
    assert errors("elements", MANIFEST)  # a manifest is not an element file


def test_init_and_import_point_each_file_at_its_schema(tmp_path: Path):
    from tests.conftest import run_cli

    target = tmp_path / "m"
    code, _, err = run_cli("init", str(target), "--kind", "e-government")
    assert code == 0, err
    lines = {p.name: p.read_text(encoding="utf-8").splitlines()[0] for p in target.glob("*.yaml")}
    assert lines.pop("archtool.yaml") == "# yaml-language-server: $schema=.archtool/manifest.schema.json"
    assert set(lines.values()) == {"# yaml-language-server: $schema=.archtool/elements.schema.json"}
    for which in ("manifest", "elements"):
        copy = json.loads((target / ".archtool" / f"{which}.schema.json").read_text(encoding="utf-8"))
        assert copy == editor_schema(which)
    for path in target.glob("*.yaml"):  # every scaffolded file is valid for the schema it names
        which = "manifest" if path.name == "archtool.yaml" else "elements"
        assert errors(which, path.read_text(encoding="utf-8")) == [], path.name


def test_the_examples_name_the_schema_of_their_kind():
    for path in (ROOT / "examples").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if "yaml-language-server" not in first:
            continue
        which = "manifest" if path.name == "archtool.yaml" else "elements"
        assert first.endswith(f"schemas/{which}.schema.json"), path
        assert errors(which, path.read_text(encoding="utf-8")) == [], path


# -- schema and check agree on types ------------------------------------------------------------

AGREE = [
    ("security_level", "applications", '{id: a, name: A, owner: so-khcn, security_level: "3"}', "security_level: 3"),
    ("since", "applications", '{id: a, name: A, owner: so-khcn, since: "2020"}', "since: 2020"),
    ("personal_data", "datasets", "{id: d, name: D, owner: so-khcn, personal_data: yes}", "true"),
    ("shared", "infrastructure", "{id: i, name: I, owner: so-khcn, shared: 'false'}", "false"),
    ("amount", "projects", '{id: p, name: P, owner: so-khcn, budget: [{source: local, amount: "1000"}]}', "amount: 1000"),
    ("users", "applications", "{id: a, name: A, owner: so-khcn, users: 1.5}", "số nguyên"),
]


@pytest.mark.parametrize(("field", "collection", "element", "hint"), AGREE, ids=[a[0] for a in AGREE])
def test_schema_and_check_refuse_the_same_values(tmp_path: Path, field, collection, element, hint):
    text = f"{collection}:\n  - {element}\n"
    assert errors("elements", text), "the schema accepts it"
    root = write_model(tmp_path, {"archtool.yaml": MANIFEST, "units.yaml": UNITS, "x.yaml": text})
    _, report = check_json(root)
    found = [f for f in report["findings"] if f["rule"] == "schema-invalid" and field in f["message"]]
    assert len(found) == 1, [(f["rule"], f["message"]) for f in report["findings"]]
    assert hint in found[0]["message"] + found[0]["suggestion"]


def test_schema_and_check_accept_the_same_values(tmp_path: Path):
    text = ("applications:\n  - {id: a, name: A, owner: so-khcn, security_level: 3, since: 2020, users: 12}\n"
            "datasets:\n  - {id: d, name: D, owner: so-khcn, personal_data: true, open_data: false}\n")
    assert errors("elements", text) == []
    root = write_model(tmp_path, {"archtool.yaml": MANIFEST, "units.yaml": UNITS, "x.yaml": text})
    _, report = check_json(root)
    assert not [f for f in report["findings"] if f["category"] in ("syntax", "schema")]
