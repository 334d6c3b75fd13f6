""""Did you mean ...?" suggestions for mistyped keys, ids and catalog entries."""

from __future__ import annotations

from typing import Iterable

from rapidfuzz import fuzz, process

from archtool.i18n import L
from archtool.vocab import UI

NO_HINT = L("", "")


def closest(word: str, choices: Iterable[str], cutoff: int = 55) -> str:
    """The choice most similar to ``word`` (rapidfuzz ratio ≥ ``cutoff``), or ``""``."""
    best = process.extractOne(word, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return best[0] if best else ""


def did_you_mean(word: str, choices: Iterable[str], cutoff: int = 55) -> L:
    """`` Có phải ý bạn là 'x'?`` / `` Did you mean 'x'?`` for the closest choice, or empty text."""
    name = closest(word, choices, cutoff)
    return UI["did_you_mean"].format(name=name) if name else NO_HINT
