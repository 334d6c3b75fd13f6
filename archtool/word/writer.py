"""The one DOCX writer: a Markdown document (the plan, the review opinion) as a Word file in the
form of a Vietnamese administrative document.

It reads the Markdown the templates write: ``#``–``####`` headings, paragraphs, ``- `` items,
``> `` notes, pipe tables (a header row, then rows), ``*Bảng N. …*`` / ``*Hình N. …*`` captions,
``**bold**``, ``*italic*``, ``<br>`` and images, plus form blocks that Markdown viewers hide:

``<!-- form: header -->`` a two-column table: issuing body | national name and motto, then number | place and date
``<!-- form: draft -->`` the "DỰ THẢO" mark · ``<!-- form: title -->`` document type and summary
``<!-- form: basis -->`` one "Căn cứ …;" per line · ``<!-- form: recipient -->`` "Kính gửi" lines
``<!-- form: signature -->`` a two-column table: "Nơi nhận" | the signer's authority, title, name
``<!-- form: appendix -->`` "Phụ lục N", its name and "(Kèm theo …)" on a new page
``<!-- form: landscape -->`` the blocks inside on landscape pages · ``<!-- form: pagebreak -->``
each closed by ``<!-- /form -->`` (``pagebreak`` needs none).

An image must be a file the build itself wrote inside the output folder; anything else (absolute
paths, ``..``, links, missing files) becomes a note, so a template cannot pull outside content in.
"""

from __future__ import annotations

import html
import re
import struct
from pathlib import Path
from typing import Any, Callable

from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from archtool.word import form as F
from archtool.textnorm import xml_safe

_IMAGE = re.compile(r"^!\[(?P<alt>.*)\]\((?P<src>[^)]*)\)\s*$")
_CAPTION = re.compile(r"^\*(?P<text>(Bảng|Hình|Table|Figure) \d+\..*)\*\s*$")
_HEADING = re.compile(r"^(#{1,4}) (.*)$")
_FORM = re.compile(r"^<!--\s*form:\s*(?P<name>[a-z]+)\s*-->\s*$")
_END = re.compile(r"^<!--\s*/form\s*-->\s*$")
_COMMENT = re.compile(r"^<!--.*-->\s*$")
_TOKEN = re.compile(r"\\(.)|(\*\*)|(\*)|(<br\s*/?>)")
_PLAIN = re.compile(r"\\(.)")
HEADING_STYLE = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
CHAR_CM = 0.22   # average width of a Times New Roman character at 11 pt, with Vietnamese diacritics


def plain(text: str) -> str:
    """Markdown text without its escapes and markup (for measuring and for plain fields)."""
    return html.unescape(_PLAIN.sub(r"\1", text.replace("**", "").replace("<br>", " ")))


def segments(text: str) -> list[tuple[str, bool, bool]]:
    """``(text, bold, italic)`` pieces of one line of Markdown; ``"\\n"`` is a line break."""
    out: list[tuple[str, bool, bool]] = []
    bold = italic = False
    buf: list[str] = []
    pos = 0

    def flush() -> None:
        if buf:
            piece = html.unescape("".join(buf))
            if piece:
                out.append((piece, bold, italic))
            buf.clear()

    for m in _TOKEN.finditer(text):
        buf.append(text[pos:m.start()])
        pos = m.end()
        if m.group(1) is not None:
            buf.append(m.group(1))
        elif m.group(2):
            flush()
            bold = not bold
        elif m.group(3):
            flush()
            italic = not italic
        else:
            flush()
            out.append(("\n", bold, italic))
    buf.append(text[pos:])
    flush()
    return out


def runs(par: Any, text: str, size: float | None = None, bold: bool = False, italic: bool = False) -> None:
    for piece, b, i in segments(text):
        if piece == "\n":
            par.add_run().add_break()
            continue
        run = par.add_run(xml_safe(piece))  # a control character in a name must not stop the build
        run.bold = bold or b or None
        run.italic = italic or i or None
        if size:
            run.font.size = Pt(size)


def runs_xml(text: str, size: float, bold: bool = False) -> str:
    """The runs of one line of Markdown as OOXML text (see :func:`runs`)."""
    out = []
    half = int(size * 2)
    for piece, b, i in segments(text):
        if piece == "\n":
            out.append("<w:r><w:br/></w:r>")
            continue
        props = ("<w:b/>" if bold or b else "") + ("<w:i/>" if i else "") + f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        out.append(f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(xml_safe(piece))}</w:t></w:r>')
    return "".join(out)


def cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip() for c in re.split(r"(?<!\\)\|", body)]


def _is_rule(row: list[str]) -> bool:
    return bool(row) and all(re.fullmatch(r":?-{3,}:?", c) for c in row)


class Writer:
    """Adds blocks to a python-docx document; knows the text width of the current section."""

    def __init__(self, doc: Any, root: Path, lang: str) -> None:
        self.doc, self.root, self.lang = doc, root, lang
        self.width_cm = F.TEXT_WIDTH_CM
        self.height_cm = 29.7 - 4 - 1.5
        self._style_ids: dict[str, str | None] = {}

    def add_paragraph(self, style: str | None = None) -> Any:
        """``doc.add_paragraph(style=style)``, with each style's id looked up once: python-docx
        searches every style of the document for each paragraph it gives a style by name."""
        par = self.doc.add_paragraph()
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            par._p.style = self._style_ids[style]
        return par

    # -- plain blocks ---------------------------------------------------------------------------
    def paragraph(self, text: str, *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
                  size: float | None = None, bold: bool = False, italic: bool = False, style: str | None = None) -> Any:
        par = self.add_paragraph(style)
        par.alignment = align
        par.paragraph_format.first_line_indent = F.INDENT if indent else Cm(0)
        runs(par, text, size, bold, italic)
        return par

    def heading(self, level: int, text: str) -> None:
        par = self.add_paragraph(HEADING_STYLE[level])
        runs(par, text)

    def caption(self, text: str) -> None:
        par = self.add_paragraph("Caption")
        runs(par, text)

    def image(self, src: str) -> bool:
        if not src or "://" in src or src.startswith(("/", "\\")) or ".." in Path(src).parts:
            return False
        path = (self.root / src).resolve()
        try:
            path.relative_to(self.root.resolve())
        except ValueError:
            return False
        if not path.is_file() or path.suffix.lower() != ".png":
            return False
        head = path.read_bytes()[:24]
        w, h = struct.unpack(">II", head[16:24]) if head[:8] == b"\x89PNG\r\n\x1a\n" else (4, 3)
        width = min(self.width_cm, (self.height_cm - 2) * w / max(h, 1))
        self.doc.add_picture(str(path), width=Cm(width))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.doc.paragraphs[-1].paragraph_format.first_line_indent = Cm(0)
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        return True

    def table(self, rows: list[list[str]]) -> None:
        """A data table written as OOXML text (python-docx builds one object per cell, too slow for
        a national model's appendix): the header row repeats on every page, no row splits."""
        header, aligns, body = rows[0], rows[1], rows[2:]
        if not body:  # a table without rows says nothing: the template writes a sentence instead
            return
        width = len(header)
        size = 10 if width > 6 else 11
        twips = [int(w * 567) for w in column_widths([header] + body, width, self.width_cm, size)]
        out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
               '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
               "".join(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
        for r, row in enumerate([header] + body):
            out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if r == 0 else "") + "</w:trPr>")
            for c in range(width):
                right = c < len(aligns) and aligns[c].endswith(":") and not aligns[c].startswith(":")
                jc = "center" if r == 0 else ("right" if right else "left")
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[c]}" w:type="dxa"/><w:vAlign w:val="{"center" if r == 0 else "top"}"/>'
                           f'</w:tcPr><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'
                           f'<w:jc w:val="{jc}"/></w:pPr>{runs_xml(row[c] if c < len(row) else "", size, r == 0)}</w:p></w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")
        body_el = self.doc.element.body
        tbl = parse_xml("".join(out))
        last = body_el.find(qn("w:sectPr"))
        (last.addprevious(tbl) if last is not None else body_el.append(tbl))
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    # -- form blocks ------------------------------------------------------------------------------
    def _form_table(self, rows: list[list[str]], widths: tuple[float, float]) -> Any:
        table = self.doc.add_table(rows=0, cols=2)
        table.autofit = False
        F.no_borders(table)
        for c, column in enumerate(table.columns):
            column.width = Cm(widths[c])
        for row in rows:
            tr = table.add_row()
            for c, cell in enumerate(tr.cells):
                cell.width = Cm(widths[c])
        return table

    @staticmethod
    def _lines(cell: Any, text: str, size: float, align: Any = WD_ALIGN_PARAGRAPH.CENTER, **kw: Any) -> Any:
        par = None
        for i, line in enumerate(text.split("<br>")):
            par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            par.alignment = align
            pf = par.paragraph_format
            pf.first_line_indent, pf.space_after, pf.line_spacing = Cm(0), Pt(0), 1.0
            runs(par, line.strip(), size, **kw)
        return par

    def header_block(self, rows: list[list[str]]) -> None:
        """Decree 30, boxes 1–4: issuing body | national name and motto (each with its rule under
        it), then number | place and date, the two on one line."""
        widths = (6.0, self.width_cm - 6.0)
        table = self._form_table(rows, widths)
        for r, row in enumerate(rows):
            for c, cell in enumerate(table.rows[r].cells):
                text = row[c] if c < len(row) else ""
                last = self._lines(cell, text, 12 if (c == 1 and r == 0) else 13)
                if r == 0 and text.strip():
                    longest = max(len(plain(x)) for x in text.split("<br>")[-1:])
                    line = longest * 0.25 * (1.0 if c == 1 else 0.45)
                    F.rule(cell.add_paragraph(), max(1.5, line), widths[c])
                elif r == 1 and c == 1 and last is not None:
                    last.paragraph_format.space_before = Pt(0)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    def signature_block(self, rows: list[list[str]]) -> None:
        """Decree 30, boxes 7 and 9b: "Nơi nhận" (12 pt bold italic, the list 11 pt) on the left,
        the signer's authority and title (bold capitals), signature space and name on the right."""
        widths = (7.0, self.width_cm - 7.0)
        table = self._form_table(rows[:1], widths)
        left, right = table.rows[0].cells
        lines = rows[0][0].split("<br>")
        self._lines(left, lines[0], 12, WD_ALIGN_PARAGRAPH.LEFT)
        for line in lines[1:]:
            par = left.add_paragraph()
            par.paragraph_format.space_after, par.paragraph_format.line_spacing = Pt(0), 1.0
            runs(par, line.strip(), 11)
        self._lines(right, rows[0][1] if len(rows[0]) > 1 else "", 14)

    def title_block(self, lines: list[str]) -> None:
        """Decree 30, box 5a: the document type (capitals) and its summary, bold, centred, a rule under."""
        for i, line in enumerate(lines):
            text = _HEADING.sub(r"\2", line).strip()
            par = self.paragraph(text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=14, bold=True,
                                 style="Title" if i == 0 else None)
            par.paragraph_format.space_after = Pt(0)
            par.paragraph_format.space_before = Pt(12 if i == 0 else 0)
        if len(lines) > 1:
            F.rule(self.doc.add_paragraph(), max(3.0, min(len(plain(lines[-1])) * 0.26 * 0.4, 8.0)), self.width_cm)

    def appendix_block(self, lines: list[str]) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for i, line in enumerate(lines):
            text = _HEADING.sub(r"\2", line).strip()
            par = self.doc.add_paragraph(style="Heading 1" if i == 0 else None)
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.first_line_indent = Cm(0)
            par.paragraph_format.space_after = Pt(0 if i < len(lines) - 1 else 12)
            runs(par, text, 14 if i == 0 else 13, bold=i < len(lines) - 1 and not text.startswith("*"))

    def form(self, name: str, lines: list[str]) -> None:
        rows = [cells(x) for x in lines if x.startswith("|")]
        rows = [r for r in rows if not _is_rule(r)]
        text = [x for x in lines if x.strip() and not x.startswith("|")]
        if name == "header":
            self.header_block(rows)
        elif name == "signature" and rows:
            self.signature_block(rows)
        elif name == "title":
            self.title_block(text)
        elif name == "appendix":
            self.appendix_block(text)
        elif name == "draft":
            for line in text:
                par = self.paragraph(line, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, size=13, bold=True)
                par.paragraph_format.right_indent = Cm(self.width_cm - 3.2)
                F.box(par)
        elif name == "basis":
            for line in text:
                self.paragraph(line, italic=True)
        elif name == "recipient":
            for i, line in enumerate(text):
                par = self.paragraph(line, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, size=14)
                par.paragraph_format.left_indent = Cm(2.5 if i == 0 else 4.5)
                par.paragraph_format.space_after = Pt(0)
        else:  # an unknown form: its lines as paragraphs
            self.blocks(lines)

    # -- the document ---------------------------------------------------------------------------
    def section(self, landscape: bool) -> None:
        F.new_section(self.doc, landscape)
        self.width_cm = F.LANDSCAPE_WIDTH_CM if landscape else F.TEXT_WIDTH_CM
        self.height_cm = F.LANDSCAPE_HEIGHT_CM if landscape else 29.7 - 4 - 1.5

    def blocks(self, lines: list[str]) -> None:
        i = 0
        para: list[str] = []

        def flush() -> None:
            if para:
                self.paragraph(" ".join(para))
                para.clear()

        while i < len(lines):
            line = lines[i].rstrip()
            form = _FORM.match(line)
            if form:
                flush()
                name = form.group("name")
                j = i + 1
                if name != "pagebreak":
                    while j < len(lines) and not _END.match(lines[j]):
                        j += 1
                inner = lines[i + 1:j]
                if name == "pagebreak":
                    self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                    j = i
                elif name == "landscape":
                    self.section(True)
                    self.blocks(inner)
                    self.section(False)
                else:
                    self.form(name, inner)
                i = j + 1
                continue
            heading = _HEADING.match(line)
            if not line.strip() or _COMMENT.match(line):
                flush()
            elif heading:
                flush()
                self.heading(len(heading.group(1)), heading.group(2))
            elif line.startswith("|"):
                flush()
                rows = []
                while i < len(lines) and lines[i].startswith("|"):
                    rows.append(cells(lines[i]))
                    i += 1
                if len(rows) >= 2 and _is_rule(rows[1]):
                    self.table(rows)
                continue
            elif (m := _IMAGE.match(line)):
                flush()
                if not self.image(plain(m.group("src"))):
                    note = "(hình không nhúng được: " if self.lang == "vi" else "(image not embedded: "
                    self.paragraph(note + plain(m.group("src")) + ")", indent=False)
            elif (m := _CAPTION.match(line)):
                flush()
                self.caption(m.group("text"))
            elif line.startswith("- "):
                flush()
                self.paragraph(line)
            elif line.startswith("> "):
                flush()
                self.paragraph(line[2:], italic=True)
            else:
                para.append(line.strip())
            i += 1
        flush()


