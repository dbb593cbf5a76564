#!/usr/bin/env bash
# Installs what is missing, builds Kanalansökan and opens its window.
# Usage: bash .ci/app.sh [--release] [-- ARGS for kanalansokan, e.g. --db PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

ensure_rust
ensure_apt "${BUILD_PACKAGES[@]}"

profile=()
if [ "${1:-}" = "--release" ]; then profile=(--release); shift; fi
if [ "${1:-}" = "--" ]; then shift; fi
exec cargo run --locked -p kanalansokan-app "${profile[@]}" -- "$@"
