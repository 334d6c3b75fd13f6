"""Writing model YAML fast, with exactly the bytes PyYAML's pure-Python ``safe_dump`` writes.

``merge`` and ``import`` write tens of thousands of elements, and PyYAML's emitter (``safe_dump``,
``sort_keys=False, allow_unicode=True, width=100, default_flow_style=False``) took most of their
time. The text must not change: a model written twice is the same file, and a merge or import of
the same input gives the same bytes as before.

Three writers, the fastest that provably gives the same text, element by element:

1. **Here**, for the scalars of a model file: strings PyYAML writes plain (a regex that reproduces
   its ``analyze_scalar`` rules for plain block scalars, and its resolver reading the text back as a
   string) or single-quoted (printable, one line, no space at either end: ``'yes'``, ``'1.0'``,
   ``'a: b'``), whole numbers, booleans, null; a long line folded where ``write_plain`` folds it
   (a single space after which the column is past 100 becomes a break). About 25× ``safe_dump``.
2. **libyaml** (``yaml.CSafeDumper``) for an element with other text (several lines, say), unless
   that text is of a kind libyaml writes differently: characters beyond U+FFFF (libyaml escapes
   them), NEL and the Unicode line separators, controls, the BOM, and text PyYAML double-quotes
   (a space or tab next to a line break: libyaml folds double-quoted scalars elsewhere).
3. **PyYAML** itself for the rest (``safe_dump([element])``).

An element is written as a one-item sequence at column 0: that is exactly how it appears in its
collection, PyYAML writing a sequence under its key without indenting it. A document in which one
list or mapping appears twice (PyYAML writes an anchor and an alias) is left to PyYAML whole.
The writer of tier 1 is the prototype of research issue 18 (``/work/notes/research18.md``, §2);
``tests/flows/test_yaml_output.py`` compares all three with ``safe_dump`` on adversarial text.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

import yaml

WIDTH = 100
OPTIONS: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": WIDTH, "default_flow_style": False}
_CDumper = getattr(yaml, "CSafeDumper", None)  # None when PyYAML was built without libyaml
#: where an element starts in its file, and its keys and the items of its lists (line, column):
#: what the loader notes of an element it reads (``Source``)
Position = tuple[int, dict[str, tuple[int, int]], dict[str, list[tuple[int, int]]]]

# -- tier 1: this module's writer ---------------------------------------------------------------

#: PyYAML's printable characters with allow_unicode, less the line breaks U+0085/U+2028/U+2029 and
#: the BOM, which it never writes plain
_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
#: exactly the plain block scalars of PyYAML's analyze_scalar: printable, no space at either end, not
#: starting with an indicator ("#,[]{}&*!|>'\"%@`", or "-?:" before a space or the end), no ": ",
#: no " #", no ":" at the end, not starting with "---" or "..." (a false "no" would single-quote
#: what PyYAML writes plain: this must be exact, not only safe)
_PLAIN = re.compile(
    "(?!---|\\.\\.\\.)"
    f"(?:[-?:](?=[^ ])|(?![-?:#,\\[\\]{{}}&*!|>'\"%@` ])[{_PRINTABLE}])"
    f"(?:[{_PRINTABLE}](?<!: )(?<! #))*"
    "(?<![ :])\\Z")
#: what PyYAML single-quotes: printable, one line, no space at either end
_QUOTABLE = re.compile(f"(?:[^ ](?:[{_PRINTABLE}]*[^ ])?)?\\Z")
_PRINTABLE_ONLY = re.compile(f"[{_PRINTABLE}]*\\Z")
_KEY = re.compile(r"[a-z_][a-z0-9_]*\Z")
_RUNS = re.compile(r"( +)")
_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


class _Other(Exception):
    """Tier 1 cannot prove it writes this element as PyYAML does."""


class _Shared(Exception):
    """A list or mapping appears twice in the document."""


def _plain(s: str) -> bool:
    """PyYAML writes ``s`` as a plain scalar (its results are kept by :func:`_str_text`)."""
    return bool(_PLAIN.match(s)) and _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) == _STR


_good_keys: set[str] = set()


def _key(k: Any) -> None:
    if k not in _good_keys:
        if type(k) is not str or not _KEY.match(k) or not _plain(k):
            raise _Other
        _good_keys.add(k)


#: a string's text in tier 1 (itself, or single-quoted), or None: not written by tier 1
_text_of: dict[str, str | None] = {}


def _str_text(v: str) -> str:
    text = _text_of.get(v, "")
    if text == "":
        if _plain(v):
            text = v
        elif _QUOTABLE.match(v) and _PRINTABLE_ONLY.match(v):
            text = "'" + v.replace("'", "''") + "'"
        else:
            text = None
        if len(_text_of) < 200_000:
            _text_of[v] = text
    if text is None:
        raise _Other
    return text


def _scalar(v: Any) -> str:
    t = type(v)
    if t is str:
        return _str_text(v)
    if t is int:
        return str(v)
    if t is bool:
        return "true" if v else "false"
    if v is None:
        return "null"
    raise _Other  # floats, dates, anything else: PyYAML decides


def _put(out: list[str], head: str, value: str, cont: int) -> None:
    """``head`` and a scalar, on one line or folded as PyYAML's write_plain folds it: a single space
    after which the column is past the width becomes a break indented to ``cont``."""
    text = head + " " + value
    if len(text) <= WIDTH or " " not in value:
        out.append(text)
        return
    parts = [head, " "]
    col = len(head) + 1
    for tok in _RUNS.split(value):
        if tok and tok[0] == " " and len(tok) == 1 and col > WIDTH:
            parts.append("\n" + " " * cont)
            col = cont
            continue
        parts.append(tok)
        col += len(tok)
    out.append("".join(parts))


def _register(value: Any, seen: set[int]) -> None:
    """Note every list and mapping of ``value``; :class:`_Shared` when one was noted before."""
    if isinstance(value, (dict, list, tuple)):
        if id(value) in seen:
            raise _Shared
        seen.add(id(value))
        for v in (value.values() if isinstance(value, dict) else value):
            if isinstance(v, (dict, list, tuple)):
                _register(v, seen)


def _value(out: list[str], head: str, v: Any, indent: int, held: list[int]) -> None:
    """``head`` ("key:" or "-") and its value ``v``, for a key or item at ``indent``."""
    t = type(v)
    if t is list:
        held.append(id(v))
        if not v:
            out.append(head + " []")
        else:
            out.append(head)
            _sequence(v, indent, out, held)
    elif t is dict:
        held.append(id(v))
        if not v:
            out.append(head + " {}")
        else:
            out.append(head)
            _mapping(v, indent + 2, " " * (indent + 2), out, held)
    else:
        _put(out, head, _scalar(v), indent + 2)


def _mapping(d: dict, indent: int, first: str, out: list[str], held: list[int]) -> None:
    if not d:
        raise _Other
    pad = " " * indent
    prefix = first
    for k, v in d.items():
        if k not in _good_keys:
            _key(k)
        t = type(v)
        if t is str or t is int:  # (the common case of _value, inline)
            text = _str_text(v) if t is str else str(v)
            line = f"{prefix}{k}: {text}"
            if len(line) <= WIDTH or " " not in text:
                out.append(line)
            else:
                _put(out, f"{prefix}{k}:", text, indent + 2)
        else:
            _value(out, f"{prefix}{k}:", v, indent, held)
        prefix = pad


def _sequence(items: list, indent: int, out: list[str], held: list[int]) -> None:
    pad = " " * indent
    for v in items:
        t = type(v)
        if t is dict:
            held.append(id(v))
            _mapping(v, indent + 2, pad + "- ", out, held)
        elif t is list:
            raise _Other
        else:
            _put(out, pad + "-", _scalar(v), indent + 2)


# -- tier 2: libyaml, where it writes what PyYAML writes ------------------------------------------

#: characters PyYAML double-quotes a scalar for (a tab too), which libyaml folds elsewhere or
#: escapes (beyond U+FFFF), and the line breaks it treats otherwise (NEL, U+2028/9, CR)
_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
#: multi-line text PyYAML double-quotes: a space next to a line break
_SPACED_BREAK = re.compile(r" \n|\n ")


def _libyaml_text(s: str) -> bool:
    if _ODD.search(s):
        return False
    return "\n" not in s or not (_SPACED_BREAK.search(s) or s[0] in " \n" or s[-1] in " \n")


def _libyaml_alike(value: Any) -> bool:
    if isinstance(value, str):
        return _libyaml_text(value)
    if isinstance(value, dict):
        return all([_libyaml_alike(k) and _libyaml_alike(v) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return all([_libyaml_alike(v) for v in value])
    return not isinstance(value, float)  # (floats: PyYAML's repr and libyaml's may differ)


# -- the document ---------------------------------------------------------------------------------

def _top(el: dict, out: list[str], marks: list[tuple[str, int, bool]], held: list[int]) -> None:
    """An element (a mapping written as "- key: ..." at indent 2), noting in ``marks`` the entry of
    ``out`` at which each key, and each item of a list under a key, starts. (The common cases of
    :func:`_value`, :func:`_scalar` and :func:`_put` are written inline: this runs for every key
    of every element of a national model.)"""
    if not el:
        raise _Other
    prefix = "- "
    for k, v in el.items():
        if k not in _good_keys:
            _key(k)
        marks.append((k, len(out), False))
        t = type(v)
        if t is str or t is int:
            text = _str_text(v) if t is str else str(v)
            line = f"{prefix}{k}: {text}"
            if len(line) <= WIDTH or " " not in text:
                out.append(line)
            else:
                _put(out, f"{prefix}{k}:", text, 4)
        elif t is list and v:
            held.append(id(v))
            out.append(f"{prefix}{k}:")
            for item in v:
                marks.append((k, len(out), True))
                t = type(item)
                if t is str:
                    text = _str_text(item)
                    line = "  - " + text
                    if len(line) <= WIDTH or " " not in text:
                        out.append(line)
                    else:
                        _put(out, "  -", text, 4)
                elif t is dict:
                    held.append(id(item))
                    _mapping(item, 4, "  - ", out, held)
                elif t is list:
                    raise _Other
                else:
                    _put(out, "  -", _scalar(item), 4)
        else:
            _value(out, f"{prefix}{k}:", v, 2, held)
        prefix = "  "


def _element(el: dict, seen: set[int], line: int | None = None) -> tuple[str, Position | None]:
    """The element's text, and with ``line`` (where it starts) its :data:`Position`."""
    out: list[str] = []
    marks: list[tuple[str, int, bool]] = []
    held = [id(el)]
    try:
        _top(el, out, marks, held)
    except _Other:
        _register(el, seen)
        if _CDumper is not None and _libyaml_alike(el):
            text = yaml.dump([el], Dumper=_CDumper, **OPTIONS)
        else:
            text = yaml.safe_dump([el], **OPTIONS)
        return text, (_position(text, line) if line is not None else None)
    before = len(seen)
    seen.update(held)
    if len(seen) != before + len(held):
        raise _Shared  # a list or mapping of this element was met before, or twice in it
    out.append("")
    text = "\n".join(out)
    if line is None:
        return text, None
    if text.count("\n") == len(out) - 1:  # no folded line: entry i is on line + i
        kpos = {key: (line + at, 3) for key, at, item in marks if not item}
        starts: Any = range(line, line + len(out))
    else:
        starts = []
        n = line
        for entry in out:
            starts.append(n)
            n += 1 + entry.count("\n")
        kpos = {key: (starts[at], 3) for key, at, item in marks if not item}
    ipos: dict[str, list[tuple[int, int]]] = {}
    for key, at, item in marks:
        if item:
            ipos.setdefault(key, []).append((starts[at], 5))
    return text, (line, kpos, ipos)


