"""A small, fast XLSX writer for ``matrix.xlsx``: rows streamed as SpreadsheetML text, no object
per cell (a national model's workbook has about a million cells).

It writes what the workbook needs and nothing more: string (inline) and number cells, a fixed set
of cell formats, column widths, row heights, frozen panes, auto-filters, list/date/whole-number
validations, hidden sheets and the print setup (landscape A4, one page wide, header row repeated,
page numbers in the footer). The method names follow XlsxWriter's, which the workbook code was
first written against. Text is always a string cell: it can never become a formula.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from archtool.output import fixed_time
from archtool.textnorm import xml_safe

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _escape(text: str) -> str:
    if not text.isprintable():  # rare: control characters, line breaks
        text = xml_safe(text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def column(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


_COLS = [column(i) for i in range(256)]


def _rgb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


class Format:
    def __init__(self, book: "Workbook", spec: dict[str, Any]) -> None:
        self.spec, self.index = spec, book._style(spec)
        self.wrap = bool(spec.get("text_wrap"))
        self.attr = f' s="{self.index}"'  # as a cell writes it


class Worksheet:
    def __init__(self, book: "Workbook", name: str, index: int) -> None:
        self.book, self.name, self.index = book, name, index
        self.rows: list[str] = []
        self._row = -1
        self._ref = ""
        self._lines = 1
        self._cells: list[str] = []
        self._heights: dict[int, float] = {}
        self.cols: dict[int, tuple[float, int | None]] = {}
        self._chars: dict[int, int] = {}
        self.freeze: tuple[int, int] | None = None
        self.filter: tuple[int, int, int, int] | None = None
        self.validations: list[str] = []
        self.landscape = False
        self.fit = False
        self.repeat: int | None = None
        self.footer = ""
        self.margins = (0.7, 0.7, 0.75, 0.75)
        self.hidden = False
        self.max_row = self.max_col = 0

    # -- settings ---------------------------------------------------------------------------------
    def set_column(self, first: int, last: int, width: float, fmt: Format | None = None) -> None:
        for c in range(first, last + 1):
            self.cols[c] = (width, fmt.index if fmt else None)
            self._chars[c] = max(1, int(width * 1.1))  # characters of wrapped text a line holds

    def set_row(self, row: int, height: float) -> None:
        self._heights[row] = height

    def freeze_panes(self, row: int, col: int) -> None:
        self.freeze = (row, col)

    def autofilter(self, r1: int, c1: int, r2: int, c2: int) -> None:
        self.filter = (r1, c1, r2, c2)

    def set_landscape(self) -> None:
        self.landscape = True

    def set_paper(self, _size: int) -> None:  # always A4 (9)
        pass

    def fit_to_pages(self, _wide: int, _tall: int) -> None:  # one page wide, as many pages tall as needed
        self.fit = True

    def repeat_rows(self, row: int) -> None:
        self.repeat = row

    def set_margins(self, left: float, right: float, top: float, bottom: float) -> None:
        self.margins = (left, right, top, bottom)

    def set_footer(self, text: str) -> None:
        self.footer = text

    def hide(self) -> None:
        self.hidden = True

    def data_validation(self, r1: int, c1: int, r2: int, c2: int, opts: dict[str, Any]) -> None:
        ref = f"{_COLS[c1]}{r1 + 1}:{_COLS[c2]}{r2 + 1}"
        kind = opts["validate"]
        extra = ' allowBlank="1"' + (' errorStyle="information"' if opts.get("error_type") == "information" else "")
        if kind == "list":
            src = opts["source"]
            formula = src[1:] if isinstance(src, str) else '"' + ",".join(src) + '"'
            body = f"<formula1>{escape(formula)}</formula1>"
            attrs = 'type="list"'
        elif kind == "date":
            serial = (opts["value"] - date(1899, 12, 30)).days
            attrs, body = 'type="date" operator="greaterThan"', f"<formula1>{serial}</formula1>"
        else:
            attrs = 'type="whole" operator="between"'
            body = f"<formula1>{opts['minimum']}</formula1><formula2>{opts['maximum']}</formula2>"
        prompt = ""
        if opts.get("input_title"):
            prompt = f' showInputMessage="1" promptTitle={quoteattr(opts["input_title"])} prompt={quoteattr(opts["input_message"])}'
        self.validations.append(f'<dataValidation {attrs}{extra} showErrorMessage="1"{prompt} sqref="{ref}">{body}'
                                f"</dataValidation>")

    # -- cells ------------------------------------------------------------------------------------
    def _at(self, row: int, col: int) -> str:
        """The cell reference (``B7``); moves to a new row when ``row`` changes."""
        if row != self._row:
            self._new_row(row)
        if col > self.max_col:
            self.max_col = col
        return _COLS[col] + self._ref

    def _new_row(self, row: int) -> None:
        if row < self._row:
            raise ValueError("rows must be written in order")
        self._flush()
        self._row = row
        self._ref = str(row + 1)
        if row > self.max_row:
            self.max_row = row

    def write_string(self, row: int, col: int, text: str, fmt: Format | None = None) -> None:
        # the body of _at, inlined: a national model's workbook has half a million string cells
        if row != self._row:
            self._new_row(row)
        if col > self.max_col:
            self.max_col = col
        if fmt is None:
            self._cells.append(f'<c r="{_COLS[col]}{self._ref}" t="inlineStr"><is><t xml:space="preserve">'
                               f'{_escape(text)}</t></is></c>')
            return
        if fmt.wrap and col in self._chars:
            # neither Excel nor LibreOffice grows a row for wrapped text on opening a file: say how high
            lines = len(text) // self._chars[col] + 1 + text.count("\n")
            if lines > self._lines:
                self._lines = lines
        self._cells.append(f'<c r="{_COLS[col]}{self._ref}"{fmt.attr} t="inlineStr"><is><t xml:space="preserve">'
                           f'{_escape(text)}</t></is></c>')

    def write_number(self, row: int, col: int, value: int | float, fmt: Format | None = None) -> None:
        ref = self._at(row, col)
        style = fmt.attr if fmt else ""
        self._cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')

    def _flush(self) -> None:
        if self._row >= 0 and (self._cells or self._row in self._heights):
            ht = self._heights.get(self._row) or (min(409, 15 * self._lines) if self._lines > 1 else None)
            height = f' ht="{ht}" customHeight="1"' if ht else ""
            self.rows.append(f'<row r="{self._row + 1}"{height}>{"".join(self._cells)}</row>')
        self._cells = []
        self._lines = 1

    # -- the part ---------------------------------------------------------------------------------
    def xml(self) -> str:
        self._flush()
        pr = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self.fit else ""
        view = '<sheetView workbookViewId="0"' + (' tabSelected="1"' if self.index == 0 else "") + ">"
        if self.freeze and (self.freeze[0] or self.freeze[1]):
            r, c = self.freeze
            pane = "bottomRight" if r and c else ("bottomLeft" if r else "topRight")
            view += (f'<pane{f" xSplit={chr(34)}{c}{chr(34)}" if c else ""}{f" ySplit={chr(34)}{r}{chr(34)}" if r else ""} '
                     f'topLeftCell="{_COLS[c]}{r + 1}" activePane="{pane}" state="frozen"/><selection pane="{pane}"/>')
        view += "</sheetView>"
        cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"{f" style={chr(34)}{s}{chr(34)}" if s is not None else ""}/>'
                       for c, (w, s) in sorted(self.cols.items()))
        parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS}>{pr}'
                 f'<dimension ref="A1:{_COLS[self.max_col]}{self.max_row + 1}"/><sheetViews>{view}</sheetViews>'
                 '<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>",
                 "".join(self.rows), "</sheetData>"]
        if self.filter:
            r1, c1, r2, c2 = self.filter
            parts.append(f'<autoFilter ref="{_COLS[c1]}{r1 + 1}:{_COLS[c2]}{r2 + 1}"/>')
        if self.validations:
            parts.append(f'<dataValidations count="{len(self.validations)}">{"".join(self.validations)}</dataValidations>')
        left, right, top, bottom = self.margins
        parts.append(f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" header="0.3" footer="0.3"/>')
        parts.append(f'<pageSetup paperSize="9" orientation="{"landscape" if self.landscape else "portrait"}"'
                     + (' fitToWidth="1" fitToHeight="0"' if self.fit else "") + "/>")
        if self.footer:
            parts.append(f"<headerFooter><oddFooter>{escape(self.footer)}</oddFooter></headerFooter>")
        parts.append("</worksheet>")
        return "".join(parts)


class Workbook:
    """Sheets in order, one style table; :meth:`close` writes the file into ``out``."""

    def __init__(self, out: io.BytesIO, _options: dict[str, Any] | None = None) -> None:
        self.out = out
        self.sheets: list[Worksheet] = []
        self.title = ""
        self._styles: dict[tuple, int] = {(): 0}
        self._fonts: dict[tuple, int] = {(False, None, 11): 0}
        self._fills: dict[str | None, int] = {None: 0, "gray125": 1}
        self._numfmts: dict[str, int] = {}

    def add_worksheet(self, name: str) -> Worksheet:
        ws = Worksheet(self, name[:31], len(self.sheets))
        self.sheets.append(ws)
        return ws

    def add_format(self, spec: dict[str, Any]) -> Format:
        return Format(self, spec)

    def set_properties(self, props: dict[str, Any]) -> None:
        self.title = str(props.get("title") or "")

    def _style(self, spec: dict[str, Any]) -> int:
        font = (bool(spec.get("bold")), spec.get("font_color"), spec.get("font_size", 11))
        fill = spec.get("bg_color")
        fmt = spec.get("num_format")
        key = (self._fonts.setdefault(font, len(self._fonts)), self._fills.setdefault(fill, len(self._fills)),
               self._numfmts.setdefault(fmt, 164 + len(self._numfmts)) if fmt else 0, bool(spec.get("border")),
               bool(spec.get("text_wrap")), {"vcenter": "center"}.get(spec.get("valign"), spec.get("valign")),
               spec.get("align"))
        return self._styles.setdefault(key, len(self._styles))

    def _styles_xml(self) -> str:
        fonts = "".join(f'<font>{"<b/>" if b else ""}<sz val="{size}"/>{f"<color rgb={chr(34)}{_rgb(c)}{chr(34)}/>" if c else ""}'
                        '<name val="Calibri"/><family val="2"/></font>' for (b, c, size) in self._fonts)
        fills = "".join('<fill><patternFill patternType="none"/></fill>' if f is None else
                        '<fill><patternFill patternType="gray125"/></fill>' if f == "gray125" else
                        f'<fill><patternFill patternType="solid"><fgColor rgb="{_rgb(f)}"/><bgColor indexed="64"/></patternFill></fill>'
                        for f in self._fills)
        numfmts = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>' for code, i in self._numfmts.items())
        xfs = []
        for key in self._styles:
            if not key:
                xfs.append('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>')
                continue
            font, fill, num, border, wrap, valign, align = key
            alignment = "".join(x for x in (' wrapText="1"' if wrap else "", f' vertical="{valign}"' if valign else "",
                                            f' horizontal="{align}"' if align else ""))
            xfs.append(f'<xf numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="{1 if border else 0}" xfId="0"'
                       + (' applyNumberFormat="1"' if num else "") + (' applyFont="1"' if font else "")
                       + (' applyFill="1"' if fill else "") + (' applyBorder="1"' if border else "")
                       + (f' applyAlignment="1"><alignment{alignment}/></xf>' if alignment else "/>"))
        thin = "".join(f'<{e} style="thin"><color auto="1"/></{e}>' for e in ("left", "right", "top", "bottom"))
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + (f'<numFmts count="{len(self._numfmts)}">{numfmts}</numFmts>' if numfmts else "")
                + f'<fonts count="{len(self._fonts)}">{fonts}</fonts><fills count="{len(self._fills)}">{fills}</fills>'
                f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>{thin}<diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')

    def close(self) -> None:
        when = fixed_time().strftime("%Y-%m-%dT%H:%M:%SZ")
        names = []
        for ws in self.sheets:
            q = "'" + ws.name.replace("'", "''") + "'"
            if ws.filter:
                r1, c1, r2, c2 = ws.filter
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{ws.index}" hidden="1">'
                             f"{escape(q)}!${_COLS[c1]}${r1 + 1}:${_COLS[c2]}${r2 + 1}</definedName>")
            if ws.repeat is not None:
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{ws.index}">'
                             f"{escape(q)}!${ws.repeat + 1}:${ws.repeat + 1}</definedName>")
        sheets = "".join(f'<sheet name={quoteattr(ws.name)} sheetId="{ws.index + 1}"{" state=" + chr(34) + "hidden" + chr(34) if ws.hidden else ""} '
                         f'r:id="rId{ws.index + 1}"/>' for ws in self.sheets)
        files = {
            "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{ws.index + 1}.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for ws in self.sheets)
            + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
            "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
            "docProps/app.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>archtool</Application></Properties>',
            "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(xml_safe(self.title))}</dc:title><dc:creator>archtool</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>',
            "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS}>'
            f'<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>'
            + (f"<definedNames>{''.join(names)}</definedNames>" if names else "") + "</workbook>",
            "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{ws.index + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                      f'Target="worksheets/sheet{ws.index + 1}.xml"/>' for ws in self.sheets)
            + f'<Relationship Id="rId{len(self.sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
            "xl/styles.xml": self._styles_xml(),
        }
        # stored, not compressed: the build passes the file through output.stable_zip, which compresses
        # each part once (compressing here too cost a national matrix a second of CPU for nothing)
        with zipfile.ZipFile(self.out, "w", zipfile.ZIP_STORED) as z:
            for name, text in files.items():
                z.writestr(name, text)
            for ws in self.sheets:
                z.writestr(f"xl/worksheets/sheet{ws.index + 1}.xml", ws.xml())
