//! Writes sample PDFs for a look when PDF_SAMPLE_DIR is set:
//! `PDF_SAMPLE_DIR=/tmp cargo test -p kanalansokan-core --test pdf_samples`,
//! then `pdftoppm -png -r 80 /tmp/fixture.pdf /tmp/page`.

mod common;

#[test]
fn writes_sample_pdfs_for_a_look() {
    let Some(dir) = std::env::var_os("PDF_SAMPLE_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let app = common::fixture();
    std::fs::write(
        dir.join("fixture.pdf"),
        kanalansokan_core::pdf::render(&app).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("big.pdf"),
        kanalansokan_core::pdf::render(&common::big(1)).unwrap(),
    )
    .unwrap();
    let mut draft = app.clone();
    draft.seal = None;
    draft.signed_at = None;
    draft.approval.signature = Some(kanalansokan_core::model::Signature::Paper);
    std::fs::write(
        dir.join("draft.pdf"),
        kanalansokan_core::pdf::render(&draft).unwrap(),
    )
    .unwrap();
}
