# Shared by app.sh and test.sh: install only what is missing, with sudo only when
# not root. Debian 12 / Ubuntu 22.04+.

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# ensure_apt PKG... : apt-get install the packages that are not installed yet.
ensure_apt() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installerar systempaket: ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Rust saknas. Installera det först: https://rustup.rs (rustup, stabil kanal)." >&2
    exit 2
  fi
}

# What Tauri 2 needs to build on Linux (WebKitGTK 4.1 and friends).
BUILD_PACKAGES=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libxdo-dev
  libssl-dev librsvg2-dev)
