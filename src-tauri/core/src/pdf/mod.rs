//! The registrar's PDF: render an application, read it back, verify it.
//!
//! The API below is what the rest of the program (window, CLI, register import)
//! relies on; the bodies are filled in by the PDF issue.

use crate::error::{ToUserError, UserError};
use crate::model::Application;

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
#[derive(Debug, thiserror::Error)]
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

/// Renders `app` as the registrar's PDF, with the application embedded as
/// `kanalansokan.json`. A signed application (seal present) renders byte for byte
/// the same every time; an unsigned one is marked "UTKAST – ej signerad".
pub fn render(app: &Application) -> Result<Vec<u8>, PdfError> {
    let _ = app;
    Err(PdfError::Writer("not built yet".into()))
}

/// Reads the embedded application without checking anything else.
pub fn extract_application(pdf: &[u8]) -> Result<Application, VerifyError> {
    let _ = pdf;
    Err(VerifyError::NoApplicationData)
}

/// Full check: readable, embedded application of a known schema, signed, seal
/// matches, pages show that application. Returns the application on success.
/// Never panics on any input.
pub fn verify(pdf: &[u8]) -> Result<Application, VerifyError> {
    let _ = pdf;
    Err(VerifyError::NoApplicationData)
}

/// TEMPORARY stand-in on the `shell` branch; the pdf branch's real one replaces it.
pub fn suggested_file_name(app: &Application) -> String {
    let _ = app;
    "Ansokan-sociala-medier.pdf".to_string()
}
