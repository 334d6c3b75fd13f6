"""Translating pydantic validation errors into located, bilingual schema findings."""

from __future__ import annotations

from typing import Any, Iterable, Literal, get_args, get_origin

from archtool.i18n import L
from archtool.model.yamlread import YMap, YSeq
from archtool.suggest import closest

_PROBLEMS: dict[str, L] = {
    "missing": L("thiếu trường bắt buộc", "required field is missing"),
    "string_pattern_mismatch": L(
        "'{input}' không đúng dạng mã (chữ thường không dấu, số, '.', '_', '-'; bắt đầu bằng chữ hoặc số)",
        "'{input}' is not a valid id (lowercase ASCII letters, digits, '.', '_', '-'; starting with a letter or digit)"),
    "literal_error": L("'{input}' không hợp lệ; chọn một trong: {expected}", "'{input}' is not allowed; use one of: {expected}"),
    "int_parsing": L("'{input}' không phải số nguyên", "'{input}' is not an integer"),
    "int_type": L("cần một số nguyên, nhận được '{input}'", "an integer is expected, got '{input}'"),
    "int_quoted": L("'{input}' đang là văn bản (trong dấu nháy), cần một số", "'{input}' is text (in quotes), a number is expected"),
    "int_from_float": L("cần một số nguyên, nhận được '{input}'", "an integer is expected, got '{input}'"),
    "bool_parsing": L("cần true hoặc false, nhận được '{input}'", "true or false is expected, got '{input}'"),
    "bool_type": L("cần true hoặc false, nhận được '{input}'", "true or false is expected, got '{input}'"),
    "greater_than_equal": L("'{input}' phải ≥ {ge}", "'{input}' must be ≥ {ge}"),
    "less_than_equal": L("'{input}' phải ≤ {le}", "'{input}' must be ≤ {le}"),
    "string_too_long": L("văn bản dài quá {max_length} ký tự", "text longer than {max_length} characters"),
    "string_too_short": L("không được để trống", "must not be empty"),
    "string_type": L("cần một chuỗi văn bản, nhận được '{input}'", "text is expected, got '{input}'"),
    "list_type": L("cần một danh sách (- mục hoặc [a, b]), nhận được '{input}'", "a list is expected (- item or [a, b]), got '{input}'"),
    "model_type": L("cần một ánh xạ (khóa: giá trị), nhận được '{input}'", "a mapping (key: value) is expected, got '{input}'"),
    "model_attributes_type": L("cần một ánh xạ (khóa: giá trị), nhận được '{input}'", "a mapping (key: value) is expected, got '{input}'"),
    "dict_type": L("cần một ánh xạ (khóa: giá trị), nhận được '{input}'", "a mapping (key: value) is expected, got '{input}'"),
    "date_from_datetime_parsing": L("'{input}' không phải ngày dạng YYYY-MM-DD", "'{input}' is not a date in YYYY-MM-DD form"),
    "date_parsing": L("'{input}' không phải ngày dạng YYYY-MM-DD", "'{input}' is not a date in YYYY-MM-DD form"),
    "date_type": L("'{input}' không phải ngày dạng YYYY-MM-DD", "'{input}' is not a date in YYYY-MM-DD form"),
    "value_error": L("{msg}", "{msg}"),
}

