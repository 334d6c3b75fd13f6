"""The nesting bound does not depend on the parser's version: every too-deep shape is a ``limit``
(never ``syntax``), both with libyaml's own nesting limit raised (as archtool does where PyYAML
exposes it) and at libyaml's default of 1000 (so the text classifier is exercised alone); real
syntax errors stay syntax errors, also in files full of brackets and apostrophes."""

from __future__ import annotations

import pytest
import yaml

from archtool.model import yamlread

SHAPES = {
    "flow-tight": lambda n: "units: " + "[" * n + "]" * n + "\n",
    "flow-spaced": lambda n: "units: " + "[ " * n + "]" * n + "\n",
    "flow-map": lambda n: "units: " + "{a: " * n + "1" + "}" * n + "\n",
    "block-seq-one-line": lambda n: "units:\n" + "- " * n + "x\n",
    "block-maps": lambda n: "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "x\n",
}
SYNTAX = {
    "unclosed-flow": "units: [a, b\n",
    "tab": "units:\n  - id: a\n\tname: b\n",
    "unterminated-quote": 'units:\n  - name: "unterminated\n',
    "brackets-in-quotes": "units: [" + "'[[[['," * 30 + "x\n",
    "bad-indentation": "units:\n  - a\n - b\n",
    "60-unclosed": "units: " + "[" * 60 + "\n",
    # many closed flow lists and apostrophes before the error: only what libyaml read ahead of its
    # last event counts, so they cannot add up to a false "too deep"
    "apostrophes-then-tab": "units:\n" + "  - [it's]\n  - it's\n" * 70 + "\tbad: tab\n",
    "many-lists-then-error": "units:\n" + "  - [a, [b, {c: d}]]\n" * 200 + "  - [x\n",
}


BACKEND = getattr(yaml, "_yaml", None)
SETTABLE = hasattr(BACKEND, "_set_max_nest_level")


@pytest.fixture(params=["raised", "libyaml-default"] if SETTABLE else ["as-installed"])
def nest_level(request):
    """With PyYAML >= 6.0.4 both settings of libyaml's own limit; with an older PyYAML (no limit to
    set, as with 6.0.1) the parser as it is."""
    if not SETTABLE:
        yield request.param
        return
    old = BACKEND._get_max_nest_level()
    BACKEND._set_max_nest_level(yamlread.LIBYAML_NEST_LEVEL if request.param == "raised" else 1000)
    yield request.param
    BACKEND._set_max_nest_level(old)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("n", [65, 999, 1000, 20000])
def test_too_deep_is_a_limit(shape, n, nest_level):
    data, problems = yamlread.parse(SHAPES[shape](n))
    assert data is None and [p.kind for p in problems] == ["limit"], problems


@pytest.mark.parametrize("shape", SHAPES)
def test_within_the_bound_parses(shape, nest_level):
    data, problems = yamlread.parse(SHAPES[shape](63))
    assert problems == [] and data is not None


@pytest.mark.parametrize("name", SYNTAX)
def test_syntax_errors_stay_syntax(name, nest_level):
    _data, problems = yamlread.parse(SYNTAX[name])
    assert [p.kind for p in problems] == ["syntax"], problems


@pytest.mark.skipif(not SETTABLE, reason="this PyYAML exposes no libyaml nesting limit to raise")
def test_the_limit_is_raised_where_pyyaml_exposes_it():
    assert BACKEND._get_max_nest_level() >= yamlread.LIBYAML_NEST_LEVEL
