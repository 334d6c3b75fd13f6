"""Hostile models (issue 8, inputs): each ends quickly with exit code 1 or 2 and one clear, located
message about the hostile file, never a traceback. Cases already covered in tests/test_loader.py
(billion laughs, 20,000-level flow nesting, !!python tags, CP1258 and UTF-16 with BOM, symlink
loops, extends cycles, include paths that escape, duplicate keys, baseline id collisions) are not
repeated here."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

from tests.conftest import TODAY, UNITS, run_cli, write_model
from tests.hostile.conftest import MANIFEST_INCLUDE, hostile

NAME_LINE = 3  # in UNITS_WITH(name): "units:\n  - id: a\n    name: ..."


def units_with(name: str) -> str:
    return f"units:\n  - id: a\n    name: {name}\n"


def test_file_over_the_size_limit_is_refused_before_reading(model_dir):
    root = model_dir({"units.yaml": UNITS, "big.yaml": "# " + "x" * 5000 + "\n"})
    f = hostile(root, "yaml-limit", "big.yaml", 1, "--max-file-size", "1000")
    assert "1.000" in f["message"] or "1000" in f["message"]


def test_sparse_100_mb_file_is_refused_without_reading(model_dir):
    root = model_dir({"units.yaml": UNITS})
    with open(root / "huge.yaml", "wb") as fh:  # sparse: costs no disk and no reading
        fh.truncate(100 * 1024 * 1024)
    hostile(root, "yaml-limit", "huge.yaml", 1)


def test_100000_item_list_loads_whole(model_dir):
    """A 100,000-item collection is read whole (its speed is measured in benchmarks/, not here; the
    subprocess timeout only guards against a hang)."""
    items = "".join(f"  - {{id: u{i}, name: Đơn vị {i}}}\n" for i in range(100_000))
    root = model_dir({"units.yaml": "units:\n" + items})
    res = subprocess.run([sys.executable, "-m", "archtool", "check", str(root), "--format", "text", "--as-of",
                          TODAY.isoformat(), "--no-cache"], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "ARCHTOOL_LANG": "en"})
    assert res.returncode in (0, 1) and "Traceback" not in res.stdout + res.stderr
    assert "(100000 elements)" in res.stdout


def test_invalid_utf8_in_the_middle(model_dir):
    raw = units_with("Sở Khoa học").encode() + b"  - id: b\n    name: S\xff\xfe\n"
    f = hostile(model_dir({"units.yaml": raw}), "file-encoding", "units.yaml", 5)
    assert "UTF-8" in f["suggestion"]


@pytest.mark.parametrize("raw,guess", [
    # "Sở Khoa học và Công nghệ" in TCVN3 (ABC) and in VNI Windows
    (b"units:\n  - id: a\n    name: S\xd5 Khoa h\xe4c v\xb5 C\xabng ngh\xd6\n", "TCVN3"),
    (b"units:\n  - id: a\n    name: So\xe2\xfb Khoa ho\xefc va\xf8 Co\xe2ng nghe\xe4\n", "VNI"),
    ("units:\n  - id: a\n    name: Sở Khoa học\n".encode("utf-16-le"), "UTF-16"),
])
def test_legacy_vietnamese_encodings_are_named(model_dir, raw, guess):
    f = hostile(model_dir({"units.yaml": raw}), "file-encoding", "units.yaml", None)
    assert guess in f["message"] + f["suggestion"]


def test_binary_garbage(model_dir):
    garbage = random.Random(8).randbytes(64 * 1024)
    f = hostile(model_dir({"units.yaml": UNITS, "blob.yaml": garbage}), None, "blob.yaml", None)
    assert f["rule"] in ("file-encoding", "yaml-syntax")


def test_nul_byte_is_a_located_syntax_error(model_dir):
    hostile(model_dir({"units.yaml": "units:\n  - id: a\n    name: A\x00B\n"}), "yaml-syntax", "units.yaml", 3)


def test_raw_control_character_is_a_located_syntax_error(model_dir):
    hostile(model_dir({"units.yaml": "units:\n  - id: a\n    name: A\x1bB\n"}), "yaml-syntax", "units.yaml", 3)


@pytest.mark.parametrize("name,char", [
    ('"Sở Tài chính\\u202E gnáht"', "U+202E"),   # right-to-left override, written as a YAML escape
    ("Sở Tài chính\u2067 x", "U+2067"),          # right-to-left isolate, raw
    ('"Sở\\eTài chính"', "U+001B"),               # ESC through a double-quoted escape
])
def test_hidden_characters_in_names_name_the_field(model_dir, name, char):
    root = model_dir({"units.yaml": units_with(name)})
    code, out, err = run_cli("check", str(root), "--format", "json", "--fail-on", "warning",
                             "--as-of", TODAY.isoformat())
    import json

    report = json.loads(out)
    hits = [f for f in report["findings"] if f["rule"] == "schema-suspicious-text"]
    assert code == 1 and len(hits) == 1 and "Traceback" not in err
    assert hits[0]["location"]["file"] == "units.yaml" and hits[0]["location"]["line"] == NAME_LINE
    assert "units[0].name" in hits[0]["message"] and char in hits[0]["message"]


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_fifo_named_yaml_does_not_hang(model_dir):
    root = model_dir({"units.yaml": UNITS})
    os.mkfifo(root / "pipe.yaml")
    f = hostile(root, "file-unreadable", "pipe.yaml", 1)
    assert "regular" in f["message"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_symlink_to_a_device_is_refused(model_dir):
    root = model_dir({"units.yaml": UNITS})
    os.symlink("/dev/zero", root / "zero.yaml")
    hostile(root, "include-outside-root", "zero.yaml", 1)


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_include_glob_through_a_symlink_out_of_the_root(tmp_path):
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "units.yaml").write_text(UNITS, encoding="utf-8")
    root = write_model(tmp_path / "m", {"parts/apps.yaml": "applications: []\n"}, manifest=MANIFEST_INCLUDE)
    os.symlink(tmp_path / "secret", root / "parts" / "leak")
    f = hostile(root, "include-outside-root", "archtool.yaml", None)
    assert "leak" in f["message"]


def test_extends_to_itself(tmp_path):
    root = write_model(tmp_path / "m", {"units.yaml": UNITS},
                       manifest="archtool: 1\nmodel: {id: m, name: M, kind: e-government}\nextends: .\n")
    hostile(root, "extends-invalid", "archtool.yaml", 3)


def test_merge_key_bomb_is_bounded(model_dir):
    text = "base: &b0 {id: a, name: x}\n"
    for i in range(1, 25):
        text += f"l{i}: &b{i}\n  <<: [*b{i-1}, *b{i-1}]\n  k{i}: v\n"
    hostile(model_dir({"units.yaml": UNITS, "merge.yaml": text}), None, "merge.yaml", None)


def test_anchor_fan_out_within_a_list_is_bounded(model_dir):
    text = "units:\n  - &u {id: a, name: " + "[" * 10 + "x" + "]" * 10 + "}\n"
    text += "x: &l [" + ", ".join(["*u"] * 1000) + "]\n"
    text += "y: [" + ", ".join(["*l"] * 1000) + "]\n"
    hostile(model_dir({"bomb.yaml": text}), "yaml-limit", "bomb.yaml", None)
