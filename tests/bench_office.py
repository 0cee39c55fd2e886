#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmark: a 1,000-row workbook and PDFs of 50 to 100 pages, each
converted by oblix extract on one core. The workbook's target is a
second. A PDF as offices make them (saved by LibreOffice, where it is
installed): a second for 100 pages. A PDF printed by Chromium (where it
is installed), which carries its fonts on every page: a second for 100
pages, or, where poppler-utils is installed, one and a half times
pdftotext's time on it (poppler reads the text layer for both, and does
nine tenths of the work).

    tests/bench_office.py OBLIX SRCDIR
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile

OBLIX, SRC = sys.argv[1], sys.argv[2]
sys.argv = [sys.argv[0], OBLIX, SRC]
exec(open(os.path.join(SRC, 'tests', 'office.py'), encoding='utf-8').read().split('def main():')[0])


def cpu(cmd):
    """Median CPU seconds (user + system) of three runs of cmd."""
    times = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return sorted(times)[1]


def main():
    tmp = tempfile.mkdtemp(prefix='oblix-bench-')
    rows = ''.join(f'<tr><td>{i}</td><td>推进第{i}项改革任务，年底前完成不少于{i}项事项办理。</td>'
                   f'<td>省发展改革委</td><td>省财政厅、省商务厅</td><td>2023年6月底前</td></tr>\n'
                   for i in range(1, 1001))
    page = os.path.join(tmp, 'rows.html')
    with open(page, 'w', encoding='utf-8') as fh:
        fh.write('<html><head><meta charset="utf-8"></head><body><h1>2023年某省重点任务分工方案</h1>'
                 '<table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td>'
                 f'<td>完成时限</td></tr>\n{rows}</table></body></html>')
    bad = False
    xlsx = os.path.join(tmp, 'rows.xlsx')
    table_xlsx(page, xlsx)
    t = cpu([OBLIX, 'extract', '-o', os.path.join(tmp, 'x.xml'), xlsx])
    print(f'1,000-row workbook   {t:.2f} s CPU (target 1 s)')
    bad |= t >= 1
    text = open(os.path.join(SRC, 'corpus', 'gd-2021-fangguanfu.txt'), encoding='utf-8').read()
    body = ''.join(f'<p>{esc(l)}</p>' for l in text.split('\n') if l.strip())
    soffice = shutil.which('soffice')
    if soffice:
        # saved by an office suite: the notice 17 times over, some 100 pages
        lo = os.path.join(tmp, 'lo')
        os.makedirs(lo)
        with open(os.path.join(lo, 'office.html'), 'w', encoding='utf-8') as fh:
            fh.write('<html><head><meta charset="utf-8"><style>p{text-indent:2em}</style>'
                     '</head><body>' + body * 17 + '</body></html>')
        env = dict(os.environ, HOME=lo)
        for to, src in (('odt', 'office.html'), ('pdf', 'office.odt')):
            subprocess.run([soffice, '--headless', '--convert-to', to, '--outdir', lo,
                            os.path.join(lo, src)], capture_output=True, timeout=600, env=env)
        pdf = os.path.join(lo, 'office.pdf')
        if os.path.exists(pdf):
            pages = subprocess.run([OBLIX, 'segment', '--text', pdf], capture_output=True,
                                   text=True).stdout.count('<!-- page ')
            t = cpu([OBLIX, 'extract', '-o', os.path.join(tmp, 'o.xml'), pdf])
            print(f'{pages}-page office PDF  {t:.2f} s CPU (target {pages / 100:.2f} s)')
            bad |= t >= pages / 100
    else:
        print('office PDF           skipped: no soffice to save it')
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if not chromium:
        print('Chromium PDF         skipped: no chromium to print it')
        return 1 if bad else 0
    long = os.path.join(tmp, 'long.html')
    with open(long, 'w', encoding='utf-8') as fh:
        fh.write('<html><head><meta charset="utf-8"><style>p{text-indent:2em}</style></head>'
                 '<body>' + body * 9 + '</body></html>')
    pdf = os.path.join(tmp, 'long.pdf')
    subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu',
                    '--no-pdf-header-footer', '--print-to-pdf=' + pdf, long],
                   capture_output=True, timeout=300)
    pages = subprocess.run([OBLIX, 'segment', '--text', pdf], capture_output=True,
                           text=True).stdout.count('<!-- page ')
    t = cpu([OBLIX, 'extract', '-o', os.path.join(tmp, 'p.xml'), pdf])
    # poppler reads the text layer for both: where pdftotext is there,
    # oblix is held to its time (and half again for the layout and the
    # rules); else to a second for 100 pages
    target = pages / 100
    line = f'{pages}-page Chromium PDF {t:.2f} s CPU'
    if shutil.which('pdftotext'):
        ref = cpu(['pdftotext', pdf, os.path.join(tmp, 'p.txt')])
        target = max(target, 1.5 * ref)
        line += f'; pdftotext {ref:.2f} s'
    print(f'{line} (target {target:.2f} s)')
    bad |= t >= target
    shutil.rmtree(tmp)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
