//! PAdES signing with PKCS#12 keys, checked by our verifier and by tools nobody here
//! wrote: poppler's `pdfsig` and `qpdf --check`; the existing seal and page check
//! (`pdf::verify`) must still say intact.

mod common;
mod pades_support;
#[path = "common/pdf_edit.rs"]
mod pdf_edit;
#[path = "common/pdf_read.rs"]
#[allow(dead_code)] // the embedded-file readers are for the PDF tests
mod pdf_read;

use std::process::Command;

use pdf_read::pdftotext;

use chrono::{DateTime, TimeZone, Utc};
use kanalansokan_core::error::ToUserError;
use kanalansokan_core::pades::{self, Pkcs12Signer, SignError, Signer, TrustStore};
use kanalansokan_core::pdf::{self, SignatureMark};
use pades_support::tamper::{self, stream_offset};
use pades_support::{CertSpec, KeyKind, TestCa, p12};

fn signing_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap()
}

/// The fixture's PDF signed by "Maja Chef" with a `kind` key from a .p12; the CA and the file.
fn signed(kind: KeyKind) -> (TestCa, Vec<u8>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Maja Chef", kind, 0x21));
    let p12_path = p12(dir.path(), "maja", &cert, Some(&ca), "hemligt");
    let signer = Pkcs12Signer::from_bytes(&std::fs::read(p12_path).unwrap(), "hemligt").unwrap();
    assert_eq!(signer.chain_der().len(), 1, "the CA travels in the CMS");
    let original = pdf::render_with(&common::fixture(), SignatureMark::Digital).unwrap();
    let signed = pades::sign_pdf(&original, &signer, signing_time(), over_box()).unwrap();
    assert!(
        signed.starts_with(&original),
        "an incremental update keeps the original bytes"
    );
    (ca, signed, dir)
}

/// The widget over the fixture's signature box, as the app places it.
fn over_box() -> Option<pades::WidgetPlacement> {
    let signature_box = pdf::signature_box(&common::fixture()).unwrap().unwrap();
    Some(pades::WidgetPlacement::over(&signature_box))
}

fn trusting(ca: &TestCa) -> TrustStore {
    let mut trust = TrustStore::new();
    trust.add_ca(ca.cert_pem.as_bytes()).unwrap();
    trust
}

fn pdfsig(path: &std::path::Path) -> String {
    let out = Command::new("pdfsig")
        .arg(path)
        .output()
        .expect("pdfsig (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn check_with_tools(kind: KeyKind) {
    let (ca, signed, dir) = signed(kind);
    let report = pades::verify_pdf_signature(&signed, &trusting(&ca), now())
        .unwrap()
        .expect("a signature");
    assert_eq!(report.signer.subject_name, "Maja Chef");
    assert_eq!(report.signer.serial_hex, "21");
    assert_eq!(report.signing_time, "2026-12-06T10:00:00Z");
    assert!(report.warnings.is_empty());
    let app = pdf::verify(&signed).expect("seal and page check still hold");
    assert_eq!(app, common::fixture());

    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, &signed).unwrap();
    let text = pdfsig(&path);
    assert!(
        text.contains("Signer Certificate Common Name: Maja Chef"),
        "{text}"
    );
    assert!(
        text.contains("Signature Validation: Signature is Valid."),
        "{text}"
    );
    assert!(text.contains("Total document signed"), "{text}");
    assert!(text.contains("ETSI.CAdES.detached"), "{text}");
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf");
    assert!(
        qpdf.status.success(),
        "{}",
        String::from_utf8_lossy(&qpdf.stdout)
    );
}

#[test]
fn rsa_p12_signature_is_valid_for_us_pdfsig_and_qpdf() {
    check_with_tools(KeyKind::Rsa2048);
}

#[test]
fn ecdsa_p12_signature_is_valid_for_us_pdfsig_and_qpdf() {
    check_with_tools(KeyKind::EcdsaP256);
}

