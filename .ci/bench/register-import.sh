#!/usr/bin/env bash
# Issue 4's import benchmark, side by side (not a test):
#   1. writes the 1,000 signed PDFs of `benches/register.rs` to a folder,
#   2. RUNS rounds, each: pypdf (PyPI, in a venv under target/) opens each PDF,
#      extracts kanalansokan.json and parses it (.ci/bench/pypdf_extract.py); then
#      `cargo bench -p kanalansokan-core --bench register` (release profile) imports
#      the same folder into a new register; both pinned to the same core, so each
#      round gives a ratio measured under the same conditions,
#   3. the rest of the register bench once (criterion: one import, filter, exports).
#
# Usage: .ci/bench/register-import.sh [--no-rust]
# Env:   CPU=1 (the core to pin to), RUNS=3 (rounds), CARGO_TARGET_DIR,
#        CARGO_BUILD_JOBS as usual, NO_WAIT=1 (see below).
# Output: target/register-bench/ (pdfs/, pypdf.txt, rust.txt).
#
# Deleting files makes creating files slower for the next minutes on ext4 without
# a journal (this CI/VM disk): the inode allocator skips inodes deleted in the
# last 60–300 s (`recently_deleted`), scanning past every one of them, and the
# import creates one archive file per PDF. So nothing is deleted while measuring:
# the registers of the rounds are kept until the end, and a run that starts
# within 5 minutes of the previous run's clean-up waits for that window to pass.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
out=$target/register-bench
pdfs=$out/pdfs
passes=$out/passes
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

if [[ ! -f "$pdfs/ansokan-0999.pdf" ]]; then
    echo "== writing the PDFs to $pdfs"
    KANALANSOKAN_BENCH_PDFS=$pdfs KANALANSOKAN_BENCH_WRITE_ONLY=1 \
        cargo bench --locked -p kanalansokan-core --bench register
else
    echo "== the PDFs in $pdfs are reused (delete the folder to write them anew)"
fi

if [[ -f "$out/cleaned-at" && -z "${NO_WAIT:-}" ]]; then
    wait=$(( $(stat -c %Y "$out/cleaned-at") + 300 - $(date +%s) ))
    if (( wait > 0 )); then
        echo "== waiting ${wait} s: the previous run deleted its registers (see the top of this script)"
        sleep "$wait"
    fi
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$out/pypdf.txt"
: > "$out/rust.txt"
mkdir -p "$passes"
for round in $(seq 1 "$runs"); do
    echo "== round $round/$runs: pypdf, then kanalansokan's import, pinned to CPU $cpu"
    taskset -c "$cpu" "$venv/bin/python" "$here/pypdf_extract.py" "$pdfs" --runs 1 \
        | tee -a "$out/pypdf.txt"
    if [[ "${1:-}" != "--no-rust" ]]; then
        TMPDIR=$passes KANALANSOKAN_BENCH_KEEP=1 KANALANSOKAN_BENCH_PDFS=$pdfs \
            KANALANSOKAN_BENCH_REUSE=1 KANALANSOKAN_BENCH_IMPORT_ONLY=1 IMPORT_RUNS=1 \
            taskset -c "$cpu" cargo bench --locked -p kanalansokan-core --bench register \
            | tee -a "$out/rust.txt"
    fi
done

if [[ "${1:-}" != "--no-rust" ]]; then
    python3 "$here/import_ratio.py" "import" "$out/pypdf.txt" "$out/rust.txt"
    echo "== the rest of the register bench (criterion), pinned to CPU $cpu"
    KANALANSOKAN_BENCH_PDFS=$pdfs KANALANSOKAN_BENCH_REUSE=1 IMPORT_RUNS=0 \
        taskset -c "$cpu" cargo bench --locked -p kanalansokan-core --bench register \
        | tee -a "$out/rust.txt"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$passes"
touch "$out/cleaned-at"
