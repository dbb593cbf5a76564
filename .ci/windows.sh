#!/usr/bin/env bash
# Kanalansökan for Windows, built on Linux (Debian 12) with mingw-w64 and tested under Wine
# (issue 15). Installs what is missing; safe to run again.
#
#   .ci/windows.sh gate       both binaries build for x86_64-pc-windows-gnu and the core's
#                             tests compile for it (cargo build / cargo test --no-run, dev
#                             profile): Windows-only code cannot rot
#   .ci/windows.sh ffi        only the window's start-up guard and print verb (std only,
#                             a minute): compiled for Windows and run under Wine
#   .ci/windows.sh test       gate, then the core's tests under Wine and the command line
#                             under Wine (Swedish paths; the PDF byte for byte the Linux one's)
#   .ci/windows.sh installer  release build (the page embedded), import check, NSIS installer
#                             and zip, then a silent install, the installed CLI, and the
#                             uninstall under Wine
#   .ci/windows.sh all        test, then installer
#
# Output: $CARGO_TARGET_DIR/windows/ (default target/windows/): the installer
# Kanalansokan-<version>-setup.exe, the zip for IT departments, the Wine prefix, and
# timings.txt (seconds per step, appended on every run).
# Optional: WINEPREFIX (default: the one above), KANALANSOKAN_LINUX_CLI (the Linux
# `kanalansokan` to compare the PDF with, built from the same commit; default: built in
# $CARGO_TARGET_DIR/debug).
#
# Wine 8.0 lacks bcryptprimitives.dll, which Rust's standard library (>= 1.78) asks for
# ProcessPrng; a stand-in (.ci/windows/bcryptprimitives.c) goes into the Wine prefix's
# system32 for the tests only. It is never put beside the app or into the installer.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source .ci/lib.sh

mode="${1:-all}"
case "$mode" in gate | ffi | test | installer | all) ;; *)
  echo "usage: $0 [gate|ffi|test|installer|all]" >&2
  exit 2
  ;;
esac

TARGET=x86_64-pc-windows-gnu
target_dir="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$target_dir"
target_dir=$(cd "$target_dir" && pwd)
out="$target_dir/windows"
mkdir -p "$out"
timings="$out/timings.txt"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Both binaries are built with Tauri's custom protocol (as `tauri build` does): the page is
# served from the exe, not from a dev server. The same features in every mode, so the gate's
# and the tests' dependencies are built once.
FEATURES=(--features tauri/custom-protocol)

# step NAME COMMAND...: runs it and writes how long it took.
step() {
  local name=$1 start rc=0
  shift
  echo "== $name"
  start=$(date +%s)
  "$@" || rc=$?
  local secs=$(($(date +%s) - start))
  echo "== $name: ${secs} s (exit $rc)"
  echo "$(date -u +%FT%TZ) $mode $name ${secs}s exit=$rc" >>"$timings"
  return "$rc"
}

ensure_rust
packages=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64)
if [ "$mode" != gate ]; then packages+=(wine64); fi
if [ "$mode" = installer ] || [ "$mode" = all ]; then packages+=(nsis zip unzip python3); fi
ensure_apt "${packages[@]}"
if ! rustup target list --installed | grep -qx "$TARGET"; then
  rustup target add "$TARGET"
fi

WINE=/usr/lib/wine/wine64 # Debian 12: not on PATH
[ -x "$WINE" ] || WINE=$(command -v wine64 || command -v wine || true)