/// The signature field's widget in `signed`: its `/Rect`, the 0-based index of the page
/// it is on (by `/P` and by that page's `/Annots`), its flags, and its appearance's
/// `/BBox` and content.
fn widget_of(signed: &[u8]) -> ([f32; 4], usize, i64, Vec<f32>, Vec<u8>) {
    use lopdf::Object;
    let doc = lopdf::Document::load_mem(signed).unwrap();
    let reals = |o: &Object| -> Vec<f32> {
        o.as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect()
    };
    let acroform = doc
        .catalog()
        .unwrap()
        .get_deref(b"AcroForm", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let fields = acroform.get(b"Fields").unwrap().as_array().unwrap();
    assert_eq!(fields.len(), 1);
    let widget_id = fields[0].as_reference().unwrap();
    let widget = doc.get_dictionary(widget_id).unwrap();
    let rect: [f32; 4] = reals(widget.get(b"Rect").unwrap()).try_into().unwrap();
    let page_id = widget.get(b"P").unwrap().as_reference().unwrap();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let page = pages.iter().position(|id| *id == page_id).unwrap();
    for (index, id) in pages.iter().enumerate() {
        let annots = doc
            .get_dictionary(*id)
            .unwrap()
            .get_deref(b"Annots", &doc)
            .map(|a| a.as_array().unwrap().clone())
            .unwrap_or_default();
        let listed = annots
            .iter()
            .any(|a| a.as_reference().ok() == Some(widget_id));
        assert_eq!(listed, index == page, "/Annots of page {}", index + 1);
    }
    let flags = widget.get(b"F").unwrap().as_i64().unwrap();
    let appearance = widget
        .get_deref(b"AP", &doc)
        .unwrap()
        .as_dict()
        .unwrap()
        .get_deref(b"N", &doc)
        .unwrap()
        .as_stream()
        .unwrap();
    let bbox = reals(appearance.dict.get(b"BBox").unwrap());
    (rect, page, flags, bbox, appearance.content.clone())
}

/// The widget sits over the signature box the page draws (issue 14: the drawn or
/// typed signature stays what a person sees, the digital signature is the proof), on
/// the box's page, printable and visible as PDF/A-3 §6.3.2 requires, with an
/// appearance that paints nothing over the signature beneath.
#[test]
fn widget_sits_over_the_signature_box() {
    let (_ca, signed, _dir) = signed(KeyKind::EcdsaP256);
    let signature_box = pdf::signature_box(&common::fixture()).unwrap().unwrap();
    assert_eq!(signature_box.page, 0);
    let (rect, page, flags, bbox, content) = widget_of(&signed);
    let close = |a: f32, b: f64| (f64::from(a) - b).abs() < 0.006;
    assert!(
        close(rect[0], signature_box.x)
            && close(rect[1], signature_box.y)
            && close(rect[2], signature_box.x + signature_box.width)
            && close(rect[3], signature_box.y + signature_box.height),
        "{rect:?} is not {signature_box:?}"
    );
    assert!(signature_box.width > 100.0 && signature_box.height > 50.0);
    assert_eq!(page, 0);
    assert_eq!(flags & 4, 4, "Print");
    assert_eq!(
        flags & (1 | 2 | 32 | 256),
        0,
        "Invisible, Hidden, NoView, ToggleNoView"
    );
    assert_eq!(bbox, vec![0.0, 0.0, rect[2] - rect[0], rect[3] - rect[1]]);
    assert!(
        content.iter().all(u8::is_ascii_whitespace),
        "paints nothing"
    );

    // A PDF that is not ours (no placement): a zero-size widget on page 1.
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Maja Chef", KeyKind::EcdsaP256, 0x22));
    let p = p12(dir.path(), "m", &cert, None, "x");
    let signer = Pkcs12Signer::from_bytes(&std::fs::read(p).unwrap(), "x").unwrap();
    let original = pdf::render(&common::fixture()).unwrap();
    let plain = pades::sign_pdf(&original, &signer, signing_time(), None).unwrap();
    let (rect, page, ..) = widget_of(&plain);
    assert_eq!((rect, page), ([0.0; 4], 0));
}

/// An application long enough that its signature box is on page 2 gets its widget
/// there.
#[test]
fn widget_follows_the_signature_box_to_a_later_page() {
    let mut app = common::big(3);
    // Long enough that the approval no longer fits on page 1.
    app.purpose = app.purpose.repeat(2).chars().take(4000).collect();
    let app = common::sealed(app);
    let signature_box = pdf::signature_box(&app).unwrap().unwrap();
    assert!(signature_box.page > 0, "{signature_box:?}");
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Maja Chef", KeyKind::EcdsaP256, 0x23));
    let p = p12(dir.path(), "m", &cert, None, "x");
    let signer = Pkcs12Signer::from_bytes(&std::fs::read(p).unwrap(), "x").unwrap();
    let placement = pades::WidgetPlacement::over(&signature_box);
    let signed = pades::sign_pdf(
        &pdf::render_with(&app, SignatureMark::Digital).unwrap(),
        &signer,
        signing_time(),
        Some(placement),
    )
    .unwrap();
    let (rect, page, ..) = widget_of(&signed);
    assert_eq!((rect, page), (placement.rect, signature_box.page));
    assert!(
        pades::verify_pdf_signature_with(&signed, None, now())
            .unwrap()
            .is_some()
    );
}

const NOT_DIGITAL: &str = "Inte elektroniskt signerad";
const DIGITAL: &str = "Elektroniskt signerad – den elektroniska signaturen finns i PDF-filen";

/// Issue 14: "A manager without a key signs as today (drawn, typed, on paper); the
/// PDF [...] then say[s] 'Inte elektroniskt signerad'". The page says what the file
/// is, and the page check holds it to that: a page claiming a digital signature the
/// file does not have fails. A page saying "Inte" that a manager then signed in a
/// PDF reader with their card understates, and passes (its signature is checked
/// at import like any other).
#[test]
fn the_page_says_whether_the_file_is_digitally_signed() {
    let app = common::fixture();
    let plain = pdf::render(&app).unwrap();
    let text = pdftotext(&plain);
    assert!(
        text.contains(NOT_DIGITAL) && !text.contains(DIGITAL),
        "{text}"
    );
    assert_eq!(pdf::verify(&plain).unwrap(), app);

    let mut draft = app.clone();
    draft.seal = None;
    draft.signed_at = None;
    let text = pdftotext(&pdf::render(&draft).unwrap());
    assert!(
        !text.contains("lektroniskt signerad"),
        "a draft says neither: {text}"
    );

    let claimed = pdf::render_with(&app, SignatureMark::Digital).unwrap();
    let text = pdftotext(&claimed);
    assert!(
        text.contains(DIGITAL) && !text.contains(NOT_DIGITAL),
        "{text}"
    );
    assert_eq!(
        pdf::verify(&claimed).unwrap_err().to_user_error().code,
        "pdf.pages_disagree",
        "says signed, has no signature"
    );

    let (_ca, signed, _dir) = signed(KeyKind::EcdsaP256);
    assert!(pdftotext(&signed).contains(DIGITAL));
    assert_eq!(pdf::verify(&signed).unwrap(), app);

    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Maja Chef", KeyKind::EcdsaP256, 0x24));
    let p = p12(dir.path(), "m", &cert, None, "x");
    let signer = Pkcs12Signer::from_bytes(&std::fs::read(p).unwrap(), "x").unwrap();
    let signed_elsewhere = pades::sign_pdf(&plain, &signer, signing_time(), over_box()).unwrap();
    assert_eq!(
        pdf::verify(&signed_elsewhere).unwrap(),
        app,
        "has a signature, its page says none: signed outside the app"
    );
}

#[test]
fn unsigned_pdf_has_no_signature() {
    let original = pdf::render(&common::fixture()).unwrap();
    assert_eq!(
        pades::verify_pdf_signature(&original, &TrustStore::new(), now()).unwrap(),
        None
    );
}

#[test]
fn wrong_p12_password_and_not_a_p12_have_their_own_codes() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Maja Chef", KeyKind::EcdsaP256, 0x22));
    let path = p12(dir.path(), "maja", &cert, None, "hemligt");
    let bytes = std::fs::read(path).unwrap();
    let e = Pkcs12Signer::from_bytes(&bytes, "fel").unwrap_err();
    assert_eq!(e, SignError::BadPassword);
    assert_eq!(e.to_user_error().code, "sign.bad_password");
    let e = Pkcs12Signer::from_bytes(b"not a p12", "x").unwrap_err();
    assert_eq!(e.to_user_error().code, "sign.not_pkcs12");
}

