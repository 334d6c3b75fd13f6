"""The committed JSON Schemas are generated from the pydantic models and the catalogs and must not drift."""

import json

import jsonschema
import pytest

from archtool.workflows.schemas import FILES, editor_schema
from tests.conftest import ROOT, run_cli


@pytest.mark.parametrize("which", sorted(FILES))
def test_committed_schema_matches_models(which):
    committed = json.loads((ROOT / FILES[which]).read_text(encoding="utf-8"))
    assert committed == editor_schema(which), (
        f"{FILES[which]} is stale: run `archtool schema {which} -o {FILES[which]}`")


def test_schema_command_prints_the_schema():
    code, out, err = run_cli("schema")
    assert code == 0 and json.loads(out) == editor_schema("model")
    code, out, err = run_cli("schema", "elements")
    assert code == 0 and json.loads(out) == editor_schema("elements")


def test_schema_validates_files_as_editors_would():
    schema = editor_schema("model")
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    good = {"applications": [{"id": "app", "name": "Ứng dụng", "owner": "so-khcn", "security_level": 3}]}
    bad = {"applications": [{"id": "App", "name": "x", "owner": "u", "hosted_no": "dc"}]}
    manifest = {"archtool": 1, "model": {"id": "m", "name": "M", "kind": "smart-city"}, "extends": "../egov"}
    assert v.is_valid(good) and v.is_valid(manifest)
    assert not v.is_valid(bad)
