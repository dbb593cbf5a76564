#!/usr/bin/env bash
# Issue 18's benchmark, side by side in one run (not a test):
#   kanalansokan import --register NEW.sqlite SCAN.pdf   (the release build; a fresh
#       register each run: it finds and reads the codes, checks the seal, validates,
#       archives the scan and stores the channels)
#   zbarimg (Debian zbar-tools) decoding the same page images, the JPEGs the scan PDF
#       was made from (QR only: `-Sdisable -Sqrcode.enable`, its fastest setting)
# for the page that carries the codes alone (a one-page scan) and for the whole
# printed application (two pages: the form with the pen signature, and the codes).
# Whole process each, alternating rounds (alternate.py): median and spread.
# Goal: our import faster than zbarimg's decode alone.
#
# Then the scan variants of src-tauri/core/tests/scan_import.rs (150/200/300 dpi; grey
# JPEG, black-and-white JPEG, black-and-white CCITT G4; rotation 0, 1, -2 degrees with
# noise when rotated, a pen scribble in the signature box when the rotation is
# negative; and the test's three fixed variants): for each, how many codes zbarimg
# finds and whether our import accepts the scan. Goal: every variant zbarimg decodes
# imports.
#
# The scans are made the way the test makes them: the paper-signed fixture
# (tests/fixtures/valid-application.json with a paper signature) rendered by
# `kanalansokan pdf`, `pdftoppm -r DPI -gray`, ImageMagick `convert` (rotation, noise,
# scribble, threshold), `img2pdf`. The timed scan is 300 dpi grey, rotated 1.5 degrees
# with noise, stored as one-channel JPEG (quality 75), as an office scanner's grey mode.
#
# Usage: .ci/bench/scan.sh [--install] [--no-variants]
# Env:   KANALANSOKAN_BIN (default $CARGO_TARGET_DIR or target/, then release/kanalansokan),
#        RUNS=15 (rounds), WARMUP=2.
# Needs: apt zbar-tools img2pdf imagemagick poppler-utils python3 (--install installs them).
# Output: target/scan-bench/ (the scans, results.md, alternate.json).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}