#[test]
fn expired_certificate_refuses_to_sign() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let mut spec = CertSpec::manager("Maja Chef", KeyKind::EcdsaP256, 0x23);
    spec.not_before = (2021, 1, 1);
    spec.not_after = (2022, 1, 1);
    let cert = ca.issue(&spec);
    let path = p12(dir.path(), "maja", &cert, None, "x");
    let signer = Pkcs12Signer::from_bytes(&std::fs::read(path).unwrap(), "x").unwrap();
    let original = pdf::render(&common::fixture()).unwrap();
    let e = pades::sign_pdf(&original, &signer, signing_time(), None).unwrap_err();
    assert_eq!(e.to_user_error().code, "sign.certificate_expired");
}

// ---- the hostile corpus: each gets its own SignatureError -------------------------

fn code_of(pdf: &[u8], trust: &TrustStore) -> String {
    match pades::verify_pdf_signature(pdf, trust, now()) {
        Ok(Some(r)) => format!("valid ({})", r.signer.subject_name),
        Ok(None) => "unsigned".into(),
        Err(e) => e.to_user_error().code,
    }
}

/// Appends an incremental update that replaces object `id` with `body`.
fn append_update(pdf: &[u8], id: u32, body: &str) -> Vec<u8> {
    let object = format!("{id} 0 obj\n{body}\nendobj").into_bytes();
    tamper::append_update(pdf, &[(id, object)])
}

