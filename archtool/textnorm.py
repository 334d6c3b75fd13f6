"""Vietnamese-aware text: NFC, diacritics folding, comparison keys, and the one set of hidden
characters (control and bidirectional-override characters) every reader and writer uses."""

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


#: the hidden characters: C0 controls except tab and line breaks, DEL, and the bidirectional marks
#: and overrides ("Trojan Source"). The loader warns about them; writers replace them.
HIDDEN_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069"
HIDDEN = re.compile(f"[{HIDDEN_CHARS}]")
#: hidden characters, line breaks and XML's non-characters: what a one-line label (a diagram node,
#: drawn into SVG) cannot hold
HIDDEN_OR_BREAK = re.compile(f"[{HIDDEN_CHARS}\t\n\r\ufffe\uffff\ud800-\udfff]")
#: what an XML 1.0 document cannot hold (DOCX, XLSX, SVG, JUnit, the exchange file)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold: what every writer of an XML-based file
    (XLSX cells, DOCX runs, JUnit) applies to model text, so that any string the loader accepted
    (it warns about them) can be written."""
    return NOT_XML.sub("", text) if NOT_XML.search(text) else text


#: what must not reach a terminal or a CI log raw: C0 controls and line breaks (ESC starts terminal
#: escape sequences; a line break lets model text start a line, where GitHub Actions runs
#: ``::error …`` as a workflow command), DEL, C1 controls (CSI), line/paragraph separators and
#: the bidirectional marks and overrides. Tab stays.
NOT_PRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def printable(text: str) -> str:
    """``text`` as one harmless line of a text report: every :data:`NOT_PRINTABLE` character written
    as a visible escape (``\\n``, ``\\e``, ``\\x07``, ``\\u202e``), the rest unchanged."""
    if not NOT_PRINTABLE.search(text):
        return text
    return NOT_PRINTABLE.sub(lambda m: _ESCAPES.get(m.group()) or (
        f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"), text)
