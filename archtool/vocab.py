"""archtool's vocabulary: every label a user reads, once, in Vietnamese and English.

Kinds of element, statuses, severities, categories, budget sources, investment forms, unit levels,
dataset access, model kinds and the relations between elements each have exactly one Vietnamese
and one English text here. Findings, the plan, the workbook, the HTML report, the review opinion,
the diff and the import/template workbooks all read them from this module, so the same status
reads the same everywhere. Labels are lower case (they sit inside sentences); :func:`capital`
gives the form for the start of a sentence or a table cell.

The value lists (``ELEMENT_STATUSES``...) are the model format's enumerations (spec §2); the
pydantic schema (:mod:`archtool.model.schema`) builds its ``Literal`` types from them.

The interface strings of the command line and the renderers (:data:`UI`, :func:`t`) live here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from archtool.i18n import DEFAULT_LANG, L, _fmt

# ---------------------------------------------------------------------------------------------
# elements and their properties

#: collection -> the name of one element of it
KINDS: dict[str, L] = {
    "units": L("đơn vị", "unit"),
    "services": L("dịch vụ", "service"),
    "applications": L("ứng dụng", "application"),
    "platforms": L("nền tảng", "platform"),
    "datasets": L("cơ sở dữ liệu", "dataset"),
    "infrastructure": L("hạ tầng", "infrastructure"),
    "projects": L("dự án", "project"),
    "waivers": L("miễn trừ", "waiver"),
}
COLLECTIONS: tuple[str, ...] = tuple(KINDS)

ELEMENT_STATUS: dict[str, L] = {
    "planned": L("dự kiến", "planned"),
    "building": L("đang xây dựng", "building"),
    "operational": L("đang vận hành", "operational"),
    "retiring": L("sắp dừng", "retiring"),
    "retired": L("đã dừng", "retired"),
}
PROJECT_STATUS: dict[str, L] = {
    "proposed": L("đề xuất", "proposed"),
    "approved": L("đã phê duyệt", "approved"),
    "in-progress": L("đang thực hiện", "in progress"),
    "completed": L("đã hoàn thành", "completed"),
    "cancelled": L("đã hủy", "cancelled"),
}
#: element and project statuses together (the two value sets do not overlap)
STATUSES: dict[str, L] = {**ELEMENT_STATUS, **PROJECT_STATUS}
ELEMENT_STATUSES: tuple[str, ...] = tuple(ELEMENT_STATUS)
PROJECT_STATUSES: tuple[str, ...] = tuple(PROJECT_STATUS)
#: statuses of an element that is not retired (spec §5: "active"); ``retiring`` still runs
ACTIVE: tuple[str, ...] = ("planned", "building", "operational", "retiring")

UNIT_LEVEL: dict[str, L] = {
    "central": L("trung ương", "central"),
    "province": L("tỉnh", "province"),
    "district": L("huyện", "district"),
    "commune": L("xã", "commune"),
    "enterprise": L("doanh nghiệp", "enterprise"),
}
ACCESS: dict[str, L] = {
    "master": L("làm chủ", "master"),
    "write": L("ghi", "write"),
    "read": L("đọc", "read"),
}
#: funding sources of a budget line, in the order reports list them
BUDGET_SOURCE: dict[str, L] = {
    "central": L("ngân sách trung ương", "central budget"),
    "local": L("ngân sách địa phương", "local budget"),
    "private": L("doanh nghiệp, xã hội hóa", "private, socialization"),
    "oda": L("vốn ODA", "ODA"),
    "other": L("nguồn khác", "other"),
}
BUDGET_SOURCES: tuple[str, ...] = tuple(BUDGET_SOURCE)
INVESTMENT_FORM: dict[str, L] = {
    "buy": L("mua sắm", "buy"),
    "rent": L("thuê dịch vụ", "rent"),
    "ppp": L("PPP", "PPP"),
    "socialization": L("xã hội hóa", "socialization"),
}
MODEL_KIND: dict[str, L] = {
    "smart-city": L("đô thị thông minh", "smart-city"),
    "e-government": L("chính quyền điện tử", "e-government"),
}
PROVINCE_WIDE = L("toàn tỉnh", "province-wide")
#: how strong a catalog requirement is (catalog field ``strength``), as a finding states it
STRENGTH: dict[str, L] = {
    "law": L("quy định pháp luật đang có hiệu lực", "a legal obligation in force"),
    "guidance": L("khuyến nghị của văn bản hướng dẫn quốc gia", "recommended by national guidance"),
    "practice": L("thực tiễn phổ biến của các tỉnh, không phải yêu cầu của văn bản quốc gia",
                  "common practice in provinces, not required by a national document"),
}
YES_NO: dict[bool, L] = {True: L("có", "yes"), False: L("không", "no")}
#: the fields of the model format as a report names them (diff, merge report)
FIELD: dict[str, L] = {
    "id": L("mã", "id"), "kind": L("loại phần tử", "kind"), "name": L("tên", "name"),
    "name_en": L("tên tiếng Anh", "English name"), "description": L("mô tả", "description"),
    "owner": L("đơn vị chủ quản", "owner"), "status": L("trạng thái", "status"),
    "capabilities": L("năng lực", "capabilities"), "tags": L("nhãn", "tags"), "since": L("năm vận hành", "since"),
    "until": L("năm dừng", "until"), "replaces": L("thay thế", "replaces"), "vendor": L("nhà cung cấp", "vendor"),
    "sources": L("nguồn thông tin", "sources"), "level": L("cấp", "level"), "parent": L("đơn vị cấp trên", "parent unit"),
    "uses": L("sử dụng", "uses"), "datasets": L("cơ sở dữ liệu", "datasets"), "hosted_on": L("hạ tầng triển khai", "hosted on"),
    "scope": L("phạm vi", "scope"), "security_level": L("cấp độ an toàn thông tin", "security level"),
    "integrates_with": L("kết nối với", "integrates with"), "users": L("số người dùng", "users"),
    "domain": L("lĩnh vực", "domain"), "shared_via": L("chia sẻ qua", "shared via"),
    "personal_data": L("dữ liệu cá nhân", "personal data"), "open_data": L("dữ liệu mở", "open data"),
    "type": L("loại hạ tầng", "type"), "shared": L("dùng chung", "shared"), "location": L("địa điểm", "location"),
    "realized_by": L("hệ thống thực hiện", "realised by"), "channels": L("kênh cung cấp", "channels"),
    "delivers": L("sản phẩm", "delivers"), "upgrades": L("nâng cấp", "upgrades"),
    "task_groups": L("nhóm nhiệm vụ", "task groups"), "period": L("thời gian thực hiện", "period"),
    "budget": L("kinh phí", "budget"), "investment_form": L("hình thức đầu tư", "investment form"),
    "rule": L("quy tắc", "rule"), "elements": L("phần tử", "elements"), "reason": L("lý do", "reason"),
    "expires": L("hết hạn", "expires"), "approved_by": L("người duyệt", "approved by"),
}

# ---------------------------------------------------------------------------------------------
# relations between elements


@dataclass(frozen=True)
class Relation:
    """A reference field of the model format: which kinds it may point at, how it reads, and what
    role it plays: a *dependency* (the element cannot work without the target: spec §5), a *use*
    of a shared platform, an edge that diagrams draw, a *link* between two systems (what a merge
    counts as a system's connections; ownership, scope and project relations are not links)."""

    field: str
    targets: tuple[str, ...]
    label: L
    dependency: bool = False
    use: bool = False
    drawn: bool = False
    link: bool = False


_SYSTEMS = ("platforms", "applications", "infrastructure")
RELATIONS: dict[str, Relation] = {
    "owner": Relation("owner", ("units",), L("đơn vị chủ quản", "owner")),
    "parent": Relation("parent", ("units",), L("đơn vị cấp trên", "parent unit")),
    "uses": Relation("uses", _SYSTEMS, L("sử dụng", "uses"), dependency=True, use=True, drawn=True, link=True),
    "hosted_on": Relation("hosted_on", ("infrastructure",), L("đặt trên", "hosted on"), dependency=True, drawn=True,
                          link=True),
    "integrates_with": Relation("integrates_with", ("applications", "platforms"), L("kết nối với", "integrates with"),
                                use=True, drawn=True, link=True),
    "datasets": Relation("datasets", ("datasets",), L("dùng cơ sở dữ liệu", "uses dataset"), drawn=True, link=True),
    "scope": Relation("scope", ("units",), L("phạm vi", "scope")),
    "shared_via": Relation("shared_via", ("platforms",), L("chia sẻ qua", "shared via"), dependency=True, use=True,
                           drawn=True, link=True),
    "realized_by": Relation("realized_by", ("applications", "platforms"), L("do hệ thống thực hiện", "realised by"),
                            use=True, drawn=True, link=True),
    "channels": Relation("channels", ("applications", "platforms"), L("cung cấp qua kênh", "channel"), use=True,
                         drawn=True, link=True),
    "delivers": Relation("delivers", ("units", "services", "applications", "platforms", "datasets", "infrastructure"),
                         L("tạo ra", "delivers"), drawn=True),
    "upgrades": Relation("upgrades", ("services", "applications", "platforms", "datasets", "infrastructure"),
                         L("nâng cấp", "upgrades"), drawn=True),
    "replaces": Relation("replaces", ("services", "applications", "platforms", "datasets", "infrastructure"),
                         L("thay thế", "replaces"), link=True),
}

# ---------------------------------------------------------------------------------------------
# findings

SEVERITY: dict[str, L] = {
    "error": L("lỗi", "error"),
    "warning": L("cảnh báo", "warning"),
    "info": L("thông tin", "info"),
}
SEVERITIES: tuple[str, ...] = tuple(SEVERITY)
#: a finding at or above a threshold counts for ``--fail-on``; ``never`` is above everything
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}
FAIL_ON: tuple[str, ...] = ("error", "warning", "info", "never")
CATEGORY: dict[str, L] = {
    "syntax": L("cú pháp", "syntax"),
    "schema": L("lược đồ", "schema"),
    "reference": L("tham chiếu", "reference"),
    "duplication": L("trùng lặp", "duplication"),
    "gap": L("thiếu hụt", "gap"),
    "principle": L("nguyên tắc", "principle"),
    "consistency": L("nhất quán", "consistency"),
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY)
LANGS: tuple[str, ...] = ("vi", "en")