#[test]
fn hostile_corpus_gets_one_verdict_each() {
    let (ca, signed, _dir) = signed(KeyKind::EcdsaP256);
    let trust = trusting(&ca);
    assert_eq!(code_of(&signed, &trust), "valid (Maja Chef)");
    let doc = lopdf::Document::load_mem(&signed).unwrap();

    // A byte changed in the embedded JSON (its compressed stream).
    let json_id = pdf_edit::attachment_id(&doc).0;
    let mut bad = signed.clone();
    bad[stream_offset(&signed, json_id) + 5] ^= 0x01;
    assert_eq!(code_of(&bad, &trust), "signature.invalid", "JSON byte");

    // A byte changed in page 1's content stream.
    let page = *doc.get_pages().values().next().unwrap();
    let contents = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .as_reference()
        .unwrap()
        .0;
    let mut bad = signed.clone();
    bad[stream_offset(&signed, contents) + 5] ^= 0x01;
    assert_eq!(code_of(&bad, &trust), "signature.invalid", "page byte");

    // A byte changed in the signature value (the CMS's last bytes are the signature).
    let start = signed
        .windows(10)
        .rposition(|w| w == b"/Contents<")
        .unwrap()
        + 10;
    let hex_end = start
        + signed[start..]
            .iter()
            .position(|&b| b != b'0' && !b.is_ascii_hexdigit())
            .unwrap();
    let zeros = signed[start..hex_end]
        .iter()
        .rev()
        .take_while(|&&b| b == b'0')
        .count();
    let last_sig_hex = hex_end - zeros - 6;
    let mut bad = signed.clone();
    bad[last_sig_hex] = if bad[last_sig_hex] == b'1' {
        b'2'
    } else {
        b'1'
    };
    assert_eq!(code_of(&bad, &trust), "signature.invalid", "signature byte");

    // An incremental update after signing that changes what the Info dictionary says.
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap().0;
    let bad = append_update(
        &signed,
        info,
        "<</Title (Falsk ansökan)/Author (Någon annan)>>",
    );
    assert_eq!(
        code_of(&bad, &trust),
        "signature.changed_after_signing",
        "update"
    );

    // The signature field replaced by a plain widget: the signature "removed".
    let widget = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"FT").and_then(|f| f.as_name()).ok() == Some(b"Sig".as_slice())
            })
        })
        .map(|(id, _)| id.0)
        .unwrap();
    let bad = append_update(
        &signed,
        widget,
        "<</Type/Annot/Subtype/Widget/Rect[0 0 0 0]/F 4>>",
    );
    assert_eq!(
        code_of(&bad, &trust),
        "signature.changed_after_signing",
        "removed"
    );

    // A ByteRange whose gap is more than /Contents (same width, so offsets hold).
    let br = signed
        .windows(11)
        .rposition(|w| w == b"/ByteRange[")
        .unwrap()
        + 11;
    let text = std::str::from_utf8(&signed[br..br + 38]).unwrap();
    let numbers: Vec<usize> = text
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let widened = format!("0 {} {} {}]", numbers[1] - 20, numbers[2], numbers[3]);
    let mut bad = signed.clone();
    bad[br..br + widened.len()].copy_from_slice(widened.as_bytes());
    assert_eq!(
        code_of(&bad, &trust),
        "signature.incomplete_coverage",
        "ByteRange"
    );

    // A second signature by a key from an untrusted CA, appended after the first.
    let other = TestCa::new("Annan CA");
    let dir = tempfile::tempdir().unwrap();
    let mallory = other.issue(&CertSpec::manager("Mallory", KeyKind::EcdsaP256, 0x66));
    let p = p12(dir.path(), "m", &mallory, None, "x");
    let signer = Pkcs12Signer::from_bytes(&std::fs::read(p).unwrap(), "x").unwrap();
    let twice = pades::sign_pdf(&signed, &signer, signing_time(), None).unwrap();
    assert_eq!(
        code_of(&twice, &trust),
        "signature.changed_after_signing",
        "second signature"
    );

    // Untrusted CA.
    let mut other_trust = TrustStore::new();
    other_trust.add_ca(other.cert_pem.as_bytes()).unwrap();
    assert_eq!(code_of(&signed, &other_trust), "signature.untrusted");
    assert_eq!(code_of(&signed, &TrustStore::new()), "signature.untrusted");
}

