#!/usr/bin/env python3
"""The rounds of an import benchmark side by side with pypdf (register-import.sh and
signed-import.sh): per round and median, the import's PDFs/s of thread CPU against
pypdf's of process CPU, and the same with all cores' busy time (kernel threads
included; meaningful on an otherwise quiet machine only).

Usage: import_ratio.py LABEL PYPDF_OUTPUT RUST_OUTPUT
"""
import re
import statistics
import sys


def rates(pattern: str, path: str) -> list[float]:
    with open(path, encoding="utf-8") as f:
        return [float(m) for m in re.findall(pattern, f.read())]


def main() -> int:
    label, pypdf_out, rust_out = sys.argv[1:4]
    py = rates(r"process CPU [\d.]+ s = ([\d.]+) PDFs/s", pypdf_out)
    rs = rates(r"thread CPU [\d.]+ s = ([\d.]+) PDFs/s", rust_out)
    if not py or len(py) != len(rs):
        print(f"rounds do not pair: {len(py)} pypdf, {len(rs)} import", file=sys.stderr)
        return 1
    ratios = [r / p for p, r in zip(py, rs)]
    for i, (p, r, q) in enumerate(zip(py, rs, ratios), 1):
        print(f"round {i}: pypdf {p:.1f} PDFs/s, {label} {r:.1f} PDFs/s (CPU) = {q:.2f}x")
    print(f"median: pypdf {statistics.median(py):.1f}, {label} {statistics.median(rs):.1f} PDFs/s, "
          f"ratio {statistics.median(ratios):.2f}x")
    pm = rates(r"machine CPU during the run \(all cores\): [\d.]+ s = ([\d.]+) PDFs/s", pypdf_out)
    rm = rates(r"machine CPU during the import .*?: [\d.]+ s = ([\d.]+) PDFs/s", rust_out)
    if pm and len(pm) == len(rm):
        mr = [r / p for p, r in zip(pm, rm)]
        print(f"machine CPU (all cores, kernel threads included; quiet machine only): pypdf "
              f"{statistics.median(pm):.1f}, {label} {statistics.median(rm):.1f} PDFs/s, ratio "
              f"{statistics.median(mr):.2f}x ({min(mr):.2f}-{max(mr):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
