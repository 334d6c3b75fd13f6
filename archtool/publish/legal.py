"""The plan's legal basis: national documents in force during the model's period, one line each,
in the order a planner lists them, and what the drafter still has to verify.

Selection (catalog contract, docs/catalog-sources.md): document entries with ``scope: national``
that are a valid basis on at least one day of the period (``Catalogs.in_force_during``); an
article (``part_of``, or a name "…, Điều N…") stands for its document, and a document appears once.
Order: Party documents, laws, National Assembly resolutions, decrees, Government resolutions, Prime
Minister's decisions and directives, notices of the Government Office, circulars, ministry
decisions, dispatches and other guidance; by date within each rank. Lines follow Decree 30/2020's
way of citing (type, number, date, issuer, summary; a law by its name only). What a catalog entry
marks as unverified never enters these lines: :func:`drafter_notes` lists it for the appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archtool.catalogs import parse_day, period_days

DOCUMENT_KINDS = ("document", "law", "resolution", "directive", "framework-version", "law-article", "guidance")
_NUMBER = re.compile(r"\b\d+(?:-[A-ZĐ]+)?/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z0-9&-]*(?:/[A-ZĐ]+)?")
_TYPE = re.compile(r"^(Nghị định|Nghị quyết|Quyết định|Thông tư|Công văn|Thông báo|Quy định|Chỉ thị|Văn bản)"
                   r"\s+(?:số\s+)?(?P<num>\d[^\s:]*)\s*(?P<rest>.*)$")
_ABBREV = (("QĐ ", "Quyết định số "), ("NĐ ", "Nghị định số "), ("TT ", "Thông tư số "), ("CV ", "Công văn số "),
           ("Văn bản số ", "Văn bản số "))
_ARTICLE = re.compile(r",\s*(Điều|khoản|Mục)\b.*$")
_LEADING_DATE = re.compile(r"^\(\d{1,2}/\d{1,2}/\d{4}\)\s*")
#: rank of a document by the kind of its number (lower comes first)
_RANKS = (("BCĐTW", 0), ("/TW", 0), ("NĐ-CP", 3), ("NQ-CP", 4), ("QĐ-TTg", 5), ("CT-TTg", 6), ("TB-VPCP", 6),
          ("/TT-", 7), ("QĐ-B", 8))
#: what a ``*_verified: false`` flag tells the drafter
FLAG_TEXT = {
    "verified": ("nội dung chưa được đối chiếu với văn bản gốc", "content not checked against the original"),
    "official_text_verified": ("mới đối chiếu qua nguồn thứ cấp hoặc bản chép không chính thức",
                               "seen only in a secondary source or an unofficial transcription"),
    "number_verified": ("số hiệu chưa được xác nhận", "number not confirmed"),
    "date_verified": ("ngày ban hành chưa được xác nhận", "date not confirmed"),
    "superseded_verified": ("thời điểm hết hiệu lực suy ra từ nguồn thứ cấp", "end of validity inferred"),
    "in_force_verified": ("ngày có hiệu lực chưa được xác nhận", "date in force not confirmed"),
    "wording_verified": ("tên tiếng Việt là bản dịch lại, cần đối chiếu", "Vietnamese wording back-translated"),
    "section_verified": ("số điều, mục chưa được xác nhận", "article or section number not confirmed"),
    "article_verified": ("số điều, mục chưa được xác nhận", "article or section number not confirmed"),
}
OTHER_FLAG = ("một phần nội dung chưa được xác nhận", "part of the content not confirmed")


@dataclass
class LegalDoc:
    key: str
    text: str
    rank: int
    issued: date | None
    until: date | None              # last valid day, when it falls inside the period
    entries: list[Any] = field(default_factory=list)


def _day_text(value: Any, lang: str) -> str:
    s = str(value or "")
    try:
        d = parse_day(value)
    except ValueError:
        return ""
    if d is None:
        return ""
    parts = s.split("-")
    if lang == "en":
        return d.strftime("%d %B %Y") if len(parts) == 3 else (d.strftime("%B %Y") if len(parts) == 2 else s[:4])
    if len(parts) == 3:
        day = f"{d.day:02d}" if d.day < 10 else str(d.day)
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        return f"ngày {day}/{month}/{d.year}"
    return f"tháng {d.month}/{d.year}" if len(parts) == 2 else f"năm {d.year}"


def _document(cats: Any, e: Any) -> Any:
    """The document an article entry belongs to (itself when it is a document)."""
    parent = e.get("part_of")
    if isinstance(parent, str) and cats.get(parent) is not None and cats.get(parent).kind in DOCUMENT_KINDS:
        return cats.get(parent)
    return e


def _number(e: Any) -> str:
    m = _NUMBER.search(e.name) or _NUMBER.search(e.citation.split(";")[0])
    return m.group(0) if m else ""


def _rank(e: Any, number: str) -> int:
    if e.kind == "law" or e.name.startswith("Luật") or e.citation.startswith("Luật"):
        return 1
    if "/QH" in number or (e.get("issuer") == "Quốc hội" and e.name.startswith("Nghị quyết")):
        return 2
    for mark, rank in _RANKS:
        if mark in number:
            return rank
    return 9 if number else 10


def _line(e: Any, number: str, rank: int, lang: str) -> str:
    name = _ARTICLE.sub("", e.name) if e.kind == "law-article" else e.name
    if rank == 1:  # Decree 30/2020: a law is cited by its type and name only
        return name if name.startswith("Luật") else e.citation.split(" (")[0].split(";")[0]
    when = _day_text(e.get("issued"), lang)
    issuer = e.get("issuer") or ""
    m = _TYPE.match(name)
    if m and "/" in m.group("num") and lang == "vi":
        rest = _LEADING_DATE.sub("", m.group("rest"))
        head = f"{m.group(1)} số {m.group('num')}"
        extra = " ".join(x for x in (when, f"của {issuer}" if issuer and issuer not in rest else "") if x)
        return " ".join(x for x in (head, extra, rest) if x).replace(" :", ":")
    extras = []
    if number and number not in name:
        cited = e.citation.split(" (")[0].split(";")[0]
        for short, full in _ABBREV:
            if cited.startswith(short) and lang == "vi":
                cited = full + cited[len(short):]
        extras.append(cited)
    extras += [x for x in (when, issuer if issuer not in name else "") if x]
    return f"{name} ({', '.join(extras)})" if extras else name


def legal_basis(cats: Any, period: tuple[int, int] | None, today: date, lang: str = "vi") -> list[LegalDoc]:
    start, end = period_days(*period) if period else (today, today)
    found: dict[str, LegalDoc] = {}
    for e in cats.entries.values():
        if e.kind not in DOCUMENT_KINDS or e.get("scope") != "national":
            continue
        doc = _document(cats, e)
        if not cats.in_force_during(doc, start, end):
            continue
        number = _number(doc)
        key = number or _ARTICLE.sub("", doc.name).split(":")[0].strip().casefold()
        if key in found:
            if e not in found[key].entries:
                found[key].entries.append(e)
            continue
        rank = _rank(doc, number)
        _first, last = cats.window(doc)
        found[key] = LegalDoc(key, _line(doc, number, rank, lang), rank, parse_day(doc.get("issued")),
                              last if last is not None and last <= end else None, [doc] + ([e] if e is not doc else []))
    return sorted(found.values(), key=lambda d: (d.rank, d.issued or date.min, d.text))


def until_text(d: LegalDoc, lang: str) -> str:
    if d.until is None:
        return ""
    nxt = date.fromordinal(d.until.toordinal() + 1)
    return (f"hết hiệu lực từ {_day_text(nxt.isoformat(), lang)}" if lang == "vi"
            else f"no longer in force from {_day_text(nxt.isoformat(), lang)}")


def drafter_notes(docs: list[LegalDoc], lang: str = "vi") -> list[tuple[str, list[str]]]:
    """(document line, what to verify) for every listed document with an unverified part."""
    i = 1 if lang == "en" else 0
    out = []
    for d in docs:
        said: list[str] = []
        for e in d.entries:
            for key, value in e.data.items():
                if (key == "verified" or key.endswith("_verified")) and value is False:
                    text = FLAG_TEXT.get(key, OTHER_FLAG)[i]
                    if text not in said:
                        said.append(text)
        if said:
            out.append((d.text, said))
    return out
