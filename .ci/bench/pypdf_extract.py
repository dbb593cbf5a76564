#!/usr/bin/env python3
"""The comparison for issue 4's import benchmark: pypdf, on one core, only opens each
PDF, takes the embedded file `kanalansokan.json` and parses the JSON. Nothing is
verified (no seal, no page comparison, no validation), stored or archived: it is the
floor of "read the data out of the PDF" in Python, not a second importer.

Usage: pypdf_extract.py FOLDER [--runs N]
FOLDER holds the PDFs (`*.pdf`, in name order), e.g. the 1,000 written by
`KANALANSOKAN_BENCH_PDFS=FOLDER cargo bench -p kanalansokan-core --bench register`.
Prints one line per run and the median, as PDFs/s of process CPU time
(`time.process_time`) and of wall time; the script is single-threaded.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import pypdf

NAME = "kanalansokan.json"


def extract(path: Path) -> dict:
    reader = pypdf.PdfReader(path)
    attachments = reader.attachments
    if NAME not in attachments:
        raise SystemExit(f"{path}: no embedded {NAME}")
    return json.loads(attachments[NAME][0])


def machine_busy() -> float | None:
    """All cores' busy seconds from /proc/stat (user, nice, system, irq, softirq), as
    the Rust bench reads them around its import; None where there is no /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return sum(fields[i] for i in (0, 1, 2, 5, 6)) / 100.0


def run(files: list[Path]) -> tuple[float, float, float | None, set]:
    ids = set()
    wall = time.perf_counter()
    machine = machine_busy()
    cpu = time.process_time()
    for path in files:
        app = extract(path)
        ids.add((app["id"], app["version"]))
    cpu = time.process_time() - cpu
    after = machine_busy()
    machine = after - machine if machine is not None and after is not None else None
    return cpu, time.perf_counter() - wall, machine, ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.folder}", file=sys.stderr)
        return 2
    n = len(files)
    print(f"pypdf {pypdf.__version__}, Python {sys.version.split()[0]}, {n} PDFs in {args.folder}")
    cpu_rates, wall_rates = [], []
    for i in range(1, args.runs + 1):
        cpu, wall, machine, ids = run(files)
        if len(ids) != n:
            print(f"expected {n} distinct applications, got {len(ids)}", file=sys.stderr)
            return 1
        cpu_rates.append(n / cpu)
        wall_rates.append(n / wall)
        print(
            f"pypdf run {i}/{args.runs}: process CPU {cpu:.2f} s = {n / cpu:.1f} PDFs/s, "
            f"wall {wall:.2f} s = {n / wall:.1f} PDFs/s"
        )
        if machine:
            print(f"  machine CPU during the run (all cores): {machine:.2f} s = {n / machine:.1f} PDFs/s")
    print(
        f"pypdf median of {args.runs} runs: {statistics.median(cpu_rates):.1f} PDFs/s (CPU), "
        f"{statistics.median(wall_rates):.1f} PDFs/s (wall)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
