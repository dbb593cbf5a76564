//! Issue 16's window part: "Anmäl att kanalen avslutas…" on a signed application
//! in "Mina ansökningar". Thin glue over the core (`model::notice`,
//! `seal::notice`, `pdf::notice`): a draft notice filled in from the stored
//! application, and "Spara anmälan som PDF…", which validates and seals the notice
//! (every problem at once, nothing written if any) and saves its PDF with the
//! native save dialog (or the `KANALANSOKAN_SAVE_PATH` test hook), atomically.
//!
//! The notice is not stored in the database: the PDF is the document that travels
//! to the registrar, as the application's PDF does.

use kanalansokan_core::error::UserError;
use kanalansokan_core::fsutil;
use kanalansokan_core::model::notice::ClosureNotice;
use kanalansokan_core::{pdf, seal};
use tauri::{AppHandle, Runtime, State};

use crate::commands::today;
use crate::error::CommandError;
use crate::signing::{Problems, choose_save_path};
use crate::state::AppState;

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

/// "Spara anmälan som PDF…": signs and seals `notice` (all problems at once, as
/// "Signera" does), asks where, writes the PDF atomically. Returns the path, or
/// `None` when the user cancelled.
#[tauri::command(async)]
pub fn save_notice_pdf<R: Runtime>(
    handle: AppHandle<R>,
    notice: serde_json::Value,
) -> Result<Option<String>, Problems> {
    let notice: ClosureNotice = serde_json::from_value(notice).map_err(|e| {
        log::warn!("page sent a notice the core cannot read: {e}");
        Problems(vec![UserError::new(
            "notice.unreadable",
            "Anmälan kunde inte läsas. Ladda om fönstret och försök igen.",
        )])
    })?;
    let signed = seal::notice::sign(&notice, chrono::Utc::now()).map_err(Problems)?;
    let bytes = pdf::notice::render(&signed).map_err(|e| {
        log::warn!("rendering the notice failed: {e:?}");
        Problems(vec![UserError::new(
            "pdf.render_failed",
            "PDF-filen kunde inte skapas. Försök igen, och kontakta IT-supporten om felet finns kvar.",
        )])
    })?;
    let day = signed.approval.date.clone();
    let name = format!("Avslutad-kanal_{}_{day}.pdf", signed.unit);
    let Some(path) = choose_save_path(
        &handle,
        "Spara anmälan om avslutad kanal som PDF",
        &name,
        "PDF-fil",
        "pdf",
    ) else {
        return Ok(None);
    };
    fsutil::write_atomic(&path, &bytes).map_err(|e| {
        log::warn!("saving the notice to {}: {e}", path.display());
        Problems(vec![UserError::new(
            "pdf.save_failed",
            format!(
                "PDF-filen kunde inte sparas som {}. Välj en annan mapp och försök igen.",
                path.display()
            ),
        )])
    })?;
    log::info!("notice {} saved", signed.id);
    Ok(Some(path.display().to_string()))
}
