//! `kanalansokan pdf` and `kanalansokan verify` as a user runs them: exit codes,
//! Swedish output, files written.

mod common;

use std::path::Path;

use kanalansokan_core::cli;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

fn run(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut all = vec!["kanalansokan"];
    all.extend_from_slice(args);
    let code = cli::run(all, &mut out, &mut err).unwrap();
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn signed_fixture_becomes_a_pdf_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ansokan.pdf");
    let fixture = format!("{FIXTURES}/signed-application.json");
    let (code, stdout, stderr) = run(&["pdf", &fixture, "-o", s(&out)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("signerad"), "{stdout}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        kanalansokan_core::pdf::render(&common::fixture()).unwrap()
    );

    let (code, stdout, _) = run(&["verify", s(&out)]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Intakt"), "{stdout}");
    assert!(stdout.contains("Kultur- och fritidsförvaltningen"));

    let (code, stdout, _) = run(&["verify", s(&out), "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["intact"], true);
    assert_eq!(
        v["application"]["seal"],
        common::fixture().seal.unwrap().as_str()
    );
}

#[test]
fn unsigned_application_renders_as_draft_and_does_not_verify() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("utkast.pdf");
    let valid = format!("{FIXTURES}/valid-application.json");
    let (code, stdout, stderr) = run(&["pdf", &valid, "-o", s(&out)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("UTKAST – ej signerad"), "{stdout}");
    let (code, _, stderr) = run(&["verify", s(&out)]);
    assert_eq!(code, 1);
    assert!(stderr.contains("Ansökan är inte signerad."), "{stderr}");
    let (code, stdout, _) = run(&["verify", "--json", s(&out)]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(v["error"]["code"], "pdf.not_signed");
}

#[test]
fn application_with_a_signature_is_sealed_on_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::fixture();
    app.seal = None;
    app.signed_at = None;
    let json = dir.path().join("a.json");
    std::fs::write(&json, serde_json::to_vec(&app).unwrap()).unwrap();
    let out = dir.path().join("a.pdf");
    let (code, _, stderr) = run(&["pdf", s(&json), "-o", s(&out)]);
    assert_eq!(code, 0, "{stderr}");
    let signed = kanalansokan_core::pdf::verify(&std::fs::read(&out).unwrap()).unwrap();
    assert!(signed.signed_at.is_some());
    assert!(kanalansokan_core::seal::is_intact(&signed));
}

#[test]
fn broken_seal_in_the_json_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::fixture();
    app.unit.push_str(" (ändrad)");
    let json = dir.path().join("a.json");
    std::fs::write(&json, serde_json::to_vec(&app).unwrap()).unwrap();
    let out = dir.path().join("a.pdf");
    let (code, _, stderr) = run(&["pdf", s(&json), "-o", s(&out)]);
    assert_eq!(code, 1);
    assert!(stderr.contains("Sigillet stämmer inte"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn unreadable_inputs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("finns-inte.pdf");
    let (code, _, stderr) = run(&["verify", s(&missing)]);
    assert_eq!(code, 2);
    assert!(stderr.contains("Kan inte läsa filen"), "{stderr}");

    let text = dir.path().join("brev.pdf");
    std::fs::write(&text, "Hej!").unwrap();
    let (code, _, stderr) = run(&["verify", s(&text)]);
    assert_eq!(code, 2);
    assert!(stderr.contains("Filen är inte en PDF."), "{stderr}");

    let json = dir.path().join("x.json");
    std::fs::write(&json, "[1,2").unwrap();
    let (code, _, _) = run(&["pdf", s(&json), "-o", s(&dir.path().join("x.pdf"))]);
    assert_eq!(code, 2);
}

#[test]
fn a_pdf_that_is_not_an_application_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc =
        lopdf::Document::load_mem(&kanalansokan_core::pdf::render(&common::fixture()).unwrap())
            .unwrap();
    let catalog = doc.catalog_mut().unwrap();
    catalog.remove(b"Names");
    catalog.remove(b"AF");
    let path = dir.path().join("annan.pdf");
    doc.save(&path).unwrap();
    let (code, _, stderr) = run(&["verify", s(&path)]);
    assert_eq!(code, 1);
    assert!(stderr.contains("innehåller ingen ansökan"), "{stderr}");
}

/// A file as Windows Notepad saves it ("UTF-8 med BOM", CRLF line ends), in a
/// folder with Swedish letters and spaces: `validate` and `pdf` read it like the
/// original, and the PDF is byte for byte the same.
#[test]
fn notepad_file_with_bom_and_crlf_gives_the_same_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Åsa Öberg").join("Dokument");
    std::fs::create_dir_all(&folder).unwrap();
    let original = std::fs::read_to_string(format!("{FIXTURES}/signed-application.json")).unwrap();
    let crlf = original.replace("\r\n", "\n").replace('\n', "\r\n");
    assert!(crlf.contains("\r\n"));
    let notepad = folder.join("Ansökan 1.json");
    std::fs::write(
        &notepad,
        [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat(),
    )
    .unwrap();

    let (code, _, stderr) = run(&["validate", s(&notepad)]);
    assert_eq!(code, 0, "{stderr}");
    let pdf_path = folder.join("Ansökan 1.pdf");
    let (code, _, stderr) = run(&["pdf", s(&notepad), "-o", s(&pdf_path)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read(&pdf_path).unwrap(),
        kanalansokan_core::pdf::render(&common::fixture()).unwrap()
    );
}
