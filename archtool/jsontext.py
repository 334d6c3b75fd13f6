"""JSON text for reports: two-space indentation, non-ASCII characters kept (Vietnamese stays
readable), keys in the order given, a final newline.

orjson writes exactly the bytes ``json.dumps(obj, ensure_ascii=False, indent=2)`` writes, about ten
times faster (a national model's report has tens of thousands of findings). The standard library
is the fallback for what orjson refuses (integers beyond 64 bits, non-string keys) and for
platforms without an orjson wheel.
"""

from __future__ import annotations

import json
from typing import Any

try:  # pragma: no cover - depends on the installation
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]


def dumps(obj: Any) -> str:
    """``obj`` as indented JSON text ending in a newline."""
    if orjson is not None:
        try:
            return orjson.dumps(obj, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    return stdlib_dumps(obj)


def stdlib_dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
