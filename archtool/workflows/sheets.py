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
from archtool.textnorm import fold
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
    "name": ("Tên", ("ten", "ten he thong", "ten du an", "ten nhiem vu", "ten du an nhiem vu", "ten don vi",
                     "ten co so du lieu", "ten csdl", "ten nen tang", "ten dich vu", "ten ha tang", "noi dung",
                     "nhiem vu", "ten he thong thong tin", "ten ung dung", "noi dung nhiem vu")),
    "name_en": ("Tên tiếng Anh", ("ten tieng anh", "name en")),
    "description": ("Mô tả", ("mo ta", "ghi chu", "mo ta tom tat")),
    "owner": ("Đơn vị quản lý", ("don vi quan ly", "don vi chu tri", "co quan chu quan", "don vi chu quan",
                                 "chu dau tu", "don vi thuc hien", "co quan chu tri", "don vi van hanh")),
    "status": ("Trạng thái", ("trang thai", "tinh trang")),
    "capabilities": ("Năng lực", ("nang luc", "ma nang luc")),
    "tags": ("Nhãn", ("nhan", "the")),
    "since": ("Năm vận hành", ("nam van hanh", "nam bat dau", "tu nam", "nam dua vao su dung", "nam trien khai")),
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
    "security_level": ("Cấp độ an toàn thông tin", ("cap do an toan thong tin", "cap do attt", "cap do an toan", "cap do")),
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
    "period": ("Thời gian thực hiện", ("thoi gian thuc hien", "thoi gian", "giai doan", "thoi gian trien khai")),
    "investment_form": ("Hình thức đầu tư", ("hinh thuc dau tu", "hinh thuc")),
}
OWNER_PROJECT = "Đơn vị chủ trì"
PARTNERS = ("partners", "Đơn vị phối hợp", ("don vi phoi hop", "co quan phoi hop"))
SEQ = ("seq", "STT", ("stt", "tt", "so thu tu"))
_BUDGET_SYNONYMS: dict[str, tuple[str, ...]] = {
    "central": ("ngan sach trung uong", "nstw", "von trung uong", "ngan sach tw"),
    "local": ("ngan sach dia phuong", "nsdp", "ngan sach tinh", "von dia phuong"),
    "private": ("doanh nghiep xa hoi hoa", "xa hoi hoa", "von doanh nghiep", "dn xhh", "doanh nghiep"),
    "oda": ("von oda", "oda"),
    "other": ("nguon khac", "von khac", "khac"),
}
#: source -> (header, synonyms as folded text); the header is the vocabulary's name of the source
BUDGET_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    s: (capital(BUDGET_SOURCE[s].vi), syn) for s, syn in _BUDGET_SYNONYMS.items()}
TOTAL = ("total", "Tổng đầu tư", ("tong dau tu", "tong muc dau tu", "tong kinh phi", "tong cong", "tong", "kinh phi"))
AMOUNT_UNIT_HEADER = " (đồng)"
UNIT_WORDS = {"ty dong": 1_000_000_000, "ty": 1_000_000_000, "trieu dong": 1_000_000, "trieu": 1_000_000,
              "dong": 1, "vnd": 1}

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


def split_unit(header_folded: str) -> tuple[str, int | None]:
    """``"tong dau tu ty dong"`` -> ``("tong dau tu", 1e9)``."""
    for word, mult in sorted(UNIT_WORDS.items(), key=lambda kv: -len(kv[0])):
        if header_folded.endswith(" " + word) or header_folded == word:
            return header_folded[: -len(word)].strip(), mult
        if f" {word} " in f" {header_folded} " and word in ("ty dong", "trieu dong"):
            return header_folded.replace(word, " ").strip(), mult
    return header_folded, None


def enum_label(enum: str, code: Any) -> str:
    return ENUMS[enum].get(str(code).lower(), str(code))


def enum_code(enum: str, text: str) -> str | None:
    f = fold(text)
    for code, label in ENUMS[enum].items():
        if f in (fold(label), fold(code)):
            return code
    return ENUM_SYNONYMS.get(enum, {}).get(f)
