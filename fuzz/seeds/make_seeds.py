#!/usr/bin/env python3
"""Writes the seed corpus for the load_bytes fuzz target: tiny workbooks whose
zip parts are stored, not deflated, so that the fuzzer's byte mutations land
in the XML itself. Run from this directory: `python3 make_seeds.py`.

The xls and xlsb seeds are not generated: they are two of the smallest files
of calamine's test set (MIT licence), copied as they are (see README.md).
"""
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            z.writestr(info, text)


write("load_bytes/minimal.xlsx", [
    ("[Content_Types].xml",
     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    ("_rels/.rels",
     f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml",
     f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels",
     f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
     f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
     f'<Relationship Id="rId3" Type="{OFFICE}/styles" Target="styles.xml"/></Relationships>'),
    ("xl/styles.xml",
     f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
     '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
     '<fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/></patternFill></fill></fills>'
     '<cellXfs count="3"><xf numFmtId="0" fillId="0"/><xf numFmtId="164" fillId="0" applyNumberFormat="1"/>'
     '<xf numFmtId="14" fillId="2" applyFill="1"/></cellXfs></styleSheet>'),
    ("xl/sharedStrings.xml",
     f'<sst xmlns="{MAIN}" count="2" uniqueCount="2"><si><t>Action</t></si><si><r><t>due </t></r><r><t>Q3 2023/24</t></r></si></sst>'),
    ("xl/worksheets/sheet1.xml",
     f'<worksheet xmlns="{MAIN}"><dimension ref="A1:C3"/><sheetData>'
     '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>0.255</v></c></row>'
     '<row r="2"><c r="A2" t="inlineStr"><is><t>Owner</t></is></c><c r="B2" s="2"><v>45382</v></c><c r="C2"><f>C1*2</f></c></row>'
     '<row r="3"><c r="A3" t="e"><v>#DIV/0!</v></c><c r="B3" t="b"><v>1</v></c></row>'
     '</sheetData><mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells></worksheet>'),
])

OFFICE_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
             'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
             'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
             'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
write("load_bytes/minimal.ods", [
    ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
    ("META-INF/manifest.xml",
     '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
     '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
     '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'),
    ("content.xml",
     f'<office:document-content {OFFICE_NS} office:version="1.2"><office:automatic-styles>'
     '<number:percentage-style style:name="P1"><number:number number:decimal-places="1"/><number:text>%</number:text></number:percentage-style>'
     '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="P1"/>'
     '<style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:background-color="#ff0000"/></style:style>'
     '</office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Plan">'
     '<table:table-row><table:table-cell office:value-type="string"><text:p>Action<text:s text:c="2"/>one</text:p></table:table-cell>'
     '<table:table-cell table:style-name="ce1" office:value-type="percentage" office:value="0.25"/>'
     '<table:table-cell table:number-columns-spanned="2" office:value-type="date" office:date-value="2024-03-31"/><table:covered-table-cell/></table:table-row>'
     '<table:table-row table:number-rows-repeated="2"><table:table-cell table:style-name="ce2" table:number-columns-repeated="3"/>'
     '<table:table-cell office:value-type="float" office:value="7"/></table:table-row>'
     '</table:table></office:spreadsheet></office:body></office:document-content>'),
])

for name, text in [
    ("due-date", "by 31 March 2024"),
    ("quarter", "Q3 2023/24"),
    ("dotted", "31.01.24"),
    ("range", "April 2023 - March 2025 (quarterly review)"),
    ("sub-actions", "a. agree by 30 November 2023;\nb. open by end of Q4;\nc. ongoing"),
]:
    # The timeline target reads one byte for the plan period, then the text.
    with open(f"timeline_parser/{name}", "wb") as f:
        f.write(b"\x01" + text.encode())
