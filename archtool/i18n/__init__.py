"""Bilingual text. Vietnamese is the default language; English with ``--lang en``.

``L`` is a pair of templates; :func:`t` looks up user-interface strings by key. Rule messages
live with their rules (``archtool/rules``); this module holds only what the interface itself says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"


@dataclass(frozen=True)
class L:
    """A text in Vietnamese and English. Templates use ``str.format`` fields."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def format(self, **args: Any) -> "L":
        return L(_fmt(self.vi, "vi", args), _fmt(self.en, "en", args))

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return self.vi


def _fmt(template: str, lang: str, args: dict[str, Any]) -> str:
    if not args:
        return template
    resolved = {k: (v.get(lang) if isinstance(v, L) else _plain(v, lang)) for k, v in args.items()}
    try:
        return template.format(**resolved)
    except (KeyError, IndexError, ValueError):  # a template bug must not hide the finding
        return template + " " + repr(resolved)


def _plain(value: Any, lang: str) -> Any:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v.get(lang) if isinstance(v, L) else v) for v in value)
    return value


def t(key: str, lang: str = DEFAULT_LANG, **args: Any) -> str:
    """Translate an interface string."""
    from archtool.i18n.messages import UI

    entry = UI.get(key)
    if entry is None:
        return key
    return _fmt(entry.get(lang), lang, args)


def kind_name(kind: str) -> L:
    from archtool.i18n.messages import KINDS

    return KINDS.get(kind, L(kind, kind))
