#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""oblix extract side by side with jieba's cut (python3-jieba), on the
bundled notice repeated to 4 MiB: CPU time of each (user + system, one
core), MB/s and their ratio.  jieba only splits the text into words;
oblix cleans it, splits it into sentences, extracts, writes and validates.
jieba's dictionary is loaded before the timing starts; oblix's process
start (a few milliseconds) is counted.

Usage: bench_jieba.py OBLIX NOTICE.  Exits 77 (skipped) without jieba.
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

try:
    import jieba
except ImportError:
    # python3-jieba installs for Debian's own interpreter, which may not
    # be the first python3 on PATH
    if os.path.exists("/usr/bin/python3") and not os.environ.get("OB_JIEBA_RETRY") \
            and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.environ["OB_JIEBA_RETRY"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("skipped: jieba is not installed for", sys.executable)
    sys.exit(77)

oblix, notice = sys.argv[1], sys.argv[2]
unit = open(notice, "rb").read()
data = unit * ((4 << 20) // len(unit) + 1)
mb = len(data) / 1e6

with tempfile.NamedTemporaryFile(suffix=".txt", dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as f:
    f.write(data)
    f.flush()

    def oblix_cpu():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([oblix, "extract", f.name], stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    text = data.decode("utf-8")
    jieba.setLogLevel(60)
    jieba.initialize()

    def jieba_cpu():
        t0 = time.process_time()
        n = sum(1 for _ in jieba.cut(text))
        return time.process_time() - t0, n

    runs = 3
    o = sorted(oblix_cpu() for _ in range(runs))[runs // 2]
    js = sorted(jieba_cpu() for _ in range(runs))
    j, words = js[runs // 2]

print("input            %.1f MB (the bundled notice repeated)" % mb)
print("jieba.cut        %.2f s CPU, %.2f MB/s (%d words; median of %d)" % (j, mb / j, words, runs))
print("oblix extract    %.2f s CPU, %.2f MB/s (median of %d)" % (o, mb / o, runs))
print("oblix / jieba    %.1f x" % (j / o))
