"""The parse cache: a hit gives exactly what parsing gives; damaged, foreign or stale entries are
ignored; ``--no-cache`` bypasses it; ``ARCHTOOL_CACHE_DIR`` relocates it."""

from __future__ import annotations


import pytest

from archtool.model.files import Limits
from archtool.model.loader import load as _load_model
from archtool.speed import caches as C
from archtool.speed import codec, reader
from archtool.speed.reader import FastReader, ScanReader
from tests.conftest import EXAMPLE, TODAY, run_cli

SMART = EXAMPLE / "smart-city"


def load(path, limits=None, cache=None, jobs=1, scan=False):
    """The loader with the speed layer's readers (the way the pipeline calls it)."""
    limits = limits or Limits()
    return _load_model(path, ScanReader(limits) if scan else FastReader(limits, cache, jobs))


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
    blob = marshal.dumps((codec.FORMAT, evil, [], []))
    with pytest.raises(ValueError):
        codec.decode(blob, "f.yaml")


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
    monkeypatch.setattr(reader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(reader, "PARALLEL_MIN_FILES", 1)
    assert _snapshot(load(SMART, Limits(), jobs=2)) == _snapshot(load(SMART, Limits()))


# -- the result cache -------------------------------------------------------------------------


def _result_entries(root):
    return sorted(p.name for p in root.glob("check-v*/*"))


def test_result_cache_hit_gives_the_same_report_and_any_change_misses(tmp_path, monkeypatch):
    """A second check of unchanged files reuses the findings; editing a model file, a baseline file or
    a user catalog, or another --as-of date, makes a new entry and findings that follow the change."""
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CI", raising=False)  # in CI the result cache is off (tests/hostile/test_injection.py)
    base = tmp_path / "base"
    from tests.conftest import write_model

    write_model(base, {"p.yaml": "platforms:\n  - {id: lgsp, name: LGSP tỉnh, owner: so-x, capabilities: [integration-platform], security_level: 3}\n"
                                 "units:\n  - {id: so-x, name: Sở X, level: province}\n"}, id="base")
    model = write_model(tmp_path / "model", {"a.yaml": "platforms:\n  - {id: lgsp-2, name: LGSP mới, owner: so-x, "
                                                       "capabilities: [integration-platform], security_level: 3}\n"},
                        manifest="archtool: 1\nmodel: {id: m, name: M, kind: e-government}\nextends: ../base\n")
    catalog = tmp_path / "cat.yaml"
    catalog.write_text("catalog: local\nentries:\n  - {id: local-x, kind: capability, name: X, citation: test}\n",
                       encoding="utf-8")
    args = ("check", str(model), "--format", "json", "--as-of", TODAY.isoformat(), "--catalog", str(catalog))

    def report(*extra):
        code, out, err = run_cli(*args, *extra)
        assert out, err
        return code, out

    first = report("--no-cache")
    assert _result_entries(tmp_path / "cache") == []  # --no-cache writes nothing
    assert report() == first and len(_result_entries(tmp_path / "cache")) == 1
    assert report() == first and len(_result_entries(tmp_path / "cache")) == 1  # a hit: no new entry
    assert report("--lang", "en") == report("--lang", "en", "--no-cache")  # entries hold both languages
    assert report("--format", "text") == report("--format", "text", "--no-cache")  # and the element count

    (model / "a.yaml").write_text("platforms:\n  - {id: lgsp-2, name: LGSP mới, owner: so-x, capabilities: [ioc], "
                                  "security_level: 3}\n", encoding="utf-8")
    edited = report()
    assert edited != first and edited == report("--no-cache")
    (base / "p.yaml").write_text((base / "p.yaml").read_text(encoding="utf-8").replace("integration-platform", "ioc"),
                                 encoding="utf-8")
    assert report() == report("--no-cache") != edited  # the baseline's edit is seen too
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("local-x", "local-y"), encoding="utf-8")
    before = len(_result_entries(tmp_path / "cache"))
    report()
    assert len(_result_entries(tmp_path / "cache")) == before + 1  # a user catalog is an input too
    code, out, _ = run_cli("check", str(model), "--format", "json", "--as-of", "2031-01-01", "--catalog", str(catalog))
    assert len(_result_entries(tmp_path / "cache")) == before + 2


def test_result_cache_damaged_entries_are_misses_and_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CI", raising=False)
    args = ("check", str(SMART), "--format", "json", "--as-of", TODAY.isoformat())
    good = run_cli(*args, "--no-cache")
    run_cli(*args)
    (entry,) = (tmp_path / "cache").glob("check-v*/*")
    entry.write_bytes(entry.read_bytes()[:100])
    assert run_cli(*args) == good
    entry.write_bytes(b"\x00not marshal")
    assert run_cli(*args) == good
    cache = C.ResultCache(tmp_path / "cache")
    for i in range(C.RESULT_ENTRIES_KEPT + 5):
        cache.put(f"{i:064x}", 0, [], [])
    assert len(list(cache.root.iterdir())) == C.RESULT_ENTRIES_KEPT


def test_a_scan_reads_exactly_what_a_load_reads(model_dir):
    """The result cache is looked up with a scan's inputs and filled with a full load's: they must be
    the same files with the same bytes, baselines, elements in the manifest and oversized files included."""
    assert load(SMART, Limits(), scan=True).inputs == load(SMART, Limits()).inputs
    root = model_dir({"a.yaml": "applications:\n  - {id: a, name: A, owner: u}\n",
                      "big/b.yaml": "units:\n  - {id: u, name: " + "x" * 5000 + "}\n"},
                     manifest="archtool: 1\nmodel: {id: m, name: M, kind: e-government}\n"
                              "units:\n  - {id: u0, name: U0}\n")
    small = Limits(max_file_size=2000)
    scan, full = load(root, small, scan=True), load(root, small)
    assert scan.inputs == full.inputs and len(scan.inputs) == 4  # manifest, two files, the limits
    assert [d for _p, d in scan.inputs[:3]].count(None) == 0 and scan.inputs[2][1].startswith("!")
    assert set(scan.elements) == {"u0"} and len(full.elements) == 2  # a scan parses no element file
