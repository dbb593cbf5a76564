#!/usr/bin/env bash
# Issue 14's signing benchmark, side by side in one run (not a test):
#   kanalansokan sign IN.pdf -o OUT.pdf --p12 KEY.p12     (the release build; password
#       from KANALANSOKAN_P12_PASSWORD)
#   pyhanko sign addsig --use-pades pkcs12 ...           (PyPI pyhanko + pyhanko-cli, in a
#       venv under target/), the same key file on the same PDF
#   pyhanko sign addsig --use-pades pemder ...           (the same key as PEM: no PKCS#12
#       decryption, pyHanko's fastest key source)
# Whole process each, alternating rounds (alternate.py), each run writing a new file.
# Goal (issue 14): ours at least 40x faster than pyHanko, and at most 15 ms.
#
# The PDF is the app's PDF/A-3b of tests/fixtures/signed-application.json (drawn
# signature), rendered by `kanalansokan pdf`. The key and certificates are made here
# with `openssl`, as src-tauri/core/tests/pades_support makes them: a test CA (ECDSA
# P-256), a manager's certificate "Maja Chef" (RSA-2048 by default, KEY=ec for ECDSA
# P-256) with keyUsage digitalSignature + nonRepudiation and an authority key
# identifier, and a .p12 by `openssl pkcs12 -export` (OpenSSL 3's defaults: PBES2,
# AES-256-CBC) with the CA in it. Before timing, each signer's output is checked once:
# pdfsig (poppler) must call it valid and "Total document signed", and `kanalansokan
# verify --trust CA` must name the signer.
#
# Usage: .ci/bench/sign.sh [--install]
# Env:   KANALANSOKAN_BIN (default $CARGO_TARGET_DIR or target/, then release/kanalansokan),
#        RUNS=15 (rounds), WARMUP=2, KEY=rsa|ec.
# Needs: apt openssl poppler-utils python3-venv; PyPI pyhanko pyhanko-cli in
#        target/test-tools/pyhanko-venv (the venv .ci/test.sh uses). --install makes them.
# Output: target/sign-bench/ (key, PDFs, results.md, alternate.json).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/test-tools/pyhanko-venv

if [[ "${1:-}" == "--install" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openssl poppler-utils python3-venv
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pyhanko pyhanko-cli
    shift
fi

bin=${KANALANSOKAN_BIN:-$target/release/kanalansokan}
runs=${RUNS:-15}
warmup=${WARMUP:-2}
key=${KEY:-rsa}
[[ -x "$bin" ]] || { echo "no release binary at $bin: cargo build --release -p kanalansokan-app --bin kanalansokan" >&2; exit 2; }
for tool in openssl pdfsig python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run with --install" >&2; exit 2; }
done
[[ -x "$venv/bin/pyhanko" ]] || { echo "missing pyHanko in $venv: run with --install" >&2; exit 2; }

out=$target/sign-bench
rm -rf "$out"
mkdir -p "$out"
cd "$out"

# ---- the test PKI -------------------------------------------------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days 5000 -subj "/O=Testkommun/CN=Testkommun CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.pem
case $key in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out maja.key 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out maja.key 2>/dev/null ;;
    *) echo "KEY is rsa or ec" >&2; exit 2 ;;
esac
openssl req -new -key maja.key -subj "/O=Testkommun/CN=Maja Chef" -out maja.csr
printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,nonRepudiation" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" > maja.ext
openssl x509 -req -in maja.csr -CA ca.pem -CAkey ca.key -set_serial 0x51 -days 1500 -sha256 \
    -extfile maja.ext -out maja.pem 2>/dev/null
password=hemligt
openssl pkcs12 -export -inkey maja.key -in maja.pem -certfile ca.pem -name maja \
    -passout "pass:$password" -out maja.p12
printf '%s' "$password" > password.txt
export KANALANSOKAN_P12_PASSWORD=$password

# ---- the PDF, and each signer's output checked once -----------------------------------------
"$bin" pdf "$root/tests/fixtures/signed-application.json" -o in.pdf >/dev/null
ours="$bin sign $out/in.pdf -o OUT --p12 $out/maja.p12"
hanko_p12="$venv/bin/pyhanko sign addsig --field Sig1 --use-pades pkcs12 --passfile $out/password.txt $out/in.pdf OUT $out/maja.p12"
hanko_pem="$venv/bin/pyhanko sign addsig --field Sig1 --use-pades pemder --key $out/maja.key --cert $out/maja.pem --chain $out/ca.pem --no-pass $out/in.pdf OUT"
for pair in "ours:$ours" "pyhanko-p12:$hanko_p12" "pyhanko-pem:$hanko_pem"; do
    name=${pair%%:*}
    cmd=${pair#*:}
    # shellcheck disable=SC2086 # the command is split on spaces, as alternate.py does
    ${cmd/OUT/$out/check-$name.pdf} >/dev/null
    sig=$(pdfsig "check-$name.pdf" 2>&1)
    grep -q "Signature is Valid" <<<"$sig" && grep -q "Total document signed" <<<"$sig" \
        || { echo "pdfsig does not accept $name's signature:" >&2; echo "$sig" >&2; exit 1; }
    "$bin" verify "check-$name.pdf" --trust ca.pem | grep -q "signerad av: Maja Chef" \
        || { echo "kanalansokan verify does not name the signer of $name's PDF" >&2; exit 1; }
    echo "== check $name: pdfsig valid, total document signed; kanalansokan verify names Maja Chef;" \
        "$(stat -c %s "check-$name.pdf") bytes"
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== kanalansokan $("$bin" --version | awk '{print $2}') at $bin; pyHanko" \
    "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pyhanko"), "cli", m.version("pyhanko-cli"))'),"\
    "$("$venv/bin/python" --version); key: $key"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
fresh='{fresh}/out.pdf'
python3 "$here/alternate.py" --rounds "$runs" --warmup "$warmup" \
    --json alternate.json --fresh "$out/fresh" \
    "kanalansokan sign (p12)" "${ours/OUT/$fresh}" \
    "pyhanko addsig --use-pades pkcs12" "${hanko_p12/OUT/$fresh}" \
    "pyhanko addsig --use-pades pemder" "${hanko_pem/OUT/$fresh}" \
    | tee results.md
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== results: $out/results.md"
