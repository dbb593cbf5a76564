//! "Signera" and "Ny version": sealing an application and starting its next version.

use kanalansokan_core::error::UserError;
use kanalansokan_core::model::Application;
use kanalansokan_core::seal;
use serde::Serialize;
use tauri::State;

use crate::commands::{parse, today};
use crate::error::CommandError;
use crate::state::AppState;

/// The outcome of "Signera": the signed application, or every problem that stopped it.
#[derive(Debug, Serialize)]
pub struct SignOutcome {
    pub application: Option<Application>,
    pub problems: Vec<UserError>,
}

/// Validates for signing (every problem at once), then seals and stores the
/// application as signed. The draft as sent is saved first, so nothing typed is lost
/// whatever the outcome.
#[tauri::command]
pub fn sign_application(
    state: State<'_, AppState>,
    app: serde_json::Value,
) -> Result<SignOutcome, CommandError> {
    let draft = parse(app)?;
    state.with_store(|s| s.save_draft(&draft))?;
    match seal::sign(&draft, chrono::Utc::now()) {
        Err(problems) => Ok(SignOutcome {
            application: None,
            problems,
        }),
        Ok(signed) => {
            state.with_store(|s| s.store_signed(&signed))?;
            log::info!(
                "signed application {} version {}",
                signed.id,
                signed.version
            );
            Ok(SignOutcome {
                application: Some(signed),
                problems: Vec::new(),
            })
        }
    }
}

/// "Ny version": a draft copy of a signed application, same id, version + 1.
#[tauri::command]
pub fn new_version(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Application, CommandError> {
    state.with_store(|s| s.new_version(&id, version, today()))
}
