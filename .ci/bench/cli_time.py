#!/usr/bin/env python3
"""Whole-process time of a command-line call (issue 3's "kanalansokan pdf ≤ 10 ms").

    python3 .ci/bench/cli_time.py [RUNS] -- target/release/kanalansokan pdf APP.json -o OUT.pdf

Runs the command RUNS times (default 80) after 5 warm-up runs, each a new process
started with fork+exec from this one, and prints the median, minimum and 90th
percentile of the wall time from just before the start to its exit, and the
largest peak RSS of any run (the kernel's ru_maxrss of the waited-for child).
Wall time, not CPU: this is what a script calling the tool waits for.
"""
import os
import statistics
import sys
import time

args = sys.argv[1:]
runs = 80
if args and args[0] != "--":
    runs = int(args.pop(0))
if not args or args[0] != "--" or len(args) < 2:
    sys.exit(__doc__)
command = args[1:]


def once():
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(command)} exited with {code}")
    return elapsed, usage.ru_maxrss / 1024


for _ in range(5):
    once()
samples = [once() for _ in range(runs)]
times = sorted(t for t, _ in samples)
print(f"{' '.join(command)}")
print(
    f"runs {runs}: median {statistics.median(times):.1f} ms, min {times[0]:.1f} ms, "
    f"p90 {times[int(0.9 * (len(times) - 1))]:.1f} ms, peak RSS {max(r for _, r in samples):.1f} MiB; "
    f"load {os.getloadavg()[0]:.2f}"
)
