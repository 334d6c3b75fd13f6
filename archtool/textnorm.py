"""Vietnamese-aware text normalisation: NFC, diacritics folding, comparison keys."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")  # punctuation, spaces and underscores: one separator
# the combining diacritical marks block: every Vietnamese tone mark, circumflex, breve and horn
_MARKS = re.compile("[\u0300-\u036f]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (how Vietnamese text should be stored and compared)."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics: ``Đồng Nai`` -> ``Dong Nai`` (works on NFC or NFD input)."""
    out = _MARKS.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "D")
    if not out.isascii():  # other scripts' combining marks (rare): the general, slower test
        out = "".join(ch for ch in out if not unicodedata.combining(ch))
    return out


def fold(text: str) -> str:
    """A comparison key: diacritics removed, case folded, punctuation turned into single spaces.

    ``"Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"`` -> ``"nen tang tich hop chia se du lieu lgsp"``.
    """
    return _NON_WORD.sub(" ", strip_diacritics(text).casefold()).strip()


def has_bidi_or_control(text: str) -> bool:
    """True when ``text`` holds control characters or bidirectional overrides (Trojan-source style)."""
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\n\r":
            return True
        if cat == "Cf" and ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
            return True
    return False
