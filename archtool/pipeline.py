"""The one pipeline every command that checks a model goes through.

    options (command line > manifest ``check:`` > ``[tool.archtool]`` > defaults)
      -> load (model + baseline chain; parse cache, worker processes)
      -> catalogs (built-in + the manifest's ``catalogs:`` + ``--catalog``)
      -> check (the rule engine; a second core for national models; the result cache)
      -> :class:`Run` (the result and the options it was made with)

``check``, ``build``, ``diff`` and ``merge`` call :func:`check`; ``review`` calls :func:`review`.
Commands only parse their arguments, call this, render, and set the exit code. The speed layer
(:mod:`archtool.speed`) is used here and nowhere else: ``cache=False`` and ``jobs=1`` give the
same results without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from archtool.catalogs import Catalogs
from archtool.catalogs.files import catalog_bound
from archtool.catalogs.user import with_user_catalogs
from archtool.findings import Finding, Location
from archtool.model.architecture import Architecture, referenced
from archtool.model.files import Limits, Reader, read_bounded
from archtool.model.loader import load
from archtool.model.overlay import Fragment, overlay
from archtool.options import Asked, Options, OptionsError, find_pyproject, resolve
from archtool.rules import engine
from archtool.rules.engine import Result
from archtool.speed import cores, forked, no_gc
from archtool.speed.caches import ParseCache, ResultCache, result_cache_wanted
from archtool.speed.checks import run_checks
from archtool.speed.cores import free_jobs
from archtool.speed.reader import FastReader, ScanReader


@dataclass
class Run:
    result: Result
    options: Options

    @property
    def arch(self) -> Architecture:
        return self.result.arch


def _limits(asked: Asked) -> Limits:
    limits = Limits()
    if asked.max_file_size:
        limits.max_file_size = asked.max_file_size
    return limits


def _jobs(asked: Asked) -> Any:
    """``--jobs N``, or for ``--jobs 0`` the function that measures the free cores when a large
    model asks (:func:`archtool.speed.cores.free_jobs`)."""
    return asked.jobs if asked.jobs >= 1 else free_jobs


def reader(asked: Asked) -> Reader:
    """The reader of a run: with the parse cache and worker processes unless switched off."""
    jobs = _jobs(asked)
    if not asked.cache and jobs == 1:
        return Reader(_limits(asked))
    return FastReader(_limits(asked), ParseCache() if asked.cache else None, jobs)


def load_model(model: Path, asked: Asked) -> Architecture:
    """The model and its baseline chain (raises :class:`~archtool.model.loader.ModelNotFound`)."""
    read = reader(asked)
    with no_gc():
        arch = load(model, read)
    cache = getattr(read, "cache", None)
    if cache is not None:
        cache.prune()  # the parse cache's byte bound, once per load that wrote entries
    return arch


def catalogs_for(arch: Architecture, extra: list[Path]) -> tuple[Catalogs, list[Finding], list[tuple[str, str]], list[str]]:
    """The catalogs of a run, the findings about bad user catalogs, the files read and the user
    catalog paths (the last two are part of the result cache's key)."""
    paths: list[tuple[Path, Location, str, Path | None]] = []
    if arch.manifest and arch.manifest.catalogs:
        bound = catalog_bound(arch.top.root)  # a manifest's catalogs stay inside the repository
        for c in arch.manifest.catalogs:
            paths.append((arch.top.root / c, arch.top.manifest_location("catalogs"), c, bound))
    for p in extra:
        paths.append((Path(p), Location("<--catalog>", 1, 1), str(p), None))
    catalogs, findings, reads = with_user_catalogs(paths)
    return catalogs, findings, reads, [str(p[0]) for p in paths]


def pyproject_bytes(path: Path) -> bytes:
    """A ``pyproject.toml`` read like a model file: regular files only, within the size limit."""
    raw, problems = read_bounded(path, path.name, Limits())
    if raw is None:
        raise OptionsError(f"{path}: {problems[0].message.en if problems else 'cannot be read'}")
    return raw


def _runner(asked: Asked) -> Any:
    jobs = _jobs(asked)  # the cores free now, after loading (measured over the load)
    if jobs == 1:
        return engine.serial
    return lambda ctx, rules: run_checks(ctx, rules, jobs)


def check(model: Path, asked: Asked, *, fail_on: str = "error", format: str = "text", need_model: bool = False) -> Run:
    """Load and check the model at ``model``.

    With the cache on, a check whose every input is unchanged since an earlier one returns that
    one's findings without running the rules; unless ``need_model`` (the caller renders the model,
    not only the findings), it also parses no element file: a scan of the files' bytes decides.
    In CI the result cache is off unless ``ARCHTOOL_RESULT_CACHE=1`` (:func:`result_cache_wanted`)."""
    _path, pyproject = find_pyproject(model, pyproject_bytes)
    cache = ResultCache() if asked.cache and result_cache_wanted() else None
    if cache is not None and not need_model:
        with no_gc():
            scan = load(model, ScanReader(_limits(asked)))
        hit = _cached(scan, asked, pyproject, cache, fail_on, format)
        if hit is not None:
            return hit
    arch = load_model(model, asked)
    return check_loaded(arch, asked, pyproject, cache, fail_on=fail_on, format=format)


def _cached(arch: Architecture, asked: Asked, pyproject: dict[str, str], cache: ResultCache, fail_on: str,
            format: str) -> Run | None:
    opts = resolve(asked, arch.manifest, pyproject, fail_on=fail_on, format=format)
    catalogs, _findings, reads, paths = catalogs_for(arch, opts.catalogs)
    hit = cache.get(_key(cache, arch, reads, paths, opts))
    if hit is None:
        return None
    count, findings, waived = hit
    return Run(Result(arch=arch, catalogs=catalogs, findings=findings, waived=waived, today=opts.today,
                      element_count=count), opts)


def check_loaded(arch: Architecture, asked: Asked, pyproject: dict[str, str], cache: ResultCache | None = None, *,
                 fail_on: str = "error", format: str = "text", only: set[str] | None = None) -> Run:
    """Check an architecture that is loaded already (through the result cache when given).
    ``only``: run just these rules (a caller that reads only their findings: ``merge``)."""
    if cache is not None and only is None:
        hit = _cached(arch, asked, pyproject, cache, fail_on, format)
        if hit is not None:
            return hit
    opts = resolve(asked, arch.manifest, pyproject, fail_on=fail_on, format=format)
    catalogs, findings, reads, paths = catalogs_for(arch, opts.catalogs)
    with no_gc():  # rules build many small acyclic objects (findings, messages); collections only cost
        result = engine.run(arch, catalogs, today=opts.today, extra=findings, only=only,
                            runner=engine.serial if only is not None else _runner(asked))
    if only is not None:
        return Run(result, opts)
    if cache is not None and arch.inputs is not None:
        cache.put(_key(cache, arch, reads, paths, opts), result.element_count, result.findings, result.waived)
    return Run(result, opts)


def _key(cache: ResultCache, arch: Architecture, reads: list[tuple[str, str]], paths: list[str], opts: Options) -> str:
    return cache.key([*(arch.inputs or []), *reads], catalogs=paths, today=opts.today.isoformat(), only=None)


def cores_for(asked: Asked) -> int:
    """The processes a large run may use: ``--jobs N``, or for ``--jobs 0`` the cores free now."""
    return cores.count(_jobs(asked))


def elsewhere(task: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
    """``task`` started in a worker process forked now (:func:`archtool.speed.forked.start`):
    the function that waits for its bytes, or None (no worker: the caller does the work)."""
    return forked.start(task)


def check_architecture(arch: Architecture, *, today: Any, catalogs: list[Path] = (), jobs: int = 1) -> Result:
    """Check an architecture loaded by the caller, with no cache and no ``[tool.archtool]`` (for
    library use: the property tests, the fuzz target, the benchmark)."""
    asked = Asked(as_of=today, catalogs=list(catalogs), cache=False, jobs=jobs)
    return check_loaded(arch, asked, {}).result


def review(model: Path, proposal: list[Path], asked: Asked, *, fail_on: str = "error",
           format: str = "text", focused: bool = True) -> tuple[Run, Fragment]:
    """Check ``model`` with the proposal's element files overlaid; returns the run and the
    :class:`~archtool.model.overlay.Fragment` (the proposal's elements, on which its own rules run,
    and its files).

    The run's findings are those about the proposal (:meth:`Fragment.owns`), exactly those a full
    check of the merged model gives, but found by a focused run (:func:`archtool.rules.engine.run`):
    each check looks only at the proposal's elements, what they reference and what references them
    (:func:`focus_of`). ``focused=False`` (and a proposal with waivers, or a model waiver naming
    a proposal element) runs every check in full."""
    _path, pyproject = find_pyproject(model, pyproject_bytes)
    arch = load_model(model, asked)
    merged, fragment = overlay(arch, proposal, Reader(_limits(asked)))
    opts = resolve(asked, merged.manifest, pyproject, fail_on=fail_on, format=format)
    catalogs, findings, _reads, _paths = catalogs_for(merged, opts.catalogs)
    focus = focus_of(merged, fragment, arch) if focused else None
    with no_gc():
        result = None
        if focus is not None:
            try:
                result = engine.run(merged, catalogs, today=opts.today, extra=findings, proposal=fragment.ids,
                                    runner=_runner(asked), focus=focus, keep=fragment.owns)
            except engine.Unfocused:
                result = None
        if result is None:
            result = engine.run(merged, catalogs, today=opts.today, extra=findings, proposal=fragment.ids,
                                runner=_runner(asked))
    return Run(result, opts), fragment


def focus_of(merged: Architecture, fragment: Fragment, base: Architecture) -> frozenset[str] | None:
    """The elements a review's checks start from: the proposal's, those they reference, those
    that reference them. None (check in full) when the proposal brings waivers or a waiver names
    one of its elements."""
    ids = fragment.ids
    if len(merged.waivers) != len(base.waivers) or any(set(w.elements) & ids for w in merged.waivers):
        return None
    near = set(ids)
    for el in merged.elements.values():
        if el.id in ids:
            near.update(referenced(el))
        elif not ids.isdisjoint(referenced(el)):
            near.add(el.id)
    return frozenset(near)