fn signed_with(ca: &TestCa, spec: &CertSpec<'_>, at: DateTime<Utc>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let cert = ca.issue(spec);
    let p = p12(dir.path(), "c", &cert, None, "x");
    let signer = Pkcs12Signer::from_bytes(&std::fs::read(p).unwrap(), "x").unwrap();
    let original = pdf::render_with(&common::fixture(), SignatureMark::Digital).unwrap();
    pades::update::append_signature(&original, &signer, at, over_box()).unwrap()
}

#[test]
fn certificate_verdicts_expired_not_yet_valid_revoked_key_usage() {
    let ca = TestCa::new("Testkommun CA");
    let trust = trusting(&ca);

    let mut spec = CertSpec::manager("Gammal Chef", KeyKind::EcdsaP256, 0x31);
    spec.not_before = (2021, 1, 1);
    spec.not_after = (2022, 1, 1);
    assert_eq!(
        code_of(&signed_with(&ca, &spec, signing_time()), &trust),
        "signature.expired"
    );

    let mut spec = CertSpec::manager("Ny Chef", KeyKind::EcdsaP256, 0x32);
    spec.not_before = (2027, 1, 1);
    assert_eq!(
        code_of(&signed_with(&ca, &spec, signing_time()), &trust),
        "signature.not_yet_valid"
    );

    let mut spec = CertSpec::manager("Krypto Chef", KeyKind::EcdsaP256, 0x33);
    spec.key_usages = vec![rcgen::KeyUsagePurpose::KeyEncipherment];
    assert_eq!(
        code_of(&signed_with(&ca, &spec, signing_time()), &trust),
        "signature.key_usage"
    );

    // Revoked on a CRL the registrar loaded; the same file is valid without that CRL.
    let spec = CertSpec::manager("Spärrad Chef", KeyKind::EcdsaP256, 0x34);
    let revoked_pdf = signed_with(&ca, &spec, signing_time());
    assert_eq!(code_of(&revoked_pdf, &trust), "valid (Spärrad Chef)");
    let mut with_crl = trusting(&ca);
    let info = with_crl
        .add_crl(ca.crl(&[0x34], (2026, 11, 1), (2027, 1, 1)).as_bytes())
        .unwrap();
    assert_eq!(info.revoked, 1);
    assert_eq!(code_of(&revoked_pdf, &with_crl), "signature.revoked");

    // A CRL past its nextUpdate that does not list the certificate: valid, with a warning.
    let mut stale = trusting(&ca);
    stale
        .add_crl(ca.crl(&[0x77], (2026, 1, 1), (2026, 2, 1)).as_bytes())
        .unwrap();
    let report = pades::verify_pdf_signature(&revoked_pdf, &stale, now())
        .unwrap()
        .unwrap();
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].code, "signature.crl_out_of_date");
}

