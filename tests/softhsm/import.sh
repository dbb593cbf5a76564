#!/usr/bin/env bash
# Writes a private key and its certificate to the SoftHSM2 token of setup.sh, under
# one CKA_ID and label:  tests/softhsm/import.sh KEY.pem CERT.pem ID-HEX LABEL
# (needs SOFTHSM2_CONF, KANALANSOKAN_TEST_PKCS11_MODULE, _TOKEN and _PIN from setup.sh;
# uses pkcs11-tool from opensc and openssl).
set -euo pipefail
key="$1" cert="$2" id="$3" label="$4"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
openssl pkey -in "$key" -outform DER -out "$tmp/key.der"
openssl x509 -in "$cert" -outform DER -out "$tmp/cert.der"
common=(--module "$KANALANSOKAN_TEST_PKCS11_MODULE" --token-label "$KANALANSOKAN_TEST_TOKEN"
  --login --pin "$KANALANSOKAN_TEST_PIN" --id "$id" --label "$label")
pkcs11-tool "${common[@]}" --write-object "$tmp/key.der" --type privkey --usage-sign >/dev/null
pkcs11-tool "${common[@]}" --write-object "$tmp/cert.der" --type cert >/dev/null
