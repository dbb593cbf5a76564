#!/usr/bin/env bash
# Issue 4's import benchmark, side by side (not a test):
#   1. writes the 1,000 signed PDFs of `benches/register.rs` to a folder,
#   2. pypdf (PyPI, in a venv under target/) opens each, extracts kanalansokan.json and
#      parses it (.ci/bench/pypdf_extract.py), pinned to one core,
#   3. `cargo bench -p kanalansokan-core --bench register` (release profile), pinned to
#      the same core, importing the same folder (and filtering and exporting).
#
# Usage: .ci/bench/register-import.sh [--no-rust]
# Env:   CPU=1 (the core to pin to), RUNS=3 (passes of each), CARGO_TARGET_DIR,
#        CARGO_BUILD_JOBS as usual.
# Output: target/register-bench/ (pdfs/, pypdf.txt, rust.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
out=$target/register-bench
pdfs=$out/pdfs
venv=$target/pypdf-venv
cpu=${CPU:-1}
runs=${RUNS:-3}
mkdir -p "$out"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import pypdf' 2>/dev/null || "$venv/bin/pip" install --quiet pypdf

cd "$root"
echo "== building the bench (release profile)"
cargo bench --locked -p kanalansokan-core --bench register --no-run

echo "== writing the PDFs to $pdfs"
# The previous PDFs are deleted only after the measurements: on ext4 without a
# journal, creating files within 60-360 s of deleting others scans for an inode
# not recently deleted, which would be charged to the import being measured.
rm -rf "$pdfs.old"
if [[ -d "$pdfs" ]]; then mv "$pdfs" "$pdfs.old"; fi
KANALANSOKAN_BENCH_PDFS=$pdfs KANALANSOKAN_BENCH_WRITE_ONLY=1 \
    cargo bench --locked -p kanalansokan-core --bench register

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== pypdf, pinned to CPU $cpu"
taskset -c "$cpu" "$venv/bin/python" "$here/pypdf_extract.py" "$pdfs" --runs "$runs" | tee "$out/pypdf.txt"

if [[ "${1:-}" != "--no-rust" ]]; then
    echo "== kanalansokan-core register bench, pinned to CPU $cpu"
    KANALANSOKAN_BENCH_PDFS=$pdfs IMPORT_RUNS=$runs \
        taskset -c "$cpu" cargo bench --locked -p kanalansokan-core --bench register \
        | tee "$out/rust.txt"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$pdfs.old"
