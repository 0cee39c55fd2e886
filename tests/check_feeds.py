#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The feeds, parsed back with independent parsers (Python's csv, json and
a plain RFC 5545 unfolding), must give the records of the XML (parsed with
xml.etree): one row per obligation, the same text, agencies, times and
targets; one VTODO per dated obligation with its due date."""
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = {'n': 'urn:oblix:notice:1'}


def run(*args):
    r = subprocess.run(args, capture_output=True)
    if r.returncode != 0:
        sys.exit('%s: exit %d: %s' % (' '.join(args), r.returncode, r.stderr.decode()))
    return r.stdout.decode('utf-8')


def records(xml_path):
    """Obligations of a notice document, as the feeds should give them."""
    root = ET.parse(xml_path).getroot()
    meta = root.find('n:meta', NS)
    doc = meta.findtext('n:docNumber', None, NS)
    # the name: the document number, else the file name without extension;
    # the key of uids: the document number, else a digest of the texts of
    # the obligations in document order
    name = doc or os.path.splitext(os.path.basename(root.get('source')))[0]
    texts = ''.join((ob.findtext('n:text', '', NS) + '\n')
                    for ob in root.iter('{%s}obligation' % NS['n']))
    key = doc or 'sha-' + hashlib.sha256(texts.encode('utf-8')).hexdigest()[:16]
    out = {}

    def item(node, agencies):
        ag = node.find('n:agencies', NS)
        roles = {'lead': [], 'cooperate': [], 'responsible': []}
        if ag is not None:
            for a in ag.findall('n:agency', NS):
                roles[a.get('role')].append(a.text)
        for ob in node.findall('n:obligation', NS):
            times = [(t.get('kind'), t.get('date') or '', t.get('duration') or '', t.text)
                     for t in ob.findall('n:time', NS)]
            targets = [(t.get('cmp'), t.get('value'), t.get('unit') or '', t.text)
                       for t in ob.findall('n:target', NS)]
            due = next((t[1] for t in times if t[0] in ('by', 'until', 'on') and t[1]), '')
            # who must act: the obligation's own agencies where it names
            # them, else its owner's
            own = ob.findall('n:agency', NS)
            who = roles
            if own:
                who = {'lead': [], 'cooperate': [], 'responsible': []}
                for a in own:
                    who[a.get('role')].append(a.text)
            out[ob.get('id')] = dict(text=ob.findtext('n:text', '', NS), roles=who,
                                     times=times, targets=targets, due=due, doc=key,
                                     name=name, modality=ob.get('modality') or '')
        for sub in node.findall('n:item', NS):
            item(sub, None)

    for sec in root.findall('n:section', NS):
        item(sec, None)
    for it in root.findall('n:item', NS):
        item(it, None)
    # the notice-level text (the closing, a reply's body)
    item(root, None)
    return out


def main():
    oblix, notice = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp()
    xml = os.path.join(tmp, 'n.xml')
    with open(xml, 'w', encoding='utf-8') as f:
        f.write(run(oblix, 'extract', notice))
    want = records(xml)
    assert want, 'no obligations in the reference'

    rows = list(csv.DictReader(io.StringIO(run(oblix, 'export', '--format=csv', xml), newline='')))
    assert len(rows) == len(want), 'csv: %d rows for %d obligations' % (len(rows), len(want))
    for r in rows:
        w = want[r['obligation_id']]
        assert r['text'] == w['text'], r['obligation_id']
        assert r['uid'] == '%s#%s' % (w['doc'], r['obligation_id'])
        assert r['notice'] == w['name'], (r['notice'], w['name'])
        for role in ('lead', 'cooperate', 'responsible'):
            assert r[role] == '、'.join(w['roles'][role]), (role, r[role])
        assert r['due'] == w['due'], (r['due'], w['due'])
        assert r['modality'] == w['modality'], (r['modality'], w['modality'])
        if r['item_id']:
            assert r['item_uid'] == '%s#%s' % (w['doc'], r['item_id'])
            assert len(r['item_digest']) == 16

    lines = run(oblix, 'export', '--format=jsonl', xml).splitlines()
    assert len(lines) == len(want), 'jsonl: %d lines' % len(lines)
    # the CSV's columns in its order, lead/cooperate/responsible as one
    # "agencies" object
    head = list(rows[0].keys()) if rows else []
    order = []
    for k in head:
        if k in ('lead', 'cooperate', 'responsible'):
            if 'agencies' not in order:
                order.append('agencies')
        else:
            order.append(k)
    for line in lines:
        o = json.loads(line)
        assert not order or list(o.keys()) == order, (list(o.keys()), order)
        # an obligation outside any item has null for every item field
        if o['item_id'] is None:
            assert o['item_uid'] is None and o['item_digest'] is None, o
        w = want[o['obligation_id']]
        assert o['text'] == w['text']
        assert o['agencies'] == w['roles'], o['obligation_id']
        got_t = [(t['kind'], t.get('date', ''), t.get('duration', ''), t['text']) for t in o['times']]
        assert got_t == w['times'], (got_t, w['times'])
        got_g = [(t['cmp'], t['value'], t.get('unit', ''), t['text']) for t in o['targets']]
        assert got_g == w['targets'], (got_g, w['targets'])
        # the same fields as the CSV
        assert (o['due'] or '') == w['due'], (o['due'], w['due'])
        row = next(r for r in rows if r['obligation_id'] == o['obligation_id'])
        for k in row:
            if k not in ('lead', 'cooperate', 'responsible', 'times', 'targets'):
                assert k in o, k
                assert (o[k] or '') == row[k], (k, o[k], row[k])

    def vtodos(ics):
        """The VTODOs of a calendar, in order, as dicts of unescaped values."""
        assert ics.startswith('BEGIN:VCALENDAR\r\n') and ics.rstrip().endswith('END:VCALENDAR')
        unfolded = ics.replace('\r\n ', '').replace('\r\n\t', '').split('\r\n')
        todos, cur = [], None
        for l in unfolded:
            if l == 'BEGIN:VTODO':
                cur = {}
            elif l == 'END:VTODO':
                todos.append(cur)
                cur = None
            elif cur is not None and ':' in l:
                k, v = l.split(':', 1)
                cur[k.split(';')[0]] = v.replace('\\n', '\n').replace('\\,', ',') \
                    .replace('\\;', ';').replace('\\\\', '\\')
        return todos

    ics = run(oblix, 'export', '--format=ics', xml)
    listed = vtodos(ics)
    todos = {t['UID']: t for t in listed}
    assert len(todos) == len(listed), 'ics: a UID repeats'
    # tasks are duties: what is only permitted or encouraged is no VTODO
    dated = {k: w for k, w in want.items() if w['due'] and w['modality'] != 'may'}
    assert len(todos) == len(dated), 'ics: %d VTODO for %d dated' % (len(todos), len(dated))
    for k, w in dated.items():
        t = todos['%s#%s' % (w['doc'], k)]
        assert t['DUE'] == w['due'].replace('-', ''), (t['DUE'], w['due'])
        assert t['DTSTAMP'].endswith('Z'), t['DTSTAMP']  # UTC
        assert not t['SUMMARY'].startswith('：'), t['SUMMARY']
        assert t['SUMMARY'].endswith(w['text']), t['SUMMARY']
        for label, role in (('牵头', 'lead'), ('配合', 'cooperate'), ('负责', 'responsible')):
            line = [l for l in t['DESCRIPTION'].split('\n') if l.startswith(label + '：')]
            assert bool(line) == bool(w['roles'][role]), (label, t['DESCRIPTION'])
        assert t['SEQUENCE'] == '0'

    # the notice twice (as two files) in one calendar: its tasks once
    xml2 = os.path.join(tmp, 'again.xml')
    with open(xml2, 'w', encoding='utf-8') as f:
        f.write(open(xml, encoding='utf-8').read())
    assert len(vtodos(run(oblix, 'export', '--format=ics', xml, xml2))) == len(dated)

    # against the previous calendar: a changed text is a higher SEQUENCE,
    # the others keep theirs
    if dated:
        prev = os.path.join(tmp, 'prev.ics')
        changed = next(iter(dated))
        old = ics.replace(todos['%s#%s' % (dated[changed]['doc'], changed)]['X-OBLIX-DIGEST'],
                          '0000000000000000')
        with open(prev, 'w', encoding='utf-8', newline='') as f:
            f.write(old)
        again = {t['UID']: t for t in vtodos(run(oblix, 'export', '--format=ics',
                                                 '--previous', prev, xml))}
        for uid, t in again.items():
            bumped = uid == '%s#%s' % (dated[changed]['doc'], changed)
            assert t['SEQUENCE'] == ('1' if bumped else '0'), (uid, t['SEQUENCE'])
    print('feeds: %d obligations, %d dated, csv/jsonl/ics round-trip' % (len(want), len(dated)))


main()
