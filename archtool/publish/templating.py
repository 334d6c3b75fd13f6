"""Jinja for the plan and the HTML report: built-in templates from ``templates/``, user templates
from ``--template DIR`` (tried first), always in Jinja's ``SandboxedEnvironment``.

Templates see plain data only (dicts, lists, strings, numbers from :func:`context`), never live
objects, so a template cannot reach the file system or anything outside the model. Markdown output
escapes every ``{{ }}`` value (``md_escape``); HTML output autoescapes.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from archtool.formats import group, md_escape as _md_escape, million, vnd, vnd_short

class TemplateProblem(Exception):
    """A template could not be loaded or rendered: ``str()`` is one line for the user."""


def builtin_dir() -> Path:
    """The built-in templates: ``archtool/templates`` when installed (package data mapped from the
    top-level ``templates/``), the top-level folder in a source checkout."""
    packaged = resources.files("archtool") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


def md_escape(value: Any) -> str:
    """Template values made inert in Markdown (:func:`archtool.formats.md_escape`), except markup
    the templates mark as safe."""
    if isinstance(value, Markup):
        return str(value)
    return _md_escape(value)


def environment(user_dir: Path | None, html: bool) -> Any:
    dirs = ([str(user_dir)] if user_dir else []) + [str(builtin_dir())]
    env = SandboxedEnvironment(loader=FileSystemLoader(dirs), autoescape=html, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                               finalize=None if html else md_escape)
    env.filters.update(vnd=vnd, vnd_short=vnd_short, group=group, million=million)
    return env


def render(name: str, user_dir: Path | None, ctx: dict[str, Any]) -> str:
    env = environment(user_dir, html=name.endswith(".html.j2"))
    try:
        return env.get_template(name).render(**ctx)
    except TemplateNotFound as exc:
        raise TemplateProblem(f"template '{exc.name}' not found") from None
    except SecurityError as exc:
        raise TemplateProblem(f"{name}: unsafe operation refused by the sandbox / thao tác không an toàn bị chặn: {exc}") from None
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise TemplateProblem(f"{getattr(exc, 'filename', None) or name}{':' + str(line) if line else ''}: {exc}") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError, OverflowError) as exc:
        raise TemplateProblem(f"{name}: {type(exc).__name__}: {exc}") from None