_FIXES: dict[str, L] = {
    "missing": L("Thêm trường '{field}'.", "Add the '{field}' field."),
    "string_pattern_mismatch": L("Dùng mã dạng 'lgsp-tinh' (không dấu, chữ thường, gạch nối).",
                                 "Use an id such as 'lgsp-province' (lowercase ASCII, hyphens)."),
    "int_parsing": L("Viết số nguyên không có dấu phân cách (ví dụ 127000000000).",
                     "Write an integer without separators (e.g. 127000000000)."),
    "literal_near": L("Có phải ý bạn là '{near}'? Viết '{leaf}: {near}'.", "Did you mean '{near}'? Write '{leaf}: {near}'."),
    "int_quoted": L("Viết số không có dấu nháy: '{leaf}: {input}'.", "Write the number without quotes: '{leaf}: {input}'."),
    "int_type": L("Viết một số nguyên không có dấu nháy, ví dụ '{leaf}: 3'.",
                  "Write a whole number without quotes, e.g. '{leaf}: 3'."),
    "bool_type": L("Viết '{leaf}: true' hoặc '{leaf}: false' (không có dấu nháy; yes/no, có/không không được nhận).",
                   "Write '{leaf}: true' or '{leaf}: false' (without quotes; yes/no are not accepted)."),
}
_DEFAULT_FIX = L("Sửa giá trị theo tài liệu định dạng mô hình (archtool schema).",
                 "Fix the value as the model format describes (archtool schema).")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    if isinstance(value, (dict, list)):
        text = "{…}" if isinstance(value, dict) else "[…]"
    return text if len(text) <= 60 else text[:57] + "…"


def describe(err: dict[str, Any], cls: Any = None) -> tuple[L, L]:
    """(problem, fix) texts for one pydantic error (``cls``: the class validated, whose field
    annotations give the values allowed where the error message would list them in English)."""
    typ = err["type"]
    ctx = dict(err.get("ctx") or {})
    args: dict[str, Any] = {"input": _short(err.get("input")), "field": field_name(err["loc"])}
    args["leaf"] = args["field"].rsplit(".", 1)[-1]
    value = err.get("input")
    if typ == "int_type" and isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        typ = "int_quoted"
    if typ == "literal_error" and cls is not None:
        allowed = literal_values(cls, err["loc"])
        if allowed:
            ctx["expected"] = ", ".join(allowed)
            near = closest(str(value), allowed, cutoff=75) if isinstance(value, str) else None
            if near:
                args["near"] = near

    for k, v in ctx.items():
        args[k] = str(v)
    if typ == "value_error":
        args["msg"] = str(ctx.get("error", err.get("msg", "")))
    if "near" in args:
        fix = _FIXES["literal_near"]
    elif typ == "int_parsing" and isinstance(err.get("input"), str) and any(c in err["input"] for c in ".,_ "):
        fix = _FIXES["int_parsing"]
    else:
        fix = _FIXES.get(typ, _DEFAULT_FIX)
    template = _PROBLEMS.get(typ)
    if template is None:
        template = L(err.get("msg", typ) + " ('{input}')", err.get("msg", typ) + " ('{input}')")
    return template.format(**args), fix.format(**args)


def literal_values(cls: Any, loc: Iterable[Any]) -> list[str]:
    """The values of the ``Literal`` at ``loc`` of the pydantic class ``cls`` (empty if none)."""
    node: Any = cls
    for part in loc:
        fields = getattr(_model_of(node), "model_fields", None)
        if isinstance(part, str) and fields and part in fields:
            node = fields[part].annotation
    return [str(v) for v in _literals(node)]


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _literals(annotation: Any) -> list[Any]:
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [v for arg in get_args(annotation) for v in _literals(arg)]


def field_name(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int) and not str(p).startswith(("function-", "union["))]
    parts = [p for p in parts if p not in ("literal['province']", "list[constrained-str]")]
    return ".".join(parts) or "?"


def locate(data: Any, loc: Iterable[Any]) -> tuple[int, int] | None:
    """Position of the deepest part of ``loc`` that exists in ``data``."""
    pos = (data.line, data.col) if isinstance(data, (YMap, YSeq)) else None
    node = data
    for part in loc:
        if isinstance(node, YMap) and isinstance(part, str) and part in node:
            pos = node.kpos.get(part, pos)
            node = node[part]
        elif isinstance(node, YSeq) and isinstance(part, int) and 0 <= part < len(node):
            pos = node.ipos[part]
            node = node[part]
        else:
            continue
    return pos
