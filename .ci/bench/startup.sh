#!/usr/bin/env bash
# Start-up, idle memory and sizes of the release build (issue 5's benchmark; not a test).
#   start:  new process -> window mapped, and -> web page painted, on Xvfb (startup.py says how)
#   memory: PSS (and RSS) of ALL the app's processes after IDLE seconds, /proc/PID/smaps_rollup
#   sizes:  target/release/kanalansokan-window and kanalansokan, and the .deb/.rpm from .ci/bundle.sh
# Usage: .ci/bench/startup.sh [--install]     RUNS=10 IDLE=5 (defaults)
# Output: .ci/bench/out/startup.md, startup.json and startup.png (gitignored)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [[ "${1:-}" == "--install" ]]; then
    apt-get install -y xvfb xdotool imagemagick libx11-6
fi
bin=${KANALANSOKAN_BIN:-$root/target/release/kanalansokan-window}
bundle=${CARGO_TARGET_DIR:-$root/target}/release/bundle
[[ -x "$bin" ]] || { echo "no release binary at $bin: run .ci/bundle.sh first" >&2; exit 2; }
for tool in Xvfb xdotool import python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run with --install" >&2; exit 2; }
done

out="$here/out"
mkdir -p "$out"
echo "== machine: $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
STARTUP_SCREENSHOT="$out/startup.png" \
    python3 "$here/startup.py" "$bin" "${RUNS:-10}" "${IDLE:-5}" > "$out/startup.json"
# The same with WebKit's accelerated compositing off: under Xvfb there is no GPU, so
# WebKit's GL path runs on Mesa's software renderer (llvmpipe, libLLVM in both processes).
WEBKIT_DISABLE_COMPOSITING_MODE=1 \
    python3 "$here/startup.py" "$bin" "${RUNS:-10}" "${IDLE:-5}" > "$out/startup-nocomp.json"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

deb=$(ls -t "$bundle"/deb/*.deb 2>/dev/null | head -n 1 || true)
rpm=$(ls -t "$bundle"/rpm/*.rpm 2>/dev/null | head -n 1 || true)
python3 - "$out/startup.json" "$bin" "${deb:-}" "${rpm:-}" "$out/startup-nocomp.json" <<'PY' | tee "$out/startup.md"
import json, os, sys
r = json.load(open(sys.argv[1]))
n = json.load(open(sys.argv[5]))
mb = lambda path: os.path.getsize(path) / 1e6 if path else None
binary, deb, rpm = mb(sys.argv[2]), mb(sys.argv[3]), mb(sys.argv[4])
ok = lambda good: "met" if good else "**missed**"
print("| measure | as shipped | goal | | with WEBKIT_DISABLE_COMPOSITING_MODE=1 |")
print("|---|---:|---:|---|---:|")
print(f"| start → window mapped (median of {r['runs']}) | {r['mapped_ms_median']:.0f} ms | ≤ 500 ms | {ok(r['mapped_ms_median'] <= 500)} | {n['mapped_ms_median']:.0f} ms |")
print(f"| start → page painted (median of {r['runs']}) | {r['painted_ms_median']:.0f} ms | ≤ 500 ms | {ok(r['painted_ms_median'] <= 500)} | {n['painted_ms_median']:.0f} ms |")
print(f"| idle memory, all processes, PSS (after {r['idle_seconds']:g} s) | {r['idle_pss_mib_median']} MiB | ≤ 150 MB | {ok(r['idle_pss_mib_median'] * 1.048576 <= 150)} | {n['idle_pss_mib_median']} MiB |")
print(f"| idle memory, all processes, RSS (for comparison) | {r['idle_rss_mib_median']} MiB | – | | {n['idle_rss_mib_median']} MiB |")
print(f"| release binary | {binary:.2f} MB | ≤ 10 MB | {ok(binary <= 10)} | |")
if deb:
    print(f"| .deb | {deb:.2f} MB | ≤ 4 MB | {ok(deb <= 4)} | |")
if rpm:
    print(f"| .rpm | {rpm:.2f} MB | – | | |")
print()
for label, res in (("as shipped", r), ("compositing off", n)):
    print(f"Processes ({label}, last run): " + ", ".join(
        f"{p['name']} {p['pss_mib']} MiB PSS / {p['rss_mib']} MiB RSS" for p in res["last_run_processes"]))
    print(f"All runs ({label}), mapped ms: {res['mapped_ms_all']}; painted ms: {res['painted_ms_all']}")
    print()
PY
