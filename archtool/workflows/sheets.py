"""The workbook layout shared by ``archtool template`` and ``archtool import``.

One sheet per collection (waivers excepted), one column per schema field, with the Vietnamese
headers planners write and their usual synonyms. Headers are matched after
:func:`archtool.textnorm.fold` (diacritics, case and punctuation ignored). A project's ``budget``
becomes one column per source plus a total; ``Đơn vị phối hợp`` (co-operating units, not a field of
the format) is kept as ``partner:<unit id>`` tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archtool.model.schema import KIND_CLASSES
from archtool.textnorm import fold, nfc
from archtool.vocab import (BUDGET_SOURCE, ELEMENT_STATUS, INVESTMENT_FORM, PROJECT_STATUS, UNIT_LEVEL, YES_NO,
                            capital)

SHEETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "units": ("Đơn vị", ("don vi", "danh sach don vi", "co quan don vi", "co quan")),
    "services": ("Dịch vụ", ("dich vu", "dich vu do thi thong minh")),
    "applications": ("Ứng dụng", ("ung dung", "he thong thong tin", "he thong", "phan mem", "danh muc he thong", "he thong ung dung")),
    "platforms": ("Nền tảng", ("nen tang", "nen tang dung chung")),
    "datasets": ("CSDL", ("csdl", "co so du lieu", "du lieu")),
    "infrastructure": ("Hạ tầng", ("ha tang", "ha tang ky thuat")),
    "projects": ("Dự án", ("du an", "nhiem vu", "du an nhiem vu", "danh muc du an", "nhiem vu uu tien",
                           "danh muc nhiem vu", "nhiem vu du an")),
}
GUIDE_SHEET = "Hướng dẫn"
IGNORED_SHEETS = ("huong dan", "danh muc", "ghi chu")

NAME_HEADERS = {"units": "Tên đơn vị", "services": "Tên dịch vụ", "applications": "Tên hệ thống",
                "platforms": "Tên nền tảng", "datasets": "Tên cơ sở dữ liệu", "infrastructure": "Tên hạ tầng",
                "projects": "Tên dự án, nhiệm vụ"}

# field -> (Vietnamese header, synonyms as folded text)
HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": ("Mã", ("ma", "ma he thong", "ma dinh danh", "id", "ma du an", "ma don vi")),
    "name": ("Tên", ("ten", "ten goi", "noi dung")),  # + NAME_SYNONYMS of the sheet's collection
    "name_en": ("Tên tiếng Anh", ("ten tieng anh", "name en")),
    "description": ("Mô tả", ("mo ta", "ghi chu", "mo ta tom tat")),
    "owner": ("Đơn vị quản lý", ("don vi quan ly", "don vi chu tri", "co quan chu quan", "don vi chu quan",
                                 "chu dau tu", "don vi thuc hien", "co quan chu tri", "don vi van hanh",
                                 "co quan quan ly", "co quan don vi quan ly", "co quan chu tri thuc hien",
                                 "don vi chu tri thuc hien", "co quan don vi chu tri", "chu tri", "co quan thuc hien",
                                 "co quan don vi thuc hien", "don vi quan ly van hanh", "co quan van hanh")),
    "status": ("Trạng thái", ("trang thai", "tinh trang", "tinh trang thuc hien", "hien trang")),
    "capabilities": ("Năng lực", ("nang luc", "ma nang luc")),
    "tags": ("Nhãn", ("nhan", "the")),
    "since": ("Năm vận hành", ("nam van hanh", "nam bat dau", "tu nam", "nam dua vao su dung", "nam trien khai",
                               "nam dua vao van hanh", "thoi gian dua vao su dung", "nam bat dau van hanh")),
    "until": ("Năm dừng", ("nam dung", "den nam", "nam ket thuc van hanh")),
    "replaces": ("Thay thế", ("thay the", "thay the he thong")),
    "vendor": ("Nhà cung cấp", ("nha cung cap", "don vi cung cap", "nha thau", "don vi phat trien")),
    "sources": ("Nguồn thông tin", ("nguon thong tin", "nguon tham khao")),
    "level": ("Cấp", ("cap", "cap hanh chinh", "cap don vi")),
    "parent": ("Đơn vị cấp trên", ("don vi cap tren", "co quan cap tren", "truc thuoc")),
    "uses": ("Sử dụng nền tảng", ("su dung", "su dung nen tang", "nen tang su dung")),
    "datasets": ("Cơ sở dữ liệu", ("co so du lieu", "csdl", "du lieu", "csdl su dung")),
    "hosted_on": ("Hạ tầng triển khai", ("ha tang trien khai", "noi trien khai", "trien khai tai", "ha tang")),
    "scope": ("Phạm vi", ("pham vi", "pham vi trien khai")),
    "security_level": ("Cấp độ an toàn thông tin", ("cap do an toan thong tin", "cap do attt", "cap do an toan", "cap do",
                                                     "cap do an toan he thong thong tin", "cap do httt")),
    "integrates_with": ("Kết nối với", ("ket noi voi", "ket noi", "lien thong voi", "lien thong")),
    "users": ("Số người dùng", ("so nguoi dung", "so tai khoan", "nguoi dung", "so luot cai dat")),
    "domain": ("Lĩnh vực", ("linh vuc", "nganh linh vuc")),
    "shared_via": ("Chia sẻ qua", ("chia se qua", "nen tang chia se")),
    "personal_data": ("Dữ liệu cá nhân", ("du lieu ca nhan", "co du lieu ca nhan")),
    "open_data": ("Dữ liệu mở", ("du lieu mo",)),
    "type": ("Loại hạ tầng", ("loai ha tang", "loai")),
    "shared": ("Dùng chung", ("dung chung",)),
    "location": ("Địa điểm", ("dia diem", "vi tri", "dia chi")),
    "realized_by": ("Hệ thống thực hiện", ("he thong thuc hien", "he thong cung cap")),
    "channels": ("Kênh cung cấp", ("kenh cung cap", "kenh")),
    "delivers": ("Sản phẩm (hệ thống tạo ra)", ("san pham he thong tao ra", "san pham", "he thong tao ra", "san pham du an")),
    "upgrades": ("Nâng cấp hệ thống", ("nang cap he thong", "nang cap")),
    "task_groups": ("Nhóm nhiệm vụ", ("nhom nhiem vu", "nhiem vu de an 950", "nhom nhiem vu de an 950")),
    "period": ("Thời gian thực hiện", ("thoi gian thuc hien", "thoi gian", "giai doan", "thoi gian trien khai",
                                       "giai doan thuc hien", "tien do thuc hien", "thoi gian thuc hien du kien",
                                       "nam thuc hien", "thoi gian bat dau ket thuc", "thoi gian thuc hien nam")),
    "investment_form": ("Hình thức đầu tư", ("hinh thuc dau tu", "hinh thuc", "hinh thuc thuc hien", "phuong thuc dau tu",
                                             "hinh thuc trien khai")),
}
#: the name column's synonyms by collection (a "Tên đơn vị" column names units, not projects)
NAME_SYNONYMS: dict[str, tuple[str, ...]] = {
    "units": ("ten don vi", "ten co quan don vi", "co quan don vi", "ten co quan", "don vi", "co quan",
              "ten co quan don vi nha nuoc"),
    "services": ("ten dich vu", "dich vu", "ten dich vu do thi thong minh", "ten dich vu cong"),
    "applications": ("ten he thong", "ten he thong thong tin", "ten ung dung", "he thong thong tin", "ten phan mem",
                     "ten he thong ung dung", "he thong", "ung dung"),
    "platforms": ("ten nen tang", "nen tang", "ten nen tang dung chung"),
    "datasets": ("ten co so du lieu", "ten csdl", "co so du lieu", "csdl"),
    "infrastructure": ("ten ha tang", "ten ha tang ky thuat", "ha tang"),
    "projects": ("ten du an", "ten nhiem vu", "ten du an nhiem vu", "ten nhiem vu du an", "nhiem vu", "du an",
                 "noi dung nhiem vu", "nhiem vu du an", "du an nhiem vu", "danh muc nhiem vu du an",
                 "ten chuong trinh du an", "ten de an du an", "ten nhiem vu de an du an", "noi dung"),
}
#: a unit column in a sheet of other elements may be headed like the units sheet's name column
UNIT_AS_OWNER = ("ten co quan don vi", "co quan don vi", "ten don vi")
OWNER_PROJECT = "Đơn vị chủ trì"
PARTNERS = ("partners", "Đơn vị phối hợp", ("don vi phoi hop", "co quan phoi hop", "co quan don vi phoi hop", "phoi hop",
                                             "don vi phoi hop thuc hien", "co quan phoi hop thuc hien"))
SEQ = ("seq", "STT", ("stt", "tt", "so thu tu", "so tt"))
_BUDGET_SYNONYMS: dict[str, tuple[str, ...]] = {
    "central": ("ngan sach trung uong", "nstw", "von trung uong", "ngan sach tw", "ns trung uong",
                                         "ns tw", "von nstw", "von ngan sach trung uong", "trung uong"),
    "local": ("ngan sach dia phuong", "nsdp", "ngan sach tinh", "von dia phuong", "ns dia phuong",
                                       "ns tinh", "von nsdp", "von ngan sach dia phuong", "von ngan sach tinh", "dia phuong",
                                       "ngan sach cap tinh"),
    "private": ("doanh nghiep xa hoi hoa", "xa hoi hoa", "von doanh nghiep",
                                              "dn xhh", "doanh nghiep", "xhh", "von xa hoi hoa", "von xhh",
                                              "nguon xa hoi hoa", "von dn", "doanh nghiep xhh"),
    "oda": ("von oda", "oda", "von vay oda", "vay oda"),
    "other": ("nguon khac", "von khac", "khac", "nguon von khac", "cac nguon khac", "von hop phap khac",
                             "nguon von hop phap khac", "nguon hop phap khac"),
}
#: source -> (header, synonyms as folded text); the header is the vocabulary's name of the source
BUDGET_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    s: (capital(BUDGET_SOURCE[s].vi), syn) for s, syn in _BUDGET_SYNONYMS.items()}
TOTAL = ("total", "Tổng đầu tư", ("tong dau tu", "tong muc dau tu", "tong kinh phi", "tong cong", "tong", "kinh phi",
                                  "tong so", "kinh phi du kien", "tong muc dau tu du kien", "kinh phi thuc hien",
                                  "du kien kinh phi", "tong kinh phi du kien", "tong von", "tong nhu cau von",
                                  "nhu cau kinh phi", "kinh phi du kien thuc hien", "tong von dau tu"))
AMOUNT_UNIT_HEADER = " (đồng)"

#: money units as planners write them (lowercase NFC, diacritics kept: "đồng" is not "dòng" or "động")
MONEY_UNITS: dict[str, int] = {
    "tỷ đồng": 10**9, "tỉ đồng": 10**9, "tỷ": 10**9, "tỉ": 10**9, "tỷ vnđ": 10**9, "tỷ vnd": 10**9,
    "triệu đồng": 10**6, "triệu": 10**6, "tr.đồng": 10**6, "tr. đồng": 10**6, "tr.đ": 10**6, "tr đ": 10**6,
    "trđ": 10**6, "tr.đ.": 10**6, "triệu vnđ": 10**6, "triệu vnd": 10**6,
    "nghìn đồng": 10**3, "ngàn đồng": 10**3, "1.000 đồng": 10**3, "1000 đồng": 10**3,
    "đồng": 1, "vnđ": 1, "vnd": 1, "đ": 1,
}
#: the same units typed without diacritics, accepted only inside parentheses ("(trieu dong)")
MONEY_UNITS_ASCII: dict[str, int] = {"ty dong": 10**9, "ty": 10**9, "trieu dong": 10**6, "trieu": 10**6,
                                     "tr d": 10**6, "trd": 10**6, "nghin dong": 10**3, "ngan dong": 10**3,
                                     "dong": 1, "vnd": 1}
UNIT_NAMES = {10**9: ("tỷ đồng", "billion VND"), 10**6: ("triệu đồng", "million VND"),
              10**3: ("nghìn đồng", "thousand VND"), 1: ("đồng", "VND")}

def _labels(table: dict[Any, Any]) -> dict[str, str]:
    return {str(k).lower(): capital(v.vi) for k, v in table.items()}


#: the workbook's words for the format's enumerations (the vocabulary's labels, capitalised)
ENUMS: dict[str, dict[str, str]] = {
    "status": _labels(ELEMENT_STATUS),
    "project_status": _labels(PROJECT_STATUS),
    "level": _labels(UNIT_LEVEL),
    "investment_form": _labels(INVESTMENT_FORM),
    "bool": _labels(YES_NO),
    "security_level": {str(i): str(i) for i in range(1, 6)},
}
ENUM_SYNONYMS = {"status": {"dang van hanh": "operational", "van hanh": "operational", "da dung": "retired",
                            "ke hoach": "planned", "du kien": "planned", "dang trien khai": "building",
                            "sap ngung": "retiring", "da ngung": "retired"},
                 "project_status": {"dang trien khai": "in-progress", "hoan thanh": "completed", "du kien": "proposed",
                                    "da duyet": "approved", "huy bo": "cancelled", "huy": "cancelled"},
                 "level": {"cap tinh": "province", "cap xa": "commune", "cap huyen": "district", "phuong": "commune"},
                 "investment_form": {"thue": "rent", "mua sam hang hoa": "buy", "dau tu": "buy", "doi tac cong tu": "ppp"},
                 "bool": {"co": "true", "x": "true", "khong": "false", "yes": "true", "no": "false"}}


@dataclass(frozen=True)
class Column:
    key: str  # a schema field, or seq / partners / budget:<source> / total
    header: str
    synonyms: tuple[str, ...]
    kind: str  # text int list enum:<name> bool datasets scope period amount total units unit seq

    @property
    def enum(self) -> str | None:
        return self.kind.split(":", 1)[1] if self.kind.startswith("enum:") else None


LIST_FIELDS = ("capabilities", "tags", "replaces", "uses", "integrates_with", "shared_via", "realized_by",
               "channels", "delivers", "upgrades", "task_groups", "sources")


def _kind_of(collection: str, fname: str) -> str:
    if fname in ("owner", "parent"):
        return "unit"
    if fname in LIST_FIELDS:
        return "list"
    if fname == "status":
        return "enum:project_status" if collection == "projects" else "enum:status"
    if fname in ("level", "investment_form", "security_level"):
        return f"enum:{fname}"
    if fname in ("personal_data", "open_data", "shared"):
        return "enum:bool"
    if fname in ("since", "until", "users"):
        return "int"
    if fname in ("datasets", "scope", "period"):
        return fname
    return "text"


def columns(collection: str) -> list[Column]:
    """The columns of a collection's sheet, in schema field order (generated from the schema)."""
    cls = KIND_CLASSES[collection]
    cols = [Column(SEQ[0], SEQ[1], SEQ[2], "seq")]
    for fname in cls.model_fields:
        if fname == "budget":
            cols += [Column(f"budget:{s}", h + AMOUNT_UNIT_HEADER, syn, "amount") for s, (h, syn) in BUDGET_COLUMNS.items()]
            cols.append(Column(TOTAL[0], TOTAL[1] + AMOUNT_UNIT_HEADER, TOTAL[2], "total"))
            continue
        header, syn = HEADERS.get(fname, (fname, (fold(fname),)))
        if fname == "name":
            header = NAME_HEADERS[collection]
            syn = (*NAME_SYNONYMS.get(collection, ()), *syn)
        if fname == "owner":
            syn = (*syn, *UNIT_AS_OWNER)
        if fname == "owner" and collection == "projects":
            header = OWNER_PROJECT
        cols.append(Column(fname, header, tuple(dict.fromkeys((fold(header), *syn))), _kind_of(collection, fname)))
        if fname == "owner" and collection == "projects":
            cols.append(Column(PARTNERS[0], PARTNERS[1], PARTNERS[2], "units"))
    return cols


