"""The plan: ``plan.md`` from the Jinja template, and ``plan.docx`` written from that Markdown.

The DOCX writer understands the Markdown the templates produce: ``#``–``####`` headings, paragraphs,
``- `` bullets, ``> `` notes, pipe tables, ``*Bảng N. …*`` / ``*Hình N. …*`` captions, ``**bold**``
and images. An image must be a file the build itself wrote inside the output folder; anything else
(absolute paths, ``..``, links, missing files) becomes a note, so a template cannot pull outside
content into the document.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from archtool.textnorm import xml_safe

TEXT_WIDTH_CM = 16.0  # A4 with the 3 cm left and 2 cm right margins of Decree 30/2020/NĐ-CP
BODY_FONT = "Times New Roman"   # Liberation Serif / Tinos where it is missing; both render Vietnamese
_IMAGE = re.compile(r"^!\[(?P<alt>.*)\]\((?P<src>[^)]*)\)\s*$")
_CAPTION = re.compile(r"^\*(?P<text>(Bảng|Hình|Table|Figure) \d+\..*)\*\s*$")
_UNESCAPE = re.compile(r"\\(.)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _plain(text: str) -> str:
    """Markdown text as Word text (every run, heading and cell passes here): unescaped, and without
    what XML cannot hold (model text may carry it; an entity may decode to it)."""
    return xml_safe(html.unescape(_UNESCAPE.sub(r"\1", text)))


def _runs(par: Any, text: str, bold: bool = False) -> None:
    parts = _BOLD.split(text)
    for i, part in enumerate(parts):
        if part:
            run = par.add_run(_plain(part))
            run.bold = bold or i % 2 == 1


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _set_fonts(doc: Any) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption", "List Bullet"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = BODY_FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), BODY_FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Normal"].font.size = Pt(13)
    doc.styles["Caption"].font.size = Pt(12)
    doc.styles["Caption"].font.italic = True


def _a4(doc: Any) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)


def _table(doc: Any, rows: list[list[str]]) -> None:
    header, aligns, body = rows[0], rows[1], rows[2:]
    width = len(header)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.autofit = False
    widths = _column_widths([header] + body, width)
    for c, column in enumerate(table.columns):  # the grid (LibreOffice reads it) and each cell (Word)
        column.width = widths[c]
    for r, row in enumerate([header] + body):
        cells = table.add_row().cells
        for c in range(width):
            cells[c].width = widths[c]
            text = row[c] if c < len(row) else ""
            par = cells[c].paragraphs[0]
            _runs(par, text, bold=r == 0)
            for run in par.runs:
                run.font.size = Pt(9.5 if width > 6 else 11)
            if r > 0 and c < len(aligns) and aligns[c].endswith(":"):
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _column_widths(rows: list[list[str]], width: int) -> list[Any]:
    """Column widths across the text width: short columns (numbers, years, codes) get exactly the
    room their longest entry needs, so they never wrap; long text columns share the rest."""

    char_cm, pad_cm = 0.2, 0.55  # Times New Roman 9.5–11 pt, with LibreOffice/Word cell margins
    fixed: dict[int, float] = {}
    need: dict[int, int] = {}
    for c in range(width):
        header = _plain(rows[0][c]).replace("**", "") if c < len(rows[0]) else ""
        texts = [_plain(row[c]).replace("**", "") for row in rows[1:] if c < len(row)]
        longest = max((len(t) for t in texts), default=0)
        header_word = max((len(w) for w in header.split()), default=1)
        if longest <= 12:
            fixed[c] = max(longest, header_word) * char_cm + pad_cm
        else:
            need[c] = min(longest, 40)
    rest = TEXT_WIDTH_CM - sum(fixed.values())
    if rest < 2.8 * len(need):  # too many short columns: shrink them, text columns keep 2.8 cm
        scale = (TEXT_WIDTH_CM - 2.8 * len(need)) / sum(fixed.values())
        fixed = {c: w * scale for c, w in fixed.items()}
        rest = 2.8 * len(need)
    if not need:  # only short columns: spread them over the full text width
        scale = TEXT_WIDTH_CM / sum(fixed.values())
        return [Cm(fixed[c] * scale) for c in range(width)]
    total = sum(need.values())
    return [Cm(fixed[c] if c in fixed else rest * need[c] / total) for c in range(width)]


def _image(doc: Any, src: str, root: Path) -> bool:
    if not src or "://" in src or src.startswith(("/", "\\")) or ".." in Path(src).parts:
        return False
    path = (root / src).resolve()
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return False
    if not path.is_file() or path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        return False
    doc.add_picture(str(path), width=Cm(16))
    return True


def markdown_to_docx(md: str, root: Path, reference: Path | None = None, lang: str = "vi") -> bytes:
    """Write the plan Markdown as a DOCX. ``root`` is the output folder images are resolved in."""
    doc = Document(str(reference)) if reference else Document()
    if reference is None:
        _set_fonts(doc)
        _a4(doc)
    lines = md.splitlines()
    i = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            p = doc.add_paragraph()
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _runs(p, " ".join(para))
            para.clear()

    while i < len(lines):
        line = lines[i].rstrip()
        heading = re.match(r"^(#{1,4}) (.*)$", line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            level = len(heading.group(1)) - 1
            doc.add_heading(_plain(heading.group(2)), level=level)
        elif line.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            if len(rows) >= 2:
                _table(doc, rows)
            continue
        elif (m := _IMAGE.match(line)):
            flush()
            if not _image(doc, _plain(m.group("src")), root):
                note = "(hình không nhúng được: " if lang == "vi" else "(image not embedded: "
                doc.add_paragraph(note + _plain(m.group("src")) + ")")
            else:
                doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif (m := _CAPTION.match(line)):
            flush()
            p = doc.add_paragraph(style="Caption")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(p, m.group("text"))
        elif line.startswith("- "):
            flush()
            _runs(doc.add_paragraph(style="List Bullet"), line[2:])
        elif line.startswith("> "):
            flush()
            p = doc.add_paragraph()
            _runs(p, line[2:])
            for run in p.runs:
                run.italic = True
        else:
            para.append(line.strip())
        i += 1
    flush()
    props = doc.core_properties
    props.author = "archtool"
    props.last_modified_by = "archtool"
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