# A Wine prefix of our own (created once), with the ProcessPrng stand-in in system32.
wine_setup() {
  export WINEPREFIX="${WINEPREFIX:-$out/wineprefix}" WINEDEBUG="${WINEDEBUG:--all}"
  # No Mono/Gecko download prompts: nothing here needs .NET or the HTML engine.
  export WINEDLLOVERRIDES="mscoree,mshtml="
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    "$WINE" wineboot --init >/dev/null 2>&1
    wineserver_wait
  fi
  local dll="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  if [ ! -f "$dll" ] || [ .ci/windows/bcryptprimitives.c -nt "$dll" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" .ci/windows/bcryptprimitives.c -ladvapi32
  fi
}
wineserver_wait() {
  local ws=/usr/lib/wine/wineserver64
  [ -x "$ws" ] || ws=$(command -v wineserver || true)
  [ -n "$ws" ] && "$ws" -w || true
}
# Linux path -> Windows path in the prefix (C:\...).
winpath() { "$WINE" winepath -w "$1" 2>/dev/null | tr -d '\r'; }

gate() {
  step "gate: build both binaries (dev)" \
    cargo build --locked --target "$TARGET" -p kanalansokan-app --bins "${FEATURES[@]}" || return
  step "gate: core tests compile (dev, no doctests)" \
    cargo test --locked --target "$TARGET" -p kanalansokan-core --lib --tests --no-run
}

# Imports of an exe or DLL: only Windows' own DLLs and WebView2Loader.dll are allowed (no
# libgcc/libwinpthread/libstdc++ from mingw, nothing else that Windows does not have).
check_imports() {
  local exe=$1 bad
  bad=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\tDLL Name: //p' | tr 'A-Z' 'a-z' |
    grep -vE '^((kernel32|user32|gdi32|advapi32|shell32|ole32|oleaut32|comctl32|comdlg32|combase|uxtheme|dwmapi|shlwapi|ws2_32|bcrypt|bcryptprimitives|ntdll|crypt32|secur32|userenv|version|winmm|imm32|msimg32|propsys|uiautomationcore|setupapi|dbghelp|powrprof|iphlpapi|netapi32|rpcrt4|msvcrt|ucrtbase|api-ms-win-[a-z0-9-]+|webview2loader)\.dll|winspool\.drv)$' || true)
  echo "$(basename "$exe") importerar: $(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\tDLL Name: //p' | tr '\n' ' ')"
  if [ -n "$bad" ]; then
    echo "FEL: $(basename "$exe") importerar DLL-filer som Windows inte har: $bad" >&2
    return 1
  fi
}

