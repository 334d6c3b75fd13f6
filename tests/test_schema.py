"""The committed JSON Schema is generated from the pydantic models and must not drift."""

import json

import jsonschema

from archtool.model.schema import json_schema
from tests.conftest import ROOT, run_cli


def test_committed_schema_matches_models():
    committed = json.loads((ROOT / "schemas" / "model.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "schemas/model.schema.json is stale: run `archtool schema -o schemas/model.schema.json`"


def test_schema_command_prints_the_schema():
    code, out, err = run_cli("schema")
    assert code == 0 and json.loads(out) == json_schema()


def test_schema_validates_files_as_editors_would():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    good = {"applications": [{"id": "app", "name": "Ứng dụng", "owner": "so-khcn", "security_level": 3}]}
    bad = {"applications": [{"id": "App", "name": "x", "owner": "u", "hosted_no": "dc"}]}
    manifest = {"archtool": 1, "model": {"id": "m", "name": "M", "kind": "smart-city"}, "extends": "../egov"}
    assert v.is_valid(good) and v.is_valid(manifest)
    assert not v.is_valid(bad)
