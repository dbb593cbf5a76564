//! Reading our PDFs back with tools and parsers nobody here wrote, shared by the
//! application's and the closure notice's PDF tests (`pdf_roundtrip.rs`,
//! `notice_pdf.rs`, `pades_sign.rs`, `register_notice.rs`).

use std::process::Command;

/// Whether `tool` can be run; if not, fails when `KANALANSOKAN_REQUIRE_PDF_TOOLS`
/// is set and otherwise says the test is skipped (the `pdf_pdfa_lint.rs` pattern).
pub fn tool_present(tool: &str, package: &str) -> bool {
    let runs = Command::new(tool).arg("-v").output().is_ok();
    if !runs {
        assert!(
            std::env::var_os("KANALANSOKAN_REQUIRE_PDF_TOOLS").is_none(),
            "{tool} is required here: apt-get install {package}"
        );
        eprintln!("SKIPPED: needs {tool} ({package})");
    }
    runs
}

/// The text of `pdf`'s pages as poppler's `pdftotext` reads it, in UTF-8
/// (poppler-utils; check [`tool_present`] first where the tool may be missing).
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: apt-get install poppler-utils");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The embedded file `name` read with lopdf alone, not through our own reader, and
/// checked as PDF/A-3 wants it (ISO 19005-3 §6.8): the first entry of the
/// EmbeddedFiles name tree, `/AFRelationship /Data`, listed in the catalog's `/AF`,
/// `application/json` with its size and modification date. Returns the JSON.
pub fn embedded_json_with_lopdf(bytes: &[u8], name: &str) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let names = catalog
        .get_deref(b"Names", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let tree = names
        .get_deref(b"EmbeddedFiles", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let pairs = tree.get(b"Names").unwrap().as_array().unwrap();
    assert_eq!(pairs[0].as_str().unwrap(), name.as_bytes());
    let spec = doc.dereference(&pairs[1]).unwrap().1.as_dict().unwrap();
    assert_eq!(
        spec.get(b"AFRelationship").unwrap().as_name().unwrap(),
        b"Data"
    );
    let af = catalog.get(b"AF").unwrap().as_array().unwrap();
    assert_eq!(af[0], pairs[1]);
    let ef = spec.get_deref(b"EF", &doc).unwrap().as_dict().unwrap();
    let file = ef.get_deref(b"F", &doc).unwrap().as_stream().unwrap();
    assert_eq!(
        file.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"application/json"
    );
    let params = file.dict.get(b"Params").unwrap().as_dict().unwrap();
    let json = file.decompressed_content().unwrap();
    assert_eq!(
        params.get(b"Size").unwrap().as_i64().unwrap(),
        json.len() as i64
    );
    assert!(params.get(b"ModDate").is_ok());
    json
}
