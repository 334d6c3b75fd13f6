"""How numbers, money and Markdown text are written: one formatter of each, for every output.

Vietnamese writes the thousands separator as a dot and the decimal separator as a comma
(``121.600.000.000 đồng``, ``121,6 tỷ đồng``); English the other way round (``121.6 billion VND``).
Plans count in "tỷ đồng" even above a trillion (``1.946 tỷ đồng``), so there is no larger unit.
"""

from __future__ import annotations

import re
from typing import Any

from archtool.i18n import L

_UNITS = {"vi": ((10**9, "tỷ đồng"), (10**6, "triệu đồng")),
          "en": ((10**9, "billion VND"), (10**6, "million VND"))}


def _local(text: str, lang: str) -> str:
    """A number written with ``,`` thousands and ``.`` decimals, in the separators of ``lang``."""
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") if lang == "vi" else text


def group(amount: int, lang: str = "vi") -> str:
    """``121600000000`` -> ``121.600.000.000`` (vi) or ``121,600,000,000`` (en)."""
    return _local(f"{int(amount):,}", lang)


def number(value: float, lang: str = "vi", decimals: int = 1) -> str:
    """A decimal number: ``12.5`` -> ``12,5`` (vi) / ``12.5`` (en); trailing zeros are kept."""
    return _local(f"{value:,.{decimals}f}", lang)


def number_l(value: float, decimals: int = 1) -> L:
    """:func:`number` in both languages (for finding messages)."""
    return L(number(value, "vi", decimals), number(value, "en", decimals))


def vnd(amount: int, lang: str = "vi") -> str:
    """The full amount: ``121.600.000.000 đồng`` / ``121,600,000,000 VND``."""
    return f"{group(amount, lang)} {'đồng' if lang == 'vi' else 'VND'}"


def money(amount: int, lang: str = "vi", decimals: int = 1) -> str:
    """A rounded amount for prose and summary tables: ``121,6 tỷ đồng``, ``1.946 tỷ đồng``,
    ``350 triệu đồng`` / ``121.6 billion VND``; at most ``decimals`` decimals, trailing zeros
    dropped; amounts below a million in full (:func:`vnd`)."""
    amount = int(amount)
    for size, word in _UNITS["en" if lang == "en" else "vi"]:
        if abs(amount) >= size:
            value = f"{amount / size:,.{decimals}f}"
            if "." in value:
                value = value.rstrip("0").rstrip(".")
            return f"{_local(value, lang)} {word}"
    return vnd(amount, lang)


vnd_short = money  # the name the templates know


def million(amount: int, lang: str = "vi") -> str:
    """An amount in millions for tables headed "triệu đồng": ``121.600`` or ``0,5`` (exact to the
    đồng: decimals are kept, never rounded away)."""
    whole, rest = divmod(int(amount), 10**6)
    text = group(whole, lang)
    if rest:
        frac = f"{rest:06d}".rstrip("0")
        text += ("," if lang == "vi" else ".") + frac
    return text


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>!~])")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def md_escape(value: Any, newline: str = " ") -> str:
    """Model text made inert in Markdown: every character Markdown or HTML could act on is
    backslash-escaped (``\\<script>``, ``\\!\\[x\\](…)``, ``\\#``, ``\\|`` in tables), ``&`` becomes
    ``&amp;`` and line breaks become ``newline`` (a space, or ``<br>`` inside a table cell of a
    pull-request comment). Reversible: the DOCX writer turns it back into the text."""
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;")
    return _NEWLINES.sub(newline, _MD_SPECIAL.sub(r"\\\1", text))


def md_cell(markdown: Any) -> str:
    """Markdown written by archtool (not model text) made fit for one table cell: one line, ``|``
    escaped."""
    return " ".join(str(markdown if markdown is not None else "").split()).replace("|", "\\|")


def md_table(headers: list[str], rows: list[list[Any]]) -> str:
    """A pipe table; cells are :func:`md_escape`-d unless they are already Markdown (:class:`Md`)."""
    def cell(v: Any) -> str:
        return md_cell(v) if isinstance(v, Md) else md_escape(v)

    out = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


class Md(str):
    """Text that is Markdown already (written by archtool, not taken from the model)."""


def md_code(value: Any) -> str:
    """Text as an inline code span (ids, paths): backticks inside it lengthen the fence."""
    text = _NEWLINES.sub(" ", str(value))
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
