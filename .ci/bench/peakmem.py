#!/usr/bin/env python3
"""Peak memory of a command and of every process it starts.

Usage: peakmem.py RUNS LABEL -- CMD [ARGS...]   -> one JSON line on stdout

Two numbers per run, medians reported:
- max_rss_mib: the largest peak RSS of any single process in the tree (wait4's ru_maxrss;
  exact, the kernel tracks it). For a one-process program this is its peak memory.
- tree_rss_mib / tree_pss_mib: the sum over ALL processes of the tree, sampled every
  ~10 ms from /proc (RSS from /proc/PID/status, PSS from /proc/PID/smaps_rollup). RSS
  counts shared libraries again in each process, PSS shares them out fairly. A sample
  can miss a peak shorter than the interval; for multi-process programs (Chromium)
  it is the honest total.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def children_map():
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: the ppid follows the last ')'.
        fields = stat[stat.rfind(b")") + 2:].split()
        kids.setdefault(int(fields[1]), []).append(int(name))
    return kids


def tree(root):
    kids = children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def kib(path, key):
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_run(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    seen = set()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        pids = tree(proc.pid)
        seen.update(pids)
        peak_rss = max(peak_rss, sum(kib(f"/proc/{p}/status", "VmRSS:") for p in pids))
        peak_pss = max(peak_pss, sum(kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids))
        time.sleep(0.01)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}")
    return usage.ru_maxrss, peak_rss, peak_pss, len(seen)


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit("usage: peakmem.py RUNS LABEL -- CMD [ARGS...]")
    runs, label, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
    results = [one_run(cmd) for _ in range(runs)]
    mib = lambda values: round(statistics.median(values) / 1024, 1)
    print(json.dumps({
        "label": label,
        "runs": runs,
        "max_rss_mib": mib([r[0] for r in results]),
        "tree_rss_mib": mib([r[1] for r in results]),
        "tree_pss_mib": mib([r[2] for r in results]),
        "processes": max(r[3] for r in results),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
