//! The registrar's PDF from the window: save (native dialog, atomic write),
//! print and open. Only a signed application's PDF leaves the program this way; the
//! page never names a file path, so it cannot make the app write anywhere else.

use std::path::{Path, PathBuf};

use kanalansokan_core::error::UserError;
use kanalansokan_core::model::Application;
use kanalansokan_core::{fsutil, pdf};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandError;
use crate::state::AppState;

/// For the end-to-end tests only: save here instead of asking with the native
/// dialog, which WebDriver cannot operate.
pub const SAVE_PATH_ENV: &str = "KANALANSOKAN_E2E_SAVE_PATH";

fn render_signed(
    state: &AppState,
    id: &str,
    version: u32,
) -> Result<(Application, Vec<u8>), CommandError> {
    let app = state.with_store(|s| s.get(id, version))?;
    if !app.is_signed() {
        return Err(CommandError(UserError::new(
            "pdf.not_signed",
            "Ansökan är inte signerad. Signera den först.",
        )));
    }
    let bytes = pdf::render(&app).map_err(|e| {
        log::error!("rendering {} v{} failed: {e:?}", app.id, app.version);
        CommandError(UserError::new(
            "pdf.render_failed",
            "PDF-filen kunde inte skapas. Försök igen eller kontakta IT-supporten.",
        ))
    })?;
    Ok((app, bytes))
}

fn write_failed(path: &Path, e: std::io::Error) -> CommandError {
    log::error!("writing {} failed: {e:?}", path.display());
    CommandError(UserError::new(
        "pdf.write_failed",
        format!(
            "PDF-filen kunde inte sparas i {}. Välj en annan mapp. Ingen befintlig fil har ändrats.",
            path.display()
        ),
    ))
}

#[derive(Debug, Serialize)]
pub struct Saved {
    /// Where the PDF was written; `None` when the user cancelled the dialog.
    pub path: Option<String>,
}

/// "Spara PDF…": asks where with the native save dialog (suggesting
/// `Ansokan-sociala-medier_<enhet>_<datum>.pdf`), then writes atomically.
#[tauri::command]
pub async fn save_pdf<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Saved, CommandError> {
    let (app, bytes) = render_signed(&state, &id, version)?;
    let path = match std::env::var_os(SAVE_PATH_ENV) {
        Some(p) => Some(PathBuf::from(p)),
        None => handle
            .dialog()
            .file()
            .set_title("Spara ansökan som PDF")
            .set_file_name(pdf::suggested_file_name(&app))
            .add_filter("PDF", &["pdf"])
            .blocking_save_file()
            .and_then(|f| f.into_path().ok()),
    };
    let Some(path) = path else {
        return Ok(Saved { path: None });
    };
    fsutil::write_atomic(&path, &bytes).map_err(|e| write_failed(&path, e))?;
    log::info!(
        "saved PDF of {} v{} to {}",
        app.id,
        app.version,
        path.display()
    );
    Ok(Saved {
        path: Some(path.display().to_string()),
    })
}

/// Writes the PDF to the temporary folder under its suggested name, for the
/// system's viewer or printer.
fn temp_pdf(state: &AppState, id: &str, version: u32) -> Result<PathBuf, CommandError> {
    let (app, bytes) = render_signed(state, id, version)?;
    let dir = std::env::temp_dir().join("kanalansokan");
    std::fs::create_dir_all(&dir).map_err(|e| write_failed(&dir, e))?;
    let path = dir.join(pdf::suggested_file_name(&app));
    fsutil::write_atomic(&path, &bytes).map_err(|e| write_failed(&path, e))?;
    Ok(path)
}

/// "Öppna PDF": the same PDF in the system's default viewer.
#[tauri::command]
pub fn open_pdf(state: State<'_, AppState>, id: String, version: u32) -> Result<(), CommandError> {
    let path = temp_pdf(&state, &id, version)?;
    crate::system::open(&path).map_err(|e| {
        log::error!("opening {} failed: {e:?}", path.display());
        CommandError(UserError::new(
            "pdf.open_failed",
            "Det finns inget program för PDF-filer. Spara PDF-filen och öppna den själv.",
        ))
    })
}

/// "Skriv ut": the same PDF to the system's default printer.
#[tauri::command]
pub fn print_pdf(state: State<'_, AppState>, id: String, version: u32) -> Result<(), CommandError> {
    let path = temp_pdf(&state, &id, version)?;
    crate::system::print(&path).map_err(|e| {
        log::error!("printing {} failed: {e:?}", path.display());
        CommandError(UserError::new(
            "pdf.print_failed",
            "Utskriften kunde inte startas. Öppna PDF-filen och skriv ut den därifrån.",
        ))
    })
}
