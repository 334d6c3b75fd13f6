"""The model writer (archtool/workflows/yamlout.py) writes exactly what yaml.safe_dump writes, on
text as planners type it and on every kind of text its faster writers could get wrong."""

from __future__ import annotations

import copy
import random

import pytest
import yaml

from archtool.workflows import yamlout
from archtool.workflows.common import yaml_text

SPECIAL = ["yes", "no", "on", "off", "y", "n", "Yes", "ON", "true", "False", "null", "Null", "~", "", " ",
           "1.0", "1", "-1", "+1", "0x1F", "0o17", "017", "1_000", "1e3", "1.5e-3", ".inf", "-.inf", ".nan",
           "2026-01-01", "2026-1-1", "2026-01-01 10:00:00", "2026-01-01T10:00:00Z", "12:30", "1:20:30",
           "<<", "=", "a: b", "a:b", "a :b", "a #b", "a#b", "#a", "- a", "-a", "? a", "?a", ": a", "[a]",
           "{a}", "a, b", "a,b", "*a", "&a", "!a", "|a", "> a", "'a'", '"a"', "%a", "@a", "`a", "a'b",
           'a"b', "a\\b", "a\tb", "a\nb", "a\n", "\na", "a  b", "a ", " a", "a\x85b", "a\u2028b",
           "a\u2029b", "\ufeffa", "a\ufeffb", "a\u200bb", "emoji 🎉 ok", "\U0001F600", "a\x00b", "a\x07b",
           "a\x7fb", "a\xa0b", "a\rb", "a\r\nb", "Sở Khoa học và Công nghệ", "Cơ sở dữ liệu (CSDL) y tế, giáo dục / đào tạo",
           "Ứng dụng", "Hệ thống 1", "origin:synth-1000", "partner:so-y-te", "http://example.vn/a?b=c#d",
           "C# và .NET", "50%", "a&b", "a+b", "(a)", "a)", "3.3.1", "v1.2", "1-2", "2026-2030", "-", ".",
           "...", "---", "a---b", "e\u0301", "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", "x" * 95, "x" * 130,
           "ok_name", "_a", "a_", "NULL", "nULL", "True ", "0", "00", "-0", "+.5", "1,000", "١٢٣", "\xa0a",
           "a\xa0", "\u3000x", ":a", "..a", "x---", "-:", "a:#", "[LA8] nguồn", "it's", "'", "'a' b",
           "Hán-Nôm 𠀀", "dòng một\ndòng hai", "dòng một \ndòng hai", "dòng một\n dòng hai", "a\tb\nc",
           "Ghi chú:\nĐơn vị phối hợp: Các sở, ban, ngành; UBND các xã"]
WORDS = ["Hệ", "thống", "quản", "lý", "đất", "đai", "y", "tế", "cơ", "sở", "LGSP", "(CSDL)", "dữ", "liệu,",
         "và", "IOC", "2026", "v1.0", "a:b", "#1", "-", "/", "&", "số", "—", "“quote”", "'s", "x", "[LA8]", "x;",
         "=", "?", 'a"b', "–", "[ND269]", "https://thuviennhadat.vn/a?b=c", "a:", "#", ":", " ", "  ", "🎉",
         "Hán-Nôm 𠀀", "\t", "!", "*", "%", "@", "`", "{", "}", "|", ">", "\n", "\n\n", " \n", "x" * 47]


def _safe(data):
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def _text(rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.3:
        return rnd.choice(SPECIAL)
    if r < 0.5:
        return rnd.choice(SPECIAL) + rnd.choice(["", " ", "x", " 1", ": ", "#", "\n"]) + rnd.choice(SPECIAL)
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.choice([1, 2, 5, 10, 15, 20, 25, 40])))


def _scalar(rnd: random.Random):
    if rnd.random() < 0.7:
        return _text(rnd)
    return rnd.choice([None, True, False, 0, 1, -5, 2026, 10**15, 10**20, 1.0, 0.5, 1e17, float("inf")])


def _value(rnd: random.Random, depth: int = 0):
    r = rnd.random()
    if r < 0.6 or depth > 2:
        return _scalar(rnd)
    if r < 0.8:
        return [_scalar(rnd) for _ in range(rnd.randint(0, 4))]
    if r < 0.9:
        return [{"id": _text(rnd), "access": _scalar(rnd)} for _ in range(rnd.randint(0, 3))]
    return {k: _value(rnd, depth + 1) for k in rnd.sample(["start", "end", "source", "amount", "x y", "yes", "1"], rnd.randint(0, 3))}