# cli_smoke EXE: the Windows command line under Wine on paths with Swedish letters and
# spaces: --version, pdf, verify, import, export. The PDF must be byte for byte the one the
# Linux build writes for the same application (rendering is deterministic).
cli_smoke() {
  local exe=$1
  wine_setup
  # The Linux CLI to compare with: given, or built here (in CI warm from .ci/test.sh).
  local linux_cli="${KANALANSOKAN_LINUX_CLI:-}"
  if [ -z "$linux_cli" ]; then
    linux_cli="$target_dir/debug/kanalansokan"
    cargo build --locked -q -p kanalansokan-app --bin kanalansokan
  fi
  local home="$WINEPREFIX/drive_c/users/Åsa Öberg/Dokument"
  rm -rf "$WINEPREFIX/drive_c/users/Åsa Öberg"
  mkdir -p "$home"
  cp tests/fixtures/signed-application.json "$home/Ansökan 1.json"
  local w_json w_pdf w_reg w_csv w_html
  w_json=$(winpath "$home/Ansökan 1.json")
  w_pdf=$(winpath "$home/Ansökan 1.pdf")
  w_reg=$(winpath "$home/Register för Åsa.sqlite")
  w_csv=$(winpath "$home/Förteckning.csv")
  w_html=$(winpath "$home/Förteckning.html")
  echo "Windows-sökvägar: $w_json -> $w_pdf"
  local v
  v=$("$WINE" "$exe" --version | tr -d '\r')
  echo "$v"
  [ "$v" = "kanalansokan $(cargo_version)" ] || { echo "FEL: --version gav '$v'" >&2; return 1; }
  # `|| return`: set -e does not hold inside a function called by `step`.
  "$WINE" "$exe" pdf "$w_json" -o "$w_pdf" || return
  "$WINE" "$exe" verify "$w_pdf" || return
  "$WINE" "$exe" import --register "$w_reg" "$w_pdf" || return
  "$WINE" "$exe" export --register "$w_reg" --format csv -o "$w_csv" || return
  "$WINE" "$exe" export --register "$w_reg" --format html -o "$w_html" || return
  [ -s "$home/Förteckning.csv" ] && [ -s "$home/Förteckning.html" ] ||
    { echo "FEL: exporten saknas" >&2; return 1; }
  # The same under Linux.
  local lin
  lin=$(mktemp -d)
  cp tests/fixtures/signed-application.json "$lin/Ansökan 1.json"
  "$linux_cli" pdf "$lin/Ansökan 1.json" -o "$lin/Ansökan 1.pdf" >/dev/null || return
  "$linux_cli" import --register "$lin/reg.sqlite" "$lin/Ansökan 1.pdf" >/dev/null || return
  "$linux_cli" export --register "$lin/reg.sqlite" --format csv -o "$lin/f.csv" || return
  "$linux_cli" export --register "$lin/reg.sqlite" --format html -o "$lin/f.html" || return
  if cmp "$lin/Ansökan 1.pdf" "$home/Ansökan 1.pdf"; then
    echo "PDF: byte för byte samma som Linux-byggets ($(stat -c %s "$lin/Ansökan 1.pdf") byte)"
  else
    echo "FEL: PDF-filen från Windows-bygget skiljer sig från Linux-byggets" >&2
    # The usual cause: a Linux CLI (KANALANSOKAN_LINUX_CLI) built from other sources.
    echo "Linux: $(grep -a -o -m1 'pdf-renderare [0-9]*' "$lin/Ansökan 1.pdf"), Windows:" \
      "$(grep -a -o -m1 'pdf-renderare [0-9]*' "$home/Ansökan 1.pdf")" >&2
    return 1
  fi
  for f in csv html; do
    if cmp -s "$lin/f.$f" "$home/Förteckning.$f"; then
      echo "Export $f: samma som Linux-byggets"
    else
      echo "Export $f: skiljer sig från Linux-byggets (tidpunkter?):"
      diff <(tr -d '\r' <"$lin/f.$f") <(tr -d '\r' <"$home/Förteckning.$f") | head -n 10 || true
    fi
  done
  rm -rf "$lin"
}

cargo_version() {
  sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1
}

# The window's Windows-only code that needs no Tauri (start-up guard, print verb), with
# std alone: compiled in seconds and run under Wine, before the long builds.
shell_ffi() {
  local dir="$out/shell-ffi" code=0 text
  mkdir -p "$dir"
  rustc --edition 2024 --target "$TARGET" --crate-type rlib --crate-name log \
    .ci/windows/fake_log.rs -o "$dir/liblog.rlib" || return
  rustc --edition 2024 --target "$TARGET" --extern log="$dir/liblog.rlib" -A dead_code \
    .ci/windows/shell_ffi_main.rs -o "$dir/shell-ffi.exe" || return
  rustc --edition 2024 --target "$TARGET" --test --extern log="$dir/liblog.rlib" -A dead_code \
    .ci/windows/shell_ffi_main.rs -o "$dir/shell-ffi-tests.exe" || return
  "$WINE" "$dir/shell-ffi-tests.exe" || return
  "$WINE" "$dir/shell-ffi.exe" ready || return
  text=$(DISPLAY= timeout 180 "$WINE" "$dir/shell-ffi.exe" 2>&1) || code=$?
  echo "$text"
  if [ "$code" -ne 2 ] || ! grep -q "Kanalansökan kunde inte öppna sitt fönster" <<<"$text"; then
    echo "FEL: en panik under starten gav kod $code (124 = hängde), inte 2 med meddelandet" >&2
    return 1
  fi
}

