"""The speed work changes no result: the reader's fast paths resolve scalars exactly as the YAML 1.2
core schema rules of ``_resolve_plain`` say, and elements get exactly pydantic's private state."""

from __future__ import annotations

import pytest

from archtool.model import yamlread
from archtool.model.schema import KIND_CLASSES, Element

SCALARS = ["a", "~", "null", "Null", "NULL", "nul", "n", "N", "no", "true", "True", "TRUE", "tRUE", "t", "false",
           "False", "f", "yes", "on", "0", "-1", "+2", "1.5", "-.5", ".5", ".", "-x", "+", ".inf", "-.inf", "+.inf",
           ".nan", "0x1F", "0o17", "1e3", "2024-01-01", "٣", "١٢", "Đà Nẵng", "ứng dụng", "_x", "x1", "9a"]


@pytest.mark.parametrize("text", SCALARS)
def test_plain_scalars_resolve_as_the_core_schema_says(text):
    data, problems = yamlread.parse(f"k: {text}\nl: [{text}]\n{text}: v\n" if text not in (".", "+") else
                                    f"k: {text}\nl: [{text}]\n")
    assert not problems
    expected = repr(yamlread._resolve_plain(text))  # repr: nan equals itself
    assert repr(data["k"]) == expected and repr(data["l"][0]) == expected


def test_positions_of_keys_and_items_are_kept():
    data, _ = yamlread.parse("a:\n  - x\n  - {b: 1, c: [2, 3]}\nd: null\n")
    assert (data.line, data.col, data.kpos) == (1, 1, {"a": (1, 1), "d": (4, 1)})
    seq = data["a"]
    assert (seq.line, seq.col, seq.ipos) == (2, 3, [(2, 5), (3, 5)])
    inner = seq[1]
    assert (inner.line, inner.col, inner.kpos) == (3, 5, {"b": (3, 6), "c": (3, 12)})
    assert inner["c"].ipos == [(3, 16), (3, 19)] and data["d"] is None


def test_duplicate_keys_still_name_the_first_line():
    _data, problems = yamlread.parse("a: 1\nb: 2\na: 3\n")
    assert [(p.kind, p.line, p.col, p.data) for p in problems] == [("duplicate-key", 3, 1, {"key": "a", "first_line": 1})]


@pytest.mark.parametrize("key", sorted(KIND_CLASSES))
def test_elements_get_pydantic_private_defaults(key):
    cls = KIND_CLASSES[key]
    assert cls.model_post_init.__qualname__.startswith("_private_init")  # the fast path is installed
    data = {"id": "x", "name": "X", "owner": "u"} if key != "units" else {"id": "x", "name": "X"}
    if key == "waivers":
        data = {"rule": "dup-name", "reason": "r", "expires": "2030-01-01"}
    el = cls.model_validate(data)
    expected = {name: attr.get_default(call_default_factory=True) for name, attr in cls.__private_attributes__.items()}
    assert el.__pydantic_private__ == expected == {"_src": None, "_origin": ""}
    other = cls.model_validate(data)
    assert other.__pydantic_private__ is not el.__pydantic_private__  # never shared between elements
    el._origin = "m"
    assert other._origin == "" and Element.__private_attributes__.keys() == expected.keys()


TRICKY = ["Đà Nẵng", "a\nb", "  spaced  ", "\u200b\u202e\u2028", "e\u0301", "中文 𠀀", "[bold]x[/]", ":smile:", "\x1b[31m",
          "\x00\x01\x7f", "\u00a0", "x" * 12_000, "tab\there", "cr\rlf", "bell\x07"]


@pytest.mark.parametrize("msg", TRICKY)
def test_plain_text_report_is_what_rich_writes(msg):
    from types import SimpleNamespace

    from archtool.findings import Finding, Location
    from archtool.i18n import L
    from archtool.render import text as T

    f = Finding(rule="dup-name", category="duplication", severity="warning", message=L(msg, msg),
                location=Location(f"f {msg[:20]}.yaml", 3, 4), suggestion=L("→ " + msg, msg))
    g = Finding(rule="gap-x", category="gap", severity="error", message=L("m", "m"))
    result = SimpleNamespace(findings=[f, g], waived=[g], model_id=msg[:30], element_count=2)
    for lang in ("vi", "en"):
        lines = T._lines(result, lang)
        assert T.render(result, lang, False) == T._with_rich(lines, False)


def test_plain_text_report_of_the_example_is_what_rich_writes():
    from archtool.model.files import Reader
    from archtool.model.loader import load
    from archtool.pipeline import check_architecture
    from archtool.render import text as T
    from tests.conftest import EXAMPLE, TODAY

    result = check_architecture(load(EXAMPLE / "smart-city", Reader()), today=TODAY)
    assert result.findings
    for lang in ("vi", "en"):
        assert T.render(result, lang, False) == T._with_rich(T._lines(result, lang), False)
