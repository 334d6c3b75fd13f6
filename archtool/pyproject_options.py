"""``[tool.archtool]`` in a ``pyproject.toml``: defaults for ``archtool check`` so CI commands stay short.

Looked up in the model folder and its ancestors (nearest first), then the current directory; the
first ``pyproject.toml`` holding a ``[tool.archtool]`` table is used. Precedence in ``check``:
command line > manifest ``check:`` > ``[tool.archtool]`` > built-in defaults.

    [tool.archtool]
    fail-on = "warning"   # error | warning | info | never
    lang = "en"           # vi | en
    format = "json"       # any --format name
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

CHOICES: dict[str, tuple[str, ...] | None] = {
    "fail-on": ("error", "warning", "info", "never"),
    "lang": ("vi", "en"),
    "format": None,  # checked against the renderers by the caller
}


class OptionsError(Exception):
    """A ``[tool.archtool]`` table that cannot be used; the message names the file and what to fix."""


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def candidates(model: Path, cwd: Path) -> list[Path]:
    start = model.resolve()
    folder = start if start.is_dir() else start.parent
    out = [d / "pyproject.toml" for d in (folder, *folder.parents)]
    here = cwd.resolve() / "pyproject.toml"
    return out + ([here] if here not in out else [])


def find(model: Path, cwd: Path | None = None) -> tuple[Path | None, dict[str, str]]:
    """The pyproject file used and its ``[tool.archtool]`` options (keys as in ``CHOICES``)."""
    for path in candidates(model, cwd or Path.cwd()):
        if not path.is_file():
            continue
        try:
            data = _toml().loads(path.read_text(encoding="utf-8"))
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
