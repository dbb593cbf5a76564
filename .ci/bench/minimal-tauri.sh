#!/usr/bin/env bash
# Issue 5's floor: start-up and idle memory of a bare Tauri 2 window (minimal-tauri/),
# built with the app's Tauri versions (its Cargo.lock) and release profile, measured with
# the same script as the app. Not a test.
# Usage: .ci/bench/minimal-tauri.sh [RUNS] [IDLE_SECONDS]   (needs Xvfb, xdotool, as startup.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cp "$root/Cargo.lock" "$here/minimal-tauri/Cargo.lock"
(cd "$here/minimal-tauri" && CARGO_TARGET_DIR=$target cargo build --release)
ls -l "$target/release/mintauri"
python3 "$here/startup.py" "$target/release/mintauri" "${1:-5}" "${2:-5}"
