"""The form of a Vietnamese administrative document in Word (Decree 30/2020/NĐ-CP, Appendix I):
page, fonts, language, page numbers, rules under the header lines, table rows, landscape sections.

The figures come from Appendix I, Part I of the decree (docs/build.md cites it): A4; margins 20–25 mm
top and bottom, 30–35 mm left, 15–20 mm right; Times New Roman, black; body 13–14 pt, justified,
first-line indent 1 cm or 1.27 cm, at least 6 pt between paragraphs, line spacing single to 1.5;
page numbers from 1, 13–14 pt, centred in the top margin, not shown on the first page. Everything
here is low-level python-docx/OOXML; :mod:`archtool.publish.wordwriter` composes the document.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from archtool.output import fixed_time, stable_zip
from archtool.textnorm import xml_safe

FONT = "Times New Roman"       # Liberation Serif / Tinos where it is missing: same metrics, Vietnamese complete
LANG = {"vi": "vi-VN", "en": "en-GB"}
PAGE_W, PAGE_H = Cm(21), Cm(29.7)
MARGINS = {"top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(2)}
TEXT_WIDTH_CM = 21 - 3 - 2             # 16 cm portrait
LANDSCAPE_WIDTH_CM = 29.7 - 3 - 2      # 24.7 cm: the binding margin stays on the left
LANDSCAPE_HEIGHT_CM = 21 - 2 - 2 - 1.5  # less the header line
BODY_PT = 13
INDENT = Cm(1.27)
#: style -> (size pt, bold, italic, alignment, space before pt, keep with next)
STYLES = {
    "Title": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 6, True),
    "Heading 1": (13, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 12, True),
    "Heading 2": (13, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 6, True),
    "Heading 3": (13, True, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 6, True),
    "Heading 4": (13, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 6, True),
    "Caption": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, 6, True),
    "Header": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, False),
}


def _fonts(rpr: Any, size: float | None = None) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def _language(doc: Any, lang: str) -> None:
    """vi-VN on the document defaults and in the settings: Word then checks spelling in Vietnamese
    instead of underlining every word as misspelt English."""
    code = LANG.get(lang, "vi-VN")
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY_PT)
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), code)
    el.set(qn("w:eastAsia"), code)
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = OxmlElement("w:themeFontLang")
        settings.append(theme)
    theme.set(qn("w:val"), code)
    proof = settings.find(qn("w:proofState"))
    if proof is not None:  # let Word check the text again in its language
        settings.remove(proof)


def setup(doc: Any, lang: str) -> None:
    """Page, default font and language, and the paragraph styles the writer uses."""
    _language(doc, lang)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr(), BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.MULTIPLE, 1.15
    for name, (size, bold, italic, align, before, keep) in STYLES.items():
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold, style.font.italic = FONT, Pt(size), bold, italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element.get_or_add_rPr(), size)
        sp = style.paragraph_format
        sp.alignment, sp.space_before, sp.space_after, sp.keep_with_next = align, Pt(before), Pt(6), keep
        if name.startswith("Heading"):
            sp.first_line_indent = INDENT
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:caps", "w:u"):
            found = rpr.find(qn(tag))
            if found is not None:
                rpr.remove(found)
        bottom = style.element.get_or_add_pPr().find(qn("w:pBdr"))
        if bottom is not None:  # the default Title draws a blue rule
            bottom.getparent().remove(bottom)
    section = doc.sections[0]
    page(section, landscape=False)
    page_numbers(section)


def page(section: Any, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = Cm(1)


def _field(par: Any, instruction: str) -> None:
    """A Word field (``PAGE``): begin, instruction, separate, a placeholder result, end."""
    def run_with(child: Any) -> None:
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        _fonts(rpr, BODY_PT)
        r.append(rpr)
        r.append(child)
        par._p.append(r)

    for kind in ("begin", None, "separate", "text", "end"):
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = "1"
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run_with(el)


def page_numbers(section: Any) -> None:
    """The page number centred in the top margin, from page 2 on (a different first page)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    par = header.paragraphs[0]
    par.text = ""
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(par, "PAGE")
    section.first_page_header.is_linked_to_previous = False


def new_section(doc: Any, landscape: bool) -> Any:
    section = doc.add_section(WD_SECTION_START.NEW_PAGE)
    page(section, landscape)
    section.different_first_page_header_footer = False
    return section


def rule(par: Any, width_cm: float, cell_cm: float) -> None:
    """A solid line ``width_cm`` long, centred in a column ``cell_cm`` wide (the rules under the
    issuing body, the motto and the title): a bottom border on an empty paragraph, indented."""
    pf = par.paragraph_format
    side = max(0.0, (cell_cm - width_cm) / 2)
    pf.left_indent, pf.right_indent, pf.first_line_indent = Cm(side), Cm(side), Cm(0)
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.0
    ppr = par._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    run = par.add_run("")
    run.font.size = Pt(2)


def box(par: Any) -> None:
    """A single-line frame around a paragraph (the "DỰ THẢO" mark)."""
    ppr = par._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    ppr.append(borders)


def row_props(row: Any, header: bool) -> None:
    """A row that never splits across pages; a header row repeats on every page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def cell_margins(table: Any, cm: float = 0.1) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(cm * 567)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def new_document(reference: Any, lang: str) -> Any:
    doc = Document(str(reference)) if reference else Document()
    if reference is None:
        setup(doc, lang)
    else:
        _language(doc, lang)
    return doc


def save(doc: Any, lang: str, title: str = "") -> bytes:
    """The document as bytes: fixed metadata and zip times (``SOURCE_DATE_EPOCH`` honoured)."""
    props = doc.core_properties
    props.created = props.modified = fixed_time()
    props.author = props.last_modified_by = "archtool"
    props.revision = 1
    props.title = xml_safe(title)
    props.language = LANG.get(lang, "vi-VN")
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue())
