#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Embed a text file in a C header as a NUL-terminated string."""
import sys

name, src, dst = sys.argv[1:4]
data = open(src, 'rb').read()
with open(dst, 'w') as out:
    out.write('/* generated from %s */\n' % src.split('/')[-1])
    out.write('static const char %s[] =\n' % name)
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        out.write('\t"' + ''.join('\\x%02x' % b for b in chunk) + '"\n')
    out.write(';\n')