def sheet_collection(title: str) -> str | None:
    """Which collection a sheet holds, from its (folded) title; None when unknown."""
    key = re.sub(r"\d+", " ", fold(title)).split()
    key_s = " ".join(key)
    best = None
    for coll, (_h, syns) in SHEETS.items():
        for s in (fold(_h), *syns):
            if key_s == s or f" {s} " in f" {key_s} ":
                if best is None or len(s) > best[1]:
                    best = (coll, len(s))
    return best[0] if best else None


_PAREN = re.compile(r"\(([^()]*)\)")
_UNIT_PREFIX = re.compile(r"^(?:đvt|đơn vị tính|đơn vị|dvt|don vi tinh|don vi)\s*(?:là\s*)?[:.]?\s*")
_NOTE = re.compile(r"(?:đơn vị tính|đvt|don vi tinh|dvt|đơn vị(?=\s*:)|don vi(?=\s*:))\s*[:.]?\s*(?:là\s*)?(.+)$")


def unit_word(text: str) -> int | None:
    """``"triệu đồng"`` -> 1e6; None when ``text`` is not (only) a money unit."""
    s = re.sub(r"\s+", " ", _UNIT_PREFIX.sub("", nfc(text).lower().strip().strip(".:;,()").strip())).strip(" .")
    if s in MONEY_UNITS:
        return MONEY_UNITS[s]
    return MONEY_UNITS_ASCII.get(fold(s)) if s.isascii() else None


