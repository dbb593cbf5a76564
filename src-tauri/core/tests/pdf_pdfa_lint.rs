//! PDF/A-3b lint with the PyPI package `pdfluent` (`validate_pdfa`): a test-time
//! tool only (AGPL, never shipped). veraPDF is not available here, so this is a
//! lint, not a conformance proof.
//!
//! Needs `pip install pdfluent`. Without it the test says so and passes, unless
//! `KANALANSOKAN_REQUIRE_PDFA_LINT=1` (set it in CI after installing pdfluent).

mod common;

use std::process::Command;

use kanalansokan_core::model::Signature;
use kanalansokan_core::pdf;

const SCRIPT: &str = r#"
import sys, pdfluent
bad = 0
for path in sys.argv[1:]:
    report = pdfluent.validate_pdfa(path)
    for issue in report.issues:
        print(f"{path}: [{issue.severity}] {issue.rule}: {issue.message}")
        bad += 1
sys.exit(1 if bad else 0)
"#;

fn lint_available() -> bool {
    Command::new("python3")
        .args(["-c", "import pdfluent"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn pdfluent_finds_no_pdfa_issues() {
    if !lint_available() {
        assert!(
            std::env::var_os("KANALANSOKAN_REQUIRE_PDFA_LINT").is_none(),
            "pdfluent is required here: pip install pdfluent"
        );
        eprintln!("SKIPPED: PDF/A lint needs `pip install pdfluent`");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut paper = common::fixture();
    paper.approval.signature = Some(Signature::Paper);
    let mut draft = common::fixture();
    draft.seal = None;
    draft.signed_at = None;
    let apps = [
        common::fixture(),
        common::big(1),
        common::sealed(paper),
        draft,
    ];
    let mut paths = Vec::new();
    for (i, app) in apps.iter().enumerate() {
        let path = dir.path().join(format!("{i}.pdf"));
        std::fs::write(&path, pdf::render(app).unwrap()).unwrap();
        paths.push(path);
    }
    // The unit's closure notice ("Anmälan om avslutad kanal"), signed.
    let notice: kanalansokan_core::model::notice::ClosureNotice =
        serde_json::from_str(include_str!("../../../tests/fixtures/valid-notice.json")).unwrap();
    let signed_at = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z").unwrap();
    let signed = kanalansokan_core::seal::notice::sign(&notice, signed_at.to_utc()).unwrap();
    let path = dir.path().join("avslut.pdf");
    std::fs::write(&path, pdf::notice::render(&signed).unwrap()).unwrap();
    paths.push(path);
    // Signed on paper: with its QR codes.
    let mut paper = notice;
    paper.approval.signature = Some(Signature::Paper);
    let paper = kanalansokan_core::seal::notice::sign(&paper, signed_at.to_utc()).unwrap();
    let path = dir.path().join("avslut-papper.pdf");
    std::fs::write(&path, pdf::notice::render(&paper).unwrap()).unwrap();
    paths.push(path);
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
