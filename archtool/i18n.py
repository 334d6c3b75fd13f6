"""Bilingual text: :class:`L`, a text in Vietnamese and English. Vietnamese is the default
language; English with ``--lang en``.

This is the bottom of archtool's layers (it imports nothing of archtool). The tables of labels and
interface strings built from ``L`` live in :mod:`archtool.vocab`; rule messages live with their rules.
"""

from __future__ import annotations

from typing import Any, Callable

DEFAULT_LANG = "vi"


class L:
    """A text in Vietnamese and English. Templates use ``str.format`` fields.

    ``L(vi, en)`` holds two finished strings. ``template.format(**args)`` returns an ``L`` that keeps
    the template and the arguments and formats each language the first time it is read: a check run
    creates thousands of findings, and a report is written in one language, so the other one is
    never formatted. Arguments may be ``L`` values (formatted in the same language) or lists of them.
    """

    __slots__ = ("_vi", "_en", "_tpl", "_args")

    def __init__(self, vi: str, en: str) -> None:
        self._vi: str | None = vi
        self._en: str | None = en
        self._tpl: Any = None  # the template L, or a function of the language (see build)
        self._args: dict[str, Any] | None = None

    @classmethod
    def _lazy(cls, tpl: "L", args: dict[str, Any]) -> "L":
        out = cls.__new__(cls)
        out._vi = out._en = None
        out._tpl, out._args = tpl, args
        return out

    @classmethod
    def build(cls, make: Callable[[str], str]) -> "L":
        """A text made by ``make(lang)`` when first read in that language (for texts assembled from
        many parts, where one call beats a tree of templates)."""
        out = cls.__new__(cls)
        out._vi = out._en = None
        out._tpl, out._args = make, None
        return out

    def _render(self, lang: str) -> str:
        if self._args is None:
            return self._tpl(lang)  # type: ignore[misc,operator]
        return _fmt(self._tpl.get(lang), lang, self._args)  # type: ignore[union-attr]

    @property
    def vi(self) -> str:
        if self._vi is None:
            self._vi = self._render("vi")
        return self._vi

    @property
    def en(self) -> str:
        if self._en is None:
            self._en = self._render("en")
        return self._en

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def format(self, **args: Any) -> "L":
        return L._lazy(self, args) if args else self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, L) and self.vi == other.vi and self.en == other.en

    def __hash__(self) -> int:
        return hash((self.vi, self.en))

    def __repr__(self) -> str:
        return f"L(vi={self.vi!r}, en={self.en!r})"

    def __reduce__(self) -> tuple:  # pickled (parse cache) as the two finished strings
        return (L, (self.vi, self.en))

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return self.vi


class Count(int):
    """A number that a template can write with its noun: ``{n:system|systems}`` gives "1 system",
    "3 systems" (the English side of a template; Vietnamese nouns do not change). Any other format
    spec is an int's."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|", 1)
            return f"{int(self)} {one if self == 1 else many}"
        return int.__format__(self, spec)


def _fmt(template: str, lang: str, args: dict[str, Any]) -> str:
    if not args:
        return template
    resolved = {k: (v.get(lang) if isinstance(v, L) else _plain(v, lang)) for k, v in args.items()}
    if "|" in template:  # a field may name its noun (Count)
        resolved = {k: Count(v) if type(v) is int else v for k, v in resolved.items()}
    try:
        return template.format(**resolved)
    except (KeyError, IndexError, ValueError):  # a template bug must not hide the finding
        return template + " " + repr(resolved)


def _plain(value: Any, lang: str) -> Any:
    if isinstance(value, (list, tuple)):
        try:
            return ", ".join(value)  # a list of plain strings (ids, names): the common case
        except TypeError:
            return ", ".join(str(v.get(lang) if isinstance(v, L) else v) for v in value)
    return value
