"""Safe YAML reading with positions, duplicate-key detection and resource bounds.

PyYAML's loaders silently keep the last of two duplicate keys, construct arbitrary tags when asked
to, and expand aliases without limit. This reader builds plain data from libyaml's event stream
instead (no object construction at all), so that:

* every mapping and sequence remembers where it and its keys/items stand (1-based line, column);
* a duplicate key, an unknown tag, too deep nesting or too large an alias expansion becomes a
  :class:`Problem` with a position, never an exception or a hang;
* scalars follow the YAML 1.2 core schema (``yes``/``no``/``on``/``off`` stay strings; dates stay
  strings and are parsed by the schema).

The result is pure data (dict/list subclasses, str, int, float, bool, None) that pickles, so it
can be cached and produced in worker processes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from sys import intern
from typing import Any

import yaml

try:  # libyaml is much faster; PyYAML falls back to its pure-Python parser.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000  # nodes that aliases may add on top of the literal ones

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {None, "!", _STD + "str", _STD + "int", _STD + "float", _STD + "bool", _STD + "null",
                 _STD + "map", _STD + "seq", _STD + "timestamp"}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OTHER = re.compile(r"^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
#: first characters of the plain scalars that may resolve to something other than a string
_SPECIAL_FIRST = frozenset("~nNtTfF0123456789-+.")
_FALSE = {"false", "False", "FALSE"}


class YMap(dict):
    """A mapping that knows its position and the position of each key."""

    __slots__ = ("line", "col", "kpos")

    def __init__(self, line: int = 0, col: int = 0) -> None:
        super().__init__()
        self.line = line
        self.col = col
        self.kpos: dict[str, tuple[int, int]] = {}

    def __reduce__(self):  # pickle support for the parse cache
        return (_rebuild_map, (dict(self), self.line, self.col, self.kpos))


class YSeq(list):
    """A sequence that knows its position and the position of each item."""

    __slots__ = ("line", "col", "ipos")

    def __init__(self, line: int = 0, col: int = 0) -> None:
        super().__init__()
        self.line = line
        self.col = col
        self.ipos: list[tuple[int, int]] = []

    def __reduce__(self):
        return (_rebuild_seq, (list(self), self.line, self.col, self.ipos))


def _rebuild_map(items: dict, line: int, col: int, kpos: dict) -> YMap:
    m = YMap(line, col)
    m.update(items)
    m.kpos = kpos
    return m


def _rebuild_seq(items: list, line: int, col: int, ipos: list) -> YSeq:
    s = YSeq(line, col)
    s.extend(items)
    s.ipos = ipos
    return s


@dataclass(frozen=True)
class Problem:
    """Something wrong in the YAML text; ``kind`` names the rule (see archtool/model/files.py)."""

    kind: str  # syntax | duplicate-key | tag | limit | multi-document
    line: int
    col: int
    args: tuple[tuple[str, Any], ...] = ()

    @property
    def data(self) -> dict[str, Any]:
        return dict(self.args)


def _resolve_plain(value: str) -> Any:
    if value in _NULLS:
        return None
    c = value[0]
    if c in "tTfF":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value
    if c.isdigit() or c in "-+.":
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        if _INT_OTHER.match(value):
            return int(value, 0)
        if value in (".inf", "+.inf", "-.inf", ".nan"):
            return float(value.replace(".", ""))
    return value


def _resolve_tagged(value: str, tag: str) -> Any:
    kind = tag[len(_STD):]
    if kind == "str" or kind == "timestamp":
        return value
    resolved = _resolve_plain(value) if value else None
    if kind == "null":
        return None
    if kind == "bool" and isinstance(resolved, bool):
        return resolved
    if kind == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
        return resolved
    if kind == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
        return float(resolved)
    return value


def parse(text: str, max_depth: int = MAX_DEPTH, max_alias_expansion: int = MAX_ALIAS_EXPANSION
          ) -> tuple[Any, list[Problem]]:
    """Parse one YAML document from ``text``. Returns ``(data, problems)``; never raises for bad input.

    ``data`` is ``None`` when the text is empty or unusable (syntax error, forbidden tag, bound hit).
    """
    problems: list[Problem] = []
    parser = _Loader(text)
    try:
        return _events(parser.get_event, problems, max_depth, max_alias_expansion), problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        deep = _too_deep(text, mark.index if mark else len(text), max_depth)
        if deep is not None:  # the parser gave up on nesting before our bound could
            line, col = _line_col(text, deep)
            problems.append(Problem("limit", line, col, (("what", f"nesting deeper than {max_depth} levels"),)))
        else:
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = exc.problem or str(exc)
            if exc.context:
                problem = f"{exc.context}, {problem}"
            problems.append(Problem("syntax", line, col, (("problem", problem),)))
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        problems.append(Problem("syntax", line, col, (
            ("problem", f"character #x{exc.character:04X} is not allowed in YAML ({exc.reason})"),)))
    except _Fatal:
        pass
    except yaml.YAMLError as exc:  # pragma: no cover - other libyaml failures
        problems.append(Problem("syntax", 1, 1, (("problem", str(exc)),)))
    except RecursionError:  # pragma: no cover - the depth bound stops nesting long before
        problems.append(Problem("limit", 1, 1, (("what", "nesting too deep"),)))
    finally:
        parser.dispose()
    return None, problems


class _Fatal(Exception):
    """Stops reading: the problem is already recorded."""


def _events(get_event: Any, problems: list[Problem], max_depth: int, max_alias_expansion: int) -> Any:
    """The event loop: one libyaml event per call, no generator, the innermost container (and its
    positions) in locals.

    This is the hot path of reading a model (every scalar of every file passes here once): plain
    scalars are resolved only when their first character can start a null, boolean or number;
    containers are made without a Python ``__init__``; a key is checked as a ``str`` first."""
    Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MapEnd, SeqEnd, Alias = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
    DocStart, StreamEnd = yaml.DocumentStartEvent, yaml.StreamEndEvent
    allowed, std, resolve_plain, no_key, special = _ALLOWED_TAGS, _STD, _resolve_plain, _NO_KEY, _SPECIAL_FIRST
    new_map, new_seq, str_ = dict.__new__, list.__new__, str
    anchors: dict[str, tuple[Any, int]] = {}
    # saved outer frames: (container, positions, is_seq, pending_key, key_pos, merges, anchor, line, col, first_node)
    stack: list[tuple] = []
    push, pop = stack.append, stack.pop
    container: Any = None  # the innermost open mapping/sequence (None: at document level)
    positions: Any = None  # its kpos (mapping) or ipos (sequence)
    is_seq = False
    key: Any = no_key
    kpos: tuple[int, int] = (0, 0)
    merges: list[Any] = []
    root: Any = None
    nodes = 0  # nodes so far, aliases counted expanded (subtree size = difference)
    expanded = 0
    documents = 0
    fatal = False

    while True:
        ev = get_event()
        cls = type(ev)
        # 1. produce a value (scalar, alias, or a closed container) ...
        if cls is Scalar:
            mark = ev.start_mark
            line, col = mark.line + 1, mark.column + 1
            tag = ev.tag
            value: Any = ev.value
            if tag is None or tag == "!":
                if not ev.style and ev.implicit[0]:
                    if not value:
                        value = None
                    elif value[0] in special:
                        value = resolve_plain(value)
            elif tag not in allowed:
                problems.append(Problem("tag", line, col, (("tag", tag),)))
                fatal = True
            elif tag.startswith(std):
                value = _resolve_tagged(value, tag)
            nodes += 1
            if ev.anchor:
                anchors[ev.anchor] = (value, 1)
        elif cls is MapStart or cls is SeqStart:
            mark = ev.start_mark
            line, col = mark.line + 1, mark.column + 1
            if ev.tag is not None and ev.tag not in allowed:
                problems.append(Problem("tag", line, col, (("tag", ev.tag),)))
                fatal = True
            if len(stack) >= max_depth:
                problems.append(Problem("limit", line, col, (("what", f"nesting deeper than {max_depth} levels"),)))
                raise _Fatal
            push((container, positions, is_seq, key, kpos, merges, ev.anchor, line, col, nodes))
            nodes += 1
            if cls is MapStart:
                container = new_map(YMap)
                positions = container.kpos = {}
                is_seq = False
            else:
                container = new_seq(YSeq)
                positions = container.ipos = []
                is_seq = True
            container.line, container.col = line, col
            key, merges = no_key, []
            continue
        elif cls is MapEnd or cls is SeqEnd:
            value = container
            if merges:
                _apply_merges(value, merges)
            container, positions, is_seq, key, kpos, merges, anchor, line, col, first = pop()
            if anchor:
                anchors[anchor] = (value, nodes - first)
        elif cls is Alias:
            mark = ev.start_mark
            line, col = mark.line + 1, mark.column + 1
            if ev.anchor not in anchors:
                problems.append(Problem("syntax", line, col, (("problem", f"unknown alias *{ev.anchor}"),)))
                raise _Fatal
            value, size = anchors[ev.anchor]
            expanded += size
            nodes += size
            if expanded > max_alias_expansion:
                problems.append(Problem("limit", line, col, (
                    ("what", f"aliases expand to more than {max_alias_expansion} nodes"),)))
                raise _Fatal
        elif cls is StreamEnd:
            return None if fatal else root
        elif cls is DocStart:
            documents += 1
            if documents == 2:
                mark = ev.start_mark
                problems.append(Problem("multi-document", mark.line + 1, mark.column + 1, (("count", 2),)))
                raise _Fatal
            continue
        else:
            continue
        # 2. ... and put it where it belongs
        if is_seq:
            container.append(value)
            positions.append((line, col))
        elif key is no_key:
            if container is None:
                root = value
                continue
            # keys are few distinct words repeated everywhere: interned, they are shared (and the
            # parse cache stores each once per file)
            if type(value) is str_:
                key = intern(value)
            else:
                if isinstance(value, (YMap, YSeq)):
                    problems.append(Problem("syntax", line, col, (("problem", "complex mapping key"),)))
                    value = repr(value)
                key = intern(value) if isinstance(value, str) else ("" if value is None else str(value))
            kpos = (line, col)
        else:
            if key == "<<" and isinstance(value, (YMap, YSeq)):
                merges.append(value)
            elif key in container:
                problems.append(Problem("duplicate-key", kpos[0], kpos[1],
                                        (("key", key), ("first_line", positions[key][0]))))
            else:
                container[key] = value
                positions[key] = kpos
            key = no_key


_NO_KEY = object()


def _apply_merges(node: YMap, merges: list[Any]) -> None:
    for source in merges:
        sources = source if isinstance(source, YSeq) else [source]
        for item in sources:
            if isinstance(item, YMap):
                for key, value in item.items():
                    if key not in node:
                        node[key] = value
                        node.kpos[key] = item.kpos.get(key, (node.line, node.col))


_FLOW_MARKS = re.compile(r"""[\[\]{}"'#\n]""")


