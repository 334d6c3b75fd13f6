"""Renderers of check results. Each format is one function ``render(result, lang, color) -> str``.

Add a format by adding a module and an entry in :data:`FORMATS`.
"""

from __future__ import annotations

from typing import Callable

from archtool.render import github, json_out, junit, markdown, sarif, text

FORMATS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_out.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
}