# Core tests that run a Linux tool to make or check their data, which a Windows process
# under Wine cannot start; they run on Linux in .ci/test.sh. Measured 2026-12-06: the
# first 12 fail under Wine only with "program not found", everything else passes.
WINE_SKIP=(
  # pdfsig (poppler) checks the signed PDF
  signing_with_a_certificate_file_stores_the_signed_pdf_that_pdfsig_and_the_verifier_accept
  # openssl mints the test keys and .p12 files (tests/pades_support)
  cli_sign_with_p12_then_verify_names_the_signer
  certificate_verdicts_expired_not_yet_valid_revoked_key_usage
  expired_certificate_refuses_to_sign
  hostile_corpus_gets_one_verdict_each
  rsa_p12_signature_is_valid_for_us_pdfsig_and_qpdf
  ecdsa_p12_signature_is_valid_for_us_pdfsig_and_qpdf
  wrong_p12_password_and_not_a_p12_have_their_own_codes
  widget_sits_over_the_signature_box
  widget_follows_the_signature_box_to_a_later_page
  # ... and the register's signed-import tests (tests/register_import_signed.rs) sign with them
  a_certificate_name_other_than_namnfortydligande_imports_with_a_warning
  a_crl_past_its_next_update_imports_with_a_warning_that_it_is_out_of_date
  a_signed_pdf_is_imported_and_who_signed_is_recorded_everywhere
  a_signing_time_after_the_import_imports_with_a_warning
  each_hostile_signed_file_gets_its_own_verdict_and_leaves_nothing_behind
  a_batch_with_refused_files_among_good_ones_keeps_exactly_the_good_ones
  # pdftotext reads the page's "Elektroniskt signerad" line back
  the_page_says_whether_the_file_is_digitally_signed
  # pdftoppm and zbarimg turn the printed QR codes into images and read them back
  paper_signed_and_draft_pages_as_images_for_looking_at
  the_page_says_what_the_codes_are_and_numbers_them
  zbarimg_reads_the_codes_back_to_the_same_application_at_300_and_150_dpi
  many_codes_read_back_and_too_much_text_prints_a_note_instead
  a_notice_on_paper_carries_its_codes_and_zbarimg_reads_them_back
  # SoftHSM2 is a Linux PKCS#11 module; Wine even starts tests/softhsm/setup.sh (a full
  # path) as a Unix program, which then made a folder named "C:\users\…\Temp\.tmp…" in
  # src-tauri/core before the test skipped itself
  softhsm_rsa_and_ecdsa_keys_sign_valid_pdfs_and_wrong_pin_is_told
)

wine_tests() {
  wine_setup
  local skip=() t
  for t in "${WINE_SKIP[@]}"; do skip+=(--skip "$t"); done
  step "test: start-up guard and print verb under Wine (std only)" shell_ffi || return
  # Doctests are left out (--lib --tests): under Wine they took 6 min and test nothing
  # Windows-specific. Tests that need poppler/qpdf skip themselves: a Windows process
  # cannot run the Linux tools (KANALANSOKAN_REQUIRE_PDF_TOOLS stays unset here); those
  # that do not yet are in WINE_SKIP.
  # The REQUIRE variables and tool paths of .ci/test.sh name Linux tools: unset here.
  step "test: core tests under Wine" env -u KANALANSOKAN_REQUIRE_PDF_TOOLS \
    -u KANALANSOKAN_REQUIRE_PDFA_LINT -u KANALANSOKAN_REQUIRE_SCAN_TOOLS \
    -u KANALANSOKAN_REQUIRE_SOFTHSM -u KANALANSOKAN_REQUIRE_PYHANKO \
    -u KANALANSOKAN_REQUIRE_BROWSER -u KANALANSOKAN_PYHANKO -u KANALANSOKAN_AXE \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WINE" \
    cargo test --locked --target "$TARGET" -p kanalansokan-core --lib --tests --no-fail-fast \
    -- "${skip[@]}" || return
  step "test: command line under Wine" \
    cli_smoke "$target_dir/$TARGET/debug/kanalansokan.exe"
}

