#!/usr/bin/env bash
# A fresh SoftHSM2 token for the PKCS#11 tests (issue 14), in a directory of its own.
#
#   eval "$(tests/softhsm/setup.sh DIR [LABEL] [PIN])"
#
# Creates DIR/softhsm2.conf and DIR/tokens, initialises a token LABEL (default
# "Kanalansokan test") with user PIN PIN (default 123456, SO PIN 12345678), and prints
# the environment to use: SOFTHSM2_CONF, KANALANSOKAN_TEST_PKCS11_MODULE (the module
# path), KANALANSOKAN_TEST_TOKEN, KANALANSOKAN_TEST_PIN.
#
# Keys and certificates are added with import.sh (same directory): a PKCS#8 key (PEM)
# and its certificate (PEM) under one CKA_ID, the way an e-ID card holds them.
set -euo pipefail
dir="${1:?usage: setup.sh DIR [LABEL] [PIN]}"
label="${2:-Kanalansokan test}"
pin="${3:-123456}"
mkdir -p "$dir/tokens"
dir="$(cd "$dir" && pwd)"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir" >"$dir/softhsm2.conf"
export SOFTHSM2_CONF="$dir/softhsm2.conf"
module=""
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
  /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
  [ -e "$m" ] && module="$m" && break
done
[ -n "$module" ] || { echo "libsofthsm2.so not found (apt-get install softhsm2)" >&2; exit 1; }
softhsm2-util --init-token --free --label "$label" --so-pin 12345678 --pin "$pin" >/dev/null
echo "export SOFTHSM2_CONF='$dir/softhsm2.conf'"
echo "export KANALANSOKAN_TEST_PKCS11_MODULE='$module'"
echo "export KANALANSOKAN_TEST_TOKEN='$label'"
echo "export KANALANSOKAN_TEST_PIN='$pin'"