if [[ "${1:-}" == "--install" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        zbar-tools img2pdf imagemagick poppler-utils python3
    shift
fi
variants=1
[[ "${1:-}" == "--no-variants" ]] && variants=0

bin=${KANALANSOKAN_BIN:-$target/release/kanalansokan}
runs=${RUNS:-15}
warmup=${WARMUP:-2}
[[ -x "$bin" ]] || { echo "no release binary at $bin: cargo build --release -p kanalansokan-app --bin kanalansokan" >&2; exit 2; }
for tool in zbarimg img2pdf convert pdftoppm pdftotext python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run with --install" >&2; exit 2; }
done

out=$target/scan-bench
rm -rf "$out"
mkdir -p "$out/raw" "$out/variants"
cd "$out"

# The paper-signed application, rendered and sealed by our own `pdf`.
python3 - "$root/tests/fixtures/valid-application.json" paper.json <<'PY'
import json, sys
app = json.load(open(sys.argv[1], encoding="utf-8"))
app["approval"]["signature"] = {"kind": "paper"}
json.dump(app, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
"$bin" pdf paper.json -o paper.pdf >/dev/null
pages=$(pdfinfo paper.pdf | awk '/^Pages:/ {print $2}')
# The codes are numbered "1 av N" under each code; the page footer says "Sida 1 av 2".
codes=$(pdftotext -layout paper.pdf - | grep -cE '^\s*[0-9]+ av [0-9]+\s*$' || true)
code_page=$(for p in $(seq 1 "$pages"); do
    pdftotext -f "$p" -l "$p" -layout paper.pdf - | grep -qE '^\s*[0-9]+ av [0-9]+\s*$' && echo "$p"
done | tail -1)
(( codes > 0 )) || { echo "no codes found in the printed PDF" >&2; exit 1; }
# The signature box (for the scribble), in PDF points from the top left: it starts at
# the label "Underskrift" and runs to the right margin, about 60 pt high.
read -r sig_page sig_x sig_y < <(python3 - <<'PY'
import re, subprocess
html = subprocess.run(["pdftotext", "-bbox", "paper.pdf", "-"], capture_output=True, text=True).stdout
for page, body in enumerate(html.split("<page ")[1:], 1):
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Underskrift<', body)
    if m:
        print(page, m.group(1), m.group(2)); break
PY
)
echo "== printed application: $pages pages, $codes code(s) on page $code_page, signature box on page $sig_page"

# One scanned page image: scan_page DPI RAW.png OUT ROTATE NOISE(0/1) MONO(0/1) G4(0/1) SCRIBBLE(0/1) GREY(0/1)
scan_page() {
    local dpi=$1 raw=$2 dst=$3 rotate=$4 noise=$5 mono=$6 g4=$7 scribble=$8 grey=$9
    local args=("$raw")
    if (( scribble )); then
        # A pen stroke across the box, as the test draws it (page pixels, origin top left).
        local width curve
        { read -r width; read -r curve; } < <(python3 -c "
s = $dpi / 72; x0 = ($sig_x + 15) * s; x1 = ($sig_x + 170) * s; y = ($sig_y + 35) * s; a = 15 * s
print(max(s * 1.2, 2))
print(f'bezier {x0},{y} {x0 + (x1 - x0) / 3},{y - a} {x0 + 2 * (x1 - x0) / 3},{y + a} {x1},{y}')")
        args+=(-stroke black -strokewidth "$width" -fill none -draw "$curve")
    fi
    args+=(-background white -rotate "$rotate" +repage)
    (( noise )) && args+=(-attenuate 0.4 +noise Gaussian)
    if (( mono || g4 )); then
        args+=(-threshold 55% -type bilevel -compress Group4)
    else
        (( grey )) && args+=(-colorspace Gray)
        args+=(-quality 75)
    fi
    convert "${args[@]}" "$dst"
}

raw_pages() { # DPI: rasterise once per resolution
    local dpi=$1
    [[ -e raw/$dpi-1.png ]] || pdftoppm -r "$dpi" -gray -png paper.pdf "raw/$dpi"
    # pdftoppm pads the page number to the page count's width.
    ls raw/"$dpi"-*.png | sort
}

# ---- the timed scan: 300 dpi grey -------------------------------------------------------
mapfile -t raws < <(raw_pages 300)
bench_pages=()
for i in "${!raws[@]}"; do
    p=$((i + 1))
    scan_page 300 "${raws[$i]}" "page-$p.jpg" 1.5 1 0 0 "$(( p == sig_page ))" 1
    bench_pages+=("$out/page-$p.jpg")
done
img2pdf "${bench_pages[@]}" -o scan-whole.pdf
img2pdf "page-$code_page.jpg" -o scan-one-page.pdf
identify "page-$code_page.jpg" | sed 's/^/== timed page image: /'

zbar=(zbarimg --nodbus -q --xml -Sdisable -Sqrcode.enable)
found() { "${zbar[@]}" "$@" 2>/dev/null | grep -c '<symbol ' || true; }
check_import() { # SCAN.pdf: prints the verdict line, returns import's exit code
    local d
    d=$(mktemp -d "$out/check.XXXX")
    "$bin" import --register "$d/reg.sqlite" "$1" 2>&1 | head -1
    return "${PIPESTATUS[0]}"
}
for scan in scan-one-page.pdf scan-whole.pdf; do
    check_import "$scan" | sed "s/^/== check: /" || { echo "the timed scan $scan does not import" >&2; exit 1; }
done
(( $(found "page-$code_page.jpg") == codes )) || { echo "zbarimg does not decode the timed page" >&2; exit 1; }
(( $(found "${bench_pages[@]}") == codes )) || { echo "zbarimg does not decode the timed pages" >&2; exit 1; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== $(zbarimg --version 2>/dev/null | sed 's/^/zbarimg /'), kanalansokan $("$bin" --version | awk '{print $2}') at $bin"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
zbar_timed="zbarimg --nodbus -q --raw -Sdisable -Sqrcode.enable"
python3 "$here/alternate.py" --rounds "$runs" --warmup "$warmup" \
    --json alternate.json --fresh "$out/fresh" \
    --ratio "zbarimg, page $code_page image=import, one-page scan" \
    --ratio "zbarimg, all $pages page images=import, whole $pages-page scan" \
    --allow-exit "zbarimg, all $pages page images=4" \
    "import, one-page scan" "$bin import --register {fresh}/reg.sqlite $out/scan-one-page.pdf" \
    "zbarimg, page $code_page image" "$zbar_timed $out/page-$code_page.jpg" \
    "import, whole $pages-page scan" "$bin import --register {fresh}/reg.sqlite $out/scan-whole.pdf" \
    "zbarimg, all $pages page images" "$zbar_timed ${bench_pages[*]}" \
    | tee results.md
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the scan variants --------------------------------------------------------------------
if (( variants )); then
    {
        echo
        echo "| dpi | stored as | rotation ° | noise | scribble | zbarimg: codes found | import |"
        echo "|---:|---|---:|---|---|---:|---|"
    } | tee -a results.md
    # The test's three fixed variants, then its full matrix (KANALANSOKAN_SCAN_VARIANTS=all).
    # Fields: dpi mono g4 rotate noise scribble
    list=("200 0 0 1.5 1 1" "300 1 1 -1.0 0 0" "150 0 0 -2.0 0 1")
    for dpi in 150 200 300; do
        for mg in "0 0" "1 0" "1 1"; do
            for rot in 0 1 -2; do
                noise=$([[ $rot != 0 ]] && echo 1 || echo 0)
                scrib=$([[ $rot == -* ]] && echo 1 || echo 0)
                list+=("$dpi $mg $rot $noise $scrib")
            done
        done
    done
    decoded=0 decoded_imported=0 imported=0 n=0
    for v in "${list[@]}"; do
        read -r dpi mono g4 rot noise scrib <<<"$v"
        n=$((n + 1))
        mapfile -t raws < <(raw_pages "$dpi")
        ext=$([[ $g4 == 1 ]] && echo tif || echo jpg)
        imgs=()
        for i in "${!raws[@]}"; do
            p=$((i + 1))
            img="variants/$n-$p.$ext"
            scan_page "$dpi" "${raws[$i]}" "$img" "$rot" "$noise" "$mono" "$g4" "$(( scrib && p == sig_page ))" 0
            imgs+=("$img")
        done
        img2pdf "${imgs[@]}" -o "variants/$n.pdf"
        k=$(found "${imgs[@]}")
        if verdict=$(check_import "variants/$n.pdf"); then
            ok=1; imported=$((imported + 1))
        else
            ok=0
        fi
        verdict=${verdict#variants/$n.pdf: }
        (( ok )) && verdict=${verdict%% – *}  # "Importerad – Signerad på papper (skannad). …"
        if (( k >= codes )); then
            decoded=$((decoded + 1))
            decoded_imported=$((decoded_imported + ok))
        fi
        kind=$( ((g4)) && echo "b/w, CCITT G4" || { ((mono)) && echo "b/w, JPEG" || echo "grey, JPEG"; })
        echo "| $dpi | $kind | $rot | $( ((noise)) && echo yes || echo no) | $( ((scrib)) && echo yes || echo no) | $k of $codes | ${verdict} |" | tee -a results.md
    done
    {
        echo
        echo "variants: $n; zbarimg decodes $decoded, our import accepts $imported;" \
            "of those zbarimg decodes, imported: $decoded_imported of $decoded" \
            "($( ((decoded_imported == decoded)) && echo 'goal met' || echo 'goal NOT met'))"
    } | tee -a results.md
fi
echo "== results: $out/results.md"
