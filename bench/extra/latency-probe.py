#!/usr/bin/env python3
# Reads the per-round lines that bench/extra/latency-probe.patch makes LatencyProgram print to stderr
# ("R lat path fresh spinning enter-t0 wake unparked woken acq found exec t1 sysEnter", ns, the
# last eight relative to entersyscall, -1 when the step did not happen) and prints the distribution
# of each part, then the slowest 2 % of rounds part by part.
#
#   python3 bench/extra/latency-probe.py /tmp/probe.txt
import sys
from collections import Counter

rows = [list(map(int, l.split()[1:])) for l in open(sys.argv[1]) if l.startswith('R ')]
NAMES = ['latency', 't0->entersyscall', 'entersyscall->wake', 'wake->unpark returns', 'wake->woken runs',
         'woken->acquirep', 'acquirep->findRunnable', 'findRunnable->execute', 'execute->B runs',
         'entersyscall->trap']


def pct(a, p):
    a = sorted(a)
    return a[min(len(a) - 1, int(len(a) * p / 100))] if a else float('nan')


def parts(r):
    lat, path, fresh, spin, e0, wk, un, wo, ac, fo, ex, t1, se = r
    if min(wk, un, wo, ac, fo, ex) < 0:
        return None  # not a handoff in this round (see docs/benchmarks.md)
    return [lat, e0, wk, un - wk, wo - wk, ac - wo, fo - ac, ex - fo, t1 - ex, se]


print("rounds", len(rows), "paths (1 eager, 2 sysmon)", dict(Counter(r[1] for r in rows)),
      "new threads", sum(r[2] for r in rows), "spinning wakes", sum(r[3] for r in rows))
ps = [p for p in map(parts, rows) if p]
print("%-24s" % "part (us)" + "".join("%9s" % h for h in ("p50", "p90", "p99", "max")))
for i, n in enumerate(NAMES):
    a = [p[i] for p in ps]
    print("%-24s" % n + "".join("%9.1f" % (pct(a, q) / 1e3) for q in (50, 90, 99, 100)))
print("slowest 2 %:")
thr = pct([r[0] for r in rows], 98)
for r in rows:
    if r[0] >= thr:
        p = parts(r)
        print("  " + (" ".join("%s=%.1f" % (n, x / 1e3) for n, x in zip(NAMES, p)) if p else "not a handoff: %s" % r))
