#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Word and Excel editions of real notices, made here with zipfile alone,
read by oblix and compared with the text and page editions.

    tests/office.py OBLIX SRCDIR [--seeds DIR]

- the bundled notice as a .docx of running text, its 一、 and （一） drawn
  by Word's numbering (numbering.xml) and its bold titles as bold runs:
  its facts must score as the text edition's do;
- the task tables of tests/pages as .docx tables (a group row merged
  across the columns by gridSpan, a cell's paragraphs) and as .xlsx sheets
  (shared strings, a merged range): the facts of the page;
- a lead cell merged down two rows (vMerge, and a merged range in Excel)
  applies to both rows;
- the bundled notice as an OFD document (text objects placed by DeltaX):
  its facts must score as the text edition's do;
- the bundled notice printed to PDF by Chromium (where it is installed):
  its facts must score as the text edition's do;
- broken, encrypted, oversized and foreign zips, a PDF without a text
  layer and a damaged PDF: a one-line error, exit 1.
Exits 0 when all hold, 1 otherwise, 77 when facts-score is missing.
"""
import html.parser
import os
import shutil
import re
import subprocess
import sys
import tempfile
import zipfile

OBLIX, SRC = sys.argv[1], sys.argv[2]
SCORE = os.path.join(SRC, 'scripts', 'facts-score')
failures = []

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>%s</Types>')


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def run(text, bold=False):
    rpr = '<w:rPr><w:b/></w:rPr>' if bold else ''
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(runs, num=None):
    ppr = ''
    if num:
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
    return f'<w:p>{ppr}{runs}</w:p>'


NUMBERING = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
             '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def docx(path, body, numbering=True, core=None, company=None):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        if core is not None:
            z.writestr('docProps/core.xml', '<?xml version="1.0" encoding="UTF-8"?>'
                       '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
                       '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/'
                       '1.1/" xmlns:dcterms="http://purl.org/dc/terms/">' + ''.join(
                           f'<{k}>{esc(v)}</{k}>' for k, v in core.items()) +
                       '</cp:coreProperties>')
        if company is not None:
            z.writestr('docProps/app.xml', '<?xml version="1.0" encoding="UTF-8"?><Properties '
                       'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                       f'extended-properties"><Company>{esc(company)}</Company></Properties>')
        z.writestr('[Content_Types].xml', CT % (
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/numbering.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'))
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>')
        z.writestr('word/document.xml', f'<?xml version="1.0" encoding="UTF-8"?>'
                   f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        if numbering:
            z.writestr('word/numbering.xml', NUMBERING)
            z.writestr('word/_rels/document.xml.rels', '<?xml version="1.0" encoding="UTF-8"?>'
                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="rId1" Type="http://schemas.'
                       'openxmlformats.org/officeDocument/2006/relationships/numbering" '
                       'Target="numbering.xml"/></Relationships>')


def text_docx(src, path):
    """Running text: 一、 and （一） by Word's numbering, the （一） title bold;
    a new 一、 restarts the （一） list (a list of its own, numId 2 or 3)."""
    body, sub = [], 2
    for line in open(src, encoding='utf-8').read().split('\n'):
        line = line.strip().replace('**', '')
        if not line:
            continue
        m = re.match(r'^([一二三四五六七八九十]+)、(.*)$', line)
        if m:
            body.append(para(run(m.group(2)), 1))
            sub = 3 if sub == 2 else 2
            continue
        m = re.match(r'^[（(]([一二三四五六七八九十]+)[）)](.*?。)(.*)$', line)
        if m:
            body.append(para(run(m.group(2), True) + run(m.group(3)), sub))
            continue
        body.append(para(run(line)))
    docx(path, ''.join(body))


def text_ofd(src, path):
    """Running text as an OFD document (GB/T 33190), set as official
    documents are: A4, 4.2 mm characters, 36 a line, paragraphs indented
    by two, one text object a line, its characters placed by DeltaX."""
    size, left, width, top, step, per_page = 4.2, 28.0, 36, 37.0, 7.5, 30
    lines = []
    for para_ in open(src, encoding='utf-8').read().split('\n'):
        para_ = para_.strip().replace('**', '')
        if not para_:
            continue
        first, rest = True, para_
        while rest:
            n = width - 2 if first else width
            lines.append((2 if first else 0, rest[:n]))
            rest, first = rest[n:], False
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('OFD.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd='
                   '"http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody>'
                   '<ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo>'
                   '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        z.writestr('Doc_0/Document.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:Document '
                   'xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea>'
                   '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                   '</ofd:CommonData><ofd:Pages>' + ''.join(
                       f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                       for i in range(len(pages))) + '</ofd:Pages></ofd:Document>')
        oid = 100
        for i, pl in enumerate(pages):
            objs = []
            for j, (indent, t) in enumerate(pl):
                oid += 1
                x = left + indent * size
                y = top + j * step
                objs.append(f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {y:.2f} '
                            f'{len(t) * size:.2f} {size + 1:.2f}" Font="1" Size="{size}">'
                            f'<ofd:TextCode X="0" Y="{size}" DeltaX="g {max(len(t) - 1, 1)} '
                            f'{size}">{esc(t)}</ofd:TextCode></ofd:TextObject>')
            z.writestr(f'Doc_0/Pages/Page_{i}/Content.xml', '<?xml version="1.0" '
                       'encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">'
                       '<ofd:Content><ofd:Layer ID="1">' + ''.join(objs) +
                       '</ofd:Layer></ofd:Content></ofd:Page>')


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def odf(path, kind, body, meta=None):
    """An OpenDocument file: its mimetype first and stored, as the format
    asks, then content.xml (a bold automatic style T1), and meta.xml."""
    mime = 'application/vnd.oasis.opendocument.' + kind
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        if meta is not None:
            z.writestr('meta.xml', '<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
                       'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                       'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
                       'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>' + ''.join(
                           f'<{k}>{esc(v)}</{k}>' for k, v in meta.items()) +
                       '</office:meta></office:document-meta>')
        z.writestr(zipfile.ZipInfo('mimetype'), mime, compress_type=zipfile.ZIP_STORED)
        z.writestr('content.xml', f'<?xml version="1.0" encoding="UTF-8"?><office:document-'
                   f'content {ODF_NS}><office:automatic-styles><style:style style:name="T1" '
                   'style:family="text"><style:text-properties fo:font-weight="bold"/>'
                   f'</style:style></office:automatic-styles><office:body><office:{kind}>'
                   f'{body}</office:{kind}></office:body></office:document-content>')


def text_odt(src, path):
    """Running text: one text:p a line, the (一) titles in a bold span."""
    body = []
    for line in open(src, encoding='utf-8').read().split('\n'):
        line = line.strip().replace('**', '')
        if not line:
            continue
        m = re.match(r'^([（(][一二三四五六七八九十]+[）)])(.*?。)(.*)$', line)
        if m:
            body.append(f'<text:p>{esc(m.group(1))}<text:span text:style-name="T1">'
                        f'{esc(m.group(2))}</text:span>{esc(m.group(3))}</text:p>')
        else:
            body.append(f'<text:p>{esc(line)}</text:p>')
    odf(path, 'text', ''.join(body))


def table_ods(page, path):
    """The page's paragraphs and tables as one sheet, spans as OpenDocument
    spans (a covered cell under each)."""
    p = Tables()
    p.feed(open(page, encoding='utf-8').read())
    rows = []
    for kind, v in p.out:
        if kind == 'p':
            rows.append(f'<table:table-row><table:table-cell office:value-type="string">'
                        f'<text:p>{esc(v)}</text:p></table:table-cell></table:table-row>')
            continue
        covered = {}
        for r, row in enumerate(v):
            cells, col = [], 0
            for c in row:
                while covered.get((r, col)):
                    cells.append('<table:covered-table-cell/>')
                    col += 1
                a = ''
                if c['colspan'] > 1:
                    a += f' table:number-columns-spanned="{c["colspan"]}"'
                if c['rowspan'] > 1:
                    a += f' table:number-rows-spanned="{c["rowspan"]}"'
                ps = ''.join(f'<text:p>{esc(t)}</text:p>' for t in c['paras'])
                cells.append(f'<table:table-cell{a}>{ps}</table:table-cell>')
                for dr in range(c['rowspan']):
                    for dc in range(c['colspan']):
                        if dr or dc:
                            covered[(r + dr, col + dc)] = True
                col += 1
                for dc in range(1, c['colspan']):
                    cells.append('<table:covered-table-cell/>')
                    col += 1
            while covered.get((r, col)):
                cells.append('<table:covered-table-cell/>')
                col += 1
            rows.append('<table:table-row>' + ''.join(cells) + '</table:table-row>')
    odf(path, 'spreadsheet', '<table:table table:name="Sheet1">' + ''.join(rows) +
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row></table:table>')


class Tables(html.parser.HTMLParser):
    """The paragraphs and tables of a page: (kind, value) in order."""

    def __init__(self):
        super().__init__()
        self.out, self.row, self.cell, self.text, self.depth = [], None, None, [], 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ('div',) and a.get('class') in ('nav', 'footer'):
            self.skip += 1
        if tag == 'table':
            self.out.append(('table', []))
        elif tag == 'tr':
            self.row = []
        elif tag in ('td', 'th'):
            self.cell = {'paras': [], 'colspan': int(a.get('colspan', 1)),
                         'rowspan': int(a.get('rowspan', 1))}
        elif tag in ('p', 'h1', 'h2', 'h3'):
            self.text = []
        elif tag == 'b':
            self.text.append('\0b')

    def handle_endtag(self, tag):
        if tag == 'div' and self.skip:
            self.skip -= 1
        elif tag in ('p', 'h1', 'h2', 'h3'):
            t = ''.join(self.text).replace('\0b', '').strip()
            if self.cell is not None:
                self.cell['paras'].append(t)
            elif t and not self.skip:
                self.out.append(('p', t))
            self.text = []
        elif tag in ('td', 'th'):
            if not self.cell['paras'] and self.text:
                self.cell['paras'].append(''.join(self.text).replace('\0b', '').strip())
            self.row.append(self.cell)
            self.cell, self.text = None, []
        elif tag == 'tr':
            self.out[-1][1].append(self.row)

    def handle_data(self, d):
        if not self.skip:
            self.text.append(d)


def table_docx(page, path):
    p = Tables()
    p.feed(open(page, encoding='utf-8').read())
    body = []
    for kind, v in p.out:
        if kind == 'p':
            body.append(para(run(v)))
            continue
        rows = []
        pending = {}  # column -> rows still merged down
        for row in v:
            cells, col = [], 0
            for c in row:
                while pending.get(col):
                    cells.append('<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>')
                    pending[col] -= 1
                    col += 1
                pr = ''
                if c['colspan'] > 1:
                    pr += f'<w:gridSpan w:val="{c["colspan"]}"/>'
                if c['rowspan'] > 1:
                    pr += '<w:vMerge w:val="restart"/>'
                    pending[col] = c['rowspan'] - 1
                ps = ''.join(para(run(t)) for t in c['paras']) or '<w:p/>'
                cells.append(f'<w:tc><w:tcPr>{pr}</w:tcPr>{ps}</w:tc>')
                col += c['colspan']
            while pending.get(col):
                cells.append('<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>')
                pending[col] -= 1
                col += 1
            rows.append('<w:tr>' + ''.join(cells) + '</w:tr>')
        body.append('<w:tbl>' + ''.join(rows) + '</w:tbl>')
    docx(path, ''.join(body), numbering=False)


def bundled_table(src, path):
    """The bundled notice as a task-division table, as a new user would
    put it on a page: the title in an <h1>, a header 序号 / 重点任务 / 牵头单位
    / 配合单位 / 责任单位, a row across the columns for each 一、 group, and
    for each task its text and the bodies of its closing bracket by role."""
    lines = [l.strip().replace('**', '') for l in open(src, encoding='utf-8').read().split('\n')]
    units, cur = [], None
    for l in lines:
        if not l:
            continue
        m = re.match(r'^([一二三四五六七八九十]+)、(.*)$', l)
        if m:
            units.append(('group', l))
            cur = None
            continue
        m = re.match(r'^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$', l)
        if m:
            cur = ['item', m.group(2)]
            units.append(cur)
            continue
        if cur is not None:
            cur[1] += l  # a line the item runs on to
    rows, no = [], 0
    for u in units:
        if u[0] == 'group':
            rows.append(f'<tr><td colspan="5">{esc(u[1])}</td></tr>')
            continue
        body = u[1]
        m = re.search(r'[（(]([^（）()]*(?:牵头|负责|配合)[^（）()]*)[）)]。?$', body)
        lead = coop = resp = ''
        if m:
            body = body[:m.start()]
            for part in re.split('[，,；;]', m.group(1)):
                if part.endswith('牵头'):
                    lead = part[:-2]
                elif part.endswith('配合'):
                    coop = part[:-2]
                else:
                    resp += ('、' if resp else '') + re.sub('(按职责分工)?负责$', '', part)
        no += 1
        rows.append(f'<tr><td>{no}</td><td>{esc(body)}</td><td>{esc(lead)}</td>'
                    f'<td>{esc(coop)}</td><td>{esc(resp)}</td></tr>')
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write('<html><head><meta charset="utf-8"></head><body>\n'
                 '<h1>2021年广东省推进政府职能转变和“放管服”改革重点工作安排</h1>\n'
                 '<table border="1">\n<tr><td>序号</td><td>重点任务</td><td>牵头单位</td>'
                 '<td>配合单位</td><td>责任单位</td></tr>\n' + '\n'.join(rows) +
                 '\n</table>\n</body></html>\n')
    return no


def records(path):
    """Per item, in order: its agencies, times and targets."""
    p = subprocess.run([OBLIX, 'extract', '--format=facts', path], capture_output=True, text=True)
    out, inside = [], False
    for l in p.stdout.splitlines():
        f = l.split('\t')
        if f[0] == 'item':
            out.append([])
            inside = True
        elif f[0] in ('section', 'closing'):
            inside = False  # what follows is no item's
        elif inside and f[0] in ('agency', 'time', 'target'):
            out[-1].append('\t'.join(f[:3]))
    return [sorted(set(x)) for x in out]


def col_name(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def table_xlsx(page, path):
    """The page's paragraphs as one-cell rows, its tables' rows below,
    merged ranges for colspan and rowspan, text in shared strings."""
    p = Tables()
    p.feed(open(page, encoding='utf-8').read())
    strings, rows, merges = [], [], []

    def sid(t):
        strings.append(t)
        return len(strings) - 1
    r = 0
    for kind, v in p.out:
        if kind == 'p':
            rows.append((r, [(0, sid(v))]))
            r += 1
            continue
        taken = {}
        for row in v:
            cells, col = [], 0
            for c in row:
                while (r, col) in taken:
                    col += 1
                cells.append((col, sid('\n'.join(c['paras']))))
                if c['colspan'] > 1 or c['rowspan'] > 1:
                    merges.append(f'{col_name(col)}{r + 1}:'
                                  f'{col_name(col + c["colspan"] - 1)}{r + c["rowspan"]}')
                for dr in range(c['rowspan']):
                    for dc in range(c['colspan']):
                        taken[(r + dr, col + dc)] = True
                col += c['colspan']
            rows.append((r, cells))
            r += 1
    sheet = ''.join(
        f'<row r="{rr + 1}">' + ''.join(
            f'<c r="{col_name(c)}{rr + 1}" t="s"><v>{s}</v></c>' for c, s in cells) + '</row>'
        for rr, cells in rows)
    mc = ''.join(f'<mergeCell ref="{m}"/>' for m in merges)
    mc = f'<mergeCells count="{len(merges)}">{mc}</mergeCells>' if merges else ''
    S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT % '')
        z.writestr('xl/workbook.xml', f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets>'
                   '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr('xl/sharedStrings.xml', f'<sst xmlns="{S}">' + ''.join(
            f'<si><t xml:space="preserve">{esc(s)}</t></si>' for s in strings) + '</sst>')
        z.writestr('xl/worksheets/sheet1.xml',
                   f'<worksheet xmlns="{S}"><sheetData>{sheet}</sheetData>{mc}</worksheet>')


def empty_pdf():
    """A valid PDF of one page with nothing on it: no text layer."""
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']
    pdf, offs = b'%PDF-1.4\n', []
    for i, o in enumerate(objs):
        offs.append(len(pdf))
        pdf += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
    x = len(pdf)
    pdf += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    pdf += b''.join(b'%010d 00000 n \n' % o for o in offs)
    pdf += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, x)
    return pdf


def score(notice, facts):
    p = subprocess.run([sys.executable, SCORE, '--oblix', OBLIX, f'{notice}={facts}'],
                       capture_output=True, text=True)
    m = re.search(r'mean F1 ([0-9.]+)', p.stdout)
    return float(m.group(1)) if m else 0.0, p.stdout


def expect(name, ok, detail=''):
    print(('ok    ' if ok else 'FAIL  ') + name)
    if not ok:
        failures.append(name)
        if detail:
            print(detail)


def seeds(out):
    """The files of the tests, into out: seeds for the fuzz target."""
    os.makedirs(out, exist_ok=True)
    text_docx(os.path.join(SRC, 'corpus', 'gd-2021-fangguanfu.txt'),
              os.path.join(out, 'gd.docx'))
    text_ofd(os.path.join(SRC, 'corpus', 'gd-2021-fangguanfu.txt'),
             os.path.join(out, 'gd.ofd'))
    text_odt(os.path.join(SRC, 'corpus', 'gd-2021-fangguanfu.txt'),
             os.path.join(out, 'gd.odt'))
    for stem in ('task-table', 'task-table-groups'):
        page = os.path.join(SRC, 'tests', 'pages', stem + '.html')
        table_docx(page, os.path.join(out, stem + '.docx'))
        table_xlsx(page, os.path.join(out, stem + '.xlsx'))
    # PDFs: an empty page, and the pages Chromium prints where it can
    pdfs = os.path.join(os.path.dirname(out.rstrip('/')), 'pdf')
    os.makedirs(pdfs, exist_ok=True)
    with open(os.path.join(pdfs, 'empty.pdf'), 'wb') as fh:
        fh.write(empty_pdf())
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    for stem in ('task-table', 'task-table-groups') if chromium else ():
        subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu',
                        '--no-pdf-header-footer', '--print-to-pdf=' +
                        os.path.join(pdfs, stem + '.pdf'),
                        os.path.join(SRC, 'tests', 'pages', stem + '.html')],
                       capture_output=True, timeout=120)
    return 0


def main():
    if len(sys.argv) > 4 and sys.argv[3] == '--seeds':
        return seeds(sys.argv[4])
    if not os.path.exists(SCORE):
        return 77
    tmp = tempfile.mkdtemp(prefix='oblix-office-')
    # the bundled notice as running text in Word
    txt = os.path.join(SRC, 'corpus', 'gd-2021-fangguanfu.txt')
    facts = os.path.join(SRC, 'corpus', 'gd-2021-fangguanfu.facts')
    d = os.path.join(tmp, 'gd-2021-fangguanfu.docx')
    text_docx(txt, d)
    want, _ = score(txt, facts)
    got, out = score(d, facts)
    expect(f'docx running text: F1 {got:.3f}, the text {want:.3f}', got >= want - 0.02, out)
    n = subprocess.run([OBLIX, 'extract', '--format=facts', d], capture_output=True, text=True)
    items = sum(1 for l in n.stdout.splitlines() if l.startswith('item\t'))
    expect(f'docx running text: {items} items of 40', items == 40)
    # the task tables, in Word and in Excel
    for stem in ('task-table', 'task-table-groups'):
        page = os.path.join(SRC, 'tests', 'pages', stem + '.html')
        ff = os.path.join(SRC, 'tests', 'pages', stem + '.facts')
        want, _ = score(page, ff)
        for ext, make in (('docx', table_docx), ('xlsx', table_xlsx)):
            f = os.path.join(tmp, f'{stem}.{ext}')
            make(page, f)
            got, out = score(f, ff)
            expect(f'{stem}.{ext}: F1 {got:.3f}, the page {want:.3f}', got >= want - 0.1, out)
        # printed to PDF: a row's number set in the middle of its height,
        # a cell of two paragraphs
        chromium = shutil.which('chromium') or shutil.which('chromium-browser')
        if chromium:
            f = os.path.join(tmp, f'{stem}.pdf')
            subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu',
                            '--no-pdf-header-footer', '--print-to-pdf=' + f, page],
                           capture_output=True, timeout=120)
            got, out = score(f, ff)
            expect(f'{stem}.pdf: F1 {got:.3f}, the page {want:.3f}', got >= want - 0.1, out)
    # the bundled notice as an OpenDocument text
    o = os.path.join(tmp, 'gd-2021-fangguanfu.odt')
    text_odt(txt, o)
    want, _ = score(txt, facts)
    got, out = score(o, facts)
    expect(f'odt running text: F1 {got:.3f}, the text {want:.3f}', got >= want - 0.02, out)
    # the bundled notice as an OFD document
    o = os.path.join(tmp, 'gd-2021-fangguanfu.ofd')
    text_ofd(txt, o)
    want, _ = score(txt, facts)
    got, out = score(o, facts)
    expect(f'ofd running text: F1 {got:.3f}, the text {want:.3f}', got >= want - 0.02, out)
    # the bundled notice as a task table: a page, and the page as Word,
    # Excel and (where Chromium prints it) PDF, item by item as the page
    page = os.path.join(tmp, 'gd-table.html')
    rows = bundled_table(txt, page)
    want = records(page)
    text = records(txt)
    same = sum(1 for a, b in zip(want, text) if a == b)
    expect(f'the bundled notice as a table page: {len(want)} items of {rows}, {same} '
           'with the agencies, times and targets of the text', len(want) == rows == 40 and
           same == 40)
    x = subprocess.run([OBLIX, 'extract', os.path.join(tmp, 'task-table.xlsx')],
                       capture_output=True, text=True).stdout
    expect('xlsx items name their sheet',
           len(re.findall(r'<item [^>]*sheet="Sheet1"', x)) == 3, x[:300])
    editions = [('docx', table_docx), ('xlsx', table_xlsx), ('ods', table_ods)]
    for ext, make in editions:
        f = os.path.join(tmp, 'gd-table.' + ext)
        make(page, f)
        got = records(f)
        same = sum(1 for a, b in zip(got, want) if a == b)
        expect(f'the bundled table as .{ext}: {len(got)} items, {same} as the page\'s',
               len(got) == 40 and same == 40)
        # each item and agency says where it stands: the row of a Word
        # table, the cell of a sheet (the item's in the task's column,
        # an agency's in its own, on the item's row)
        x = subprocess.run([OBLIX, 'extract', f], capture_output=True, text=True).stdout
        key = 'row' if ext == 'docx' else 'cell'
        at = re.findall(r'<item [^>]*\b%s="([^"]+)"' % key, x)
        rows = [int(re.sub('^[A-Z]+', '', a)) for a in at]
        ok = len(at) == 40 and rows == sorted(set(rows))
        if key == 'cell':
            ag = re.findall(r'<agency [^>]*\bcell="([A-Z]+)(\d+)"', x)
            ok = ok and len({a[0] for a in at} | {c for c, _ in ag}) > 1 and \
                {int(r) for _, r in ag} <= set(rows)
        expect(f'.{ext} items and agencies name their {key}: {at[:2]}…', ok, x[:400])
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if chromium:
        # the table printed to PDF: the columns from where the characters
        # stand, rows from the gaps between them, a row a page break cuts
        pdf = os.path.join(tmp, 'gd-table.pdf')
        subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu',
                        '--no-pdf-header-footer', '--print-to-pdf=' + pdf, page],
                       capture_output=True, timeout=120)
        if os.path.exists(pdf):
            got = records(pdf)
            same = sum(1 for a, b in zip(got, want) if a == b)
            expect(f'the bundled table as .pdf: {len(got)} items, {same} as the page\'s',
                   len(got) == 40 and same == 40)
    # a file's properties: the title, the body that made it and its date
    # where the text names none (basis="properties"), never over the text
    plan = ('<w:p><w:r><w:t>一、推行企业开办一网通办。（市市场监管局牵头）</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>二、推进证照分离改革，6月底前完成。（市政务服务数据管理局牵头）'
            '</w:t></w:r></w:p>')
    signed = plan + ('<w:p><w:r><w:t>某市人民政府办公室</w:t></w:r></w:p>'
                     '<w:p><w:r><w:t>2023年2月1日</w:t></w:r></w:p>')
    core = {'dc:title': '某市2023年优化营商环境重点任务分工方案', 'dc:creator': '张三',
            'dcterms:modified': '2023-03-05T08:00:00Z', 'dcterms:created': '2019-01-01T00:00:00Z'}
    cases = [('props.docx', lambda f: docx(f, plan, False, core, '某市发展和改革委员会'),
              ['<title sourcepos', '某市2023年优化营商环境重点任务分工方案',
               '<issuer basis="properties"', '>某市发展和改革委员会</issuer>',
               '<issued basis="properties"', '>2023-03-05</issued>', 'basis="title">2023']),
             ('signed.docx', lambda f: docx(f, signed, False, core, '某市发展和改革委员会'),
              ['>某市人民政府办公室</issuer>', '>2023-02-01</issued>', '!basis="properties"']),
             ('person.docx', lambda f: docx(f, plan, False, {'dc:creator': 'Administrator'},
                                            'Microsoft'), ['!<issuer', '!<issued']),
             ('props.odt', lambda f: odf(f, 'text', '<text:p>一、推行企业开办一网通办。'
                                         '（市市场监管局牵头）</text:p>',
                                         {'meta:initial-creator': '李四',
                                          'dc:creator': '某县人民政府办公室',
                                          'dc:date': '2022-11-20T10:00:00'}),
              ['<issuer basis="properties"', '>某县人民政府办公室</issuer>',
               '>2022-11-20</issued>', '!<year'])]
    for name, make, want in cases:
        f = os.path.join(tmp, name)
        make(f)
        x = subprocess.run([OBLIX, 'extract', f], capture_output=True, text=True)
        bad = [w for w in want if (w[1:] in x.stdout) if w.startswith('!')] + \
              [w for w in want if not w.startswith('!') and w not in x.stdout]
        expect(f'{name}: its properties where the text is silent', x.returncode == 0 and
               not bad, f'{bad}\n{x.stdout[:900]}{x.stderr}')
    # a lead cell merged down two rows applies to both
    page = os.path.join(tmp, 'merged.html')
    with open(page, 'w', encoding='utf-8') as fh:
        fh.write('<html><body><p>某市2023年重点任务分工方案</p><table>'
                 '<tr><td><p>序号</p></td><td><p>重点任务</p></td><td><p>牵头单位</p></td>'
                 '<td><p>完成时限</p></td></tr>'
                 '<tr><td><p>1</p></td><td><p>推行企业开办一网通办。</p></td>'
                 '<td rowspan="2"><p>市市场监管局</p></td><td><p>2023年6月底前</p></td></tr>'
                 '<tr><td><p>2</p></td><td><p>推进证照分离改革。</p></td>'
                 '<td><p>2023年9月底前</p></td></tr></table></body></html>')
    for ext, make in (('docx', table_docx), ('xlsx', table_xlsx)):
        f = os.path.join(tmp, 'merged.' + ext)
        make(page, f)
        n = subprocess.run([OBLIX, 'extract', '--format=facts', f], capture_output=True, text=True)
        leads = [l for l in n.stdout.splitlines() if l == 'agency\tlead\t市市场监管局']
        expect(f'merged.{ext}: the merged lead on both rows ({len(leads)})', len(leads) == 2,
               n.stdout + n.stderr)
    # the bundled notice as a PDF, printed by Chromium where it is installed:
    # set as official documents are (paragraphs open indented, no bold),
    # and as a web page prints (paragraphs apart, titles bold)
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if chromium:
        lines = [l for l in open(txt, encoding='utf-8').read().split('\n') if l.strip()]
        styles = (('indented', 'p{margin:0.3em 0;text-indent:2em}',
                   ''.join('<p>%s</p>\n' % esc(l.replace('**', '')) for l in lines)),
                  ('block', 'p{margin:0.6em 0} h3{font-size:14pt}',
                   ''.join(('<h3>%s</h3>\n' if l.startswith('#') else '<p>%s</p>\n') %
                           re.sub(r'\*\*(.+?)\*\*', r'<b>\1</b>', esc(l.lstrip('# ')))
                           for l in lines)))
        for name, css, body in styles:
            page = os.path.join(tmp, f'gd-{name}.html')
            with open(page, 'w', encoding='utf-8') as fh:
                fh.write('<html><head><meta charset="utf-8"><style>body{font-family:"Noto '
                         'Serif CJK SC",serif;font-size:14pt} ' + css + '</style>'
                         '</head><body>' + body + '</body></html>')
            pdf = os.path.join(tmp, f'gd-{name}.pdf')
            subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu',
                            '--no-pdf-header-footer', '--print-to-pdf=' + pdf, page],
                           capture_output=True, timeout=120)
            if not os.path.exists(pdf):
                continue
            want, _ = score(txt, facts)
            got, out = score(pdf, facts)
            expect(f'pdf running text, {name}: F1 {got:.3f}, the text {want:.3f}',
                   got >= want - 0.02, out)
            # each item says the page it starts on, in the order of pages
            x = subprocess.run([OBLIX, 'extract', pdf], capture_output=True, text=True).stdout
            pages = [int(p) for p in re.findall(r'<item [^>]*page="(\d+)"', x)]
            expect(f'pdf items, {name}, on pages {pages[:1]}…{pages[-1:]}', len(pages) == 40 and
                   pages == sorted(pages) and pages[-1] > 3)
    else:
        print('skip  pdf running text: no chromium to print it')
    # an old Word file through the converter: a stand-in for LibreOffice
    # that writes the Word edition where soffice would
    fake = os.path.join(tmp, 'soffice')
    with open(fake, 'w') as fh:
        fh.write('#!/bin/sh\n# --convert-to docx --outdir DIR IN\nwhile [ $# -gt 1 ]; do\n'
                 '  [ "$1" = --outdir ] && out=$2\n  shift\ndone\n'
                 f'case "$1" in *.doc) cp "{d}" "$out/in.docx";; *) exit 1;; esac\n')
    os.chmod(fake, 0o755)
    legacy = os.path.join(tmp, 'old.doc')
    with open(legacy, 'wb') as fh:
        fh.write(b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 504 + 'WordDocument'.encode('utf-16-le'))
    env = dict(os.environ, OBLIX_SOFFICE=fake)
    n = subprocess.run([OBLIX, 'extract', legacy], capture_output=True, text=True, env=env)
    items = n.stdout.count('<item ')
    expect(f'old.doc through the converter: {items} items, container doc',
           n.returncode == 0 and items == 40 and '<container>doc</container>' in n.stdout,
           n.stderr)
    left = [f for f in os.listdir(os.environ.get('TMPDIR', '/tmp')) if f.startswith('oblix-convert-')]
    env['OBLIX_SOFFICE'] = '/bin/false'
    n = subprocess.run([OBLIX, 'extract', legacy], capture_output=True, text=True, env=env)
    expect(f'old.doc, the converter failing: exit {n.returncode}, "{n.stderr.strip()}"',
           n.returncode == 1 and len(n.stderr.strip().splitlines()) == 1 and not n.stdout)
    env['OBLIX_SOFFICE'] = os.path.join(tmp, 'none')
    n = subprocess.run([OBLIX, 'extract', legacy], capture_output=True, text=True, env=env)
    expect(f'old.doc, no converter: exit {n.returncode}, "{n.stderr.strip()}"',
           n.returncode == 1 and 'soffice --headless --convert-to docx' in n.stderr)
    after = [f for f in os.listdir(os.environ.get('TMPDIR', '/tmp')) if f.startswith('oblix-convert-')]
    expect('the conversions leave no directory behind', sorted(after) == sorted(left))
    # a real .doc, where LibreOffice is installed: the Word edition saved
    # as .doc by LibreOffice, read back through it
    soffice = shutil.which('soffice')
    if soffice:
        outdir = os.path.join(tmp, 'lo')
        os.makedirs(outdir, exist_ok=True)
        subprocess.run([soffice, '--headless', '--norestore',
                        f'-env:UserInstallation=file://{outdir}/profile', '--convert-to', 'doc',
                        '--outdir', outdir, d], capture_output=True, timeout=180)
        real = os.path.join(outdir, 'gd-2021-fangguanfu.doc')
        if os.path.exists(real):
            n = subprocess.run([OBLIX, 'extract', real], capture_output=True, text=True,
                               env=dict(os.environ, OBLIX_SOFFICE=soffice))
            items = n.stdout.count('<item ')
            expect(f'a .doc LibreOffice saved, read through LibreOffice: {items} items',
                   n.returncode == 0 and items == 40, n.stderr)
    else:
        print('skip  a real .doc: no LibreOffice')
    # bad containers: one line, exit 1
    bad = {}
    bad['broken.docx'] = open(d, 'rb').read()[:300]
    foreign = os.path.join(tmp, 'foreign.zip')
    with zipfile.ZipFile(foreign, 'w') as z:
        z.writestr('readme.txt', 'hello')
    bad['foreign.zip'] = open(foreign, 'rb').read()
    bomb = os.path.join(tmp, 'bomb.docx')
    with zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('word/document.xml', '<a>' + ' ' * (8 << 20) + '</a>')
    bad['bomb.docx'] = open(bomb, 'rb').read()
    enc = bytearray(open(d, 'rb').read())
    # the general-purpose flag of every entry says: encrypted
    for m in re.finditer(rb'PK\x03\x04|PK\x01\x02', bytes(enc)):
        at = m.start() + (6 if enc[m.start() + 2] == 3 else 8)
        enc[at] |= 1
    bad['encrypted.docx'] = bytes(enc)
    # a PDF without a text layer (a page with nothing on it, as a scan has
    # no text), and a damaged one
    bad['scan.pdf'] = empty_pdf()
    bad['damaged.pdf'] = b'%PDF-1.4\n' + b'\x00garbage' * 20
    for name, data in bad.items():
        f = os.path.join(tmp, name)
        with open(f, 'wb') as fh:
            fh.write(data)
        p = subprocess.run([OBLIX, 'extract', '--max-size=4M', f], capture_output=True, text=True)
        lines = p.stderr.strip().splitlines()
        expect(f'{name}: exit {p.returncode}, "{lines[0] if lines else ""}"',
               p.returncode == 1 and len(lines) == 1 and not p.stdout)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
