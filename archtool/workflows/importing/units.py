"""The units an owner may name, matched the way planners write them: diacritics, "và",
abbreviations ("Sở KH&CN", "UBND tỉnh") and the trailing "tỉnh <name>" ignored; the merger of the
Sở TT&TT into the Sở KH&CN (1/3/2025) named; close names suggested."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz, process

from archtool.textnorm import fold, nfc

GENERIC_UNITS = re.compile(r"^(các|những)\b|\bcác\b|liên quan|\bcó liên quan\b|^toàn bộ|^tất cả")

#: abbreviations in unit names (folded tokens) and what they stand for, longest first
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("vh tt dl", "van hoa the thao du lich"), ("vhttdl", "van hoa the thao du lich"),
    ("ld tb xh", "lao dong thuong binh xa hoi"), ("ldtbxh", "lao dong thuong binh xa hoi"),
    ("nn ptnt", "nong nghiep phat trien nong thon"), ("nnptnt", "nong nghiep phat trien nong thon"),
    ("cntt tt", "cong nghe thong tin truyen thong"),
    ("kh cn", "khoa hoc cong nghe"), ("khcn", "khoa hoc cong nghe"),
    ("tt tt", "thong tin truyen thong"), ("tttt", "thong tin truyen thong"),
    ("tn mt", "tai nguyen moi truong"), ("tnmt", "tai nguyen moi truong"),
    ("nn mt", "nong nghiep moi truong"), ("nnmt", "nong nghiep moi truong"),
    ("kh dt", "ke hoach dau tu"), ("khdt", "ke hoach dau tu"),
    ("gd dt", "giao duc dao tao"), ("gddt", "giao duc dao tao"),
    ("gt vt", "giao thong van tai"), ("gtvt", "giao thong van tai"),
    ("pvhcc", "phuc vu hanh chinh cong"), ("hcc", "hanh chinh cong"),
    ("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"), ("cntt", "cong nghe thong tin"),
    ("vp", "van phong"),
)
#: after "Sở": short forms of a department's name
DEPARTMENTS = {"xd": "xay dung", "yt": "y te", "tc": "tai chinh", "nv": "noi vu", "ct": "cong thuong",
               "tp": "tu phap", "vhtt": "van hoa the thao"}
_CANON_CACHE: dict[str, str] = {}


def canon(name: str) -> str:
    """A unit name compared the planner's way: diacritics, case, "và", abbreviations and the trailing
    "tỉnh <name>" ignored: "Sở KH&CN" and "Sở Khoa học và Công nghệ tỉnh Tây Ninh" -> "so khoa hoc cong nghe"."""
    got = _CANON_CACHE.get(name)
    if got is not None:
        return got
    s = f" {fold(name)} "
    for short, full in ABBREVIATIONS:
        s = s.replace(f" {short} ", f" {full} ")
    words = [w for w in s.split() if w != "va"]
    if len(words) >= 2 and words[0] == "so" and words[1] in DEPARTMENTS:
        words[1:2] = DEPARTMENTS[words[1]].split()
    if words and words[0] == "tt" and len(words) > 1:
        words[0:1] = ["trung", "tam"]
    if words and words[0] == "ca":
        words[0:1] = ["cong", "an"]
    if "tinh" in words[1:]:
        i = len(words) - 1 - words[::-1].index("tinh")
        if i > 0 and len(words) - i - 1 <= 4:
            words = words[:i]
    out = " ".join(words)
    _CANON_CACHE[name] = out
    return out


TTTT = "so thong tin truyen thong"
KHCN = "so khoa hoc cong nghe"


class Units:
    """The units an owner may name: the workbook's units sheet and the baseline's units."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # id -> name
        self.by_fold: dict[str, list[str]] = defaultdict(list)
        self.by_canon: dict[str, list[str]] = defaultdict(list)
        self.cache: dict[str, tuple[list[str], str]] = {}

    def add(self, uid: str, name: str) -> None:
        if uid in self.names:
            return
        self.cache.clear()
        self.names[uid] = name
        self.by_fold[fold(name)].append(uid)
        self.by_canon[canon(name)].append(uid)

    def find(self, text: str) -> tuple[list[str], str]:
        """Candidate ids and how they matched: id | name | canon | none."""
        got = self.cache.get(text)
        if got is None:
            got = self.cache[text] = self._find(text)
        return got

    def _find(self, text: str) -> tuple[list[str], str]:
        t = nfc(text).strip()
        if t in self.names:
            return [t], "id"
        got = self.by_fold.get(fold(t))
        if got:
            return got, "name"
        got = self.by_canon.get(canon(t))
        if got:
            return got, "canon"
        return [], "none"

    def label(self, uid: str) -> str:
        return f"'{self.names[uid]}' ({uid})"

    def suggest(self, text: str) -> list[str]:
        choices = {uid: canon(name) for uid, name in self.names.items()}
        got = process.extract(canon(text), choices, scorer=fuzz.token_sort_ratio, score_cutoff=72, limit=2)
        return [uid for _name, _score, uid in got]

    def merged_into(self, text: str) -> str | None:
        """Sở TT&TT merged into Sở KH&CN from 1/3/2025: the Sở KH&CN when the list has it."""
        if canon(text) != TTTT:
            return None
        return next(iter(self.by_canon.get(KHCN, [])), None)


def guess_level(name: str) -> str | None:
    key = canon(name)
    if key.startswith(("bo ", "chinh phu", "van phong chinh phu")):
        return "central"
    if key.startswith(("uy ban nhan dan xa", "uy ban nhan dan phuong", "xa ", "phuong ")):
        return "commune"
    if key.startswith(("so ", "uy ban nhan dan", "cong an", "van phong uy ban", "ban ")):
        return "province"
    return None


def unique(base: str, taken: Any) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