_TOP_KEY = re.compile(r"(?:- |  )([A-Za-z_][A-Za-z0-9_]*):(?: |$)")


def _position(text: str, line: int) -> Position:
    """The line of an element written at ``line``, its keys' (line, column) and its lists' items'.
    An element is a mapping at column 3 ("- id: ..."), its keys at column 3, the items of a list
    under a key at column 5 ("  - ..."); anything indented further belongs to a value."""
    kpos: dict[str, tuple[int, int]] = {}
    ipos: dict[str, list[tuple[int, int]]] = {}
    current = None
    for i, row in enumerate(text.split("\n")):
        if i and (not row.startswith("  ") or row.startswith("   ")):
            continue
        if i and row.startswith("  - "):
            if current is not None:
                ipos.setdefault(current, []).append((line + i, 5))
            continue
        m = _TOP_KEY.match(row)
        if m:
            current = m.group(1)
            kpos[current] = (line + i, 3)
    return line, kpos, ipos


class _Shape(Exception):
    """Not a collection of element mappings."""


def _items(key: str, items: Iterable[Any], seen: set[int] | None, spots: list[Position] | None,
           line: int) -> tuple[str, int]:
    """``key:`` and its elements, each written by the fastest writer that gives PyYAML's text; with
    ``spots``, each element's :data:`Position` (the collection's key being on ``line``). ``seen``:
    the lists and mappings met so far in the document (None: the elements share none, only
    sharing within one element is looked for)."""
    texts = [f"{key}:\n"]
    line += 1
    for x in items:
        if type(x) is not dict:
            raise _Shape
        text, spot = _element(x, set() if seen is None else seen, line if spots is not None else None)
        texts.append(text)
        if spots is not None:
            spots.append(spot)  # type: ignore[arg-type]
            line += text.count("\n")
    if len(texts) == 1:
        raise _Shape  # an empty list: PyYAML writes it in flow style
    return "".join(texts), line


