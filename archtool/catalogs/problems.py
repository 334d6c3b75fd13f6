"""The problem found while reading a user catalog (``catalogs:`` in a manifest, ``--catalog``):
declared here, beside the catalog loader that finds it, and listed in :mod:`archtool.rules.registry`."""

from archtool.findings import Rule

CATALOG_INVALID = Rule(
    "catalog-invalid", category="schema", severity="error",
    title=("Danh mục bổ sung không đọc được", "Extra catalog unreadable"),
    message=("Danh mục '{path}' không dùng được: {problem}", "Catalog '{path}' cannot be used: {problem}"),
    rationale=("Danh mục địa phương sai định dạng sẽ làm kiểm tra dựa trên dữ liệu sai.",
               "A malformed local catalog would make checks rely on wrong data."),
    citation="archtool docs: catalogs",
    suggestion=("Sửa tệp danh mục theo định dạng trong tài liệu (catalog:, entries: với id, kind, name, name_en, citation, verified).",
                "Fix the catalog file (catalog:, entries: with id, kind, name, name_en, citation, verified)."),
)
