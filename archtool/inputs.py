"""Which input files a run read: the basis of the result cache's key (archtool/cache.py).

The loader and the catalog loader call :func:`note` for every file they read (or fail to read),
and :func:`recording` collects those notes for a block of code. A note is the file's path as shown
to the user and the SHA-256 of its bytes (or why it could not be read), so two runs that read the
same files with the same bytes — and nothing else — produce the same list.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

_NOTES: ContextVar[list[tuple[str, str]] | None] = ContextVar("archtool_input_notes", default=None)


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Collect ``(path, digest)`` for every file read inside the block (nested blocks see their own)."""
    notes: list[tuple[str, str]] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def note(path: str, raw: bytes | None, problem: str = "") -> None:
    """Record that ``path`` was read (``raw``) or could not be (``problem``); no-op when not recording."""
    notes = _NOTES.get()
    if notes is not None:
        notes.append((path, hashlib.sha256(raw).hexdigest() if raw is not None else "!" + problem))