def dump(data: Any, where: dict[str, list[Position]] | None = None, first_line: int = 1) -> str:
    """The text of ``yaml.safe_dump(data, **OPTIONS)``; a mapping of collections (``{"applications":
    [element, ...]}``) is written element by element by the fastest writer that gives that text.
    With ``where``, the position of each element of each collection is put there (the text's first
    line being ``first_line``), when the text was written element by element."""
    if type(data) is dict and data and all(type(k) is str and _KEY.match(k) and _plain(k) and type(v) is list
                                           for k, v in data.items()):
        seen: set[int] = set()
        found: dict[str, list[Position]] = {}
        try:
            parts = []
            line = first_line
            for k, items in data.items():
                if id(items) in seen:
                    raise _Shared
                seen.add(id(items))
                spots = found[k] = [] if where is not None else None
                text, line = _items(k, items, seen, spots, line)
                parts.append(text)
            if where is not None:
                where.update(found)
            return "".join(parts)
        except (_Shared, _Shape):
            pass
    return yaml.safe_dump(data, **OPTIONS)  # (``where`` stays empty: positions unknown)


def dump_collection(key: str, items: Callable[[], Iterable[Any]], where: dict[str, list[Position]] | None = None,
                    first_line: int = 1) -> str:
    """The text of ``dump({key: list(items())}, where, first_line)``, each element made by ``items``
    only when it is written and let go after: a collection of a national model is not held twice
    (as data and as text). ``items`` must make each element afresh, sharing no list or mapping with
    another (an element let go cannot be told from a later one that shares it: PyYAML would write
    an anchor and an alias); sharing within one element is found as in :func:`dump`. ``items`` is
    called again for PyYAML when this module cannot write the collection."""
    if type(key) is str and _KEY.match(key) and _plain(key):
        spots: list[Position] | None = [] if where is not None else None
        try:
            text, _line = _items(key, items(), None, spots, first_line)
            if where is not None:
                where[key] = spots  # type: ignore[assignment]
            return text
        except (_Shared, _Shape):
            pass
    return yaml.safe_dump({key: list(items())}, **OPTIONS)