def _element(rnd: random.Random) -> dict:
    keys = ["id", "name", "owner", "capabilities", "uses", "datasets", "period", "budget", "tags", "status",
            "security_level", "shared", "description", "since"]
    el = {k: _value(rnd) for k in rnd.sample(keys, rnd.randint(1, len(keys)))}
    if rnd.random() < 0.05:
        el[rnd.choice(["on", "yes", "1", "a b", "x: y"])] = _scalar(rnd)
    return el


@pytest.mark.parametrize("seed", [1, 2])
def test_random_adversarial_documents_are_written_as_safe_dump_writes_them(seed):
    rnd = random.Random(seed)
    for _ in range(500):
        data = {rnd.choice(["applications", "units", "datasets"]): [_element(rnd) for _ in range(rnd.randint(1, 5))]}
        assert yamlout.dump(data) == _safe(data), repr(data)[:500]


def test_each_special_text_alone_in_every_position():
    for s in SPECIAL + WORDS:
        for data in ({"units": [{"id": s}]}, {"units": [{"name": s, "tags": [s, "x"]}]},
                     {"units": [{"period": {"start": s}}]}, {"units": [{"datasets": [{"id": s, "access": "read"}]}]},
                     {"units": [{"id": "a", "description": s * 7}]}):
            assert yamlout.dump(data) == _safe(data), repr(s)


def test_long_lines_fold_where_pyyaml_folds_them():
    rnd = random.Random(5)
    words = ["a", "bb", "ccc", "Hệ", "thống", "x" * 20, "y" * 97, "z" * 101, "[LA8];", "–", "“q”", "  ", "a:b", "#"]
    for _ in range(500):
        s = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 60))).strip()
        key = rnd.choice(["id", "name", "description", "x" * rnd.randint(1, 60)])
        for data in ({"units": [{key: s}]}, {"units": [{"tags": [s]}]}, {"units": [{"period": {key: s}}]},
                     {"units": [{"datasets": [{"id": s, key: s}]}]}):
            assert yamlout.dump(data) == _safe(data), (key, s)


def test_multi_line_text_goes_through_libyaml_only_where_it_writes_the_same():
    """The second writer: text over several lines (an import's description with its partners note)."""
    for s in SPECIAL:
        for tail in ("\ndòng hai", "\n\nđoạn mới dài " + "chữ " * 40, " \nsau dấu cách", "\n\tthụt lề"):
            data = {"projects": [{"id": "p", "description": s + tail}, {"id": "q", "name": s}]}
            assert yamlout.dump(data) == _safe(data), repr(s + tail)


def test_a_list_or_mapping_met_twice_is_left_to_pyyaml():
    tags = ["origin:a", "nhóm 1"]
    shared = {"applications": [{"id": "a", "tags": tags}, {"id": "b", "tags": tags}]}
    assert "&id001" in _safe(shared) and yamlout.dump(shared) == _safe(shared)
    inner = {"projects": [{"id": "p", "period": (per := {"start": 2026, "end": 2027}), "x": [per]}]}
    assert yamlout.dump(inner) == _safe(inner)
    twice = [{"id": "a"}]
    assert yamlout.dump({"units": twice, "services": twice}) == _safe({"units": twice, "services": twice})


def test_model_files_as_merge_and_import_write_them():
    """Elements dumped from models as planners write them (diacritics, ': ', '#', 'yes', dates as
    text, amounts, budget lines, dataset uses), and manifests."""
    from tests.conftest import EXAMPLE

    from archtool.model.loader import load
    from archtool.workflows.common import dump_element

    for model in (EXAMPLE / "egov", EXAMPLE / "smart-city"):
        arch = load(model)
        for kind, items in arch.by_kind.items():
            data = {kind: [dump_element(e) for e in items]}
            odd = copy.deepcopy(data)
            for i, d in enumerate(odd[kind]):
                d["description"] = [f"{d.get('description', '')}\nĐơn vị phối hợp: Sở Y tế; UBND các xã",
                                    "yes", "Chữ Nôm 𠀀 và 😀", "Ghi chú: a # b", "2026-01-01"][i % 5]
            for doc in (data, odd):
                assert yaml_text(doc, "# h\n") == "# h\n" + _safe(doc)
    manifest = {"archtool": 1, "model": {"id": "m", "name": "Mô hình hợp nhất: A + B", "kind": "e-government",
                                         "period": {"start": 2026, "end": 2030}}, "extends": "../egov"}
    assert yaml_text(manifest) == _safe(manifest)
