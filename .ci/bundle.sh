#!/usr/bin/env bash
# Builds the installers for this OS in ONE `tauri build` call.
#
# The Tauri CLI comes from the npm registry (a prebuilt binary, installed in seconds into
# .ci/.npm, gitignored) rather than `cargo install tauri-cli` (about 17 minutes to compile).
#
#   Linux:   .deb and .rpm  (AppImage is left out: its tools are downloaded at build time);
#            one compile, then one bundle step with ASCII package names (see below)
#   Windows: .msi (WiX, Swedish) and NSIS setup .exe   — run from Git Bash
#   macOS:   .app and .dmg
#
# Usage: .ci/bundle.sh [--check]      BUNDLES="deb" .ci/bundle.sh   (override the formats)
# --check (Linux): list and inspect the .deb (desktop entry, binary, icons) after building.
# Output: target/release/bundle/<format>/
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cli_dir="$root/.ci/.npm"
tauri="$cli_dir/node_modules/.bin/tauri"
# Same minor version as the `tauri` crate (~2.12): CLI and runtime must agree on the config.
cli_version="~2.12"

if [[ ! -x "$tauri" ]]; then
    echo "== Installing @tauri-apps/cli@$cli_version into $cli_dir"
    npm install --prefix "$cli_dir" --no-audit --no-fund "@tauri-apps/cli@$cli_version"
fi

if [[ -z "${BUNDLES:-}" ]]; then
    case "$(uname -s)" in
        Linux) BUNDLES="deb,rpm" ;;
        Darwin) BUNDLES="app,dmg" ;;
        MINGW* | MSYS* | CYGWIN*) BUNDLES="msi,nsis" ;;
        *) echo "unknown OS $(uname -s); set BUNDLES" >&2; exit 2 ;;
    esac
fi

cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bundle_dir="$target_dir/release/bundle"
if [[ "$(uname -s)" == Linux ]]; then
    # Linux package names must be ASCII ("kanalansökan" is refused by rpm, and by dpkg on
    # install), and Tauri derives them from productName. So compile once with the real
    # configuration, then bundle with .ci/linux/bundle.json merged in: package and file
    # name "kanalansokan", a desktop entry that still says Name=Kanalansökan, xz for the rpm.
    echo "== tauri build --no-bundle ($("$tauri" --version))"
    "$tauri" build --ci --no-bundle
    rm -rf "$bundle_dir/deb" "$bundle_dir/rpm"
    echo "== tauri bundle --bundles $BUNDLES --config .ci/linux/bundle.json"
    "$tauri" bundle --ci --bundles "$BUNDLES" --config "$root/.ci/linux/bundle.json"
    # Tauri writes the .deb with gzip; Debian's own packages use xz, which makes the
    # installer about a quarter smaller (4.2 -> 3.1 MB). Repack when dpkg-deb is there.
    for deb in "$bundle_dir"/deb/*.deb; do
        if command -v dpkg-deb >/dev/null; then
            unpacked=$(mktemp -d)
            dpkg-deb -R "$deb" "$unpacked/pkg"
            dpkg-deb --root-owner-group -Zxz -z9 -b "$unpacked/pkg" "$deb" >/dev/null
            rm -rf "$unpacked"
        fi
    done
else
    echo "== tauri build --bundles $BUNDLES ($("$tauri" --version))"
    "$tauri" build --ci --bundles "$BUNDLES"
fi

echo "== Built:"
find "$bundle_dir" -maxdepth 2 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.msi' \
    -o -name '*.exe' -o -name '*.dmg' \) -exec ls -l {} \;

if [[ "${1:-}" == "--check" && "$(uname -s)" == Linux ]]; then
    deb=$(ls -t "$bundle_dir"/deb/*.deb | head -n 1)
    echo "== dpkg-deb -I $deb"
    dpkg-deb -I "$deb"
    echo "== dpkg-deb -c $deb"
    dpkg-deb -c "$deb"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    dpkg-deb -x "$deb" "$work"
    desktop=$(find "$work/usr/share/applications" -name '*.desktop' | head -n 1)
    echo "== $desktop"
    cat "$desktop"
    fail=0
    grep -qx 'Name=Kanalansökan' "$desktop" || { echo "missing Name=Kanalansökan" >&2; fail=1; }
    grep -q '^Icon=.' "$desktop" || { echo "missing Icon=" >&2; fail=1; }
    grep -q '^Categories=.*Office' "$desktop" || { echo "missing Categories=Office" >&2; fail=1; }
    # The window (what the menu entry starts) and the command-line tool beside it.
    [[ -x "$work/usr/bin/kanalansokan-window" ]] || { echo "missing /usr/bin/kanalansokan-window" >&2; fail=1; }
    [[ -x "$work/usr/bin/kanalansokan" ]] || { echo "missing /usr/bin/kanalansokan" >&2; fail=1; }
    grep -qx 'Exec=kanalansokan-window' "$desktop" || { echo "Exec is not the window" >&2; fail=1; }
    ls "$work"/usr/share/icons/hicolor/*/apps/kanalansokan*.png >/dev/null \
        || { echo "missing hicolor icons" >&2; fail=1; }
    [[ $fail == 0 ]] && echo "== .deb looks complete"
    exit $fail
fi
