//! Issue 4's commands: the registrar's view ("Register") over `core::register`.
//!
//! Each command is thin glue: it locks the store, calls the core with the current
//! time, and maps errors to `{code, message, field}`. Two things live here because
//! they belong to the window, not the core:
//!
//! - **The import batch** runs on a thread of its own, one file at a time, taking the
//!   store's lock per file (so the register view stays usable during a long batch).
//!   The page starts it with [`register_import_start`], polls
//!   [`register_import_status`] for new verdict rows and the progress bar, and may
//!   [`register_import_cancel`]: the file being imported finishes, the rest are
//!   skipped, and what was done stays done.
//! - **Dropped files**: the window's native drag-and-drop hands Rust the paths (see
//!   `lib.rs`); they wait in [`AppState`] until the page takes them with
//!   [`register_take_dropped`] and starts a batch.
//!
//! # Test hook
//!
//! `KANALANSOKAN_OPEN_PATHS` (paths joined like `PATH`) answers the file and folder
//! pickers without a dialog, as `KANALANSOKAN_SAVE_PATH` answers the save dialog
//! for the exports. Both exist for the end-to-end tests only.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::Utc;
use kanalansokan_core::error::UserError;
use kanalansokan_core::register::{
    self, ChannelQuery, ChannelRow, Event, ExportFormat, FilterOptions, ImportVerdict,
    ImportedApplication,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandError;
use crate::signing::{self, open_in_viewer};
use crate::state::AppState;

/// Environment variable: the file or folder pickers return these paths (tests only).
pub const OPEN_PATHS_ENV: &str = "KANALANSOKAN_OPEN_PATHS";

/// Maps a register error for the page, logging the cause.
fn failed(e: register::RegisterError) -> CommandError {
    CommandError::from_layer(e)
}

/// Most rows sent to the page at once: the table shows these, and the count says
/// how many more match (a 10,000-channel register would otherwise be megabytes of
/// JSON per keystroke in the search field).
pub const MAX_ROWS: usize = 500;

/// The register's rows for the page: the first [`MAX_ROWS`] that match `query`,
/// how many match and how many there are in all, and what the filter menus offer.
#[derive(Debug, Serialize)]
pub struct ChannelList {
    pub rows: Vec<ChannelRow>,
    /// Channels that match the query (may be more than `rows`).
    pub matched: usize,
    /// Channels in the register, before filtering.
    pub total: usize,
    pub active: usize,
    pub options: FilterOptions,
}

#[tauri::command]
pub fn register_channels(
    state: State<'_, AppState>,
    query: ChannelQuery,
) -> Result<ChannelList, CommandError> {
    let all = state.with_conn(|c| register::list_channels(c).map_err(failed))?;
    let matching = register::filter_channels(&all, &query);
    let matched = matching.len();
    let rows = matching.into_iter().take(MAX_ROWS).cloned().collect();
    Ok(ChannelList {
        rows,
        matched,
        total: all.len(),
        active: all
            .iter()
            .filter(|r| r.status == register::ChannelStatus::Active)
            .count(),
        options: register::filter_options(&all),
    })
}

/// One imported version and whether its archived PDF still verifies.
#[derive(Debug, Serialize)]
pub struct VersionDetail {
    #[serde(flatten)]
    pub imported: ImportedApplication,
    /// `None`: the archived PDF is intact and verifies; otherwise why not.
    pub problem: Option<UserError>,
}

/// Everything the detail view shows about one application.
#[derive(Debug, Serialize)]
pub struct ApplicationDetail {
    /// Oldest first; the last is the current version.
    pub versions: Vec<VersionDetail>,
    pub channels: Vec<ChannelRow>,
    /// Oldest first.
    pub events: Vec<Event>,
    /// The unit's closure notices that named its channels, oldest first.
    pub notices: Vec<register::ImportedNotice>,
}

#[tauri::command]
pub fn register_application(
    state: State<'_, AppState>,
    app_id: String,
) -> Result<ApplicationDetail, CommandError> {
    let archive = state.archive_dir()?;
    let (versions, channels, events, notices) = state.with_conn(|c| {
        Ok((
            register::application_versions(c, &app_id).map_err(failed)?,
            register::channels_of(c, &app_id).map_err(failed)?,
            register::events_for_application(c, &app_id).map_err(failed)?,
            register::notices_for_application(c, &app_id).map_err(failed)?,
        ))
    })?;
    if versions.is_empty() {
        return Err(failed(register::RegisterError::ApplicationNotFound(app_id)));
    }
    let versions = versions
        .into_iter()
        .map(|imported| VersionDetail {
            problem: register::verify_archived(&archive, &imported).err(),
            imported,
        })
        .collect();
    Ok(ApplicationDetail {
        versions,
        channels,
        events,
        notices,
    })
}

/// The event log, newest first, at most [`MAX_ROWS`] entries (the JSON export
/// has all of them).
#[tauri::command]
pub fn register_events(state: State<'_, AppState>) -> Result<Vec<Event>, CommandError> {
    let mut events = state.with_conn(|c| register::events(c).map_err(failed))?;
    events.reverse();
    events.truncate(MAX_ROWS);
    Ok(events)
}

#[tauri::command]
pub fn register_close_channel(
    state: State<'_, AppState>,
    channel_id: i64,
    date: String,
    reason: String,
) -> Result<ChannelRow, CommandError> {
    state.with_conn(|c| {
        register::close_channel(c, channel_id, &date, &reason, Utc::now()).map_err(failed)
    })
}

#[tauri::command]
pub fn register_set_dnr(
    state: State<'_, AppState>,
    channel_id: i64,
    dnr: String,
) -> Result<ChannelRow, CommandError> {
    state.with_conn(|c| register::set_dnr(c, channel_id, &dnr, Utc::now()).map_err(failed))
}

/// "Registrera manuellt": registers a PDF signed with a pen on paper, after the
/// registrar has checked the paper original; `note` says where it is filed.
#[tauri::command]
pub fn register_manual(
    state: State<'_, AppState>,
    file: String,
    note: String,
) -> Result<ImportVerdict, CommandError> {
    let archive = state.archive_dir()?;
    if note.trim().is_empty() {
        return Err(CommandError(
            UserError::new(
                "register.note_required",
                "Skriv var pappersoriginalet med underskriften finns, till exempel diarienumret.",
            )
            .with_field("note"),
        ));
    }
    state.with_conn(|c| {
        register::register_paper_signed(c, &archive, Path::new(&file), &note, Utc::now())
            .map_err(failed)
    })
}

/// "Gallra": disposes of an application's records under a recorded decision.
#[tauri::command]
pub fn register_dispose(
    state: State<'_, AppState>,
    app_id: String,
    reason: String,
    reference: String,
) -> Result<register::DisposalReport, CommandError> {
    let archive = state.archive_dir()?;
    state.with_conn(|c| {
        register::dispose_application(c, &archive, &app_id, &reason, &reference, Utc::now())
            .map_err(failed)
    })
}

/// "Öppna PDF" for an imported version: a copy of the archived original, opened in
/// the default viewer (the archive itself is never handed to another program).
#[tauri::command(async)]
pub fn register_open_pdf<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    app_id: String,
    version: u32,
) -> Result<(), CommandError> {
    let archive = state.archive_dir()?;
    let imported =
        state.with_conn(|c| register::imported_application(c, &app_id, version).map_err(failed))?;
    register::verify_archived(&archive, &imported).map_err(CommandError)?;
    let bytes = std::fs::read(register::archive_path(&archive, &imported.pdf_sha256))
        .map_err(|e| failed(register::RegisterError::io(&archive, e)))?;
    let path = signing::write_to_cache(
        &handle,
        &format!("register-{app_id}-v{version}"),
        &imported.file_name,
        &bytes,
    )?;
    open_in_viewer(&handle, &path)
}

