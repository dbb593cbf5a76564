//! The manager's approval, signed digitally (issue 14): the whole signing of an
//! application with a key, in one step that stores everything or nothing.
//!
//! Validate for signing and seal ([`seal::sign`]), render the registrar's PDF
//! saying "Elektroniskt signerad" ([`pdf::render_with`], [`pdf::SignatureMark`]),
//! append a PAdES B-B signature ([`pades::sign_pdf`], ETSI EN 319 142-1) with the
//! manager's key, its widget over the signature box ([`pdf::signature_box`]), and
//! store the sealed application with the
//! signed bytes in one transaction ([`Store::store_digitally_signed`]). If any
//! step fails, nothing is stored and the draft stays as it was.
//!
//! Layering: after `pades`, before `register`; it only calls down.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::{ToUserError, UserError};
use crate::model::Application;
use crate::model::notice::ClosureNotice;
use crate::pades::{self, SignError, SignatureError, Signer};
use crate::pdf::{self, PdfError};
use crate::seal;
use crate::storage::{DigitalSignature, StorageError, Store};

/// Why a digital signing did not happen. Nothing was stored in any case.
#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    /// The application is not complete: every problem at once, as "Kontrollera".
    #[error("the application is not ready for signing ({} problems)", .0.len())]
    Invalid(Vec<UserError>),
    /// The PDF could not be rendered.
    #[error("rendering the PDF: {0}")]
    Pdf(#[from] PdfError),
    /// The key refused or failed (wrong PIN, no token, expired certificate, …).
    #[error("signing the PDF: {0}")]
    Sign(#[from] SignError),
    /// The signer's certificate cannot be read.
    #[error("reading the signer's certificate: {0}")]
    Certificate(#[from] SignatureError),
    /// Storing failed.
    #[error("storing: {0}")]
    Storage(#[from] StorageError),
}

impl ApprovalError {
    /// What the page shows: the validation problems, or the one error.
    pub fn problems(&self) -> Vec<UserError> {
        match self {
            ApprovalError::Invalid(problems) => problems.clone(),
            other => vec![other.to_user_error()],
        }
    }
}

impl ToUserError for ApprovalError {
    fn to_user_error(&self) -> UserError {
        match self {
            ApprovalError::Invalid(problems) => problems.first().cloned().unwrap_or_else(|| {
                UserError::new(
                    "approval.invalid",
                    "Ansökan är inte färdig att signera. Klicka på Kontrollera.",
                )
            }),
            ApprovalError::Pdf(PdfError::NotRenderable(_)) => UserError::new(
                "pdf.not_renderable",
                "Ansökan innehåller uppgifter som inte kan skrivas i PDF-filen. Klicka på Kontrollera och rätta felen.",
            ),
            ApprovalError::Pdf(_) => UserError::new(
                "pdf.render_failed",
                "PDF-filen kunde inte skapas. Försök igen, och kontakta IT-supporten om felet finns kvar.",
            ),
            ApprovalError::Sign(e) => e.to_user_error(),
            ApprovalError::Certificate(e) => e.to_user_error(),
            ApprovalError::Storage(e) => e.to_user_error(),
        }
    }
}

/// What a digital signing produced and stored.
#[derive(Debug, Clone)]
pub struct DigitallySigned {
    /// The sealed application, as stored.
    pub application: Application,
    /// The signed PDF, byte for byte as stored.
    pub pdf: Vec<u8>,
    /// Who signed.
    pub signature: DigitalSignature,
}

/// Signs `app` digitally with `signer` at `now` and stores it; see the module doc.
///
/// The seal's signing time and the signature's `/M` are the same instant.
pub fn sign_digitally(
    store: &Store,
    app: &Application,
    signer: &dyn Signer,
    now: DateTime<Utc>,
) -> Result<DigitallySigned, ApprovalError> {
    let sealed = seal::sign(app, now).map_err(ApprovalError::Invalid)?;
    let unsigned_pdf = pdf::render_with(&sealed, pdf::SignatureMark::Digital)?;
    let placement = pdf::signature_box(&sealed)?;
    let (signed_pdf, signature) = sign_rendered(&unsigned_pdf, placement, signer, now)?;
    store.store_digitally_signed(&sealed, &signed_pdf, &signature)?;
    log::info!(
        "signed application {} version {} digitally",
        sealed.id,
        sealed.version
    );
    Ok(DigitallySigned {
        application: sealed,
        pdf: signed_pdf,
        signature,
    })
}

/// A closure notice signed digitally (issue 16): the sealed notice and its signed
/// PDF. Nothing is stored: the notice's PDF is the document that travels.
#[derive(Debug, Clone)]
pub struct DigitallySignedNotice {
    /// The sealed notice, as embedded in the PDF.
    pub notice: ClosureNotice,
    /// The signed PDF; it cannot be made again byte for byte, so it is what is saved.
    pub pdf: Vec<u8>,
    /// Who signed.
    pub signature: DigitalSignature,
}

/// Signs the closure notice digitally, as [`sign_digitally`] signs an application:
/// validate and seal ([`seal::notice::sign`]), render saying "Elektroniskt
/// signerad" ([`pdf::notice::render_with`]), and append the PAdES signature with
/// its widget over the notice's signature box.
pub fn sign_notice_digitally(
    notice: &ClosureNotice,
    signer: &dyn Signer,
    now: DateTime<Utc>,
) -> Result<DigitallySignedNotice, ApprovalError> {
    let sealed = seal::notice::sign(notice, now).map_err(ApprovalError::Invalid)?;
    let unsigned_pdf = pdf::notice::render_with(&sealed, pdf::SignatureMark::Digital)?;
    let placement = pdf::notice::signature_box(&sealed)?;
    let (signed_pdf, signature) = sign_rendered(&unsigned_pdf, placement, signer, now)?;
    log::info!("signed closure notice {} digitally", sealed.id);
    Ok(DigitallySignedNotice {
        notice: sealed,
        pdf: signed_pdf,
        signature,
    })
}

/// The PAdES step both documents share: the signature over `unsigned_pdf`, its
/// widget over `signature_box`, and who signed.
fn sign_rendered(
    unsigned_pdf: &[u8],
    signature_box: Option<pdf::PlacedRect>,
    signer: &dyn Signer,
    now: DateTime<Utc>,
) -> Result<(Vec<u8>, DigitalSignature), ApprovalError> {
    let info = pades::certificate_info(signer.certificate_der())?;
    let placement = signature_box.map(|b| pades::WidgetPlacement::over(&b));
    let signed_pdf = pades::sign_pdf(unsigned_pdf, signer, now, placement)?;
    let signature = DigitalSignature {
        signer_name: info.subject_name,
        issuer_dn: info.issuer_dn,
        serial_hex: info.serial_hex,
        certificate_sha256: info.sha256_hex,
        signed_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    Ok((signed_pdf, signature))
}
