#!/usr/bin/env python3
"""Start-up and idle memory of several window binaries side by side (issue 17; a benchmark,
not a test).

Usage: startup_compare.py [--rounds N] [--idle S] [--json OUT] LABEL BINARY LABEL BINARY ...

A BINARY may start with environment settings, as in a shell: 'NAME=VALUE path/to/binary'
(e.g. the same binary with WEBKIT_SKIA_ENABLE_CPU_RENDERING=0 as a third entry).

The first LABEL is the peer (the bare Tauri window, `.ci/bench/minimal-tauri/`); every other
one is compared with it. Each round starts every binary once, on one private Xvfb, the order
reversed every other round, and measures each start exactly as `startup.py` does (first start
with fresh XDG folders; mapped, painted, and PSS after S idle seconds). This machine's speed
drifts with other people's builds, so the differences are taken per round (ours minus the
peer in the same round) and then summarised: median and the range (min–max) over the rounds.
Memory is also given per process: the app, WebKit's web process, its network process (any
other process is listed under its own name).

Output: a Markdown summary on stdout; with --json, every run's figures in OUT.
"""
import argparse
import json
import os
import shlex
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup  # noqa: E402  (startup.py beside this file: one_run, start_xvfb, Screen)

WEB, NETWORK = "WebKitWebProcess", "WebKitNetworkProcess"


def per_process(run, app_pid_name):
    """PSS in MiB per kind of process: app, web, network, and any other by name."""
    kinds = {}
    for p in run["processes"]:
        name = p["name"]
        kind = {WEB[:15]: "web", NETWORK[:15]: "network"}.get(name[:15])
        if kind is None:
            kind = "app" if p is run["processes"][0] else name
        kinds[kind] = kinds.get(kind, 0) + p["pss_kib"] / 1024
    kinds["all"] = sum(p["pss_kib"] for p in run["processes"]) / 1024
    return kinds


def spread(values):
    values = list(values)
    return statistics.median(values), min(values), max(values)


def fmt(values, unit, digits=0, signed=False):
    med, lo, hi = spread(values)
    return f"{med:+.{digits}f} {unit} ({lo:+.{digits}f} to {hi:+.{digits}f})" if signed \
        else f"{med:.{digits}f} {unit} ({lo:.{digits}f}–{hi:.{digits}f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--idle", type=float, default=5)
    ap.add_argument("--json")
    ap.add_argument("pairs", nargs="+", metavar="LABEL BINARY")
    a = ap.parse_args()
    if len(a.pairs) % 2 or len(a.pairs) < 4:
        sys.exit("two or more LABEL BINARY pairs expected, the peer first")
    entries = [(a.pairs[i], a.pairs[i + 1]) for i in range(0, len(a.pairs), 2)]
    settings = {}
    for label, spec in entries:
        words = shlex.split(spec)
        extra = dict(w.split("=", 1) for w in words[:-1] if "=" in w)
        if len(extra) != len(words) - 1 or not os.access(words[-1], os.X_OK):
            sys.exit(f"not [NAME=VALUE ...] EXECUTABLE: {spec}")
        settings[label] = (words[-1], extra)

    runs = {label: [] for label, _ in entries}
    xvfb, display = startup.start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display)
        env.pop("WAYLAND_DISPLAY", None)
        screen = startup.Screen(display)
        for r in range(a.rounds):
            order = entries if r % 2 == 0 else entries[::-1]
            for label, _ in order:
                binary, extra = settings[label]
                result = startup.one_run(binary, dict(env, **extra), screen, a.idle)
                result["pss_mib"] = per_process(result, label)
                runs[label].append(result)
                print(f"round {r + 1}: {label:>10} painted {result['painted_ms']:.0f} ms, "
                      f"PSS {result['pss_mib']['all']:.1f} MiB", file=sys.stderr)
    finally:
        xvfb.terminate()
        xvfb.wait()

    peer = entries[0][0]
    kinds = ["all", "app", "web", "network"]
    for label in runs:
        for res in runs[label]:
            kinds += [k for k in res["pss_mib"] if k not in kinds]

    print(f"{a.rounds} alternating rounds, idle {a.idle:g} s; median (min–max) over the rounds; "
          f"load average after: {' '.join(open('/proc/loadavg').read().split()[:3])}\n")
    print("| figure | " + " | ".join(label for label, _ in entries) + " |")
    print("|---|" + "---:|" * len(entries))
    print("| start → window mapped | " + " | ".join(
        fmt((r["mapped_ms"] for r in runs[label]), "ms") for label, _ in entries) + " |")
    print("| start → page painted | " + " | ".join(
        fmt((r["painted_ms"] for r in runs[label]), "ms") for label, _ in entries) + " |")
    for kind in kinds:
        print(f"| idle PSS, {'all processes' if kind == 'all' else kind} | " + " | ".join(
            fmt((r["pss_mib"].get(kind, 0) for r in runs[label]), "MiB", 1)
            for label, _ in entries) + " |")
    print()
    for label, _ in entries[1:]:
        pairs = list(zip(runs[label], runs[peer]))
        print(f"**{label} minus {peer}, per round**: "
              f"mapped {fmt((o['mapped_ms'] - p['mapped_ms'] for o, p in pairs), 'ms', signed=True)}; "
              f"painted {fmt((o['painted_ms'] - p['painted_ms'] for o, p in pairs), 'ms', signed=True)}; "
              + "; ".join(
                  f"PSS {kind} {fmt((o['pss_mib'].get(kind, 0) - p['pss_mib'].get(kind, 0) for o, p in pairs), 'MiB', 1, True)}"
                  for kind in kinds) + "\n")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"rounds": a.rounds, "idle_seconds": a.idle, "peer": peer,
                       "runs": {label: [{k: v for k, v in r.items() if k != "window"} for r in rs]
                                for label, rs in runs.items()}}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
