#!/usr/bin/env python3
"""Whole-process timing of several commands in alternating rounds (benchmarks, not tests).

This machine's speed drifts (up to 1.7x over a day, and with other people's builds
within minutes), so commands are never timed one after the other in blocks, as
hyperfine does: each round runs every command once, the order reversed every other
round, and each round gives a ratio measured under the same conditions.

    alternate.py --rounds 15 --warmup 2 --json OUT.json --fresh DIR \
        LABEL 'COMMAND' LABEL 'COMMAND' ...

A COMMAND is split with shlex and run without a shell (no shell start-up in the
figure); stdout and stderr go to /dev/null; any exit code other than 0 (or one given
with --allow-exit) stops the run. `{fresh}` in a command is replaced by a new empty
directory under DIR for each run (a fresh register or output folder; nothing is
deleted while measuring, see register-import.sh on this disk). Wall time is from fork to exit (perf_counter);
CPU time is the child's user + system time (os.wait4). The ratios are taken per
round, a peer's time divided by ours (above 1: we are faster): by default every other
command against the first, or the pairs given with `--ratio PEER=OURS` (labels,
repeatable).
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv, allowed=(0,)):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in allowed:
        sys.exit(f"exit code {proc.returncode}: {shlex.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime


def quantile(values, q):
    values = sorted(values)
    pos = (len(values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--json", required=True)
    ap.add_argument("--fresh", required=True)
    ap.add_argument("--ratio", action="append", default=[], metavar="PEER=OURS")
    ap.add_argument("--allow-exit", action="append", default=[], metavar="LABEL=CODE",
                    help="another exit code that counts as success for LABEL (zbarimg "
                    "exits 4 when one of several images has no code)")
    ap.add_argument("pairs", nargs="+")
    a = ap.parse_args()
    if len(a.pairs) % 2:
        sys.exit("LABEL COMMAND pairs expected")
    commands = [(a.pairs[i], a.pairs[i + 1]) for i in range(0, len(a.pairs), 2)]
    allowed = {label: [0] for label, _ in commands}
    for spec in a.allow_exit:
        label, code = spec.rsplit("=", 1)
        allowed[label].append(int(code))
    os.makedirs(a.fresh, exist_ok=True)
    counter = [0]

    def argv_of(cmd):
        if "{fresh}" in cmd:
            counter[0] += 1
            d = os.path.join(a.fresh, f"{counter[0]:04}")
            os.makedirs(d)
            cmd = cmd.replace("{fresh}", d)
        return shlex.split(cmd)

    wall = {label: [] for label, _ in commands}
    cpu = {label: [] for label, _ in commands}
    loads = []
    for r in range(a.warmup + a.rounds):
        order = commands if r % 2 == 0 else list(reversed(commands))
        results = {}
        for label, cmd in order:
            results[label] = run_once(argv_of(cmd), allowed[label])
        if r >= a.warmup:
            loads.append(os.getloadavg()[0])
            for label, (w, c) in results.items():
                wall[label].append(w)
                cpu[label].append(c)
        print(f"round {r + 1 - a.warmup if r >= a.warmup else 'warm-up'}: "
              + ", ".join(f"{label} {results[label][0] * 1000:.1f} ms" for label, _ in commands),
              file=sys.stderr)

    first = commands[0][0]
    ratio_specs = [tuple(r.split("=", 1)) for r in a.ratio] or [
        (label, first) for label, _ in commands[1:]]
    ratios = []
    for peer, ours in ratio_specs:
        per_round = [p / o for p, o in zip(wall[peer], wall[ours])]
        ratios.append({"peer": peer, "ours": ours, "median": statistics.median(per_round),
                       "min": min(per_round), "max": max(per_round),
                       "cpu_median": statistics.median(
                           [p / o for p, o in zip(cpu[peer], cpu[ours])])})
    rows = []
    for label, cmd in commands:
        w, c = wall[label], cpu[label]
        rows.append({
            "label": label,
            "command": cmd,
            "runs": len(w),
            "wall_median_ms": statistics.median(w) * 1000,
            "wall_p25_ms": quantile(w, 0.25) * 1000,
            "wall_p75_ms": quantile(w, 0.75) * 1000,
            "wall_min_ms": min(w) * 1000,
            "wall_max_ms": max(w) * 1000,
            "cpu_median_ms": statistics.median(c) * 1000,
        })
    result = {
        "rounds": a.rounds,
        "warmup": a.warmup,
        "load_1min_during": [min(loads), statistics.median(loads), max(loads)],
        "rows": rows,
        "ratios": ratios,
    }
    with open(a.json, "w") as f:
        json.dump(result, f, indent=1)
    print(f"| command (whole process, {a.rounds} alternating rounds) | wall median ms | "
          f"p25–p75 ms | min–max ms | CPU (user+sys) median ms |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['label']} | {row['wall_median_ms']:.1f} | "
              f"{row['wall_p25_ms']:.1f}–{row['wall_p75_ms']:.1f} | "
              f"{row['wall_min_ms']:.1f}–{row['wall_max_ms']:.1f} | {row['cpu_median_ms']:.1f} |")
    print()
    for r in ratios:
        print(f"{r['peer']} ÷ {r['ours']}, wall, per round: median {r['median']:.2f}× "
              f"({r['min']:.2f}–{r['max']:.2f}); CPU: median {r['cpu_median']:.2f}×")
    lo, med, hi = result["load_1min_during"]
    print(f"\nload average (1 min) during the rounds: median {med:.2f}, {lo:.2f}–{hi:.2f}")


if __name__ == "__main__":
    main()