// ---- PDF/A lint and pyHanko ---------------------------------------------------------

const PDFA_SCRIPT: &str = r#"
import sys, pdfluent
report = pdfluent.validate_pdfa(sys.argv[1])
for issue in report.issues:
    print(f"[{issue.severity}] {issue.rule}: {issue.message}")
sys.exit(1 if report.issues else 0)
"#;

/// The PDF/A-3b lint (`pdfluent`, see pdf_pdfa_lint.rs) still passes after signing:
/// Info and XMP untouched, the widget has an appearance.
#[test]
fn signed_pdf_still_passes_the_pdfa_lint() {
    let available = Command::new("python3")
        .args(["-c", "import pdfluent"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("KANALANSOKAN_REQUIRE_PDFA_LINT").is_none(),
            "pdfluent is required here: pip install pdfluent"
        );
        eprintln!("SKIPPED: PDF/A lint needs `pip install pdfluent`");
        return;
    }
    let (_ca, signed, dir) = signed(KeyKind::Rsa2048);
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, &signed).unwrap();
    let out = Command::new("python3")
        .args(["-c", PDFA_SCRIPT])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "PDF/A lint: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// pyHanko's validator (`KANALANSOKAN_PYHANKO`, else `pyhanko` on PATH; installed by
/// .ci/test.sh, required there via KANALANSOKAN_REQUIRE_PYHANKO) trusts the signer with
/// the test CA and finds the signature intact and covering the whole file.
#[test]
fn pyhanko_validates_the_signature() {
    let pyhanko = std::env::var("KANALANSOKAN_PYHANKO").unwrap_or_else(|_| "pyhanko".into());
    if Command::new(&pyhanko).arg("--version").output().is_err() {
        assert!(
            std::env::var_os("KANALANSOKAN_REQUIRE_PYHANKO").is_none(),
            "pyHanko is required here: pip install pyhanko pyhanko-cli"
        );
        eprintln!("SKIPPED: needs pyHanko (pip install pyhanko pyhanko-cli)");
        return;
    }
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let (ca, signed, dir) = signed(kind);
        let path = dir.path().join("signed.pdf");
        let ca_path = dir.path().join("ca.pem");
        std::fs::write(&path, &signed).unwrap();
        std::fs::write(&ca_path, &ca.cert_pem).unwrap();
        let out = Command::new(&pyhanko)
            .args([
                "sign",
                "validate",
                "--pretty-print",
                "--trust-replace",
                "--trust",
            ])
            .arg(&ca_path)
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{kind:?}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("Maja Chef"), "{text}");
        assert!(
            text.contains("The signer's certificate is trusted."),
            "{text}"
        );
        assert!(
            text.contains("The signature is cryptographically sound."),
            "{text}"
        );
        assert!(text.contains("The signature is judged VALID"), "{text}");
        assert!(text.contains("entire file"), "{text}");
    }
}

// ---- the command line -------------------------------------------------------------

