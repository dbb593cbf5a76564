#!/usr/bin/env bash
# Installs what is missing and runs every test: core unit tests, storage and
# migrations, IPC tests on Tauri's mock runtime, and the end-to-end tests in the
# real window over WebDriver. Starts a virtual display (Xvfb) when there is none.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

ensure_rust
# xvfb + webkit2gtk-driver: the window under test; poppler-utils + qpdf: PDF checks.
ensure_apt "${BUILD_PACKAGES[@]}" xvfb webkit2gtk-driver poppler-utils qpdf
if ! command -v tauri-driver >/dev/null 2>&1; then
  # Pinned to 2.x: 3.0 alphas are published.
  cargo install tauri-driver --version '^2' --locked
fi

if [ -z "${DISPLAY:-}" ]; then
  displayfile="$(mktemp)"
  Xvfb -displayfd 3 -screen 0 1400x2400x24 -nolisten tcp 3>"$displayfile" 2>/dev/null &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -f "$displayfile"' EXIT
  for _ in $(seq 1 100); do
    [ -s "$displayfile" ] && break
    sleep 0.1
  done
  if [ ! -s "$displayfile" ]; then echo "Xvfb startade inte." >&2; exit 2; fi
  export DISPLAY=":$(head -n1 "$displayfile")"
  echo "Virtuell skärm: $DISPLAY"
fi
export NO_AT_BRIDGE=1

cargo test --workspace --locked "$@"
