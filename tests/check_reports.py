#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The diff and history pages in a real browser.

Headless Chromium, driven over the DevTools protocol (--remote-debugging-pipe,
so no port and no third-party module), loads each page and checks that
  - the Chinese text is drawn with a CJK font: CSS.getPlatformFontsForNode
    on elements holding Chinese must name a CJK face, and the glyphs drawn
    by any other face may not outnumber the element's ASCII characters (a
    page without a CJK font draws boxes from a fallback face and fails);
  - every number of the summary in words equals the XML document's;
  - the filters (diff) and the sort button (history), shown by the script,
    work;
and keeps a screenshot of each page next to the test's build directory.

usage: check_reports.py OBLIX SEED OUTDIR
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

oblix, seed, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
browser = shutil.which('chromium') or shutil.which('chromium-browser')
if not browser:
    print('skipped: no chromium')
    sys.exit(77)

tmp = tempfile.mkdtemp(prefix='oblix-reports-')


def edit(text, pairs):
    for a, b in pairs:
        assert a in text, a
        text = text.replace(a, b)
    return text


e1 = open(seed, encoding='utf-8').read()
e2 = edit(e1, [('2021年广东省推进', '2022年广东省推进'), ('粤办函〔2021〕55号', '粤办函〔2022〕21号'),
               ('并于6月底前实现', '并于9月底前实现'),
               ('不少于250台政务服务一体机', '不少于300台政务服务一体机'),
               ('(省自然资源厅牵头，', '(省住房城乡建设厅牵头，')])
e2 = re.sub(r'\*\*\(十四\) 建立完善财政资金直达机制。\*\*[^\n]*\n', '', e2)
e3 = edit(e2, [('2022年广东省推进', '2023年广东省推进'), ('粤办函〔2022〕21号', '粤办函〔2023〕9号'),
               ('不少于300台政务服务一体机', '不少于280台政务服务一体机')])
paths = []
for k, text in enumerate([e1, e2, e3]):
    paths.append(os.path.join(tmp, 'gd-%d.txt' % (2021 + k)))
    with open(paths[-1], 'w', encoding='utf-8') as f:
        f.write(text)


def run(*args):
    return subprocess.run([oblix] + list(args), check=True, capture_output=True).stdout


NS = {'d': 'urn:oblix:diff:1', 'h': 'urn:oblix:history:1'}
diff_summary = ET.fromstring(run('diff', paths[0], paths[1])).find('d:summary', NS).attrib
hist_summary = ET.fromstring(run('history', *paths)).find('h:summary', NS).attrib
pages = {}
for name, args in [('diff', ['diff', '--format=html', paths[0], paths[1]]),
                   ('history', ['history', '--format=html'] + paths)]:
    pages[name] = os.path.join(tmp, name + '.html')
    with open(pages[name], 'wb') as f:
        f.write(run(*args))


