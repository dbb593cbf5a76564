//! Issue 14: the manager's digital signing of an application, end to end in the
//! core: seal, render, PAdES-sign with a real PKCS#12 key, and store, in one step.
//! The signed PDF is checked with poppler's `pdfsig` (a reader nobody here wrote)
//! and with the registrar's verifier; a failure stores nothing.
//!
//! The test CA and the manager's certificate are minted with rcgen and written as
//! a .p12 with p12-keystore (`src-tauri/tests/window/test_keys.rs`, shared with the
//! window's tests).

use std::process::Command;

use chrono::{TimeZone, Utc};
use kanalansokan_core::approval::{self, ApprovalError};
use kanalansokan_core::error::ToUserError;
use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::pades::{self, Pkcs12Signer, TrustStore};
use kanalansokan_core::storage::Store;

#[path = "../../tests/window/test_keys.rs"]
#[allow(dead_code)] // the card tests' CA is for the window tests
mod test_keys;

const PASSWORD: &str = "Rätt lösenord 1";

/// A test CA and a manager's .p12 (ECDSA P-256), and the CA's DER: the same
/// minting as the window's tests.
fn mint_p12(name: &str) -> (Vec<u8>, Vec<u8>) {
    test_keys::mint_p12(name, PASSWORD)
}

/// The shipped complete application, with a typed signature, as a saved draft.
fn draft(store: &Store) -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    store.save_draft(&app).unwrap();
    app
}

fn pdfsig(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signerad.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfsig")
        .arg(&path)
        .output()
        .expect("pdfsig (poppler-utils) must be installed: apt-get install poppler-utils");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn signing_with_a_certificate_file_stores_the_signed_pdf_that_pdfsig_and_the_verifier_accept() {
    let store = Store::open_in_memory().unwrap();
    let app = draft(&store);
    let (p12, ca) = mint_p12("Karin Ålund");
    let signer = Pkcs12Signer::from_bytes(&p12, PASSWORD).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap();

    let done = approval::sign_digitally(&store, &app, &signer, now).unwrap();

    // Stored together: the sealed application and the signed bytes as returned.
    assert_eq!(store.get(&app.id, app.version).unwrap(), done.application);
    assert!(done.application.is_signed());
    let stored = store.signed_pdf(&app.id, app.version).unwrap().unwrap();
    assert_eq!(stored, done.pdf);
    let who = store
        .digital_signature(&app.id, app.version)
        .unwrap()
        .unwrap();
    assert_eq!(who.signer_name, "Karin Ålund");
    assert!(
        who.issuer_dn.contains("Testkommunens CA"),
        "{}",
        who.issuer_dn
    );
    assert_eq!(who.signed_at, "2026-12-06T10:00:00Z");
    assert_eq!(who.certificate_sha256.len(), 64);

    // A reader nobody here wrote: the signature is valid and covers the whole file.
    let report = pdfsig(&stored);
    assert!(report.contains("Signature is Valid"), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    assert!(report.contains("Karin Ålund"), "{report}");

    // The registrar's verifier, trusting the test CA, names the manager; the seal
    // and the embedded application still hold.
    let mut trust = TrustStore::new();
    trust.add_ca(&ca).unwrap();
    let verified = pades::verify_pdf_signature(&stored, &trust, now)
        .unwrap()
        .expect("a digital signature");
    assert_eq!(verified.signer.subject_name, "Karin Ålund");
    let embedded = kanalansokan_core::pdf::verify(&stored).expect("seal intact");
    assert_eq!(embedded, done.application);

    // The page says so (the page check holds it to what the file is), and the
    // signature's widget lies over the signature box, where the drawn one is.
    let text = String::from_utf8_lossy(
        &Command::new("pdftotext")
            .arg(dir_with(&stored).path().join("signerad.pdf"))
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils)")
            .stdout,
    )
    .into_owned();
    assert!(
        text.contains("Elektroniskt signerad – den elektroniska signaturen finns i PDF-filen"),
        "{text}"
    );
    let signature_box = kanalansokan_core::pdf::signature_box(&done.application)
        .unwrap()
        .unwrap();
    let want = pades::WidgetPlacement::over(&signature_box);
    let doc = lopdf::Document::load_mem(&stored).unwrap();
    let widget = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Widget"))
        .expect("a widget");
    let rect: Vec<f32> = widget
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_float().unwrap())
        .collect();
    assert_eq!(rect, want.rect);
    assert!(rect[2] - rect[0] > 100.0, "{rect:?}");
}

