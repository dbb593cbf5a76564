#!/usr/bin/env bash
# Issue 14's import benchmark, side by side (not a test): the register's import WITH
# the digital-signature check against the pypdf script, as issue 4's
# register-import.sh does for the import without one.
#   1. makes a test PKI with `openssl` (as sign.sh, but backdated: a P-256 test CA,
#      the manager "Karin Ålund", RSA-2048 by default or KEY=ec for P-256,
#      digitalSignature + nonRepudiation, a .p12 with the CA),
#   2. writes the 1,000 signed PDFs of `benches/register.rs`, each also signed
#      digitally (PAdES, `pades::sign_pdf`) with that key (KANALANSOKAN_BENCH_P12),
#   3. RUNS rounds, each: pypdf (.ci/bench/pypdf_extract.py, in the venv of
#      register-import.sh) opens each PDF, extracts kanalansokan.json and parses it;
#      then `cargo bench -p kanalansokan-core --bench register` (release profile)
#      imports the same folder into a new register that trusts the test CA
#      (KANALANSOKAN_BENCH_TRUST): read, seal, pages, validation, the PAdES check
#      (ByteRange, digest, CMS signature, signing-certificate-v2, chain, validity,
#      key usage), store, archive; it asserts that all 1,000 got a verified
#      signature. Both pinned to the same core, so each round gives a ratio.
# Goal (issue 14): the import stays at or above the script's rate (ratio >= 1).
#
# Usage: .ci/bench/signed-import.sh [--no-rust]
# Env:   CPU=1, RUNS=3, KEY=rsa|ec, CARGO_TARGET_DIR, NO_WAIT=1 (see register-import.sh:
#        a run within 5 minutes of the previous run's clean-up waits for it).
# Output: target/signed-import-bench/ (pki/, pdfs/, pypdf.txt, rust.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
out=$target/signed-import-bench
pki=$out/pki
pdfs=$out/pdfs
passes=$out/passes
venv=$target/pypdf-venv
cpu=${CPU:-1}
runs=${RUNS:-3}
key=${KEY:-rsa}
mkdir -p "$out"
command -v openssl >/dev/null || { echo "missing openssl" >&2; exit 2; }

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import pypdf' 2>/dev/null || "$venv/bin/pip" install --quiet pypdf

cd "$root"
echo "== building the bench (release profile)"
cargo bench --locked -p kanalansokan-core --bench register --no-run

password=hemligt
export KANALANSOKAN_P12_PASSWORD=$password
if [[ ! -f "$pdfs/ansokan-0999.pdf" ]]; then
    echo "== the test PKI in $pki (key: $key)"
    rm -rf "$pki" "$pdfs"
    mkdir -p "$pki"
    (
        cd "$pki"
        # `openssl ca`, not `x509 -req`: OpenSSL 3.0 backdates only there, and the
        # bench signs at its fixed time (2026-11-28), so the CA and the manager's
        # certificate must be valid then (2020-2040 and 2025-2030, as pades_support's).
        printf '%s\n' "[ca]" "default_ca = test" "[test]" "database = index.txt" \
            "new_certs_dir = ." "serial = serial" "default_md = sha256" "policy = any" \
            "unique_subject = no" "[any]" "organizationName = optional" \
            "commonName = supplied" > ca.cnf
        : > index.txt
        echo 01 > serial
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
        openssl req -new -key ca.key -subj "/O=Testkommun/CN=Testkommun CA" -out ca.csr
        printf '%s\n' "basicConstraints=critical,CA:TRUE" \
            "keyUsage=critical,keyCertSign,cRLSign" "subjectKeyIdentifier=hash" > ca.ext
        openssl ca -batch -config ca.cnf -selfsign -keyfile ca.key -in ca.csr \
            -startdate 20200101000000Z -enddate 20400101000000Z -extfile ca.ext \
            -notext -out ca.pem 2>/dev/null
        case $key in
            rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out chef.key 2>/dev/null ;;
            ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out chef.key 2>/dev/null ;;
            *) echo "KEY is rsa or ec" >&2; exit 2 ;;
        esac
        openssl req -new -key chef.key -utf8 -subj "/O=Testkommun/CN=Karin Ålund" -out chef.csr
        printf '%s\n' "basicConstraints=CA:FALSE" \
            "keyUsage=critical,digitalSignature,nonRepudiation" \
            "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" > chef.ext
        echo 51 > serial
        openssl ca -batch -config ca.cnf -utf8 -cert ca.pem -keyfile ca.key -in chef.csr \
            -startdate 20250101000000Z -enddate 20301231000000Z -extfile chef.ext \
            -notext -out chef.pem 2>/dev/null
        openssl pkcs12 -export -inkey chef.key -in chef.pem -certfile ca.pem -name chef \
            -passout "pass:$password" -out chef.p12
        echo "$key" > key.txt
    )
    echo "== writing the digitally signed PDFs to $pdfs"
    KANALANSOKAN_BENCH_PDFS=$pdfs KANALANSOKAN_BENCH_WRITE_ONLY=1 \
        KANALANSOKAN_BENCH_P12=$pki/chef.p12 \
        cargo bench --locked -p kanalansokan-core --bench register
    if command -v pdfsig >/dev/null; then
        sig=$(pdfsig "$pdfs/ansokan-0000.pdf" 2>&1 || true)
        grep -q "Signature is Valid" <<<"$sig" && grep -q "Total document signed" <<<"$sig" \
            || { echo "pdfsig does not accept the bench's signature:" >&2; echo "$sig" >&2; exit 1; }
        echo "== pdfsig: ansokan-0000.pdf valid, total document signed"
    fi
else
    echo "== the PDFs in $pdfs are reused (key: $(cat "$pki/key.txt"); delete the folder to write them anew)"
fi

if [[ -f "$out/cleaned-at" && -z "${NO_WAIT:-}" ]]; then
    wait=$(( $(stat -c %Y "$out/cleaned-at") + 300 - $(date +%s) ))
    if (( wait > 0 )); then
        echo "== waiting ${wait} s: the previous run deleted its registers (see register-import.sh)"
        sleep "$wait"
    fi
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(du -sh "$pdfs" | cut -f1) in $(find "$pdfs" -name '*.pdf' | wc -l) PDFs"
: > "$out/pypdf.txt"
: > "$out/rust.txt"
mkdir -p "$passes"
for round in $(seq 1 "$runs"); do
    echo "== round $round/$runs: pypdf, then the import with the signature check, pinned to CPU $cpu"
    taskset -c "$cpu" "$venv/bin/python" "$here/pypdf_extract.py" "$pdfs" --runs 1 \
        | tee -a "$out/pypdf.txt"
    if [[ "${1:-}" != "--no-rust" ]]; then
        TMPDIR=$passes KANALANSOKAN_BENCH_KEEP=1 KANALANSOKAN_BENCH_PDFS=$pdfs \
            KANALANSOKAN_BENCH_TRUST=$pki/ca.pem \
            KANALANSOKAN_BENCH_REUSE=1 KANALANSOKAN_BENCH_IMPORT_ONLY=1 IMPORT_RUNS=1 \
            taskset -c "$cpu" cargo bench --locked -p kanalansokan-core --bench register \
            | tee -a "$out/rust.txt"
    fi
done

if [[ "${1:-}" != "--no-rust" ]]; then
    python3 "$here/import_ratio.py" "signed import" "$out/pypdf.txt" "$out/rust.txt"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$passes"
touch "$out/cleaned-at"
