"""Hand-written parts of the plan: Markdown files in the model's ``ke-hoach/`` folder that every
``build`` puts in place, so a planner writes the goals, the vision or any chapter once.

``ke-hoach/<mục>.md`` (``muc-tieu``, ``pham-vi``, ``tam-nhin``, … : docs/build.md lists them)
replaces the generated text of that part of the plan; the tables and figures the model gives stay
under it and stay current. ``ke-hoach/the-thuc.md`` holds the form of the document in ``key: value``
lines (issuing body, number, place, signer, recipients…). The model loader never reads these files
(only ``*.yaml`` belongs to a model); files are read whole, up to :data:`MAX_BYTES` each, as UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from archtool.textnorm import HIDDEN

FOLDER = "ke-hoach"
FORM_FILE = "the-thuc"
MAX_BYTES = 1_000_000
MAX_FILES = 200
#: the keys ``the-thuc.md`` may set (value: one line; lists: several ``- `` lines under the key)
FORM_KEYS = ("co_quan_chu_quan", "co_quan", "so_ky_hieu", "dia_danh", "ngay", "ten_loai", "trich_yeu",
             "quyen_han", "chuc_vu", "nguoi_ky", "noi_nhan", "kinh_gui", "du_thao")
_KEY = re.compile(r"^(?P<key>[a-z_]+)\s*:\s*(?P<value>.*)$")


@dataclass
class Handwritten:
    sections: dict[str, str] = field(default_factory=dict)
    form: dict[str, str | list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)   # one line each, for the build's notes
    files: list[str] = field(default_factory=list)


def _text(path: Path, display: str, problems: list[str]) -> str | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            problems.append(f"{display}: quá {MAX_BYTES:,} byte, bỏ qua / larger than {MAX_BYTES:,} bytes, skipped")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(f"{display}: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(f"{display}: không phải UTF-8 (byte {exc.start}) / not UTF-8, skipped")
        return None
    text = HIDDEN.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\n") + "\n"


def _form(text: str, display: str, problems: list[str]) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    key = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _KEY.match(line)
        if m:
            key = m.group("key")
            if key not in FORM_KEYS:
                problems.append(f"{display}:{n}: '{key}' không phải khóa thể thức; dùng: {', '.join(FORM_KEYS)}"
                                f" / not a form key")
                key = None
                continue
            value = m.group("value").strip()
            out[key] = value if value else []
        elif key is not None and line.lstrip().startswith("- ") and isinstance(out.get(key), list):
            out[key].append(line.strip()[2:].strip())  # type: ignore[union-attr]
        else:
            problems.append(f"{display}:{n}: dòng không hiểu được (cần 'khóa: giá trị' hoặc '- mục') / unreadable line")
    return out


def read(model_root: Path, known: tuple[str, ...]) -> Handwritten:
    """The hand-written parts under ``model_root/ke-hoach``; ``known`` are the section keys the
    plan template has (an unknown file name is reported, not silently dropped)."""
    out = Handwritten()
    folder = model_root / FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return out
    files = sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file() and not p.is_symlink())
    if len(files) > MAX_FILES:
        out.problems.append(f"{FOLDER}/: hơn {MAX_FILES} tệp, chỉ đọc {MAX_FILES} tệp đầu / more than {MAX_FILES} files")
        files = files[:MAX_FILES]
    for path in files:
        display = f"{FOLDER}/{path.name}"
        text = _text(path, display, out.problems)
        if text is None:
            continue
        out.files.append(display)
        if path.stem == FORM_FILE:
            out.form = _form(text, display, out.problems)
        elif path.stem in known:
            out.sections[path.stem] = text
        else:
            out.problems.append(f"{display}: Kế hoạch không có mục '{path.stem}'; các mục: {', '.join(known)}"
                                f" / no such part of the plan")
    return out