def column_widths(rows: list[list[str]], width: int, total_cm: float, size: float = 11) -> list[float]:
    """Column widths in cm across ``total_cm``: a column whose longest entry is short (numbers,
    years, statuses such as "đang thực hiện") gets the room it needs on one line; long text
    columns share the rest, each at least as wide as its longest word."""
    char, pad = CHAR_CM * size / 11, 0.35
    fixed: dict[int, float] = {}
    need: dict[int, float] = {}
    least: dict[int, float] = {}
    for c in range(width):
        texts = [plain(row[c]) for row in rows[1:] if c < len(row)]
        header = plain(rows[0][c]) if c < len(rows[0]) else ""
        longest = max((len(t) for t in texts), default=0)
        word = max((len(w) for t in texts + [header] for w in t.split()), default=1)
        if longest <= 16:  # on one line, and the header on at most two
            fixed[c] = max(longest, word, -(-len(header) // 2)) * char + pad
        else:
            need[c] = min(longest, 60)
            least[c] = word * char + pad
    rest = total_cm - sum(fixed.values())
    if need and rest < sum(least.values()):
        scale = max(0.1, (total_cm - sum(least.values())) / max(sum(fixed.values()), 0.1))
        fixed = {c: w * scale for c, w in fixed.items()}
        rest = total_cm - sum(fixed.values())
    if not need:
        scale = total_cm / max(sum(fixed.values()), 0.1)
        return [fixed[c] * scale for c in range(width)]
    share = {c: max(least[c], rest * need[c] / sum(need.values())) for c in need}
    over = sum(share.values()) - rest
    if over > 0:  # the minimums took more than their share: take it back from the widest
        widest = max(share, key=lambda c: share[c] - least[c])
        share[widest] = max(least[widest], share[widest] - over)
    return [fixed[c] if c in fixed else share[c] for c in range(width)]


def markdown_to_docx(md: str, root: Path, reference: Path | None = None, lang: str = "vi",
                     title: str = "", extend: Callable[[Writer], None] | None = None) -> bytes:
    """The Markdown as a DOCX (deterministic bytes). ``root`` is the folder images are taken from."""
    doc = F.new_document(reference, lang)
    writer = Writer(doc, root, lang)
    writer.blocks(md.splitlines())
    if extend is not None:
        extend(writer)
    return F.save(doc, lang, title)