def label(table: Mapping[Any, L], key: Any) -> L:
    """The label of ``key`` in one of the tables above; the key itself when the table lacks it."""
    found = table.get(key)
    return found if found is not None else L(str(key), str(key))


def capital(text: str) -> str:
    """``đang vận hành`` -> ``Đang vận hành`` (the first letter only; ``vốn ODA`` -> ``Vốn ODA``)."""
    return text[:1].upper() + text[1:]


def capital_l(text: L) -> L:
    """:func:`capital` in both languages."""
    return L.build(lambda lang: capital(text.get(lang)))


# ---------------------------------------------------------------------------------------------
# what the interface itself says

UI: dict[str, L] = {
    "summary": L(
        "{errors} lỗi, {warnings} cảnh báo, {infos} thông tin — mô hình {model} ({elements} phần tử)",
        "{errors:error|errors}, {warnings:warning|warnings}, {infos} info — model {model} ({elements:element|elements})",
    ),
    "no_findings": L("Không có phát hiện nào.", "No findings."),
    "waived": L("{count} phát hiện được miễn trừ (waiver).", "{count:finding|findings} waived."),
    "model_level": L("(toàn mô hình)", "(whole model)"),
    "suggestion": L("Gợi ý", "Suggestion"),
    "citation": L("Căn cứ", "Source"),
    "error_prefix": L("Lỗi", "Error"),
    "path_not_found": L(
        "không tìm thấy đường dẫn '{path}'. Hãy chỉ ra thư mục mô hình (chứa archtool.yaml) hoặc tệp archtool.yaml.",
        "path '{path}' not found. Give the model folder (holding archtool.yaml) or an archtool.yaml file.",
    ),
    "internal_error": L(
        "lỗi nội bộ của archtool: {error}. Chạy lại với --debug để xem chi tiết và báo lỗi kèm mô hình tối thiểu.",
        "internal archtool error: {error}. Run again with --debug for details and report it with a minimal model.",
    ),
    "cannot_write": L(
        "không ghi được tệp '{path}': {error}. Kiểm tra quyền ghi và dung lượng đĩa.",
        "cannot write '{path}': {error}. Check write permission and free disk space.",
    ),
    "bad_option": L("giá trị '{value}' không hợp lệ cho {option}; chọn một trong: {choices}.",
                    "invalid value '{value}' for {option}; choose one of: {choices}."),
    "unknown_catalog_entry": L("không có mục danh mục '{id}'.{hint}", "no catalog entry '{id}'.{hint}"),
    "did_you_mean": L(" Có phải ý bạn là '{name}'?", " Did you mean '{name}'?"),
}


def t(key: str, lang: str = DEFAULT_LANG, **args: Any) -> str:
    """An interface string in ``lang``, formatted with ``args`` (the key itself when unknown)."""
    entry = UI.get(key)
    if entry is None:
        return key
    return _fmt(entry.get(lang), lang, args)
