#!/usr/bin/env bash
# Issue 17: the window against a bare Tauri 2 window (minimal-tauri/, the same Tauri and
# release profile), side by side in alternating rounds: first paint and idle PSS per
# process, medians and spread, and ours minus the bare window per round. Not a test.
# Usage: .ci/bench/startup-compare.sh [ROUNDS] [IDLE_SECONDS]   (defaults 6 and 5)
#   Builds both release binaries first (KANALANSOKAN_BIN skips building the app);
#   needs Xvfb, xdotool and libX11 as startup.sh. Output: .ci/bench/out/startup-compare.{md,json}
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
if [[ -z "${KANALANSOKAN_BIN:-}" ]]; then
    (cd "$root" && cargo build --release -p kanalansokan-app --bin kanalansokan-window)
fi
bin=${KANALANSOKAN_BIN:-$target/release/kanalansokan-window}
cp "$root/Cargo.lock" "$here/minimal-tauri/Cargo.lock"
(cd "$here/minimal-tauri" && CARGO_TARGET_DIR=$target cargo build --release)
mkdir -p "$here/out"
echo "== machine: $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/startup_compare.py" --rounds "${1:-6}" --idle "${2:-5}" \
    --json "$here/out/startup-compare.json" \
    bare "$target/release/mintauri" kanalansokan "$bin" | tee "$here/out/startup-compare.md"
