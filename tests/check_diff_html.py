#!/usr/bin/env python3
"""The diff page in a real browser: headless Chromium renders it (a
screenshot is taken and must not be blank) and the summary counts in the
rendered DOM equal those of the diff's XML."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

oblix, seed = sys.argv[1], sys.argv[2]
browser = shutil.which('chromium') or shutil.which('chromium-browser')
if not browser:
    print('skipped: no chromium')
    sys.exit(77)

tmp = tempfile.mkdtemp()
text = open(seed, encoding='utf-8').read()
new = (text.replace('并于6月底前实现', '并于2022年9月底前实现')
           .replace('不少于250台政务服务一体机', '不少于300台政务服务一体机')
           .replace('(省自然资源厅牵头，', '(省住房城乡建设厅牵头，'))
new = re.sub(r'\*\*\(十四\) 建立完善财政资金直达机制。\*\*[^\n]*\n', '', new)
old_path, new_path = os.path.join(tmp, 'old.txt'), os.path.join(tmp, 'new.txt')
open(old_path, 'w', encoding='utf-8').write(text)
open(new_path, 'w', encoding='utf-8').write(new)

xml = subprocess.run([oblix, 'diff', old_path, new_path], check=True, capture_output=True).stdout
summary = ET.fromstring(xml).find('{urn:oblix:diff:1}summary').attrib
page = os.path.join(tmp, 'diff.html')
with open(page, 'wb') as f:
    f.write(subprocess.run([oblix, 'diff', '--format=html', old_path, new_path],
                           check=True, capture_output=True).stdout)

flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--user-data-dir=' + os.path.join(tmp, 'profile'), '--window-size=1200,900']
url = 'file://' + page
shot = os.path.join(tmp, 'shot.png')
subprocess.run([browser] + flags + ['--screenshot=' + shot, url], capture_output=True, timeout=120)
assert os.path.exists(shot) and os.path.getsize(shot) > 10000, 'no screenshot'
dom = subprocess.run([browser] + flags + ['--dump-dom', url], capture_output=True,
                     timeout=120).stdout.decode('utf-8')


class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.current = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'td' and 'id' in a:
            self.current = a['id']

    def handle_data(self, data):
        if self.current:
            self.cells[self.current] = data.strip()
            self.current = None


c = Cells()
c.feed(dom)
assert c.cells, 'no summary in the rendered page'
assert c.cells == summary, (c.cells, summary)
assert summary['deadlineMoved'] == '1' and summary['targetRaised'] == '1', summary
print('diff page rendered by %s; %d summary counts equal the XML' % (browser, len(c.cells)))