/// A directory holding `pdf` as `signerad.pdf`.
fn dir_with(pdf: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("signerad.pdf"), pdf).unwrap();
    dir
}

#[test]
fn an_incomplete_application_is_refused_with_every_problem_and_nothing_is_stored() {
    let store = Store::open_in_memory().unwrap();
    let mut app = draft(&store);
    app.unit = String::new();
    app.guidelines_read = false;
    store.save_draft(&app).unwrap();
    let (p12, _) = mint_p12("Karin Ålund");
    let signer = Pkcs12Signer::from_bytes(&p12, PASSWORD).unwrap();

    let err = approval::sign_digitally(&store, &app, &signer, Utc::now()).unwrap_err();
    let ApprovalError::Invalid(problems) = &err else {
        panic!("validation problems, got {err:?}");
    };
    let fields: Vec<_> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
    assert!(
        fields.contains(&"unit") && fields.contains(&"guidelines_read"),
        "{fields:?}"
    );
    assert_eq!(err.problems().len(), problems.len());

    assert_eq!(
        store.get(&app.id, app.version).unwrap(),
        app,
        "the draft as it was"
    );
    assert_eq!(store.signed_pdf(&app.id, app.version).unwrap(), None);
    assert!(store.list().unwrap().iter().all(|s| s.signed_at.is_none()));
}

#[test]
fn a_wrong_password_is_a_clear_swedish_error() {
    let (p12, _) = mint_p12("Karin Ålund");
    let err = Pkcs12Signer::from_bytes(&p12, "fel").unwrap_err();
    let user = err.to_user_error();
    assert_eq!(user.code, "sign.bad_password");
    assert!(user.message.contains("ösenord"), "{}", user.message);
}

/// Issue 13 with issue 14: the digitally signed PDF goes back to the unit head (or
/// on to another desk) as a file. Opening it there keeps the file byte for byte,
/// so "Spara PDF…" hands on the signature; a file changed after signing is refused.
#[test]
fn a_digitally_signed_pdf_opened_at_another_desk_keeps_its_signed_bytes() {
    use kanalansokan_core::handover::{self, Opened};
    let manager = Store::open_in_memory().unwrap();
    let app = draft(&manager);
    let (p12, _) = mint_p12("Karin Ålund");
    let signer = Pkcs12Signer::from_bytes(&p12, PASSWORD).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap();
    let done = approval::sign_digitally(&manager, &app, &signer, now).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Ansokan-signerad.pdf");
    std::fs::write(&path, &done.pdf).unwrap();
    let unit_head = Store::open(&dir.path().join("enhet.sqlite")).unwrap();
    let today = now.date_naive();
    let opened = handover::open_file(&unit_head, &path, today).unwrap();
    assert_eq!(opened.opened, Opened::SignedAdded);
    assert_eq!(
        unit_head
            .signed_pdf(&app.id, app.version)
            .unwrap()
            .as_deref(),
        Some(done.pdf.as_slice()),
        "the signed file is kept as it was signed"
    );
    let who = unit_head
        .digital_signature(&app.id, app.version)
        .unwrap()
        .expect("who signed");
    assert_eq!(who.signer_name, "Karin Ålund");

    // Anything appended after signing: refused, named, nothing stored.
    let mut changed = done.pdf.clone();
    changed.extend_from_slice(b"\n% tillagt efter signeringen\n");
    let changed_path = dir.path().join("Ansokan-andrad.pdf");
    std::fs::write(&changed_path, &changed).unwrap();
    let third = Store::open_in_memory().unwrap();
    let err = handover::open_file(&third, &changed_path, today).unwrap_err();
    let shown = err.to_user_error();
    assert_eq!(shown.code, "open.signature_broken", "{}", shown.message);
    assert!(
        shown.message.contains("Ansokan-andrad.pdf"),
        "{}",
        shown.message
    );
    assert!(third.list().unwrap().is_empty());
}
