#!/usr/bin/env bash
# Writes a certificate alone (no key) to the SoftHSM2 token of setup.sh, the way an e-ID
# card holds its issuing CA's certificate beside the holder's:
#   tests/softhsm/import-cert.sh CERT.pem ID-HEX LABEL
# (needs SOFTHSM2_CONF, KANALANSOKAN_TEST_PKCS11_MODULE, _TOKEN and _PIN from setup.sh;
# uses pkcs11-tool from opensc and openssl).
set -euo pipefail
cert="$1" id="$2" label="$3"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
openssl x509 -in "$cert" -outform DER -out "$tmp/cert.der"
pkcs11-tool --module "$KANALANSOKAN_TEST_PKCS11_MODULE" --token-label "$KANALANSOKAN_TEST_TOKEN" \
  --login --pin "$KANALANSOKAN_TEST_PIN" --id "$id" --label "$label" \
  --write-object "$tmp/cert.der" --type cert >/dev/null