/// "Exportera": asks where with the save dialog and writes the export atomically.
/// Returns the path written and how many channels it lists; `None` if cancelled.
#[derive(Debug, Serialize)]
pub struct Exported {
    pub path: String,
    pub channels: usize,
    /// Politicians' blogs on the public list (HTML only; issue 16).
    pub politicians: usize,
}

#[tauri::command(async)]
pub fn register_export<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    format: ExportFormat,
) -> Result<Option<Exported>, CommandError> {
    let (title, name, filter) = match format {
        ExportFormat::Html => (
            "Spara listan för webbplatsen",
            "officiella-kanaler.html",
            "Webbsida",
        ),
        ExportFormat::Csv => (
            "Spara registret för diariet och Excel",
            "kanalregister.csv",
            "CSV-fil",
        ),
        ExportFormat::Json => ("Spara registret som JSON", "kanalregister.json", "JSON-fil"),
    };
    let Some(path) = signing::choose_save_path(&handle, title, name, filter, format.extension())
    else {
        return Ok(None);
    };
    let channels = state.with_conn(|c| {
        register::export(c, format, &path, Utc::now()).map_err(|e| {
            log::warn!("export to {}: {e:?}", path.display());
            CommandError(UserError::new(
                "register.export_failed",
                format!(
                    "Filen kunde inte sparas som {}. Välj en annan mapp och försök igen.",
                    path.display()
                ),
            ))
        })
    })?;
    let politicians = match format {
        ExportFormat::Html => state.with_conn(|c| {
            register::list_politicians(c)
                .map(|all| register::public_politicians(&all).len())
                .map_err(CommandError::from_layer)
        })?,
        _ => 0,
    };
    Ok(Some(Exported {
        path: path.display().to_string(),
        channels,
        politicians,
    }))
}

