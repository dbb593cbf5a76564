//! Signed applications and their PDFs for the register tests: the shipped complete
//! application (`tests/fixtures/valid-application.json`) as application `n` of a unit.

use std::path::Path;

use chrono::Utc;
use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::{pdf, seal};

/// The shipped complete application, unsigned, as application `n` of `unit`.
pub fn application(n: u32, unit: &str) -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.id = format!("6f1c2a7e-0000-4000-8000-{n:012}");
    app.unit = unit.into();
    app
}

/// `app` signed now with `signature`.
pub fn sign(mut app: Application, signature: Signature) -> Application {
    app.approval.signature = Some(signature);
    seal::sign(&app, Utc::now()).expect("fixture signs")
}

/// The manager's name, typed.
pub fn typed() -> Signature {
    Signature::Typed {
        text: "Karin Ålund".into(),
    }
}

/// Writes the registrar's PDF of `app` as `dir/name`.
pub fn write_pdf(dir: &Path, name: &str, app: &Application) {
    std::fs::write(dir.join(name), pdf::render(app).unwrap()).unwrap();
}

/// Asserts that poppler's `pdfsig` finds the PDF at `path` signed by `signer`,
/// the signature valid and covering the whole document.
pub fn assert_pdfsig_valid(path: &Path, signer: &str) {
    let out = std::process::Command::new("pdfsig")
        .arg(path)
        .output()
        .expect("pdfsig (poppler-utils) must be installed");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("Signature is Valid"), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    assert!(report.contains(signer), "{report}");
}