# The exe's version resource (what Explorer shows under Properties > Details), written by
# tauri-build from tauri.conf.json through mingw's windres: the version, product and
# publisher must be there, the product name with its "ö" intact. The StringFileInfo
# values are UTF-16LE key/value pairs (VS_VERSIONINFO, Win32 "String structure").
check_version_resource() {
  local exe=$1
  python3 - "$exe" "$(cargo_version)" <<'PY' || return
import sys
data = open(sys.argv[1], "rb").read()
table = max(data.find("StringFileInfo".encode("utf-16-le")), 0)
def value(key):
    k = key.encode("utf-16-le") + b"\0\0"
    i = data.find(k, table)
    if i < 0:
        return None
    j = i + len(k)
    while data[j:j + 2] == b"\0\0":  # padding to 32 bits
        j += 2
    end = j
    while end < len(data) and data[end:end + 2] != b"\0\0":
        end += 2
    return data[j:end].decode("utf-16-le", "replace")
want = {"FileVersion": sys.argv[2], "ProductVersion": sys.argv[2],
        "ProductName": "Kanalansökan", "CompanyName": "Smedjebackens kommun"}
got = {k: value(k) for k in ["FileVersion", "ProductVersion", "ProductName",
                             "FileDescription", "CompanyName", "LegalCopyright"]}
name = sys.argv[1].replace("\\", "/").rsplit("/", 1)[-1]
print(name + " versionsinformation: " + "; ".join(f"{k}={v}" for k, v in got.items()))
bad = [k for k, v in want.items() if got[k] != v]
if bad:
    sys.exit("FEL: " + name + " har fel versionsinformation: " + ", ".join(bad))
PY
}

release() {
  step "installer: release build of both binaries" \
    cargo build --locked --release --target "$TARGET" -p kanalansokan-app --bins "${FEATURES[@]}" || return
  local bin="$target_dir/$TARGET/release"
  [ -f "$bin/WebView2Loader.dll" ] || { echo "FEL: WebView2Loader.dll saknas i $bin" >&2; return 1; }
  check_imports "$bin/kanalansokan.exe" && check_imports "$bin/kanalansokan-window.exe" &&
    check_version_resource "$bin/kanalansokan.exe" &&
    check_version_resource "$bin/kanalansokan-window.exe"
}

installer() {
  local bin="$target_dir/$TARGET/release" version setup zipdir
  version=$(cargo_version)
  setup="$out/Kanalansokan-$version-setup.exe"
  local size_kb=$(( ($(stat -c %s "$bin/kanalansokan.exe") + $(stat -c %s "$bin/kanalansokan-window.exe") + $(stat -c %s "$bin/WebView2Loader.dll")) / 1024 ))
  step "installer: makensis" makensis -V2 -INPUTCHARSET UTF8 \
    -DVERSION="$version" -DBINDIR="$bin" -DICON="$root/icons/icon.ico" \
    -DOUTFILE="$setup" -DSIZE_KB="$size_kb" .ci/windows/installer.nsi || return
  check_version_resource "$setup" || return
  # For IT departments that deploy software themselves: the three files in one folder.
  zipdir="Kanalansokan-$version-windows-x64"
  rm -rf "${out:?}/$zipdir" "$out/$zipdir.zip"
  mkdir -p "$out/$zipdir"
  cp "$bin/kanalansokan.exe" "$bin/kanalansokan-window.exe" "$bin/WebView2Loader.dll" "$out/$zipdir/" || return
  (cd "$out" && zip -q -9 -r "$zipdir.zip" "$zipdir") || return
  rm -rf "${out:?}/$zipdir"
  ls -l "$setup" "$out/$zipdir.zip" "$bin"/kanalansokan*.exe "$bin/WebView2Loader.dll"
  step "installer: install, use and uninstall under Wine" installer_test "$setup"
}

