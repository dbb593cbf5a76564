//! The commands the page may call. Each is thin glue over the core; its name must
//! also be listed in `build.rs` and allowed in `capabilities/default.json`.

use kanalansokan_core::error::UserError;
use kanalansokan_core::model::Application;
use kanalansokan_core::storage::ApplicationSummary;
use kanalansokan_core::validate::{self, Check};
use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Every command, for `build.rs`'s app manifest and the capability test.
pub const ALL: &[&str] = include!("command_names.rs");

/// The user's calendar day: the approval date must not be after it.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The page sends the form as JSON; a shape the core does not accept is reported in
/// Swedish instead of Tauri's English deserialisation message.
pub(crate) fn parse(app: serde_json::Value) -> Result<Application, CommandError> {
    serde_json::from_value(app).map_err(|e| {
        log::warn!("page sent an application the core cannot read: {e}");
        CommandError(UserError::new(
            "application.unreadable",
            "Formulärets uppgifter kunde inte läsas. Ladda om fönstret och försök igen.",
        ))
    })
}

/// What the window shows in "Om Kanalansökan" and at start.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: String,
    /// Where the drafts and the register are kept, for support.
    pub db_path: Option<String>,
    /// Where imported PDFs are archived.
    pub archive_dir: Option<String>,
    /// The folder of the log file.
    pub log_dir: Option<String>,
    /// Why the database could not be opened; the window shows it instead of the form.
    pub db_error: Option<UserError>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.db_path().map(|p| p.display().to_string()),
        archive_dir: state.archive_dir().ok().map(|p| p.display().to_string()),
        log_dir: kanalansokan_core::storage::log_dir().map(|p| p.display().to_string()),
        db_error: state.open_error().cloned(),
    }
}

#[tauri::command]
pub fn new_draft(state: State<'_, AppState>) -> Result<Application, CommandError> {
    state.with_store(|s| s.create_draft(today()))
}

#[tauri::command]
pub fn save_draft(state: State<'_, AppState>, app: serde_json::Value) -> Result<(), CommandError> {
    let app = parse(app)?;
    state.with_store(|s| s.save_draft(&app))
}

#[tauri::command]
pub fn get_application(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Application, CommandError> {
    state.with_store(|s| s.get(&id, version))
}

#[tauri::command]
pub fn list_applications(
    state: State<'_, AppState>,
) -> Result<Vec<ApplicationSummary>, CommandError> {
    state.with_store(|s| s.list())
}

#[tauri::command]
pub fn duplicate_application(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Application, CommandError> {
    state.with_store(|s| s.duplicate(&id, version, today()))
}

#[tauri::command]
pub fn delete_draft(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<(), CommandError> {
    state.with_store(|s| s.delete_draft(&id, version))
}

/// At most this many numbers per call: the page sends one application's people.
const MAX_PHONES: usize = 1000;

/// Stored (E.164) phone numbers as the window shows them: Swedish numbers the
/// Swedish way ("+46240660000" -> "0240-66 00 00"), others internationally;
/// anything else as it is. For the signed form and the register's detail view.
#[tauri::command]
pub fn display_phones(numbers: Vec<String>) -> Vec<String> {
    numbers
        .iter()
        .take(MAX_PHONES)
        .map(|n| validate::phone_display(n))
        .collect()
}

/// Every problem at once, in form order; an empty list means the form is complete.
#[tauri::command]
pub fn validate_application(app: serde_json::Value) -> Result<Vec<UserError>, CommandError> {
    let app = parse(app)?;
    Ok(validate::validate(&app, today(), Check::Form))
}
