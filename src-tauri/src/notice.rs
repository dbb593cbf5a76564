//! Issue 16's window part: "Anmäl att kanalen avslutas…" on a signed application
//! in "Mina ansökningar". Thin glue over the core (`model::notice`,
//! `seal::notice`, `pdf::notice`): a draft notice filled in from the stored
//! application, and "Spara anmälan som PDF…", which validates and seals the notice
//! (every problem at once, nothing written if any) and saves its PDF with the
//! native save dialog (or the `KANALANSOKAN_SAVE_PATH` test hook), atomically.
//!
//! The notice is not stored in the database: the PDF is the document that travels
//! to the registrar, as the application's PDF does.
//!
//! Signed digitally (PKCS#11 token or .p12/.pfx, the application's dialogs and
//! signers, `digital_signing::sign`), the notice's PDF cannot be made again byte
//! for byte: the signed bytes are kept in memory ([`SignedNotice`]) until the
//! next notice, and "Spara PDF…" ([`save_signed_notice_pdf`]) writes exactly
//! those bytes. A notice for a channel typed in (opened before the app) starts
//! from [`blank_notice_draft`].

use std::sync::Mutex;

use kanalansokan_core::approval::{self, ApprovalError};
use kanalansokan_core::error::UserError;
use kanalansokan_core::fsutil;
use kanalansokan_core::model::notice::ClosureNotice;
use kanalansokan_core::pades::Signer;
use kanalansokan_core::{pdf, seal};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::today;
use crate::digital_signing::ChosenCertificateFile;
use crate::digital_signing::sign::{beside_token_controls, file_signer, token_signer};
use crate::error::CommandError;
use crate::signing::{Problems, choose_save_path};
use crate::state::AppState;

/// The last notice signed digitally in this window: its id, suggested file
/// name and signed PDF, kept until the next one (never written anywhere but
/// where "Spara PDF…" is told).
#[derive(Default)]
pub struct SignedNotice(Mutex<Option<KeptNotice>>);

struct KeptNotice {
    id: String,
    file_name: String,
    pdf: Vec<u8>,
}

/// What the page gets after a digital signing: the sealed notice and who signed.
#[derive(Debug, Clone, Serialize)]
pub struct DigitallySignedNoticeView {
    pub notice: ClosureNotice,
    /// The certificate's subject name.
    pub signer_name: String,
}