# The installer under Wine: silent install, the files where expected, the installed CLI,
# then the uninstaller removes what was installed (and leaves the user's data alone).
installer_test() {
  local setup=$1
  wine_setup
  # The Wine user's profile (named after the Unix user; $USER may be unset in CI).
  local appdata
  appdata=$(find "$WINEPREFIX/drive_c/users" -mindepth 2 -maxdepth 2 -name AppData \
    ! -path '*/Public/*' | head -n1)
  local dir="$appdata/Local/Programs/Kanalansökan"
  local menu="$appdata/Roaming/Microsoft/Windows/Start Menu/Programs/Kanalansökan.lnk"
  "$WINE" "$setup" /S || return
  wineserver_wait
  local f
  for f in kanalansokan.exe kanalansokan-window.exe WebView2Loader.dll avinstallera.exe; do
    [ -f "$dir/$f" ] || { echo "FEL: $dir/$f saknas efter installationen" >&2; return 1; }
  done
  [ -f "$menu" ] || { echo "FEL: startmenyns genväg saknas: $menu" >&2; return 1; }
  [ ! -e "$dir/bcryptprimitives.dll" ] || { echo "FEL: testets DLL ligger i installationen" >&2; return 1; }
  # "Appar och funktioner" lists what is under this key (user.reg has it as written,
  # \xf6 = ö; reg.exe's console output would garble it).
  grep -a -A12 'Uninstall\\\\se.smedjebacken.kanalansokan\]' "$WINEPREFIX/user.reg" |
    grep -E '"(DisplayName|DisplayVersion|Publisher|UninstallString)"='
  grep -aq '"DisplayName"="Kanalans\\xf6kan"' "$WINEPREFIX/user.reg" ||
    { echo "FEL: avinstallationsnyckeln saknas i HKCU" >&2; return 1; }
  echo "Installerat i: $(winpath "$dir")"
  local home_for_window="$WINEPREFIX/drive_c/users/Åsa Öberg/fönster.sqlite"
  cli_smoke "$dir/kanalansokan.exe" || return
  # The window cannot start here (no display, no WebView2): it must end with exit code 2
  # (after its message box, which Wine without a display cannot show), never hang.
  local rc=0
  DISPLAY= timeout 180 "$WINE" "$dir/kanalansokan-window.exe" --db "$(winpath "$home_for_window")" || rc=$?
  wineserver_wait
  if [ "$rc" -ne 2 ]; then
    echo "FEL: fönstret utan skärm slutade med $rc (124 = hängde), inte 2" >&2
    return 1
  fi
  echo "Fönstret utan skärm och WebView2: avslutades med kod 2, hängde inte."
  "$WINE" "$dir/avinstallera.exe" /S || return
  # The uninstaller copies itself to %TEMP% and runs from there: wait for it.
  for _ in $(seq 1 60); do [ -e "$dir" ] || break; sleep 1; done
  wineserver_wait
  if [ -e "$dir" ] || [ -e "$menu" ]; then
    echo "FEL: avinstallationen lämnade kvar: $(ls -A "$dir" 2>/dev/null) $([ -e "$menu" ] && echo "$menu")" >&2
    return 1
  fi
  if "$WINE" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\se.smedjebacken.kanalansokan' >/dev/null 2>&1; then
    echo "FEL: avinstallationsnyckeln finns kvar" >&2
    return 1
  fi
  echo "Avinstallerat: mappen, genvägen och registernyckeln är borta."
}

case "$mode" in
  gate) gate ;;
  ffi) wine_setup && step "ffi: start-up guard and print verb under Wine (std only)" shell_ffi ;;
  test) gate && wine_tests ;;
  installer) release && installer ;;
  all) gate && wine_tests && release && installer ;;
esac
echo "Tider (s): $timings"
