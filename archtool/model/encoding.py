"""Decoding a model file's bytes: UTF-8 with or without a BOM, and for anything else an
:class:`EncodingProblem` naming the legacy Vietnamese encoding (TCVN3, VNI, Windows-1258) the bytes
most likely are, with the name ``iconv`` knows it by, so the user can convert the file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EncodingProblem:
    line: int
    col: int
    detail: str
    guess: str
    iconv: str


def decode(data: bytes) -> tuple[str | None, EncodingProblem | None]:
    """Decode UTF-8 (with or without BOM). Anything else is an :class:`EncodingProblem` that says
    which legacy Vietnamese encoding the bytes most likely are, so the user knows how to convert."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, EncodingProblem(1, 1, "UTF-16 (BOM " + data[:2].hex(" ").upper() + ")", "UTF-16", "UTF-16")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        pos = exc.start
        line = data.count(b"\n", 0, pos) + 1
        col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
        if data.count(b"\x00") > len(data) // 8:
            guess, iconv = "UTF-16", "UTF-16"
            detail = f"byte 0x{data[pos]:02X}; looks like UTF-16 without BOM or a binary file"
        else:
            guess, iconv = _guess_legacy(data)
            detail = f"byte 0x{data[pos]:02X} at line {line}, column {col}; likely {guess}"
        return None, EncodingProblem(line, col, detail, guess, iconv)


# Characters typical of each legacy encoding's Vietnamese letters.
_TCVN3_BYTES = set(b"\xb8\xb5\xb6\xb7\xb9\xa8\xbe\xbb\xbc\xbd\xc6\xa9\xca\xc7\xc8\xc9\xcb\xd0\xcc\xce\xcf\xd1"
                   b"\xaa\xd5\xd2\xd3\xd4\xd6\xdd\xd7\xd8\xdc\xde\xe3\xdf\xe1\xe2\xe4\xab\xe8\xe5\xe6\xe7"
                   b"\xe9\xac\xed\xea\xeb\xec\xee\xf3\xef\xf1\xf2\xf4\xad\xf8\xf5\xf6\xf7\xf9\xfd\xfa\xfb\xfc\xfe\xae")
_CP1258_COMBINING = set(b"\xcc\xec\xd2\xde\xf2")  # Windows-1258 tone marks (combining)


def _guess_legacy(data: bytes) -> tuple[str, str]:
    high = [b for b in data if b >= 0x80]
    if not high:
        return "không rõ / unknown", "WINDOWS-1258"
    cp1258 = sum(1 for b in high if b in _CP1258_COMBINING)
    if cp1258 >= len(high) * 0.3:
        return "Windows-1258 (CP1258)", "WINDOWS-1258"
    # VNI writes a base ASCII letter followed by tone-mark bytes in 0xC0-0xFF after letters a/e/o/u.
    vni_pairs = sum(1 for i in range(1, len(data)) if data[i] >= 0xC0 and chr(data[i - 1]).lower() in "aeiouy")
    tcvn = sum(1 for b in high if b in _TCVN3_BYTES)
    if vni_pairs >= len(high) * 0.6 and vni_pairs > tcvn * 0.5:
        return "VNI Windows", "VNI"
    if tcvn >= len(high) * 0.6:
        return "TCVN3 (ABC)", "TCVN"
    return "Windows-1258 / TCVN3 / VNI", "WINDOWS-1258"