/// "Importera PDF-filer…": the native picker, several PDF files at once.
/// `None` when the user cancelled.
#[tauri::command(async)]
pub fn register_choose_files<R: Runtime>(handle: AppHandle<R>) -> Option<Vec<String>> {
    if let Some(paths) = test_paths() {
        return Some(paths);
    }
    let chosen = handle
        .dialog()
        .file()
        .set_title("Välj PDF-filer att importera")
        .add_filter("PDF-filer", &["pdf", "PDF"])
        .blocking_pick_files()?;
    Some(
        chosen
            .into_iter()
            .filter_map(|f| f.into_path().ok())
            .map(|p| p.display().to_string())
            .collect(),
    )
}

/// "Importera mapp…": the native folder picker. `None` when the user cancelled.
#[tauri::command(async)]
pub fn register_choose_folder<R: Runtime>(handle: AppHandle<R>) -> Option<Vec<String>> {
    if let Some(paths) = test_paths() {
        return Some(paths);
    }
    let chosen = handle
        .dialog()
        .file()
        .set_title("Välj en mapp med PDF-filer")
        .blocking_pick_folder()?;
    chosen
        .into_path()
        .ok()
        .map(|p| vec![p.display().to_string()])
}

pub(crate) fn test_paths() -> Option<Vec<String>> {
    let value = std::env::var_os(OPEN_PATHS_ENV).filter(|v| !v.is_empty())?;
    log::info!("{OPEN_PATHS_ENV} is set: choosing without a dialog");
    Some(
        std::env::split_paths(&value)
            .map(|p| p.display().to_string())
            .collect(),
    )
}

/// Paths dropped on the window since the page last asked.
#[tauri::command]
pub fn register_take_dropped(state: State<'_, AppState>) -> Vec<String> {
    state
        .take_dropped()
        .into_iter()
        .map(|p| p.display().to_string())
        .collect()
}

/// A running or finished import batch, shared between its thread and the page.
#[derive(Debug, Default)]
pub struct ImportJob {
    total: AtomicUsize,
    verdicts: Mutex<Vec<ImportVerdict>>,
    cancel: AtomicBool,
    finished: AtomicBool,
    cancelled: AtomicBool,
    skipped: AtomicUsize,
}

/// What the page polls: verdicts from `from` on, and where the batch stands.
#[derive(Debug, Serialize)]
pub struct ImportStatus {
    /// Files in the batch (known once the folders have been read).
    pub total: usize,
    /// Files done.
    pub done: usize,
    /// The verdict rows from index `from` on, in order.
    pub verdicts: Vec<ImportVerdict>,
    pub finished: bool,
    pub cancelled: bool,
    /// "3 importerade, …" once finished.
    pub summary: Option<String>,
}

