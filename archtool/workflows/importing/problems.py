"""What an import reports and how far it reads: the bounds, the problems (``sheet!cell`` in two
languages), the imported collections, and how a cell is quoted in a message."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from archtool.i18n import L
from archtool.model.schema import ID_PATTERN
from archtool.textnorm import nfc
from archtool.workflows import FlowError

ID_RE = re.compile(ID_PATTERN)
HEADER_SCAN = 30  # rows searched for the header (title blocks take up to ~10)
HEADER_DEPTH = 4  # rows a header may span
TOLERANCE = 1_000_000  # đồng: rounding of amounts written in tỷ đồng with few decimals
MIN_AMOUNT = 1_000_000  # a budget line below 1 triệu đồng is a unit slip
MAX_AMOUNT = 10**14  # 100.000 tỷ đồng: more than a province's yearly budget
UNITLESS_MIN = 10**8  # with no unit anywhere, only amounts ≥ 100 triệu are plainly đồng
MAX_ARCHIVE_BYTES = 1 << 30  # uncompressed size of all parts of the workbook
MAX_PARTS = 10_000
MAX_MERGED = 100_000  # merged ranges per sheet
MAX_MERGE_FILL = 500_000  # cells covered by merged ranges (clipped to the data) per sheet
SNIFF = 65_536  # bytes of each XML part searched for a DTD
TEXT_ECHO = 60  # characters of a cell quoted in a message


@dataclass(frozen=True)
class Bounds:
    """What one import reads at most (``--max-rows``, ``--max-columns``, ``--max-cell-chars``)."""

    max_rows: int = 200_000
    max_columns: int = 200
    max_cell_chars: int = 20_000  # the format's longest text (description)


class Unreadable(FlowError):
    """The file is not a workbook archtool can read; ``text`` in both languages, exit code 2."""

    def __init__(self, text: L, code: int = 2) -> None:
        super().__init__(f"{text.vi} / {text.en}", code)
        self.text = text


class CellError(ValueError):
    """A cell's value cannot be read; ``text`` says why and what to write."""

    def __init__(self, text: L) -> None:
        super().__init__(text.vi)
        self.text = text


@dataclass
class Problem:
    severity: str  # error | warning | info
    sheet: str
    row: int | None
    column: str | None
    message: L

    def where(self) -> str:
        if self.row is None and self.column is None:
            return self.sheet
        return f"{self.sheet}!{self.column or ''}{self.row or ''}"

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"severity": self.severity, "sheet": self.sheet, "row": self.row, "column": self.column,
                "cell": self.where(), "message": self.message.get(lang)}


@dataclass
class Imported:
    collections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    #: the planning period a table's title states ("... GIAI ĐOẠN 2026 - 2030"), and where
    period: tuple[int, int] | None = None
    period_where: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def count(self) -> int:
        return sum(len(v) for v in self.collections.values())

    def sort(self) -> None:
        order = {s: i for i, s in enumerate(self.sheets)}
        self.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0,
                                          column_index_from_string(p.column) if p.column else 0))


def cell_text(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is str:
        s = v.strip()
        return s if s.isascii() or unicodedata.is_normalized("NFC", s) else nfc(s)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return nfc(str(v)).strip()


def short(text: Any) -> str:
    s = re.sub(r"\s+", " ", cell_text(text))
    return s if len(s) <= TEXT_ECHO else s[: TEXT_ECHO - 1] + "…"

def col_letter(c: int) -> str:
    return get_column_letter(c)


def rows_text(rows: list[int]) -> str:
    """[3, 4, 5, 9] -> "3–5, 9"."""
    out: list[str] = []
    start = prev = None
    for r in sorted(rows):
        if prev is not None and r == prev + 1:
            prev = r
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = r
    if start is not None:
        out.append(str(start) if start == prev else f"{start}–{prev}")
    return ", ".join(out)


def rows_en(rows: list[int]) -> str:
    text = rows_text(rows)
    return f"row {text}" if len(rows) == 1 else f"rows {text}"


def lowered(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text).lower()).strip()