fn cli(args: &[&std::ffi::OsStr]) -> (u8, String, String) {
    let mut argv = vec![std::ffi::OsStr::new("kanalansokan")];
    argv.extend_from_slice(args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = kanalansokan_core::cli::run(argv, &mut out, &mut err).unwrap();
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn cli_sign_with_p12_then_verify_names_the_signer() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Maja Chef", KeyKind::EcdsaP256, 0x51));
    let p12_path = p12(dir.path(), "maja", &cert, None, "hemligt");
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("out.pdf");
    let ca_path = dir.path().join("ca.pem");
    std::fs::write(&input, pdf::render(&common::fixture()).unwrap()).unwrap();
    std::fs::write(&ca_path, &ca.cert_pem).unwrap();
    // The one test that sets the variable; the others never read it.
    unsafe { std::env::set_var("KANALANSOKAN_P12_PASSWORD", "hemligt") };
    let (code, out, err) = cli(&[
        "sign".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
        "--p12".as_ref(),
        p12_path.as_os_str(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let written = std::fs::read(&output).unwrap();
    // The input said "Inte elektroniskt signerad"; the signed output says it is.
    assert!(pdftotext(&written).contains(DIGITAL));
    let (rect, page, ..) = widget_of(&written);
    assert_eq!(
        (rect, page),
        (over_box().unwrap().rect, 0),
        "widget over the box"
    );
    let (code, out, err) = cli(&[
        "verify".as_ref(),
        output.as_os_str(),
        "--trust".as_ref(),
        ca_path.as_os_str(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Intakt"), "{out}");
    assert!(out.contains("Elektroniskt signerad av: Maja Chef"), "{out}");
    // Unsigned files: today's output, no signature lines.
    let (code, out, _) = cli(&["verify".as_ref(), input.as_os_str()]);
    assert_eq!(code, 0);
    assert!(!out.contains("Elektroniskt"), "{out}");
    // Help names the environment variables.
    let (_, help, _) = cli(&["sign".as_ref(), "--help".as_ref()]);
    assert!(
        help.contains("KANALANSOKAN_P12_PASSWORD") && help.contains("KANALANSOKAN_PIN"),
        "{help}"
    );
}

// ---- PKCS#11: a real SoftHSM2 token (tests/softhsm/setup.sh, import.sh) ---------------

/// A fresh SoftHSM2 token with an RSA-2048 key ("rsa", id 01) and an ECDSA P-256 key
/// ("ec", id 02), certificates from `ca`, and `ca`'s own certificate ("ca", id 0a) as a
/// card holds its issuer's. None (skip) when softhsm2 is absent locally.
fn softhsm_token(ca: &TestCa, dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let setup = Command::new(repo.join("tests/softhsm/setup.sh"))
        .arg(dir)
        .output();
    let Some(setup) = setup.ok().filter(|o| o.status.success()) else {
        assert!(
            std::env::var_os("KANALANSOKAN_REQUIRE_SOFTHSM").is_none(),
            "SoftHSM2 is required here: apt-get install softhsm2 opensc"
        );
        eprintln!("SKIPPED: needs softhsm2 and opensc");
        return None;
    };
    let mut module = None;
    for line in String::from_utf8_lossy(&setup.stdout).lines() {
        let line = line.trim_start_matches("export ");
        let (k, v) = line.split_once('=').unwrap();
        let v = v.trim_matches('\'');
        // SAFETY-free: set_var is unsafe in edition 2024 only in threads; each test sets the same.
        unsafe { std::env::set_var(k, v) };
        if k == "KANALANSOKAN_TEST_PKCS11_MODULE" {
            module = Some(std::path::PathBuf::from(v));
        }
    }
    for (kind, id, label, serial) in [
        (KeyKind::Rsa2048, "01", "rsa", 0x41),
        (KeyKind::EcdsaP256, "02", "ec", 0x42),
    ] {
        let cert = ca.issue(&CertSpec::manager("Maja Chef", kind, serial));
        let key = dir.join(format!("{label}.key.pem"));
        let crt = dir.join(format!("{label}.crt.pem"));
        std::fs::write(&key, &cert.key_pem).unwrap();
        std::fs::write(&crt, &cert.cert_pem).unwrap();
        let ok = Command::new(repo.join("tests/softhsm/import.sh"))
            .args([&key, &crt])
            .args([id, label])
            .status()
            .unwrap();
        assert!(ok.success(), "import.sh");
    }
    let ca_path = dir.join("ca.crt.pem");
    std::fs::write(&ca_path, &ca.cert_pem).unwrap();
    let ok = Command::new(repo.join("tests/softhsm/import-cert.sh"))
        .arg(&ca_path)
        .args(["0a", "ca"])
        .status()
        .unwrap();
    assert!(ok.success(), "import-cert.sh");
    module
}

/// The DER of every certificate in the CMS of `signed`'s (last) signature.
fn cms_certificates(signed: &[u8]) -> Vec<Vec<u8>> {
    use der::{Decode, Encode};
    let doc = lopdf::Document::load_mem(signed).unwrap();
    let contents = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"Sig"))
        .map(|d| d.get(b"Contents").unwrap().as_str().unwrap().to_vec())
        .next()
        .expect("a signature dictionary");
    // The value is zero-padded after the DER; its own length says where it ends.
    let len = der::SliceReader::new(&contents)
        .and_then(|mut r| der::Header::decode(&mut r))
        .and_then(|h| h.length + h.encoded_len()?)
        .map(|l| u32::from(l) as usize)
        .unwrap();
    let info = cms::content_info::ContentInfo::from_der(&contents[..len]).unwrap();
    let signed_data: cms::signed_data::SignedData = info.content.decode_as().unwrap();
    signed_data
        .certificates
        .unwrap()
        .0
        .iter()
        .map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => c.to_der().unwrap(),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn softhsm_rsa_and_ecdsa_keys_sign_valid_pdfs_and_wrong_pin_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Testkommun CA");
    let Some(module) = softhsm_token(&ca, dir.path()) else {
        return;
    };
    let listed = pades::list_pkcs11_certificates(&module).unwrap();
    assert_eq!(
        listed.len(),
        2,
        "the CA's certificate is not offered: {listed:?}"
    );
    let original = pdf::render_with(&common::fixture(), SignatureMark::Digital).unwrap();
    for key in ["rsa", "02"] {
        let signer =
            pades::Pkcs11Signer::open(&module, Some("Kanalansokan test"), Some(key), "123456")
                .unwrap();
        // The issuer's certificate on the token travels in the CMS (issue 14: "its
        // chain where the key store has it").
        assert_eq!(
            signer.chain_der(),
            std::slice::from_ref(&ca.cert_der),
            "{key}"
        );
        let signed = pades::sign_pdf(&original, &signer, signing_time(), over_box()).unwrap();
        let in_cms = cms_certificates(&signed);
        assert_eq!(in_cms.len(), 2, "{key}: signer and CA");
        assert!(in_cms.contains(&ca.cert_der), "{key}: the CA is in the CMS");
        assert!(in_cms.contains(&signer.certificate_der().to_vec()), "{key}");
        let report = pades::verify_pdf_signature(&signed, &trusting(&ca), now())
            .unwrap()
            .unwrap();
        assert_eq!(report.signer.subject_name, "Maja Chef");
        let path = dir.path().join(format!("{key}.pdf"));
        std::fs::write(&path, &signed).unwrap();
        let text = pdfsig(&path);
        assert!(text.contains("Signature is Valid"), "{key}: {text}");
    }
    let e = pades::Pkcs11Signer::open(&module, None, Some("ec"), "000000").unwrap_err();
    assert_eq!(e.to_user_error().code, "sign.wrong_pin");
    let e = pades::Pkcs11Signer::open(&module, Some("Ingen sådan"), None, "123456").unwrap_err();
    assert_eq!(e.to_user_error().code, "sign.no_token");
    let e = pades::Pkcs11Signer::open(&module, None, None, "123456").unwrap_err();
    assert_eq!(e.to_user_error().code, "sign.ambiguous");
}