class Chromium:
    """One headless browser spoken to over fds 3 and 4."""

    def __init__(self):
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()

        def fds():
            # through fresh numbers: a pipe may already be 3 or 4, where
            # dup2 would leave its close-on-exec flag set
            a, b = os.dup(to_r), os.dup(from_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [browser, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync',
             '--user-data-dir=' + os.path.join(tmp, 'profile'), '--remote-debugging-pipe',
             '--window-size=1200,900'],
            # the pipes' own fds close on exec; 3 and 4, made by dup2 after
            # the fds were closed, stay open
            close_fds=False, preexec_fn=fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.buf = b''
        self.next_id = 0
        self.session = None
        self.events = []

    def _read(self):
        while b'\0' not in self.buf:
            chunk = os.read(self.from_r, 65536)
            if not chunk:
                raise RuntimeError('the browser went away')
            self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def call(self, method, session=True, **params):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params}
        if session and self.session:
            msg['sessionId'] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b'\0')
        while True:
            m = self._read()
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError('%s: %s' % (method, m['error']))
                return m['result']
            self.events.append(m)

    def wait(self, event):
        while True:
            for k, m in enumerate(self.events):
                if m.get('method') == event:
                    del self.events[k]
                    return m
            self.events.append(self._read())

    def open(self, url):
        target = self.call('Target.createTarget', session=False, url='about:blank')['targetId']
        self.session = self.call('Target.attachToTarget', session=False, targetId=target,
                                 flatten=True)['sessionId']
        for domain in ('Page', 'DOM', 'CSS', 'Runtime'):
            self.call(domain + '.enable')
        self.events.clear()
        self.call('Page.navigate', url=url)
        self.wait('Page.loadEventFired')

    def js(self, expr):
        r = self.call('Runtime.evaluate', expression=expr, returnByValue=True)
        if 'exceptionDetails' in r:
            raise RuntimeError(r['exceptionDetails'])
        return r['result'].get('value')

    def close(self):
        try:
            self.call('Browser.close', session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


CJK_FACE = re.compile(r'CJK|Source Han|PingFang|YaHei|Hei|Song|Ming|Kai|WenQuanYi', re.I)


def check_fonts(b, selector, what):
    root = b.call('DOM.getDocument', depth=-1)['root']['nodeId']
    nodes = b.call('DOM.querySelectorAll', nodeId=root, selector=selector)['nodeIds']
    assert nodes, 'no %s in the %s page' % (selector, what)
    checked = 0
    for node in nodes[:5]:
        text = b.call('DOM.getOuterHTML', nodeId=node)['outerHTML']
        text = re.sub(r'<[^>]*>', '', text)
        han = sum(1 for ch in text if '\u4e00' <= ch <= '\u9fff')
        if not han:
            continue
        ascii_ = sum(1 for ch in text if ord(ch) < 128)
        fonts = b.call('CSS.getPlatformFontsForNode', nodeId=node)['fonts']
        cjk = sum(f['glyphCount'] for f in fonts if CJK_FACE.search(f['familyName']))
        other = sum(f['glyphCount'] for f in fonts if not CJK_FACE.search(f['familyName']))
        assert cjk >= han, ('%s: %d Chinese characters, %d glyphs from a CJK face: %s'
                            % (what, han, cjk, fonts))
        assert other <= ascii_, ('%s: %d glyphs from other faces for %d ASCII characters: %s'
                                 % (what, other, ascii_, fonts))
        checked += 1
    assert checked, 'no Chinese text in %s of the %s page' % (selector, what)
    return fonts


def screenshot(b, name):
    png = base64.b64decode(b.call('Page.captureScreenshot', format='png',
                                  captureBeyondViewport=True)['data'])
    assert png[:8] == b'\x89PNG\r\n\x1a\n' and len(png) > 20000, 'blank screenshot'
    path = os.path.join(outdir, name + '-page.png')
    with open(path, 'wb') as f:
        f.write(png)
    return path


def rendered_counts(b):
    return dict(b.js("[].map.call(document.querySelectorAll('.summary [data-key]'),"
                     "function(e){return [e.getAttribute('data-key'), e.textContent];})"))


b = Chromium()
try:
    # the diff
    b.open('file://' + pages['diff'])
    fonts = check_fonts(b, 'article h3, .sbs p', 'diff')
    counts = rendered_counts(b)
    assert counts, 'no summary in words'
    for k, v in counts.items():
        assert diff_summary[k] == v, (k, v, diff_summary[k])
    assert diff_summary['deadlineMoved'] == '1' and counts['deadlineMoved'] == '1', counts
    assert b.js("document.querySelector('.filters').hidden") is False, 'filters not shown'
    shown = b.js("""(function(){var f=document.querySelector('.filters');
        f.querySelectorAll('input[type=checkbox]').forEach(function(c){
          c.checked=c.value=='deadline-moved';});
        f.dispatchEvent(new Event('change'));
        return [].filter.call(document.querySelectorAll('article'),
          function(a){return !a.hidden;}).length;})()""")
    assert shown == 1, 'filtered to re-dated deadlines, %s tasks shown' % shown
    b.js("""(function(){var f=document.querySelector('.filters');
        f.querySelectorAll('input').forEach(function(c){c.checked=true;});
        f.dispatchEvent(new Event('change'));})()""")
    shot_diff = screenshot(b, 'diff')
    face = sorted({f['familyName'] for f in fonts if CJK_FACE.search(f['familyName'])})

    # the history
    b.open('file://' + pages['history'])
    check_fonts(b, 'td .title', 'history')
    counts = rendered_counts(b)
    assert counts, 'no summary in words'
    for k, v in counts.items():
        assert hist_summary[k] == v, (k, v, hist_summary[k])
    assert b.js("document.getElementById('sort-lead').hidden") is False, 'no sort button'
    order = ("[].map.call(document.querySelectorAll('table.history tbody tr'),"
             "function(r){return r.getAttribute('data-lead');})")
    before = b.js(order)
    after = b.js("document.getElementById('sort-lead').click();" + order)
    assert after != before and sorted(after) == sorted(before), 'sorting changed nothing'
    assert b.js("""(function(l){for(var i=1;i<l.length;i++)
        if(l[i-1].localeCompare(l[i],'zh-CN')>0)return false;return true;})(%s)"""
                % json.dumps(after)), 'rows not in the order of their lead'
    shot_hist = screenshot(b, 'history')
finally:
    b.close()
    shutil.rmtree(tmp, ignore_errors=True)

print('diff and history pages rendered by %s with %s; summaries equal the XML; '
      'screenshots %s, %s' % (browser, ', '.join(face), shot_diff, shot_hist))
