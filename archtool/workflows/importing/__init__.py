"""``archtool import``: a planner's Excel tables into model YAML, never writing a wrong number silently.

**Reading is bounded** (:class:`Bounds`). The sheet's declared dimension is ignored and cells are read
as the file stores them, so a stray cell at XFD1048576 is one cell, not a million rows; reading a
sheet stops at the first value beyond the row or column bound, with a message naming that cell; a
cell longer than the text bound is reported by its length and never echoed. A file that is not a
workbook Excel writes (zip damage, a DTD or entity declaration, an old .xls, a password) is refused
in one line (:class:`Unreadable`).

**Tables as planners make them.** A sheet is recognised by its name, or else by its header
("Sheet1", "Phụ lục 2"). The header is found below title rows and may span several rows with merged
cells ("Kinh phí (triệu đồng)" over "Tổng số / NSTW / NSĐP / XHH"). A money unit in any header cell
above a column, or in a note above the table ("Đơn vị tính: triệu đồng", "ĐVT: tỷ đồng"), applies to
every money column under it; two units that disagree are an error. Rows that are not data (the
column-number row, group headings, total rows, blank rows, notes and signatures below the table)
are skipped and listed.

**Money.** Amounts become whole đồng. Text is read the Vietnamese way ("4,5" is 4.5, "45.000.000.000"
is 45e9, "15.000" in a triệu-đồng column is 15 tỷ đồng, "45 tỷ" carries its own unit); ambiguous text
("4,500") and amounts without any unit that are not plainly đồng are refused with what to write. A
total that differs from the sum of its sources is an error at the total's cell (the factor is named
when it is 1000 or another power of ten); a "TỔNG CỘNG" row that differs from the rows above is a
warning.

**Owners** must be units of the workbook's units sheet or of the baseline (``--extends``):
abbreviations ("Sở KH&CN", "UBND tỉnh") and diacritics are matched; anything else is an error at its
cell with the closest unit. No unit is created unless asked (``create_units``). Partner lists ("Các
sở, ban, ngành; UBND các xã") stay text: units that match become ``partner:<id>`` tags, the rest is
kept in the description.

Every problem is collected as ``sheet!cell`` with a Vietnamese and an English text; a bad row never
stops the others, and schema problems are worded as :mod:`archtool.model.errors` words them.

The modules, in reading order: :mod:`.problems` (bounds, problems, quoting), :mod:`.xlsx` (the
archive, the stored cells, the :class:`~.xlsx.Grid`), :mod:`.values` (amounts, periods),
:mod:`.tables` (headers, units of money), :mod:`.rows` (one sheet's data rows), :mod:`.units`
(owner names), :mod:`.resolve` (ids, owners, references, budgets, the schema) and
:mod:`.workbook` (:func:`read_workbook`).
"""

from archtool.workflows.importing.problems import Bounds, CellError, Imported, Problem, Unreadable
from archtool.workflows.importing.values import parse_amount, parse_period, read_amount
from archtool.workflows.importing.workbook import read_workbook
from archtool.workflows.importing.xlsx import read_sheets

__all__ = ["Bounds", "CellError", "Imported", "Problem", "Unreadable", "parse_amount", "parse_period", "read_amount",
           "read_sheets", "read_workbook"]