def money_unit(header: str) -> tuple[str, int | None]:
    """A header's text without its money unit (folded, for matching) and the unit's multiplier:
    ``"Kinh phí (triệu đồng)"`` -> ``("kinh phi", 1e6)``, ``"Tổng đầu tư - tỷ đồng"`` -> ``("tong dau tu", 1e9)``."""
    low = nfc(header).lower().strip()
    found: list[int] = []

    def strip_paren(m: re.Match[str]) -> str:
        u = unit_word(m.group(1))
        if u is None:
            return m.group(0)
        found.append(u)
        return " "

    base = _PAREN.sub(strip_paren, low)
    if not found:
        m = re.search(r"[,:\-–—/]\s*([^,:\-–—/]+)$", base)
        if m and unit_word(m.group(1)) is not None:
            found.append(unit_word(m.group(1)) or 1)
            base = base[: m.start()]
    if not found:
        for word in ("tỷ đồng", "tỉ đồng", "triệu đồng", "nghìn đồng", "ngàn đồng"):
            if base.endswith(" " + word):
                found.append(MONEY_UNITS[word])
                base = base[: -len(word)]
                break
    return fold(base), (found[0] if found else None)


def note_unit(text: str) -> int | None:
    """The unit of a note above a table: ``"Đơn vị tính: triệu đồng"``, ``"ĐVT: tỷ đồng"`` -> multiplier."""
    m = _NOTE.search(nfc(text).lower().strip().strip("()").strip())
    return unit_word(m.group(1)) if m else None


def enum_label(enum: str, code: Any) -> str:
    return ENUMS[enum].get(str(code).lower(), str(code))


def enum_code(enum: str, text: str) -> str | None:
    f = fold(text)
    for code, label in ENUMS[enum].items():
        if f in (fold(label), fold(code)):
            return code
    return ENUM_SYNONYMS.get(enum, {}).get(f)