def _too_deep(text: str, end: int, max_depth: int) -> int | None:
    """Where flow collections (``[``, ``{``) in ``text[:end]`` first nest deeper than ``max_depth``,
    or None. Some libyaml versions stop deep flow nesting themselves (with a scanner error, as a
    look-ahead runs into their own depth limit) before the event loop could apply archtool's
    bound; this tells that case apart from a real syntax error without reading the message text.
    Quoted scalars and comments are skipped; an apostrophe inside a plain scalar can only make the
    count lower, so a real syntax error is never reported as a limit."""
    depth = 0
    quote = ""
    comment = False
    for m in _FLOW_MARKS.finditer(text, 0, end):
        ch = m.group()
        if comment:
            comment = ch != "\n"
        elif quote:
            if ch == quote:
                quote = ""
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                return m.start()
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            comment = True
    return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


# ---------------------------------------------------------------------------------------------
# bytes -> text


@dataclass(frozen=True)
class EncodingProblem:
    line: int
    col: int
    detail: str
    guess: str
    iconv: str


def decode(data: bytes) -> tuple[str | None, EncodingProblem | None]:
    """Decode UTF-8 (with or without BOM). Anything else is an :class:`EncodingProblem` that says
    which legacy Vietnamese encoding the bytes most likely are, so the user knows how to convert."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, EncodingProblem(1, 1, "UTF-16 (BOM " + data[:2].hex(" ").upper() + ")", "UTF-16", "UTF-16")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        pos = exc.start
        line = data.count(b"\n", 0, pos) + 1
        col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
        if data.count(b"\x00") > len(data) // 8:
            guess, iconv = "UTF-16", "UTF-16"
            detail = f"byte 0x{data[pos]:02X}; looks like UTF-16 without BOM or a binary file"
        else:
            guess, iconv = _guess_legacy(data)
            detail = f"byte 0x{data[pos]:02X} at line {line}, column {col}; likely {guess}"
        return None, EncodingProblem(line, col, detail, guess, iconv)


# Characters typical of each legacy encoding's Vietnamese letters.
_TCVN3_BYTES = set(b"\xb8\xb5\xb6\xb7\xb9\xa8\xbe\xbb\xbc\xbd\xc6\xa9\xca\xc7\xc8\xc9\xcb\xd0\xcc\xce\xcf\xd1"
                   b"\xaa\xd5\xd2\xd3\xd4\xd6\xdd\xd7\xd8\xdc\xde\xe3\xdf\xe1\xe2\xe4\xab\xe8\xe5\xe6\xe7"
                   b"\xe9\xac\xed\xea\xeb\xec\xee\xf3\xef\xf1\xf2\xf4\xad\xf8\xf5\xf6\xf7\xf9\xfd\xfa\xfb\xfc\xfe\xae")
_CP1258_COMBINING = set(b"\xcc\xec\xd2\xde\xf2")  # Windows-1258 tone marks (combining)


def _guess_legacy(data: bytes) -> tuple[str, str]:
    high = [b for b in data if b >= 0x80]
    if not high:
        return "không rõ / unknown", "WINDOWS-1258"
    cp1258 = sum(1 for b in high if b in _CP1258_COMBINING)
    if cp1258 >= len(high) * 0.3:
        return "Windows-1258 (CP1258)", "WINDOWS-1258"
    # VNI writes a base ASCII letter followed by tone-mark bytes in 0xC0-0xFF after letters a/e/o/u.
    vni_pairs = sum(1 for i in range(1, len(data)) if data[i] >= 0xC0 and chr(data[i - 1]).lower() in "aeiouy")
    tcvn = sum(1 for b in high if b in _TCVN3_BYTES)
    if vni_pairs >= len(high) * 0.6 and vni_pairs > tcvn * 0.5:
        return "VNI Windows", "VNI"
    if tcvn >= len(high) * 0.6:
        return "TCVN3 (ABC)", "TCVN"
    return "Windows-1258 / TCVN3 / VNI", "WINDOWS-1258"
