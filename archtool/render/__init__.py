"""Renderers of check results. Each format is one function ``render(result, lang, color, fail_on) -> str``
(``fail_on``: the severity that fails the run, for formats that mark failures, such as JUnit).

Add a format by adding a module and an entry in :data:`MODULES`. A renderer's module is imported
only when its format is asked for (start-up time counts for small models).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Callable, Iterator

#: format name -> module of archtool.render holding its ``render``
MODULES = {
    "text": "text",
    "line": "line",
    "json": "json_out",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "markdown": "markdown",
}


class _Formats(Mapping[str, Callable[..., str]]):
    def __getitem__(self, name: str) -> Callable[..., str]:
        return import_module(f"archtool.render.{MODULES[name]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


FORMATS: Mapping[str, Callable[..., str]] = _Formats()
