//! The Tauri window around `kanalansokan-core`: state, commands and the builder.
//! `main.rs` decides between the command line and the window.

pub mod commands;
pub mod error;
pub mod state;

use std::path::PathBuf;

use tauri::{Builder, Runtime};

use crate::state::AppState;

/// Registers the state and every command on `builder`. The real app and the IPC
/// tests (mock runtime) both go through here, so they test the same wiring.
pub fn setup<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::new_draft,
            commands::save_draft,
            commands::get_application,
            commands::list_applications,
            commands::duplicate_application,
            commands::delete_draft,
            commands::validate_application,
        ])
}

/// The app's configuration, assets and capabilities, compiled in from
/// `tauri.conf.json`, `ui/` and `capabilities/`.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the window on the database at `db` (or the default location) and runs
/// until it is closed.
pub fn run(db: Option<PathBuf>) -> Result<(), tauri::Error> {
    setup(tauri::Builder::default(), AppState::open(db)).run(context())
}