/// Starts importing `paths` (files and folders) on a thread of its own. Refused
/// while another batch runs.
#[tauri::command]
pub fn register_import_start<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<(), CommandError> {
    let archive = state.archive_dir()?;
    state.with_conn(|_| Ok(()))?; // the database is usable
    if paths.is_empty() {
        return Err(CommandError(UserError::new(
            "register.nothing_to_import",
            "Välj minst en PDF-fil eller mapp att importera.",
        )));
    }
    let job = Arc::new(ImportJob::default());
    state.begin_import(job.clone())?;
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    std::thread::Builder::new()
        .name("import".into())
        .spawn(move || {
            let state = handle.state::<AppState>();
            run_batch(&state, &archive, &paths, &job);
        })
        .map_err(|e| {
            log::error!("cannot start the import thread: {e}");
            state.end_import();
            CommandError(UserError::new(
                "register.import_failed",
                "Importen kunde inte startas. Försök igen.",
            ))
        })?;
    Ok(())
}

fn run_batch(state: &AppState, archive: &Path, paths: &[PathBuf], job: &ImportJob) {
    let (files, problems) = register::collect_pdfs(paths);
    job.total
        .store(files.len() + problems.len(), Ordering::SeqCst);
    job.verdicts
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .extend(problems);
    for (i, file) in files.iter().enumerate() {
        if job.cancel.load(Ordering::SeqCst) {
            job.cancelled.store(true, Ordering::SeqCst);
            job.skipped.store(files.len() - i, Ordering::SeqCst);
            break;
        }
        // One file per lock: the page can read the register between files.
        let verdict = state
            .with_conn(|c| Ok(register::import_file(c, archive, file, Utc::now())))
            .unwrap_or_else(|e| ImportVerdict::failed(&file.display().to_string(), e.0));
        job.verdicts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(verdict);
    }
    job.finished.store(true, Ordering::SeqCst);
    state.end_import();
}

#[tauri::command]
pub fn register_import_status(
    state: State<'_, AppState>,
    from: usize,
) -> Result<ImportStatus, CommandError> {
    let Some(job) = state.import_job() else {
        return Err(CommandError(UserError::new(
            "register.no_import",
            "Ingen import pågår.",
        )));
    };
    let verdicts = job.verdicts.lock().unwrap_or_else(|p| p.into_inner());
    let finished = job.finished.load(Ordering::SeqCst);
    let cancelled = job.cancelled.load(Ordering::SeqCst);
    let summary = finished.then(|| {
        register::BatchReport {
            verdicts: verdicts.clone(),
            cancelled,
            skipped: job.skipped.load(Ordering::SeqCst),
        }
        .summary()
    });
    Ok(ImportStatus {
        total: job.total.load(Ordering::SeqCst),
        done: verdicts.len(),
        verdicts: verdicts.get(from..).unwrap_or_default().to_vec(),
        finished,
        cancelled,
        summary,
    })
}

/// "Avbryt": the file being imported finishes; the rest are skipped.
#[tauri::command]
pub fn register_import_cancel(state: State<'_, AppState>) {
    if let Some(job) = state.import_job() {
        job.cancel.store(true, Ordering::SeqCst);
    }
}

/// The error for the page when the register has no archive folder.
pub(crate) fn no_archive() -> CommandError {
    CommandError(UserError::new(
        "register.no_archive",
        "Registrets arkivmapp kunde inte bestämmas. Kontakta IT-supporten.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_status_is_what_the_page_reads() {
        let status = ImportStatus {
            total: 2,
            done: 1,
            verdicts: vec![],
            finished: false,
            cancelled: false,
            summary: None,
        };
        let v = serde_json::to_value(&status).unwrap();
        for key in [
            "total",
            "done",
            "verdicts",
            "finished",
            "cancelled",
            "summary",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
    }

    #[test]
    fn user_errors_keep_their_code() {
        let e = failed(register::RegisterError::ChannelNotFound(7));
        assert_eq!(e.0.code, "register.channel_not_found");
    }
}
