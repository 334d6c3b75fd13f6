"""Property-based tests (hypothesis): ``load → engine.run → render`` never raises on any valid model
generated from the schema, and never crashes (only findings) on mutated ones.

The fast profile runs in the suite; ``HYPOTHESIS_PROFILE=thorough`` runs many more examples on demand.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archtool.model.loader import load
from archtool.model.schema import KIND_CLASSES, Access, BudgetSource, ElementStatus, ProjectStatus, UnitLevel
from archtool.render import FORMATS
from archtool.rules import engine

settings.register_profile("fast", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "fast"))

TODAY = dt.date(2026, 11, 21)
IDS = st.sampled_from(["so-khcn", "so-yte", "lgsp", "ioc", "app-1", "app-2", "csdl-dan-cu", "dc-tinh",
                       "ubnd-tinh", "x.y_z-1", "integration-platform", "ioc-platform"])
NAMES = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
                min_size=1, max_size=40).map(str.strip).filter(bool)
YEARS = st.integers(1990, 2100)


def choices(literal: object) -> st.SearchStrategy:
    return st.sampled_from(typing.get_args(literal))


def common() -> dict:
    return {"id": IDS, "name": NAMES, "status": choices(ElementStatus), "capabilities": st.lists(IDS, max_size=3),
            "tags": st.lists(NAMES, max_size=2), "since": YEARS, "replaces": st.lists(IDS, max_size=2)}


def element(required: dict, optional: dict) -> st.SearchStrategy:
    return st.fixed_dictionaries(required, optional={k: v for k, v in optional.items() if k not in required})


SYSTEM = {**common(), "uses": st.lists(IDS, max_size=3), "hosted_on": IDS, "integrates_with": st.lists(IDS, max_size=2),
          "scope": st.one_of(st.just("province"), st.lists(IDS, max_size=2)), "security_level": st.integers(1, 5),
          "datasets": st.lists(st.fixed_dictionaries({"id": IDS}, optional={"access": choices(Access)}), max_size=3)}
STRATEGIES = {
    "units": element({"id": IDS, "name": NAMES}, {**common(), "level": choices(UnitLevel), "parent": IDS}),
    "applications": element({"id": IDS, "name": NAMES, "owner": IDS}, SYSTEM),
    "platforms": element({"id": IDS, "name": NAMES, "owner": IDS}, SYSTEM),
    "datasets": element({"id": IDS, "name": NAMES, "owner": IDS},
                        {**common(), "shared_via": st.lists(IDS, max_size=2), "personal_data": st.booleans()}),
    "infrastructure": element({"id": IDS, "name": NAMES, "owner": IDS}, {**common(), "shared": st.booleans()}),
    "services": element({"id": IDS, "name": NAMES, "owner": IDS}, {**common(), "realized_by": st.lists(IDS, max_size=2)}),
    "projects": element({"id": IDS, "name": NAMES, "owner": IDS}, {
        "status": choices(ProjectStatus), "delivers": st.lists(IDS, max_size=3), "upgrades": st.lists(IDS, max_size=2),
        "task_groups": st.lists(IDS, max_size=2),
        "period": YEARS.flatmap(lambda a: st.fixed_dictionaries({"start": st.just(a), "end": st.integers(a, 2100)})),
        "budget": st.lists(st.fixed_dictionaries({"source": choices(BudgetSource), "amount": st.integers(0, 10**12)}),
                           max_size=2)}),
    "waivers": element({"rule": st.sampled_from(["dup-name", "ref-unresolved", "gap-capability"]), "reason": NAMES,
                        "expires": st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)).map(str)},
                       {"elements": st.lists(IDS, max_size=2)}),
}
assert set(STRATEGIES) == set(KIND_CLASSES)  # a new collection must get a strategy here

MODELS = st.fixed_dictionaries({}, optional={k: st.lists(v, max_size=4) for k, v in STRATEGIES.items()})
KINDS = st.sampled_from(["smart-city", "e-government"])


def write(root: Path, files: dict[str, bytes], kind: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob("*.yaml"):
        old.unlink()
    (root / "archtool.yaml").write_text(f"archtool: 1\nmodel: {{id: p, name: P, kind: {kind}}}\n", encoding="utf-8")
    for name, raw in files.items():
        (root / name).write_bytes(raw)
    return root


_CATALOGS: list = []


def catalogs():
    if not _CATALOGS:  # read once: the bundled catalogs do not change between examples
        from archtool.catalogs import load as load_catalogs

        _CATALOGS.append(load_catalogs([]))
    return _CATALOGS[0]


def run_all(root: Path) -> list:
    result = engine.run(load(root), catalogs(), today=TODAY)
    for fmt in sorted(FORMATS):
        FORMATS[fmt](result, "vi", False)
    json.loads(FORMATS["json"](result, "en", False))
    for f in result.findings:
        assert f.location is None or (f.location.line >= 1 and f.location.column >= 1)
    return result.findings


class _Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1; archtool reads the YAML 1.2 core schema (``08`` is the integer 8 there).
    Quote every string that a 1.2 reader would not read back as that string."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    from archtool.model.yamlread import _resolve_plain

    style = '"' if not value or _resolve_plain(value) != value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict) -> bytes:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


@given(data=MODELS, kind=KINDS)
def test_valid_models_never_raise(tmp_path_factory, data, kind):
    root = write(tmp_path_factory.mktemp("p"), {"model.yaml": dump(data)}, kind)
    findings = run_all(root)
    # generated from the schema: nothing may fail the schema or the YAML reader
    assert not {f.rule for f in findings} & {"schema-invalid", "schema-unknown-field", "yaml-syntax", "file-encoding"}


@st.composite
def mutated(draw):
    raw = bytearray(dump(draw(MODELS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "delete-line", "insert", "truncate"]))
        if not raw:
            break
        i = draw(st.integers(0, len(raw) - 1))
        if op == "flip":
            raw[i] = draw(st.integers(0, 255))
        elif op == "delete-line":
            start = raw.rfind(b"\n", 0, i) + 1
            end = raw.find(b"\n", i)
            del raw[start:(end + 1 if end >= 0 else len(raw))]
        elif op == "insert":
            raw[i:i] = draw(st.sampled_from([b"&a ", b"*a", b"!!python/object:os.system ", b"{", b"- ", b": ",
                                             b"\x00", b"\xff", b"<<: *a\n", b"\t", "\u202e".encode()]))
        else:
            del raw[i:]
    return bytes(raw)


@given(raw=mutated(), kind=KINDS)
def test_mutated_models_only_give_findings(tmp_path_factory, raw, kind):
    root = write(tmp_path_factory.mktemp("m"), {"model.yaml": raw}, kind)
    run_all(root)


@settings(max_examples=8)  # each example renders every artefact (and runs dot when present)
@given(data=MODELS, kind=KINDS)
def test_build_never_raises_on_valid_models(tmp_path_factory, data, kind):
    from archtool.publish.build import build

    root = write(tmp_path_factory.mktemp("b"), {"model.yaml": dump(data)}, kind)
    result = engine.run(load(root), catalogs(), today=TODAY)
    out = root.parent / "out"
    build(result, out, "vi")
    assert {"findings.json", "findings.sarif", "matrix.xlsx", "plan.md", "plan.docx", "report.html"} <= {
        p.name for p in out.iterdir()}
