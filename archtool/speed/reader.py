"""Readers of the speed layer: :class:`FastReader` answers element files from the parse cache and
parses the misses of a large model in worker processes; :class:`ScanReader` reads (and so notes)
the files a load would read without parsing any element file, for the result cache's key.

Workers come from :class:`concurrent.futures.ProcessPoolExecutor`; they receive a file's bytes and
send back its encoded parse result, so they work with every start method (``fork`` on Linux,
``spawn`` on Windows and macOS).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from archtool.model.files import FileOut, Limits, Reader, element_file
from archtool.speed import cores, no_gc
from archtool.speed.caches import ParseCache
from archtool.speed.codec import decode, encode

PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, worker start-up costs more than it saves
PARALLEL_MIN_FILES = 4



def _work(raw: bytes, display: str) -> bytes | None:
    """Worker-process job: parse and validate, return the encoded result (None: not encodable,
    the calling process parses the file itself)."""
    with no_gc():
        try:
            return encode(element_file(raw, display), display)
        except ValueError:  # pragma: no cover - a value marshal cannot hold
            return None


class FastReader(Reader):
    """A :class:`Reader` whose element files come from the parse cache when their bytes are
    unchanged, and whose misses are parsed in ``jobs`` worker processes when they are large
    enough to pay for them (``jobs`` may be a function, asked only then:
    :func:`archtool.speed.cores.free_jobs`). The results are exactly those of :class:`Reader`."""

    def __init__(self, limits: Limits | None = None, cache: ParseCache | None = None,
                 jobs: int | Callable[[], int] = 1) -> None:
        super().__init__(limits)
        self.cache, self.jobs = cache, jobs

    def element_files(self, paths: list[Path], displays: list[str]) -> list[FileOut]:
        cache = self.cache
        results: list[Any] = [None] * len(paths)
        todo: list[tuple[int, bytes, str | None]] = []
        for i, (path, display) in enumerate(zip(paths, displays)):
            raw, problems = self.raw(path, display)
            if raw is None:
                results[i] = FileOut([], problems, set())
                continue
            key = cache.key(raw, display, self.limits.max_file_size) if cache is not None else None
            hit = cache.get(key, display) if key is not None else None
            if hit is not None:
                cache.hits += 1
                results[i] = hit
                continue
            if cache is not None:
                cache.misses += 1
            todo.append((i, raw, key))
        size = sum(len(raw) for _i, raw, _k in todo)
        jobs = 1
        if len(todo) >= PARALLEL_MIN_FILES and size >= PARALLEL_MIN_BYTES:
            jobs = cores.count(self.jobs)
        if jobs > 1:
            self._parallel(todo, displays, results, jobs)
        else:
            for i, raw, key in todo:
                self._parse_here(i, raw, key, displays, results)
        return results

    def _parse_here(self, i: int, raw: bytes, key: str | None, displays: list[str], results: list[Any]) -> None:
        out = element_file(raw, displays[i])
        results[i] = out
        if key is not None and self.cache is not None:
            try:
                blob = encode(out, displays[i])
            except ValueError:  # pragma: no cover - a value marshal cannot hold: not cached
                return
            self.cache.put(key, blob)

    def _parallel(self, todo: list[tuple[int, bytes, str | None]], displays: list[str], results: list[Any],
                  jobs: int) -> None:
        """``jobs - 1`` worker processes take the files from the largest down while this process takes
        them from the smallest up (cancelling those not yet started), so no core idles and only the
        workers' share pays for encoding and decoding."""
        from concurrent.futures import ProcessPoolExecutor  # lazy: only large models start workers

        order = sorted(todo, key=lambda item: -len(item[1]))
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=pool_context()) as pool:
            futures = [pool.submit(_work, raw, displays[i]) for i, raw, _key in order]
            for n in range(len(order) - 1, -1, -1):
                if not futures[n].cancel():
                    break
                i, raw, key = order[n]
                self._parse_here(i, raw, key, displays, results)
            for (i, raw, key), fut in zip(order, futures):
                if fut.cancelled():
                    continue
                blob = fut.result()
                if blob is None:  # pragma: no cover
                    self._parse_here(i, raw, key, displays, results)
                    continue
                results[i] = decode(blob, displays[i])
                if key is not None and self.cache is not None:
                    self.cache.put(key, blob)


class ScanReader(Reader):
    """Reads the manifests and the bytes of every element file a load would read, parses none of
    them: the notes (the result cache's key) of a full load, at the cost of reading bytes."""

    def element_files(self, paths: list[Path], displays: list[str]) -> list[FileOut]:
        for path, display in zip(paths, displays):
            self.raw(path, display)
        return [FileOut([], [], set()) for _ in paths]


def pool_context() -> Any:
    """The start method of worker processes: ``fork`` where the platform has it and it is the safe
    default (Linux), else the platform's default (``spawn`` on Windows and macOS)."""
    import multiprocessing  # lazy: only large models start workers

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
