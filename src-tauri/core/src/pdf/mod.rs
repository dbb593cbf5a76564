//! The registrar's PDF: render an application, read it back, verify it.
//!
//! One A4 form that looks like the municipality's paper "Sociala medier – Ansökan"
//! (layout in `layout`), written by printpdf with the DejaVu fonts embedded as
//! subsets (`render`), text wrapped by measuring glyphs (`metrics`, `wrap`), then
//! finished with lopdf: Info + XMP + sRGB output intent aiming at PDF/A-3b
//! (`metadata`), the application itself attached as `kanalansokan.json`
//! (`embed`), ids derived from the seal. `verify` reads it back. A draft and an
//! application signed on paper also carry the application as QR codes
//! (`crate::qr`) in a last section "Maskinläsbar kopia", drawn as vector paths;
//! [`printed_layout`] says where they and the signature box are, for reading a
//! scan of the printed, pen-signed page. The closure notice's page does the same
//! with the notice ([`notice::printed_layout`]).
//!
//! # Deterministic output
//!
//! No clock and no randomness: the subset tags, the trailer `/ID` and the XMP
//! document ids are derived from the seal (for a draft, from the hash of its
//! canonical form); dates come from `signed_at`. The same signed application
//! gives the same bytes, which `verify` relies on: when the file's renderer
//! version ([`RENDERER_VERSION`], in `/Producer`) is ours, it lays out the
//! embedded application again, writes the page content streams that gives
//! (`content`, tested byte for byte against printpdf's) and compares them exactly;
//! otherwise it compares the pages' extracted text with the embedded values.
//!
//! # "Elektroniskt signerad" on the page
//!
//! A signed application's approval says, under its boxes, whether the file carries
//! the manager's digital signature ([`SignatureMark`], issue 14): the page is what a
//! person reads, and it must not claim a signature the file does not have. The
//! page check takes the mark from the file itself: a PAdES signature field present
//! (only that; whether the signature holds is `pades::verify`'s question) means
//! "Elektroniskt signerad", none means "Inte elektroniskt signerad".
//!
//! # PDF/A-3b: what is and is not checked
//!
//! Aimed at: `%PDF-1.7`, XMP with `pdfaid:part 3` / `conformance B` matching the
//! Info dictionary, an sRGB ICC OutputIntent, every font embedded (subset, with
//! ToUnicode and CIDSet), no encryption, no transparency, the attachment as an
//! associated file (`/AF`, `/AFRelationship /Data`, MIME type, `/Params`).
//! Checked by the tests: `qpdf --check` (structure), `pdftotext` (every label and
//! value comes back, Swedish letters included), lopdf reading everything back,
//! and the PyPI package `pdfluent`'s `validate_pdfa` lint when installed
//! (`tests/pdf_pdfa_lint.rs`; a test-time tool, never shipped). Not checked:
//! veraPDF (the reference validator) is not available here, so conformance is a
//! well-founded aim, not a proven fact.
//!
//! # What the seal proves
//!
//! It catches corruption, careless edits and a page that disagrees with its data.
//! It does not prove who signed: anyone who knows the format can recompute it.
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::{model::Application, pdf};
//! let app: Application = serde_json::from_str(include_str!(
//!     "../../../../tests/fixtures/signed-application.json"
//! )).unwrap();
//! let bytes = pdf::render(&app).unwrap();
//! assert_eq!(pdf::render(&app).unwrap(), bytes); // byte for byte the same
//! assert_eq!(pdf::verify(&bytes).unwrap(), app);
//! ```

use crate::error::{ToUserError, UserError};
use crate::model::Application;

mod content;
mod embed;
mod filename;
mod layout;
mod metadata;
mod metrics;
pub mod notice;
mod notice_layout;
pub(crate) mod parsed;
mod render;
pub(crate) mod verify;
mod wrap;

pub use embed::ATTACHMENT_NAME;
pub use filename::{portable_file_name, suggested_file_name};
pub use layout::{PlacedRect, PrintedLayout};
pub(crate) use parsed::ParsedPdf;
pub use render::RENDERER_VERSION;
/// Opens an untrusted PDF with the import's limits (for `scan`).
pub(crate) use verify::load as load_untrusted;
pub use verify::shown_values;

/// Largest PDF we will open (import reads untrusted files).
pub const MAX_PDF_BYTES: usize = 20 * 1024 * 1024;

/// Why rendering failed. Rendering a valid application does not fail; these are
/// for applications that were not validated first.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the application cannot be drawn: {0}")]
    NotRenderable(String),
    #[error("PDF writer failed: {0}")]
    Writer(String),
}

/// Why a PDF is not an intact application. Each variant is one rejection reason the
/// registrar sees.
#[derive(Debug, Clone, thiserror::Error)]
pub enum VerifyError {
    #[error("file is larger than {MAX_PDF_BYTES} bytes")]
    TooLarge,
    #[error("not a PDF")]
    NotPdf,
    #[error("damaged PDF: {0}")]
    Damaged(String),
    #[error("no embedded kanalansokan.json")]
    NoApplicationData,
    #[error("unknown schema version {0}")]
    UnknownSchemaVersion(u64),
    #[error("embedded data is not a valid application: {0}")]
    InvalidData(String),
    #[error("application is not signed")]
    NotSigned,
    #[error("seal does not match the content")]
    SealMismatch,
    #[error("pages do not show the embedded application: {0}")]
    PagesDisagree(String),
}