/// A new notice for every channel of the signed application `id`/`version`:
/// unit, channels (with the application's id and version), and its first
/// responsible person as the reporter. A draft is refused: only approved
/// channels can be reported closed.
#[tauri::command]
pub fn notice_draft(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<ClosureNotice, CommandError> {
    let app = state.with_store(|s| s.get(&id, version))?;
    if !app.is_signed() {
        return Err(CommandError(UserError::new(
            "notice.application_not_signed",
            "Bara en signerad ansökan har kanaler som kan anmälas som avslutade.",
        )));
    }
    Ok(ClosureNotice::for_application(&app, today()))
}

/// A new notice for a channel typed in (opened before the app): one empty
/// channel row, no unit or reporter yet, the approval dated today.
#[tauri::command]
pub fn blank_notice_draft() -> ClosureNotice {
    ClosureNotice::new_draft(today())
}

/// "Spara anmälan som PDF…": signs and seals `notice` (all problems at once, as
/// "Signera" does), asks where, writes the PDF atomically. Returns the path, or
/// `None` when the user cancelled.
#[tauri::command(async)]
pub fn save_notice_pdf<R: Runtime>(
    handle: AppHandle<R>,
    notice: serde_json::Value,
) -> Result<Option<String>, Problems> {
    let notice = parse_notice(notice)?;
    let signed = seal::notice::sign(&notice, chrono::Utc::now()).map_err(Problems)?;
    let bytes = pdf::notice::render(&signed).map_err(|e| {
        log::warn!("rendering the notice failed: {e:?}");
        Problems(vec![UserError::new(
            "pdf.render_failed",
            "PDF-filen kunde inte skapas. Försök igen, och kontakta IT-supporten om felet finns kvar.",
        )])
    })?;
    let saved = save_with_dialog(&handle, &file_name(&signed), &bytes)?;
    if saved.is_some() {
        log::info!("notice {} saved", signed.id);
    }
    Ok(saved)
}

fn parse_notice(notice: serde_json::Value) -> Result<ClosureNotice, Problems> {
    serde_json::from_value(notice).map_err(|e| {
        log::warn!("page sent a notice the core cannot read: {e}");
        Problems(vec![UserError::new(
            "notice.unreadable",
            "Anmälan kunde inte läsas. Ladda om fönstret och försök igen.",
        )])
    })
}

/// `Avslutad-kanal_<enhet>_<datum>.pdf`.
fn file_name(notice: &ClosureNotice) -> String {
    format!(
        "Avslutad-kanal_{}_{}.pdf",
        notice.unit, notice.approval.date
    )
}

/// Asks where (the save dialog, or the test hook) and writes `bytes` there
/// atomically. `None`: cancelled.
fn save_with_dialog<R: Runtime>(
    handle: &AppHandle<R>,
    name: &str,
    bytes: &[u8],
) -> Result<Option<String>, Problems> {
    let Some(path) = choose_save_path(
        handle,
        "Spara anmälan om avslutad kanal som PDF",
        name,
        "PDF-fil",
        "pdf",
    ) else {
        return Ok(None);
    };
    fsutil::write_atomic(&path, bytes).map_err(|e| {
        log::warn!("saving the notice to {}: {e}", path.display());
        Problems(vec![UserError::new(
            "pdf.save_failed",
            format!(
                "PDF-filen kunde inte sparas som {}. Välj en annan mapp och försök igen.",
                path.display()
            ),
        )])
    })?;
    Ok(Some(path.display().to_string()))
}

/// Signs the notice with the card or token (the certificate chosen in the
/// application's dialog, the PIN used once) and keeps the signed PDF for
/// [`save_signed_notice_pdf`]. Validation problems come back as from
/// `save_notice_pdf`, the card's beside the dialog's controls.
#[tauri::command(async)]
pub fn sign_notice_with_token(
    state: State<'_, AppState>,
    kept: State<'_, SignedNotice>,
    notice: serde_json::Value,
    token_label: String,
    key_id_hex: String,
    pin: String,
) -> Result<DigitallySignedNoticeView, Problems> {
    let notice = parse_notice(notice)?;
    let signer = token_signer(&state, &token_label, &key_id_hex, pin)?;
    sign_and_keep(&kept, &notice, &signer).map_err(beside_token_controls)
}

/// Signs the notice with the certificate file chosen with "Välj fil…" and its
/// password (used once), and keeps the signed PDF for [`save_signed_notice_pdf`].
#[tauri::command(async)]
pub fn sign_notice_with_certificate_file(
    kept: State<'_, SignedNotice>,
    chosen: State<'_, ChosenCertificateFile>,
    notice: serde_json::Value,
    password: String,
) -> Result<DigitallySignedNoticeView, Problems> {
    let notice = parse_notice(notice)?;
    let signer = file_signer(&chosen, password)?;
    sign_and_keep(&kept, &notice, &signer)
}

fn sign_and_keep(
    kept: &SignedNotice,
    notice: &ClosureNotice,
    signer: &dyn Signer,
) -> Result<DigitallySignedNoticeView, Problems> {
    let signed =
        approval::sign_notice_digitally(notice, signer, chrono::Utc::now()).map_err(|e| {
            if !matches!(e, ApprovalError::Invalid(_)) {
                log::warn!("signing the notice digitally failed: {e:?}");
            }
            Problems(e.problems())
        })?;
    *kept.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(KeptNotice {
        id: signed.notice.id.clone(),
        file_name: file_name(&signed.notice),
        pdf: signed.pdf,
    });
    Ok(DigitallySignedNoticeView {
        notice: signed.notice,
        signer_name: signed.signature.signer_name,
    })
}

/// "Spara PDF…" for the notice `id` just signed digitally: writes exactly the
/// signed bytes kept by the signing (the save dialog asks where). Returns the
/// path, or `None` when the user cancelled.
#[tauri::command(async)]
pub fn save_signed_notice_pdf<R: Runtime>(
    handle: AppHandle<R>,
    kept: State<'_, SignedNotice>,
    id: String,
) -> Result<Option<String>, Problems> {
    let (name, bytes) = {
        let kept = kept.0.lock().unwrap_or_else(|p| p.into_inner());
        match kept.as_ref().filter(|k| k.id == id) {
            Some(k) => (k.file_name.clone(), k.pdf.clone()),
            None => {
                return Err(Problems(vec![UserError::new(
                    "notice.not_signed_here",
                    "Den signerade anmälan finns inte längre i fönstret. Signera anmälan igen.",
                )]));
            }
        }
    };
    let saved = save_with_dialog(&handle, &name, &bytes)?;
    if saved.is_some() {
        log::info!("digitally signed notice {id} saved");
    }
    Ok(saved)
}
