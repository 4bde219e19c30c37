"""Long sheets streamed straight into an XLSX file: plain rows, a bold header, role colours.

openpyxl's streaming writer spends tens of microseconds on a cell (it makes each an object
and an XML element), and a long matrix has hundreds of thousands.  An XLSX file is a zip of
XML parts and a sheet of plain rows is simple XML, so here each row is formatted as one
string and written into the zip as it comes: memory holds a row, a cell costs a
microsecond or two, and strings are inline, so no shared-string table grows with the
sheet.  Only what the long matrix needs is written: text and numbers, a frozen filtered
header, column widths, and a fill per role.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

EXCEL_ROWS = 1_048_576
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")    # no XML 1.0 document may hold these
HEADER, FIRST_ROLE = 1, 2          # style indices: 0 plain, 1 the header, 2… one per role


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class LongBook:
    """A workbook written sheet by sheet.  ``colours`` maps a role to its fill (``RRGGBB``);
    a cell given as ``(value, role)`` is drawn in that fill with bold white text."""

    def __init__(self, out, header_fill: str, colours: Mapping[str, str]):
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
        self._titles: list[str] = []
        self._fills = [header_fill, *colours.values()]
        self._style = {role: f' s="{FIRST_ROLE + i}"' for i, role in enumerate(colours)}

    def sheets(self, title: str, header: Iterable[str], widths: Iterable[float], rows: Iterable[list],
               rows_per_sheet: int = EXCEL_ROWS) -> None:
        """``rows`` under ``header``, continued on ``title 2``, ``title 3`` … past a sheet's last row."""
        header, widths = list(header), list(widths)
        letters = [column_letter(i) for i in range(1, len(header) + 1)]
        number, sheet, row_number = 0, None, rows_per_sheet
        for row in rows:
            if row_number == rows_per_sheet:
                if sheet:
                    self._end(sheet, letters, row_number)
                number += 1
                sheet = self._begin(title if number == 1 else f"{title} {number}", widths)
                sheet.write(self._row(1, letters, [(h, None) for h in header], header=True))
                row_number = 1
            row_number += 1
            sheet.write(self._row(row_number, letters, row))
        if sheet:
            self._end(sheet, letters, row_number)

    def close(self) -> None:
        names = "".join(f'<sheet name="{escape(t, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                        for i, t in enumerate(self._titles, 1))
        self._put("xl/workbook.xml", f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>{names}'
                                     "</sheets></workbook>")
        links = "".join(f'<Relationship Id="rId{i}" Type="{RELATIONS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                        for i in range(1, len(self._titles) + 1))
        styles = len(self._titles) + 1
        self._put("xl/_rels/workbook.xml.rels", f'{XML}<Relationships xmlns="{PACKAGE}">{links}<Relationship '
                                                f'Id="rId{styles}" Type="{RELATIONS}/styles" Target="styles.xml"/>'
                                                "</Relationships>")
        self._put("xl/styles.xml", self._styles())
        self._put("_rels/.rels", f'{XML}<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
                                 f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        parts = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{kind}.worksheet+xml"/>'
                        for i in range(1, len(self._titles) + 1))
        self._put("[Content_Types].xml", (
            f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>{parts}</Types>'))
        self._zip.close()

    def _begin(self, title: str, widths: list[float]):
        self._titles.append(title[:31])                      # Excel's longest sheet name
        sheet = self._zip.open(f"xl/worksheets/sheet{len(self._titles)}.xml", "w", force_zip64=True)
        columns = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        sheet.write((f'{XML}<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
                     '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
                     '<selection pane="bottomRight"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                     f"<cols>{columns}</cols><sheetData>").encode())
        return sheet

    @staticmethod
    def _end(sheet, letters: list[str], last: int) -> None:
        sheet.write(f'</sheetData><autoFilter ref="A1:{letters[-1]}{last}"/></worksheet>'.encode())
        sheet.close()

    def _row(self, number: int, letters: list[str], values: list, header: bool = False) -> bytes:
        cells = []
        for letter, value in zip(letters, values):
            style = ' s="1"' if header else ""
            if isinstance(value, tuple):
                value, role = value
                style = self._style[role] if role else style
            if value is None or value == "":
                if style:
                    cells.append(f'<c r="{letter}{number}"{style}/>')
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(f'<c r="{letter}{number}"{style}><v>{value}</v></c>')
            else:
                text = escape(_NOT_XML.sub("", str(value)))
                cells.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is><t xml:space="preserve">{text}'
                             "</t></is></c>")
        return f'<row r="{number}">{"".join(cells)}</row>'.encode()

    def _styles(self) -> str:
        fills = "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour.upper()}"/></patternFill></fill>'
                        for colour in self._fills)
        roles = "".join(f'<xf numFmtId="0" fontId="2" fillId="{3 + i}" borderId="0" xfId="0" applyFont="1" '
                        'applyFill="1" applyAlignment="1"><alignment horizontal="center"/></xf>'
                        for i in range(len(self._fills) - 1))
        return (f'{XML}<styleSheet xmlns="{MAIN}"><fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
                '<font><b/><sz val="11"/><name val="Calibri"/></font>'
                '<font><b/><color rgb="FFFFFFFF"/><sz val="11"/><name val="Calibri"/></font></fonts>'
                f'<fills count="{2 + len(self._fills)}"><fill><patternFill patternType="none"/></fill>'
                f'<fill><patternFill patternType="gray125"/></fill>{fills}</fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{1 + len(self._fills)}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
                f'{roles}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
                "</cellStyles></styleSheet>")

    def _put(self, name: str, text: str) -> None:
        self._zip.writestr(name, text.encode())