impl ToUserError for VerifyError {
    fn to_user_error(&self) -> UserError {
        let (code, message) = match self {
            VerifyError::TooLarge => (
                "pdf.too_large",
                "Filen är för stor för att vara en ansökan (högst 20 MB).",
            ),
            VerifyError::NotPdf => ("pdf.not_pdf", "Filen är inte en PDF."),
            VerifyError::Damaged(_) => ("pdf.damaged", "PDF-filen är skadad och kan inte läsas."),
            VerifyError::NoApplicationData => (
                "pdf.no_data",
                "PDF-filen innehåller ingen ansökan från Kanalansökan.",
            ),
            VerifyError::UnknownSchemaVersion(_) => (
                "pdf.unknown_schema",
                "Ansökan är gjord i en nyare version av Kanalansökan. Uppdatera programmet.",
            ),
            VerifyError::InvalidData(_) => (
                "pdf.invalid_data",
                "Ansökans data i PDF-filen går inte att tolka.",
            ),
            VerifyError::NotSigned => ("pdf.not_signed", "Ansökan är inte signerad."),
            VerifyError::SealMismatch => (
                "pdf.seal_mismatch",
                "Sigillet stämmer inte: ansökan har ändrats efter signering.",
            ),
            VerifyError::PagesDisagree(_) => (
                "pdf.pages_disagree",
                "Sidorna i PDF-filen visar inte samma uppgifter som den inbäddade ansökan.",
            ),
        };
        UserError::new(code, message)
    }
}

/// What a signed application's page says about a digital signature, under the
/// approval (issue 14). A draft says neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureMark {
    /// "Inte elektroniskt signerad": signed drawn, typed or on paper.
    #[default]
    NotDigital,
    /// "Elektroniskt signerad – den elektroniska signaturen finns i PDF-filen": the
    /// file is about to get (or has) the manager's PAdES signature.
    Digital,
}

/// Renders `app` as the registrar's PDF, with the application embedded as
/// `kanalansokan.json`. A signed application (seal present) renders byte for byte
/// the same every time and says "Inte elektroniskt signerad"; an unsigned one is
/// marked "UTKAST – ej signerad".
pub fn render(app: &Application) -> Result<Vec<u8>, PdfError> {
    render::render(app, SignatureMark::NotDigital)
}

/// [`render`], with the approval saying `mark`: [`SignatureMark::Digital`] for the
/// PDF that is signed digitally at once (`approval::sign_digitally`, `kanalansokan
/// sign`). Such a PDF passes [`verify`] only once the signature is in it.
pub fn render_with(app: &Application, mark: SignatureMark) -> Result<Vec<u8>, PdfError> {
    render::render(app, mark)
}

/// What the pages of `pdf` must say: [`SignatureMark::Digital`] if it has a
/// signature field with a signature ([`verify`]'s rule; it does not check the
/// signature).
pub fn signature_mark_of(pdf: &[u8]) -> Result<SignatureMark, VerifyError> {
    Ok(verify::signature_mark(&verify::load(pdf)?))
}

/// Where the QR codes and the signature box are on `app`'s printed pages (PDF
/// points, origin bottom left): what a scan reader needs to find them. No codes
/// for a drawn or typed signature.
pub fn printed_layout(app: &Application) -> Result<PrintedLayout, PdfError> {
    layout::printed_layout(app)
}

/// The approval's "Underskrift" box on `app`'s pages (PDF points, origin bottom
/// left), where the drawn, typed or pen signature is: a digital signature's widget
/// is placed over it (`pades::sign_pdf`), so that clicking the signature a person
/// sees shows the digital one. Normally on page 1; a long application pushes it to
/// a later page, and the page index says which. None only for a layout without an
/// approval section (there is none today).
pub fn signature_box(app: &Application) -> Result<Option<PlacedRect>, PdfError> {
    Ok(layout::printed_layout(app)?.signature_box)
}

/// Parses the bundled fonts now rather than on the first render. The `pdf`
/// command calls this on another thread first, so that the fonts are parsed
/// while the file is read, checked and sealed. (`verify` does not need it: its
/// page check reads only the fonts' character maps.)
pub fn warm_up() {
    render::warm_up();
}

/// Reads the embedded application without checking anything else (the schema
/// version is checked, since nothing else can be read without it).
pub fn extract_application(pdf: &[u8]) -> Result<Application, VerifyError> {
    let doc = verify::load(pdf)?;
    verify::extract_from(&doc)
}

/// Full check: readable, embedded application of a known schema, signed, seal
/// matches, pages show that application. Returns the application on success.
/// Never panics on any input.
pub fn verify(pdf: &[u8]) -> Result<Application, VerifyError> {
    verify::verify(pdf)
}
