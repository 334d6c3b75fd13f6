"""The caches' bounds (archtool/speed/bounds.py): large result entries are stored compressed and
read back exactly; a planted entry cannot make archtool inflate (or read) beyond the bounds; the
parse cache is pruned to its byte budget least recently used first, never deleting an entry the
running load used nor any file not named like an entry; the result cache keeps to its byte budget."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sys
import tracemalloc
import zlib

import pytest

from archtool.findings import Finding, Location
from archtool.i18n import L
from archtool.model.files import Limits
from archtool.model.loader import load
from archtool.speed import bounds
from archtool.speed import caches as C
from archtool.speed.codec import finding_record
from archtool.speed.reader import FastReader
from tests.conftest import EXAMPLE, TODAY, run_cli

SMART = EXAMPLE / "smart-city"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")


def _findings(n: int) -> list[Finding]:
    """``n`` findings with distinct texts (as a large model's are: names, ids, files differ)."""
    out = []
    for i in range(n):
        h = hashlib.sha256(str(i).encode()).hexdigest()
        out.append(Finding(rule="dup-name", category="duplication", severity="warning",
                           message=L(f"Hệ thống {h[:12]} trùng tên với {h[12:30]} (số {i})",
                                     f"System {h[:12]} has the name of {h[12:30]} (no. {i})"),
                           elements=[f"app-{h[:8]}", f"app-{h[8:16]}"], location=Location(f"elements/{h[:6]}.yaml", i, 3),
                           citation="Quyết định số 2568/QĐ-BKHCN", suggestion=L(f"Gộp {h[40:52]}", f"Merge {h[40:52]}"),
                           details={"score": i % 100, "copies": [h[:10], h[10:20]]}))
    return out


def _entry(cache: C.ResultCache, key: str):
    return cache.root / key


def _records(findings):
    return [finding_record(f) for f in findings]


# ---------------------------------------------------------------------------------------------
# result entries: compressed above a megabyte, read back exactly


def test_a_result_entry_above_a_megabyte_is_stored_compressed_and_reads_back_exactly(tmp_path):
    cache = C.ResultCache(tmp_path)
    big, small = _findings(6000), _findings(20)
    cache.put("a" * 64, 6000, big, small)
    cache.put("b" * 64, 20, small, [])
    stored_big, stored_small = _entry(cache, "a" * 64).read_bytes(), _entry(cache, "b" * 64).read_bytes()
    raw_big = bounds.unpack(stored_big)
    assert len(raw_big) > bounds.COMPRESS_ABOVE and stored_big.startswith(bounds._MAGIC)
    assert len(stored_big) < len(raw_big) / 3  # compressed
    assert not stored_small.startswith(bounds._MAGIC) and bounds.unpack(stored_small) == stored_small  # plain
    count, findings, waived = cache.get("a" * 64)
    assert count == 6000 and _records(findings) == _records(big) and _records(waived) == _records(small)
    count, findings, waived = cache.get("b" * 64)
    assert count == 20 and _records(findings) == _records(small) and waived == []


def test_a_compressed_entry_gives_the_same_report_as_no_cache(tmp_path, monkeypatch):
    """Through the command line: with every entry compressed (the threshold lowered), a warm check's
    report is byte for byte the one ``--no-cache`` gives."""
    monkeypatch.setattr(bounds, "COMPRESS_ABOVE", 1024)
    args, plain, entry = _one_entry(tmp_path, monkeypatch)
    assert entry.read_bytes().startswith(bounds._MAGIC)
    assert run_cli(*args) == plain  # answered by the compressed entry


def _one_entry(tmp_path, monkeypatch):
    """The example checked with the result cache on: (arguments, the ``--no-cache`` output, the entry)."""
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CI", raising=False)
    args = ("check", str(SMART), "--format", "json", "--as-of", TODAY.isoformat())
    plain = run_cli(*args, "--no-cache")
    assert run_cli(*args) == plain  # fills the cache
    (entry,) = (tmp_path / "cache").glob("check-v*/*")
    return args, plain, entry


def _bomb(inflated: int) -> bytes:
    """zlib data of ``inflated`` zero bytes (about a thousandth of that when stored)."""
    z = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    parts = [z.compress(chunk) for _ in range(inflated // len(chunk))]
    return b"".join(parts) + z.flush()


def _planted(declared: int, stream: bytes) -> bytes:
    return bounds._MAGIC + declared.to_bytes(8, "little") + stream


def _peak_of(fn) -> int:
    tracemalloc.start()
    try:
        fn()
    except ValueError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("case", ["true size, far beyond the ratio", "small declared size, huge stream",
                                  "declared beyond the largest entry", "truncated", "trailing bytes",
                                  "declared too small to be compressed", "header only"])
def test_a_planted_entry_cannot_inflate_beyond_the_bounds(case):
    bomb = _bomb(64 * 1024 * 1024)  # 64 MB of zeros in ~64 KB
    honest = zlib.compress(random.Random(0).randbytes(2 * 1024 * 1024))  # 2 MB within the ratio
    data = {
        "true size, far beyond the ratio": _planted(64 * 1024 * 1024, bomb),
        "small declared size, huge stream": _planted(2 * 1024 * 1024, bomb),
        "declared beyond the largest entry": _planted(bounds.MAX_ENTRY + 1, bomb),
        "truncated": _planted(64 * 1024 * 1024, bomb[: len(bomb) // 2]),
        "trailing bytes": _planted(2 * 1024 * 1024, honest + b"more"),
        "declared too small to be compressed": _planted(1000, zlib.compress(bytes(1000))),
        "header only": bounds._MAGIC + b"\x00\x00",
    }[case]
    with pytest.raises(ValueError):
        bounds.unpack(data)
    assert _peak_of(lambda: bounds.unpack(data)) < 6 * 1024 * 1024  # at most the declared 2 MB (and a copy), not 64


def test_the_ratio_bound_is_the_one_pack_keeps(monkeypatch):
    """What ``pack`` writes, ``unpack`` reads; what could not be read back is not written."""
    data = os.urandom(64) * 40_000  # 2.5 MB, compresses far beyond the ratio bound
    assert bounds.pack(data) is None
    monkeypatch.setattr(bounds, "MAX_RATIO", 10_000)
    assert bounds.unpack(bounds.pack(data)) == data
    monkeypatch.setattr(bounds, "MAX_ENTRY", 2 * 1024 * 1024)
    assert bounds.pack(data) is None


def test_a_planted_bomb_under_an_entry_s_name_is_a_miss(tmp_path, monkeypatch):
    args, plain, entry = _one_entry(tmp_path, monkeypatch)
    entry.write_bytes(_planted(2 * 1024 * 1024, _bomb(64 * 1024 * 1024)))
    assert run_cli(*args) == plain


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "folder"])
def test_an_entry_that_is_not_a_regular_file_is_a_miss_not_a_hang(tmp_path, kind):
    cache = C.ResultCache(tmp_path)
    cache.put("c" * 64, 20, _findings(20), [])
    entry = _entry(cache, "c" * 64)
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "folder":
        entry.mkdir()
    else:
        entry.symlink_to("/dev/zero")
    assert cache.get("c" * 64) is None
    assert bounds.read_entry(entry) is None


def test_an_entry_beyond_the_largest_size_is_not_read(tmp_path, monkeypatch):
    cache = C.ResultCache(tmp_path)
    cache.put("d" * 64, 20, _findings(20), [])
    assert cache.get("d" * 64) is not None
    monkeypatch.setattr(bounds, "MAX_ENTRY", 100)
    assert cache.get("d" * 64) is None


# ---------------------------------------------------------------------------------------------
# the result cache's byte budget


def test_the_result_cache_keeps_the_newest_entries_within_its_byte_budget(tmp_path, monkeypatch):
    cache = C.ResultCache(tmp_path)
    cache.put("0" * 64, 1, _findings(50), [])
    size = _entry(cache, "0" * 64).stat().st_size
    monkeypatch.setattr(bounds, "RESULT_CACHE_BYTES", 3 * size)
    for i in range(1, 6):
        os.utime(_entry(cache, f"{i - 1}" * 64), ns=(10**18 + i, 10**18 + i))  # in the order written
        cache.put(f"{i}" * 64, 1, _findings(50), [])
    left = sorted(p.name[0] for p in cache.root.iterdir())
    assert left == ["3", "4", "5"]
    cache.get("3" * 64)  # a hit makes it the most recently used
    os.utime(_entry(cache, "5" * 64), ns=(10**18 + 7, 10**18 + 7))
    os.utime(_entry(cache, "4" * 64), ns=(10**18 + 6, 10**18 + 6))
    cache.put("6" * 64, 1, _findings(50), [])
    assert sorted(p.name[0] for p in cache.root.iterdir()) == ["3", "5", "6"]


def test_a_result_entry_larger_than_the_budget_is_still_kept_as_the_newest(tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "RESULT_CACHE_BYTES", 10)
    cache = C.ResultCache(tmp_path)
    cache.put("1" * 64, 1, _findings(50), [])
    cache.put("2" * 64, 1, _findings(50), [])
    assert [p.name for p in cache.root.iterdir()] == ["2" * 64]
    assert cache.get("2" * 64) is not None


# ---------------------------------------------------------------------------------------------
# the parse cache's byte budget


def _plant(root, n: int, size: int, oldest_ns: int) -> list:
    """``n`` key-named entries of ``size`` bytes, the first one least recently used."""
    planted = []
    for i in range(n):
        key = hashlib.sha256(b"planted %d" % i).hexdigest()
        path = root / key[:2] / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
        os.utime(path, ns=(oldest_ns + i * 10**9, oldest_ns + i * 10**9))
        planted.append(path)
    return planted


def _foreign(tmp_path, root) -> dict:
    """Files a cache folder may hold that archtool did not name: every one must survive pruning."""
    outside = tmp_path / "Documents"
    outside.mkdir()
    target = outside / ("f" * 64)
    target.write_bytes(b"user's file")
    key = "ab" + "c" * 62
    files = {
        "note": root / "ghi-chu.txt",
        "short name": root / "ab" / "abc",
        "wrong folder": root / "cd" / key,  # a key's name in a folder its digits do not name
        "not a 2-digit folder": root / "abc" / ("abc" + "d" * 61),
        "upper case": root / "ab" / ("AB" + "C" * 62),
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"y" * 5000)
        os.utime(path, ns=(1, 1))  # older than anything
    link = root / "ff" / ("f" * 64)
    link.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        link.symlink_to(target)
        # a folder that is a link, under a two-digit name no entry of the load already took (keys vary)
        free = next(n for n in (f"{i:02x}" for i in range(255, -1, -1)) if not (root / n).exists())
        (root / free).symlink_to(outside, target_is_directory=True)
        files["link"] = link
    files["outside"] = target
    return files


def _model_copy(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(SMART, model)
    return model


def test_the_parse_cache_is_pruned_least_recently_used_first_never_an_entry_the_load_used(tmp_path, monkeypatch):
    cache = C.ParseCache(tmp_path / "cache")
    model = _model_copy(tmp_path)
    load(model, FastReader(Limits(), cache, 1))  # fills the cache: these entries are the load's
    used = {p for p in (cache.root.glob("*/*"))}
    assert len(used) > 3 and cache.used == {p.name for p in used}
    unit = cache.used_bytes
    # the next load (every file a hit but one) must keep all it used, whatever the budget
    monkeypatch.setattr(bounds, "PARSE_CACHE_BYTES", 0)  # the budget is then 8 × what the load used
    planted = _plant(cache.root, 12, unit - 100, oldest_ns=10**18)
    foreign = _foreign(tmp_path, cache.root)
    edited = sorted(model.rglob("*.yaml"))[-1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    for p in used:
        os.utime(p, ns=(1, 1))  # the oldest of all: only the hits of this load keep them
    again = C.ParseCache(tmp_path / "cache")
    load(model, FastReader(Limits(), again, 1))
    assert again.written and again.hits == len(used) - 1
    for k in again.used:  # as if the hits could not refresh them (a cache where utime fails)
        os.utime(cache.root / k[:2] / k, ns=(2, 2))
    again.prune()
    assert all(p.exists() for p in cache.root.glob("*/*") if p.name in again.used)
    assert all((cache.root / k[:2] / k).exists() for k in again.used)
    # what the load used is a little more than a planted entry: the 8 newest planted fit in 8 × that
    alive = [p.exists() for p in planted]
    assert alive == [False] * 4 + [True] * 8, alive
    assert all(p.exists() for p in foreign.values()), [k for k, p in foreign.items() if not p.exists()]
    # the entry of the edited file's old bytes was not used by this load, and it is the oldest
    stale = [p for p in used if p.name not in again.used]
    assert len(stale) == 1 and not stale[0].exists()


def test_a_hit_marks_a_parse_entry_as_recently_used(tmp_path):
    cache = C.ParseCache(tmp_path / "cache")
    load(SMART, FastReader(Limits(), cache, 1))
    for p in cache.root.glob("*/*"):
        os.utime(p, ns=(1, 1))
    load(SMART, FastReader(Limits(), C.ParseCache(tmp_path / "cache"), 1))
    assert all(p.stat().st_mtime_ns > 1 for p in cache.root.glob("*/*"))


def test_the_parse_cache_keeps_its_byte_budget_through_the_command_line(tmp_path, monkeypatch):
    """``pipeline.load_model`` prunes after a load that wrote entries: planted old entries beyond
    the budget go, the run's own entries and a user's files stay, the report is unchanged."""
    monkeypatch.setenv("ARCHTOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ARCHTOOL_RESULT_CACHE", "0")
    root = tmp_path / "cache" / f"parse-v{C.FORMAT}"
    planted = _plant(root, 40, 100_000, oldest_ns=10**18)
    foreign = _foreign(tmp_path, root)
    monkeypatch.setattr(bounds, "PARSE_CACHE_BYTES", 1_000_000)
    args = ("check", str(_model_copy(tmp_path)), "--format", "json", "--as-of", TODAY.isoformat())
    plain = run_cli(*args, "--no-cache")
    assert run_cli(*args) == plain
    own = [p for p in root.glob("*/*") if p not in planted and p not in foreign.values()]
    assert own and sum(p.stat().st_size for p in own) < 1_000_000
    kept = [p.exists() for p in planted]
    assert kept == sorted(kept) and 0 < kept.count(True) < 10  # the newest planted ones only
    assert sum(p.stat().st_size for p in own) + 100_000 * kept.count(True) <= 1_000_000
    assert all(p.exists() for p in foreign.values())
    assert run_cli(*args) == plain  # the entries it kept answer (every file a hit: no pruning)


def test_pruning_is_least_recently_used_first_even_when_an_older_entry_would_fit(tmp_path):
    sizes = {"a": 50, "b": 60, "c": 10, "d": 5}  # newest first
    for i, (name, size) in enumerate(sizes.items()):
        path = tmp_path / (name * 64)
        path.write_bytes(b"z" * size)
        os.utime(path, ns=(10**18 - i * 10**9, 10**18 - i * 10**9))
    assert bounds.prune(tmp_path, 100, fanout=False) == 75
    assert [p.name[0] for p in tmp_path.iterdir()] == ["a"]
    (tmp_path / ("e" * 64)).write_bytes(b"z" * 500)  # newest, beyond the budget alone: kept
    assert bounds.prune(tmp_path, 100, fanout=False, keep=["a" * 64]) == 0
    assert bounds.prune(tmp_path, 100, fanout=False) == 50
    assert [p.name[0] for p in tmp_path.iterdir()] == ["e"]
