//! Every way a registrar's PDF can be altered that `verify` must catch, and
//! inputs that must be refused without a panic.

mod common;
#[path = "common/pdf_edit.rs"]
mod pdf_edit;

use kanalansokan_core::model::Application;
use kanalansokan_core::pdf::{self, VerifyError};
use lopdf::{Document, Object};
use pdf_edit::{attachment_id, with_attachment};

fn signed_pdf() -> Vec<u8> {
    pdf::render(&common::fixture()).unwrap()
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn embedded_json(bytes: &[u8]) -> Vec<u8> {
    let doc = Document::load_mem(bytes).unwrap();
    let id = attachment_id(&doc);
    doc.get_object(id)
        .unwrap()
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap()
}

#[test]
fn intact_pdf_verifies() {
    assert_eq!(pdf::verify(&signed_pdf()).unwrap(), common::fixture());
}

#[test]
fn one_byte_changed_in_the_attachment_data_is_caught() {
    let bytes = signed_pdf();
    let mut json = embedded_json(&bytes);
    let at = json.windows(6).position(|w| w == b"Sprida").unwrap();
    json[at] = b's';
    let result = pdf::verify(&with_attachment(&bytes, json));
    assert!(
        matches!(result, Err(VerifyError::SealMismatch)),
        "{result:?}"
    );
}

#[test]
fn one_byte_flipped_in_the_compressed_attachment_is_caught() {
    let bytes = signed_pdf();
    let doc = Document::load_mem(&bytes).unwrap();
    let id = attachment_id(&doc);
    let compressed = doc
        .get_object(id)
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .clone();
    let start = bytes
        .windows(compressed.len())
        .position(|w| w == compressed.as_slice())
        .unwrap();
    for offset in [2, compressed.len() / 2, compressed.len() - 6] {
        let mut tampered = bytes.clone();
        tampered[start + offset] ^= 0x01;
        assert!(pdf::verify(&tampered).is_err(), "offset {offset}");
    }
}

#[test]
fn attachment_swapped_for_another_applications_is_caught() {
    let bytes = signed_pdf();
    let other = pdf::render(&common::big(2)).unwrap();
    let result = pdf::verify(&with_attachment(&bytes, embedded_json(&other)));
    assert!(
        matches!(result, Err(VerifyError::PagesDisagree(_))),
        "{result:?}"
    );
}

#[test]
fn edited_seal_is_caught() {
    let bytes = signed_pdf();
    let mut app: Application = serde_json::from_slice(&embedded_json(&bytes)).unwrap();
    app.seal = Some("0".repeat(64));
    let result = pdf::verify(&with_attachment(&bytes, serde_json::to_vec(&app).unwrap()));
    assert!(
        matches!(result, Err(VerifyError::SealMismatch)),
        "{result:?}"
    );
}

#[test]
fn edited_data_with_a_recomputed_seal_is_caught_by_the_pages() {
    let bytes = signed_pdf();
    let mut app: Application = serde_json::from_slice(&embedded_json(&bytes)).unwrap();
    app.operators[0].email = "annan@example.com".into();
    let app = common::sealed(app);
    let result = pdf::verify(&with_attachment(&bytes, serde_json::to_vec(&app).unwrap()));
    assert!(
        matches!(result, Err(VerifyError::PagesDisagree(_))),
        "{result:?}"
    );
}

#[test]
fn removed_attachment_is_caught() {
    let mut doc = Document::load_mem(&signed_pdf()).unwrap();
    let catalog = doc.catalog_mut().unwrap();
    catalog.remove(b"Names");
    catalog.remove(b"AF");
    let result = pdf::verify(&save(&mut doc));
    assert!(
        matches!(result, Err(VerifyError::NoApplicationData)),
        "{result:?}"
    );
    let result = pdf::extract_application(&save(&mut doc));
    assert!(
        matches!(result, Err(VerifyError::NoApplicationData)),
        "{result:?}"
    );
}

/// Swaps two glyph codes in the first text showing the unit: the page now
/// shows different letters than the data.
fn edit_visible_text(doc: &mut Document) {
    let page = *doc.get_pages().get(&1).unwrap();
    let content_id = doc.get_page_contents(page)[0];
    let stream = doc
        .get_object_mut(content_id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    let mut content = stream.decompressed_content().unwrap();
    // The 5th text object is the unit's value (header, site, title, subtitle, label, value).
    let mut starts = content
        .windows(2)
        .enumerate()
        .filter(|(_, w)| *w == b"<0")
        .map(|(i, _)| i);
    let at = starts.nth(5).unwrap() + 1;
    let first: Vec<u8> = content[at..at + 4].to_vec();
    let second: Vec<u8> = content[at + 4..at + 8].to_vec();
    assert_ne!(first, second);
    content[at..at + 4].copy_from_slice(&second);
    content[at + 4..at + 8].copy_from_slice(&first);
    stream.dict.remove(b"Filter");
    stream.set_content(content);
}

#[test]
fn edited_visible_text_is_caught() {
    let mut doc = Document::load_mem(&signed_pdf()).unwrap();
    edit_visible_text(&mut doc);
    let result = pdf::verify(&save(&mut doc));
    assert!(
        matches!(result, Err(VerifyError::PagesDisagree(_))),
        "{result:?}"
    );
}

fn set_producer(doc: &mut Document, producer: &str) {
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(info)
        .unwrap()
        .set("Producer", Object::string_literal(producer));
}

#[test]
fn other_renderer_versions_are_checked_by_text() {
    // A file from another version of the program: pages are compared by their text.
    let mut doc = Document::load_mem(&pdf::render(&common::big(5)).unwrap()).unwrap();
    set_producer(&mut doc, "Kanalansökan 9.0.0 (pdf-renderare 99)");
    let app = pdf::verify(&save(&mut doc)).unwrap();
    assert_eq!(app, common::big(5));

    let mut edited = Document::load_mem(&signed_pdf()).unwrap();
    set_producer(&mut edited, "Kanalansökan 9.0.0 (pdf-renderare 99)");
    edit_visible_text(&mut edited);
    let result = pdf::verify(&save(&mut edited));
    assert!(
        matches!(result, Err(VerifyError::PagesDisagree(_))),
        "{result:?}"
    );
}

#[test]
fn unsigned_and_unknown_schema_are_told_apart() {
    let bytes = signed_pdf();
    let mut json: serde_json::Value = serde_json::from_slice(&embedded_json(&bytes)).unwrap();
    json["schema_version"] = 2.into();
    json["new_field"] = "x".into();
    let result = pdf::verify(&with_attachment(&bytes, serde_json::to_vec(&json).unwrap()));
    assert!(
        matches!(result, Err(VerifyError::UnknownSchemaVersion(2))),
        "{result:?}"
    );

    let mut draft = common::fixture();
    draft.seal = None;
    draft.signed_at = None;
    let result = pdf::verify(&pdf::render(&draft).unwrap());
    assert!(matches!(result, Err(VerifyError::NotSigned)), "{result:?}");

    let result = pdf::verify(&with_attachment(&bytes, b"{not json".to_vec()));
    assert!(
        matches!(result, Err(VerifyError::InvalidData(_))),
        "{result:?}"
    );
}

#[test]
fn not_a_pdf_too_large_and_truncated_are_refused() {
    assert!(matches!(pdf::verify(b"hello"), Err(VerifyError::NotPdf)));
    assert!(matches!(pdf::verify(&[]), Err(VerifyError::NotPdf)));
    let big = vec![b' '; pdf::MAX_PDF_BYTES + 1];
    assert!(matches!(pdf::verify(&big), Err(VerifyError::TooLarge)));
    let bytes = signed_pdf();
    for cut in [10, 100, bytes.len() / 3, bytes.len() / 2] {
        assert!(pdf::verify(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    // Only the cross-reference table lost: the parser rebuilds it, and what it
    // finds is the intact application (anything else must be refused).
    if let Ok(app) = pdf::verify(&bytes[..bytes.len() - 40]) {
        assert_eq!(app, common::fixture());
    }
}

#[test]
fn mangled_files_never_panic() {
    let bytes = signed_pdf();
    // Deterministic pseudo-random byte edits all over the file.
    let mut state = 0x2545_f491_u64;
    for _ in 0..300 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut mangled = bytes.clone();
        let at = (state as usize) % mangled.len();
        mangled[at] = (state >> 32) as u8;
        let cut = mangled.len() - ((state >> 40) as usize % 64);
        let _ = pdf::verify(&mangled[..cut]);
        let _ = pdf::extract_application(&mangled);
    }
}

#[test]
fn user_messages_are_swedish() {
    use kanalansokan_core::error::ToUserError;
    let e = pdf::verify(b"hello").unwrap_err().to_user_error();
    assert_eq!(e.code, "pdf.not_pdf");
    assert_eq!(e.message, "Filen är inte en PDF.");
}
