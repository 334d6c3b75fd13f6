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
can be cached and produced in worker processes. An integer of over :data:`MAX_INT_DIGITS` digits
(which Python will not convert: CVE-2020-10735) is a :class:`LongNumber`: a value finding, not a crash.
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
MAX_INT_DIGITS, _INT_BOUND = 4300, 10 ** 4300  # Python's default int <-> text limit
# libyaml >= 0.2.6 (PyYAML 6.0.4) stops at 1000 nested levels itself and reads up to 1024 characters
# ahead of its events, so "[" * 1000 on one line hits its bound before ours. Where PyYAML exposes it
# (yaml._yaml._set_max_nest_level) it is raised out of reach; else _depth_at_error reads the text.
LIBYAML_NEST_LEVEL = 4096


def _raise_libyaml_nest_level() -> None:
    backend = getattr(yaml, "_yaml", None)
    get = getattr(backend, "_get_max_nest_level", None)
    put = getattr(backend, "_set_max_nest_level", None)
    if get is not None and put is not None and get() < LIBYAML_NEST_LEVEL:
        put(LIBYAML_NEST_LEVEL)


_raise_libyaml_nest_level()

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


class LongNumber:
    """An integer literal of over :data:`MAX_INT_DIGITS` digits; no schema field accepts it."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:  # also str(): the length, never the digits
        return f"<số {self.digits} chữ số / {self.digits}-digit number>"


def _integer(value: str, base: int = 10) -> Any:
    digits = len(value.lstrip("+-"))
    number = int(value, base) if base != 10 or digits <= MAX_INT_DIGITS else _INT_BOUND
    return LongNumber(digits) if abs(number) >= _INT_BOUND else number


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
            return int(value) if len(value) <= MAX_INT_DIGITS else _integer(value)
        if _FLOAT.match(value):
            return float(value)
        if _INT_OTHER.match(value):
            return _integer(value, 0)
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
    except _ParserFailed as failed:
        exc = failed.error
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if _depth_at_error(text, failed) > max_depth:  # the parser gave up on nesting before our bound
            problems.append(Problem("limit", line, col, (("what", f"nesting deeper than {max_depth} levels"),)))
        else:
            problems.append(Problem("syntax", line, col, _syntax_args(text, exc)))
    except yaml.MarkedYAMLError as exc:  # pragma: no cover - raised outside get_event
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem("syntax", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                _syntax_args(text, exc)))
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


class _ParserFailed(Exception):
    """libyaml failed; carries our own depth and where the last event it handed out ended."""

    def __init__(self, error: yaml.MarkedYAMLError, depth: int, index: int) -> None:
        super().__init__(error)
        self.error, self.depth, self.index = error, depth, index


def _syntax_args(text: str, exc: yaml.MarkedYAMLError) -> tuple[tuple[str, Any], ...]:
    """The problem in the parser's words, and the character where it stopped (``char``), from which
    the message in the user's language is chosen (a tab: archtool says so in Vietnamese)."""
    mark = exc.problem_mark or exc.context_mark
    index = mark.index if mark is not None else -1
    char = text[index] if 0 <= index < len(text) else ""
    problem = exc.problem or str(exc)
    return (("problem", f"{exc.context}, {problem}" if exc.context else problem), ("char", char))


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
    ev = None

    while True:
        try:  # free in 3.11 when nothing is raised
            ev = get_event()
        except yaml.MarkedYAMLError as exc:  # ev is still the last event libyaml handed out
            raise _ParserFailed(exc, len(stack), ev.end_mark.index if ev is not None else 0) from None
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


# read ahead of libyaml's last event: quoted scalars and comments (skipped), "[", "{", "- ", "? " (a level each)
_READAHEAD = re.compile(r"""'(?:[^']|'')*'?|"(?:[^"\\]|\\.)*"?|(?:^|(?<=[ \t]))#[^\n]*|[\[{]|(?:^|(?<=[ \t]))[-?](?=[ \t])""",
                        re.M)


def _depth_at_error(text: str, failed: _ParserFailed) -> int:
    """Nesting depth reached where libyaml stopped: our open containers (exact, from the events) plus
    the openers it read ahead between the last event and the error mark (at most about a line).
    Decides limit versus syntax from the text, never from libyaml's message text; quotes in the
    window can only hide openers, so a real syntax error is not reported as a limit."""
    mark = failed.error.problem_mark or failed.error.context_mark
    if mark is None:
        return failed.depth
    window = text[failed.index:max(failed.index, mark.index) + 1]
    return failed.depth + sum(1 for m in _READAHEAD.finditer(window) if m.group()[:1] in "[{-?")


def _line_col(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


# ---------------------------------------------------------------------------------------------
# bytes -> text
