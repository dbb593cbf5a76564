//! Issue 13's commands: handing an application over as a file between desks.
//!
//! "Skicka till chef för godkännande…" writes the draft PDF for the manager;
//! "Öppna ansökan från fil…", a file dropped on the Ansökan view and a file on
//! the window's command line open one, through
//! [`kanalansokan_core::handover::open_file`] (the same as `kanalansokan open`).
//!
//! # Test hooks
//!
//! `KANALANSOKAN_SAVE_PATH` (see [`crate::signing`]) also answers the save dialog
//! of "Skicka till chef…"; `KANALANSOKAN_OPEN_APPLICATION_PATH=/some/file` answers
//! the open dialog of "Öppna ansökan från fil…". End-to-end tests only.

use std::path::PathBuf;

use kanalansokan_core::error::{ToUserError, UserError};
use kanalansokan_core::handover::{self, OpenOutcome};
use kanalansokan_core::storage::HandoverRecord;
use kanalansokan_core::validate::{Check, validate};
use kanalansokan_core::{fsutil, pdf};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::today;
use crate::error::CommandError;
use crate::signing::choose_save_path;
use crate::state::AppState;

/// Environment variable: open this file instead of asking (end-to-end tests only).
pub const OPEN_APPLICATION_PATH_ENV: &str = "KANALANSOKAN_OPEN_APPLICATION_PATH";

/// What the page is told after "Skicka till chef för godkännande…".
#[derive(Debug, Clone, Serialize)]
pub struct SentForApproval {
    pub path: String,
    pub sent_at: String,
}

/// The file name offered: `Ansokan-sociala-medier_<enhet>_for-godkannande.pdf`.
fn approval_file_name(app: &kanalansokan_core::Application) -> String {
    let name = pdf::suggested_file_name(app);
    // suggested_file_name ends in "_<date>.pdf"; the date is replaced by the purpose.
    match name.rsplit_once('_') {
        Some((stem, _)) => format!("{stem}_for-godkannande.pdf"),
        None => "Ansokan-sociala-medier_for-godkannande.pdf".into(),
    }
}

/// "Skicka till chef för godkännande…": on a stored draft that passes every
/// check, writes its draft PDF (application embedded, "UTKAST – ej signerad")
/// where the user chooses and marks the draft as sent. `Ok(None)`: cancelled.
/// A draft with problems is refused with the first of them (the page runs
/// "Kontrollera" first, so this is a safety net).
#[tauri::command(async)]
pub fn send_for_approval<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Option<SentForApproval>, CommandError> {
    let app = state.with_store(|s| s.get(&id, version))?;
    if app.is_signed() {
        return Err(CommandError(UserError::new(
            "handover.already_signed",
            "Ansökan är redan signerad. Spara PDF-filen och skicka den till kommunikatören.",
        )));
    }
    if let Some(first) = validate(&app, today(), Check::Form).into_iter().next() {
        return Err(CommandError(first));
    }
    let bytes = pdf::render(&app).map_err(|e| {
        log::warn!("rendering draft for approval: {e}");
        CommandError(UserError::new(
            "pdf.render_failed",
            "PDF-filen kunde inte skapas. Försök igen.",
        ))
    })?;
    let Some(path) = choose_save_path(
        &handle,
        "Skicka till chef för godkännande",
        &approval_file_name(&app),
        "PDF-fil",
        "pdf",
    ) else {
        return Ok(None);
    };
    fsutil::write_atomic(&path, &bytes).map_err(|e| {
        log::warn!("saving PDF for approval to {}: {e}", path.display());
        CommandError(UserError::new(
            "pdf.save_failed",
            format!(
                "PDF-filen kunde inte sparas som {}. Välj en annan mapp och försök igen.",
                path.display()
            ),
        ))
    })?;
    let sent_at = state.with_store(|s| s.mark_sent_for_approval(&id, version))?;
    log::info!("application {id} version {version} written for approval");
    Ok(Some(SentForApproval {
        path: path.display().to_string(),
        sent_at,
    }))
}

/// Opens `path` into the store. Errors carry the file's name in Swedish.
fn open_path(state: &AppState, path: &std::path::Path) -> Result<OpenOutcome, CommandError> {
    state
        .with_store(|s| Ok(handover::open_file(s, path, today())))?
        .map_err(|e| {
            log::info!("opening {}: {e:?}", path.display());
            CommandError(e.to_user_error())
        })
}

/// "Öppna ansökan från fil…": the native open dialog (PDF or JSON), then the
/// file into "Mina ansökningar". `Ok(None)` when cancelled.
#[tauri::command(async)]
pub fn open_application_file<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<OpenOutcome>, CommandError> {
    let path = match std::env::var_os(OPEN_APPLICATION_PATH_ENV).filter(|p| !p.is_empty()) {
        Some(hook) => {
            log::info!("{OPEN_APPLICATION_PATH_ENV} is set: opening without a dialog");
            PathBuf::from(hook)
        }
        None => {
            let Some(chosen) = handle
                .dialog()
                .file()
                .set_title("Öppna ansökan från fil")
                .add_filter("Ansökan (PDF eller JSON)", &["pdf", "PDF", "json", "JSON"])
                .blocking_pick_file()
            else {
                return Ok(None);
            };
            chosen.into_path().map_err(|e| {
                log::warn!("open dialog returned no local path: {e}");
                CommandError(UserError::new(
                    "open.unreadable",
                    "Filen gick inte att läsa. Välj en fil på datorn eller en delad mapp.",
                ))
            })?
        }
    };
    open_path(&state, &path).map(Some)
}

/// One opened file or why not, for files dropped on the Ansökan view or given on
/// the command line.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum OpenResult {
    Opened(OpenOutcome),
    Refused { error: UserError },
}

/// Opens the files dropped on the window (the Ansökan view asks for them, the
/// register view imports them instead) or waiting from the command line.
#[tauri::command]
pub fn open_dropped_applications(state: State<'_, AppState>) -> Vec<OpenResult> {
    state
        .take_dropped()
        .iter()
        .map(|p| match open_path(&state, p) {
            Ok(o) => OpenResult::Opened(o),
            Err(e) => OpenResult::Refused { error: e.0 },
        })
        .collect()
}

/// Where a draft came from and what was received, for the form's marks.
#[tauri::command]
pub fn application_handover(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<HandoverRecord, CommandError> {
    state.with_store(|s| s.handover_record(&id, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_file_name_says_what_it_is_for() {
        let mut app = kanalansokan_core::Application::new_draft(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        );
        app.unit = "Smedjebackens bibliotek".into();
        assert_eq!(
            approval_file_name(&app),
            "Ansokan-sociala-medier_Smedjebackens-bibliotek_for-godkannande.pdf"
        );
    }
}
