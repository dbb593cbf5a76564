//! Issue 16: the register's "Politikers bloggar" over
//! [`kanalansokan_core::register::politicians`]. Each command locks the store,
//! calls the core with the current time and maps its error to
//! `{code, message, field}`; the core validates and writes the event log.

use chrono::Utc;
use kanalansokan_core::register::{self, PoliticianError, PoliticianInput, PoliticianLink};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

fn failed(e: PoliticianError) -> CommandError {
    CommandError::from_layer(e)
}

/// Every link, active and ended, in the core's order (natural Swedish by name).
#[tauri::command]
pub fn register_politicians(
    state: State<'_, AppState>,
) -> Result<Vec<PoliticianLink>, CommandError> {
    state.with_conn(|c| register::list_politicians(c).map_err(failed))
}

/// "Lägg till…": a new link.
#[tauri::command]
pub fn register_politician_add(
    state: State<'_, AppState>,
    input: PoliticianInput,
) -> Result<PoliticianLink, CommandError> {
    state.with_conn(|c| register::add_politician(c, &input, Utc::now()).map_err(failed))
}

/// "Ändra…": an active link's fields.
#[tauri::command]
pub fn register_politician_edit(
    state: State<'_, AppState>,
    id: i64,
    input: PoliticianInput,
) -> Result<PoliticianLink, CommandError> {
    state.with_conn(|c| register::edit_politician(c, id, &input, Utc::now()).map_err(failed))
}

/// "Avsluta…": ends a link on `date` for `reason`; the row stays.
#[tauri::command]
pub fn register_politician_end(
    state: State<'_, AppState>,
    id: i64,
    date: String,
    reason: String,
) -> Result<PoliticianLink, CommandError> {
    state.with_conn(|c| register::end_politician(c, id, &date, &reason, Utc::now()).map_err(failed))
}
