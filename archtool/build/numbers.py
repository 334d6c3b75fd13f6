"""Vietnamese money formatting: ``121.600.000.000 đồng`` and ``121,6 tỷ đồng``.

Vietnamese writes the thousands separator as a dot and the decimal separator as a comma.
"""

from __future__ import annotations

# Plans count in "tỷ đồng" even above a trillion (1.946 tỷ đồng), so there is no larger unit.
_UNITS = {"vi": ((10**9, "tỷ đồng"), (10**6, "triệu đồng")),
          "en": ((10**9, "billion VND"), (10**6, "million VND"))}


def group(amount: int, lang: str = "vi") -> str:
    """``121600000000`` -> ``121.600.000.000`` (vi) or ``121,600,000,000`` (en)."""
    text = f"{int(amount):,}"
    return text.replace(",", ".") if lang == "vi" else text


def vnd(amount: int, lang: str = "vi") -> str:
    """The full amount: ``121.600.000.000 đồng`` / ``121,600,000,000 VND``."""
    return f"{group(amount, lang)} {'đồng' if lang == 'vi' else 'VND'}"


def vnd_short(amount: int, lang: str = "vi") -> str:
    """A rounded amount for prose: ``121,6 tỷ đồng``, ``1.946 tỷ đồng`` / ``121.6 billion VND`` (one
    decimal, trailing ``,0`` dropped)."""
    amount = int(amount)
    for size, word in _UNITS[lang]:
        if abs(amount) >= size:
            value = f"{amount / size:,.1f}"
            if value.endswith(".0"):
                value = value[:-2]
            if lang == "vi":
                value = value.replace(",", " ").replace(".", ",").replace(" ", ".")
            return f"{value} {word}"
    return vnd(amount, lang)


def million(amount: int, lang: str = "vi") -> str:
    """An amount in millions for tables headed "triệu đồng": ``121.600`` or ``0,5`` (exact to the
    đồng: decimals are kept, never rounded away)."""
    whole, rest = divmod(int(amount), 10**6)
    text = group(whole, lang)
    if rest:
        frac = f"{rest:06d}".rstrip("0")
        text += ("," if lang == "vi" else ".") + frac
    return text
