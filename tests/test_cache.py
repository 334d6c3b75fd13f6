"""The parse cache: a hit gives exactly what parsing gives; damaged, foreign or stale entries are
ignored; ``--no-cache`` bypasses it; ``ARCHTOOL_CACHE_DIR`` relocates it."""

from __future__ import annotations


import pytest

from archtool import cache as C
from archtool.model.loader import Limits, load
from tests.conftest import EXAMPLE, TODAY, run_cli

SMART = EXAMPLE / "smart-city"


def _snapshot(arch):
    return [(el.KIND, el.model_dump(), el.model_fields_set, el._src, el._origin) for el in arch.elements.values()], \
        [(w.model_dump(), w._src) for w in arch.waivers], [(f.rule, f.location, f.message) for f in arch.findings]


def test_hit_equals_parse(tmp_path):
    cache = C.ParseCache(tmp_path / "c")
    fresh = load(SMART, Limits(), cache=None)
    first = load(SMART, Limits(), cache=cache)
    assert cache.misses > 0 and cache.hits == 0
    again = C.ParseCache(tmp_path / "c")
    warm = load(SMART, Limits(), cache=again)
    assert again.misses == 0 and again.hits == cache.misses
    assert _snapshot(fresh) == _snapshot(first) == _snapshot(warm)


def test_findings_and_broken_elements_survive_the_cache(model_dir, tmp_path):
    root = model_dir({"apps.yaml": """\
        applications:
          - id: a
            name: A
            owner: Sở X
          - id: b
            name: "B\u202e"
            owner: so-x
            datasets: [{id: d, access: master}]
        waivers:
          - rule: dup-name
            reason: thử
            expires: 2030-01-01
        """})
    cache = C.ParseCache(tmp_path / "c")
    cold = load(root, Limits(), cache=cache)
    again = C.ParseCache(tmp_path / "c")
    warm = load(root, Limits(), cache=again)
    assert again.hits == 1 and again.misses == 0  # findings and the waiver's date came back too
    assert _snapshot(cold) == _snapshot(warm)
    assert warm.broken_ids == {"a"}
    assert warm.elements["b"].datasets[0].access == "master"


def test_damaged_entries_are_misses(tmp_path):
    cache = C.ParseCache(tmp_path / "c")
    load(SMART, Limits(), cache=cache)
    entries = [p for p in cache.root.rglob("*") if p.is_file()]
    assert entries
    for i, p in enumerate(entries):
        p.write_bytes(b"" if i % 2 else p.read_bytes()[:40])
    again = C.ParseCache(tmp_path / "c")
    assert _snapshot(load(SMART, Limits(), cache=again)) == _snapshot(load(SMART, Limits()))
    assert again.hits == 0


def test_entries_cannot_smuggle_objects(tmp_path):
    import marshal
    import pickle

    evil = pickle.dumps(print)  # any callable outside archtool's data classes
    blob = marshal.dumps((C.FORMAT, evil, [], []))
    with pytest.raises(ValueError):
        C.decode(blob, "f.yaml")


def test_other_version_never_matches(tmp_path, monkeypatch):
    a = C.ParseCache(tmp_path / "c")
    monkeypatch.setattr("archtool.__version__", "999.0")
    b = C.ParseCache(tmp_path / "c")
    assert a.key(b"x", "f.yaml", 1) != b.key(b"x", "f.yaml", 1)
    assert a.key(b"x", "f.yaml", 1) != a.key(b"x", "g.yaml", 1) != a.key(b"x", "f.yaml", 2)


def test_cli_uses_env_dir_and_no_cache_bypasses(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(tmp_path / "env-cache"))
    args = ("check", str(SMART), "--format", "json", "--as-of", TODAY.isoformat())
    code1, out1, _ = run_cli(*args, "--no-cache")
    assert not (tmp_path / "env-cache").exists()
    code2, out2, _ = run_cli(*args)
    assert any(p.is_file() for p in (tmp_path / "env-cache").rglob("*"))
    code3, out3, _ = run_cli(*args)
    assert (code1, out1) == (code2, out2) == (code3, out3)


def test_unwritable_cache_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = C.ParseCache(blocker)
    assert _snapshot(load(SMART, Limits(), cache=cache)) == _snapshot(load(SMART, Limits()))


def test_parallel_reading_gives_the_same_model(tmp_path, monkeypatch):
    monkeypatch.setattr(C, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(C, "PARALLEL_MIN_FILES", 1)
    assert _snapshot(load(SMART, Limits(), jobs=2)) == _snapshot(load(SMART, Limits()))
