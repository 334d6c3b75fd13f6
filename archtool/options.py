"""Where a run's options come from, resolved once for every command that checks a model.

Precedence, for ``lang``, ``fail-on`` and ``format``: the command line > the manifest's ``check:``
> ``[tool.archtool]`` in a ``pyproject.toml`` > (``lang`` only) ``$ARCHTOOL_LANG`` > the command's
default. The ``pyproject.toml`` is looked up in the model folder and its ancestors (nearest first),
then the current directory; the first one holding a ``[tool.archtool]`` table is used::

    [tool.archtool]
    fail-on = "warning"   # error | warning | info | never
    lang = "en"           # vi | en
    format = "json"       # any --format name of the command
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from archtool.output import source_date_epoch
from archtool.vocab import FAIL_ON, LANGS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: keys of ``[tool.archtool]`` and their allowed values (None: checked by the command)
CHOICES: dict[str, tuple[str, ...] | None] = {
    "fail-on": FAIL_ON,
    "lang": LANGS,
    "format": None,
}


class OptionsError(Exception):
    """Options that cannot be used; the message names the file or option and what to fix."""


@dataclass
class Asked:
    """What the command line asked for (None: not given there)."""

    lang: str | None = None
    fail_on: str | None = None
    format: str | None = None
    as_of: dt.date | None = None
    catalogs: list[Path] = field(default_factory=list)
    max_file_size: int | None = None
    cache: bool = True
    jobs: int = 0  # 0: one per idle core


@dataclass
class Options:
    """The options of one run, every source applied."""

    lang: str
    fail_on: str
    format: str
    today: dt.date
    catalogs: list[Path]
    max_file_size: int | None
    cache: bool
    jobs: int


def today(as_of: dt.date | None) -> dt.date:
    """The reference date: ``--as-of``, else the day of ``SOURCE_DATE_EPOCH``, else today."""
    if as_of is not None:
        return as_of
    when = source_date_epoch()
    return when.date() if when is not None else dt.date.today()


def env_lang() -> str | None:
    value = os.environ.get("ARCHTOOL_LANG", "")
    return value if value in LANGS else None


def resolve(asked: Asked, manifest: Any, pyproject: dict[str, str], *, fail_on: str = "error",
            format: str = "text") -> Options:
    """The run's options: ``asked`` (command line), then ``manifest.check``, then ``pyproject``
    (``[tool.archtool]``), then the environment and the command's defaults."""
    check = manifest.check if manifest is not None and manifest.check else None

    def pick(name: str, key: str, default: str | None) -> str | None:
        cli = getattr(asked, name)
        if cli is not None:
            return cli
        if check is not None and getattr(check, name) is not None:
            return getattr(check, name)
        return pyproject.get(key, default)

    return Options(lang=pick("lang", "lang", None) or env_lang() or "vi",
                   fail_on=pick("fail_on", "fail-on", fail_on) or fail_on,
                   format=pick("format", "format", format) or format,
                   today=today(asked.as_of), catalogs=list(asked.catalogs), max_file_size=asked.max_file_size,
                   cache=asked.cache, jobs=asked.jobs)


# ---------------------------------------------------------------------------------------------
# [tool.archtool]


def candidates(model: Path, cwd: Path) -> list[Path]:
    start = model.resolve()
    folder = start if start.is_dir() else start.parent
    out = [d / "pyproject.toml" for d in (folder, *folder.parents)]
    here = cwd.resolve() / "pyproject.toml"
    return out + ([here] if here not in out else [])


def find_pyproject(model: Path, read: Callable[[Path], bytes], cwd: Path | None = None
                   ) -> tuple[Path | None, dict[str, str]]:
    """The pyproject file used and its ``[tool.archtool]`` options (keys as in ``CHOICES``).

    ``read`` reads one candidate: the pipeline passes the bounded reader of model files
    (:func:`archtool.model.files.read_bounded`: regular files only, size checked before reading),
    which raises :class:`OptionsError` naming the file when it cannot be used. What is not a regular
    file (a folder, a FIFO named ``pyproject.toml``) is skipped without being opened."""
    for path in candidates(model, cwd or Path.cwd()):
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(read(path).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise OptionsError(f"{path}: not valid TOML ({exc}); fix the file or remove [tool.archtool]") from None
        table = data.get("tool", {}).get("archtool")
        if table is None:
            continue
        return path, _validate(path, table)
    return None, {}


def _validate(path: Path, table: Any) -> dict[str, str]:
    if not isinstance(table, dict):
        raise OptionsError(f"{path}: [tool.archtool] must be a table")
    options: dict[str, str] = {}
    for key, value in table.items():
        name = key.replace("_", "-")
        if name not in CHOICES:
            raise OptionsError(f"{path}: [tool.archtool] unknown key '{key}'; known: {', '.join(CHOICES)}")
        allowed = CHOICES[name]
        if not isinstance(value, str) or (allowed and value not in allowed):
            hint = f"; choose one of: {', '.join(allowed)}" if allowed else ""
            raise OptionsError(f"{path}: [tool.archtool] {key} = {value!r} is not valid{hint}")
        options[name] = value
    return options
