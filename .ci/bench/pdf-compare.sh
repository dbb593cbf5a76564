#!/usr/bin/env bash
# Whole-process PDF render, side by side in one run (issue 3's benchmark; not a test):
#   kanalansokan pdf APP.json -o OUT.pdf            (the release build)
#   headless Chromium printing an HTML version of the same application
#   Typst (PyPI `typst`) compiling the same form from the same JSON, PDF/A-3b + attachment
# For each: wall time (hyperfine), peak memory (peakmem.py), output size and pages.
#
# Usage: .ci/bench/pdf-compare.sh [APP.json]     (default tests/fixtures/signed-application.json)
# Needs: target/release/kanalansokan (build it with .ci/bundle.sh, or set KANALANSOKAN_BIN),
#        apt: hyperfine chromium poppler-utils; pip: typst. --install installs those.
# Output: .ci/bench/out/ (gitignored): the three PDFs, results.md, hyperfine JSON.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [[ "${1:-}" == "--install" ]]; then
    apt-get install -y hyperfine chromium poppler-utils
    python3 -m pip install typst
    shift
fi

app=$(realpath "${1:-$root/tests/fixtures/signed-application.json}")
bin=${KANALANSOKAN_BIN:-$root/target/release/kanalansokan}
runs=${RUNS:-20}
[[ -x "$bin" ]] || { echo "no release binary at $bin: run .ci/bundle.sh first" >&2; exit 2; }
for tool in hyperfine chromium pdfinfo python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run with --install" >&2; exit 2; }
done
python3 -c 'import typst' 2>/dev/null || { echo "missing PyPI typst: run with --install" >&2; exit 2; }
# The interpreter itself, not a pyenv shim (a shim is a shell script that costs ~0.8 s per start).
py=$(python3 -c 'import sys; print(sys.executable)')

out="$here/out"
rm -rf "$out"
mkdir -p "$out/typst" "$out/chromium-profile"
cp "$app" "$out/typst/app.json"
cp "$here/form.typ" "$out/typst/form.typ"
python3 "$here/app_html.py" "$app" "$out/app.html"

# A persistent profile directory: Chromium starts warm after hyperfine's warm-up runs,
# which is the kind reading for Chromium.
chromium_cmd="chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
--disable-component-update --disable-sync --no-first-run --user-data-dir=$out/chromium-profile \
--no-pdf-header-footer --print-to-pdf=$out/chromium.pdf file://$out/app.html"
kanal_cmd="$bin pdf $app -o $out/kanalansokan.pdf"
typst_cmd="$py $here/typst_compile.py once $out/typst $out/typst.pdf"
python_cmd="$py -c 'import typst'"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== kanalansokan $("$bin" --version 2>/dev/null || echo '(no --version)'), $(chromium --version 2>/dev/null), typst (PyPI) $(python3 -c 'import importlib.metadata as m; print(m.version("typst"))')"

hyperfine --warmup 3 --runs "$runs" -N --export-json "$out/hyperfine.json" \
    -n kanalansokan "$kanal_cmd" \
    -n "typst (python3 process)" "$typst_cmd" \
    -n "python3 + import typst only" "$python_cmd" \
    -n chromium "$chromium_cmd" 2>&1 | grep -v -e '^\s*$'

mem_runs=${MEM_RUNS:-5}
{
    python3 "$here/peakmem.py" "$mem_runs" kanalansokan -- $kanal_cmd
    python3 "$here/peakmem.py" "$mem_runs" "typst (python3 process)" -- $typst_cmd
    python3 "$here/peakmem.py" "$mem_runs" chromium -- $chromium_cmd
} > "$out/memory.jsonl"

warm=$(python3 "$here/typst_compile.py" warm "$out/typst" "$out/typst-warm.pdf" 50)

python3 - "$out" "$warm" <<'PY'
import json, os, subprocess, sys
out, warm = sys.argv[1], json.loads(sys.argv[2])
hf = {r["command"]: r for r in json.load(open(f"{out}/hyperfine.json"))["results"]}
mem = {m["label"]: m for m in map(json.loads, open(f"{out}/memory.jsonl"))}
def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")), "?")
def attached(pdf):
    listing = subprocess.run(["pdfdetach", "-list", pdf], capture_output=True, text=True).stdout
    return "yes" if "kanalansokan.json" in listing else "no"
rows = [("kanalansokan", "kanalansokan.pdf"), ("typst (python3 process)", "typst.pdf"),
        ("chromium", "chromium.pdf"), ("python3 + import typst only", None)]
lines = ["| renderer (whole process) | mean ± σ ms | median ms | min ms | peak RSS, largest process MiB | peak PSS, all processes MiB (sampled) | processes | PDF bytes | pages | JSON attached |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
for name, pdf in rows:
    h = hf[name]; m = mem.get(name)
    ms = lambda v: f"{v * 1000:.1f}"
    size = os.path.getsize(f"{out}/{pdf}") if pdf else None
    lines.append(f"| {name} | {ms(h['mean'])} ± {ms(h['stddev'])} | {ms(h['median'])} | {ms(h['min'])} | "
                 + (f"{m['max_rss_mib']} | {m['tree_pss_mib'] or 'too short to sample'} | {m['processes']} | " if m else "– | – | – | ")
                 + (f"{size:,} | {pages(f'{out}/{pdf}')} | {attached(f'{out}/{pdf}')} |" if pdf else "– | – | – |"))
lines.append(f"| typst, Compiler kept warm (in-process, {warm['runs']} compiles) | – | {warm['median_ms']} | {warm['min_ms']} | – | – | – | – | – | – |")
text = "\n".join(lines) + "\n"
open(f"{out}/results.md", "w").write(text)
print(text)
PY
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== results: $out/results.md"
