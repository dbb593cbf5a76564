//! Issue 14: the register's "Betrodda utfärdare" panel: trusted CA certificates,
//! CRLs and the policy for applications without a digital signature, over
//! [`kanalansokan_core::register::trust`]. Every change is logged by the core.
//!
//! # Test hook
//!
//! `KANALANSOKAN_OPEN_PATHS` answers the open dialog here too (see
//! [`crate::register::OPEN_PATHS_ENV`]): the first path is the file chosen.

use std::path::{Path, PathBuf};

use chrono::Utc;
use kanalansokan_core::error::UserError;
use kanalansokan_core::register::{self, TrustSettings, UnsignedPolicy};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandError;
use crate::state::AppState;

fn failed(e: register::RegisterError) -> CommandError {
    CommandError::from_layer(e)
}

/// What the panel shows.
#[tauri::command]
pub fn register_trust(state: State<'_, AppState>) -> Result<TrustSettings, CommandError> {
    state.with_conn(|c| register::trust_settings(c).map_err(failed))
}

/// The native open dialog for one certificate or CRL file; `None` if cancelled.
fn choose<R: Runtime>(
    handle: &AppHandle<R>,
    title: &str,
    what: &str,
    ext: &[&str],
) -> Option<PathBuf> {
    if let Some(paths) = crate::register::test_paths() {
        return paths.into_iter().next().map(PathBuf::from);
    }
    handle
        .dialog()
        .file()
        .set_title(title)
        .add_filter(what, ext)
        .blocking_pick_file()?
        .into_path()
        .ok()
}

fn read(path: &Path) -> Result<Vec<u8>, CommandError> {
    let too_large = || {
        CommandError(UserError::new(
            "register.trust.too_large",
            "Filen är för stor för att vara ett certifikat eller en spärrlista (högst 8 MB).",
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| failed(register::RegisterError::io(path, e)))?;
    if meta.len() > register::trust::MAX_TRUST_FILE_BYTES as u64 {
        return Err(too_large());
    }
    std::fs::read(path).map_err(|e| failed(register::RegisterError::io(path, e)))
}

/// "Lägg till utfärdare…": a CA certificate (PEM or DER) from the open dialog.
/// `None` when the user cancelled; else the panel's new content.
#[tauri::command(async)]
pub fn register_trust_add_issuer<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<TrustSettings>, CommandError> {
    let Some(path) = choose(
        &handle,
        "Välj utfärdarens certifikat (CA)",
        "Certifikat",
        &["pem", "crt", "cer", "der", "PEM", "CRT", "CER", "DER"],
    ) else {
        return Ok(None);
    };
    let bytes = read(&path)?;
    state.with_conn(|c| {
        register::add_trusted_issuer(c, &bytes, Utc::now()).map_err(failed)?;
        register::trust_settings(c).map(Some).map_err(failed)
    })
}

/// "Lägg till spärrlista…": a CRL (PEM or DER) from the open dialog.
#[tauri::command(async)]
pub fn register_trust_add_crl<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<TrustSettings>, CommandError> {
    let Some(path) = choose(
        &handle,
        "Välj spärrlista (CRL)",
        "Spärrlistor",
        &["crl", "pem", "der", "CRL", "PEM", "DER"],
    ) else {
        return Ok(None);
    };
    let bytes = read(&path)?;
    state.with_conn(|c| {
        register::add_crl(c, &bytes, Utc::now()).map_err(failed)?;
        register::trust_settings(c).map(Some).map_err(failed)
    })
}

/// "Ta bort": an issuer by its SHA-256 fingerprint.
#[tauri::command]
pub fn register_trust_remove_issuer(
    state: State<'_, AppState>,
    sha256: String,
) -> Result<TrustSettings, CommandError> {
    state.with_conn(|c| {
        register::remove_trusted_issuer(c, &sha256, Utc::now()).map_err(failed)?;
        register::trust_settings(c).map_err(failed)
    })
}

/// "Ta bort": a CRL by its SHA-256.
#[tauri::command]
pub fn register_trust_remove_crl(
    state: State<'_, AppState>,
    sha256: String,
) -> Result<TrustSettings, CommandError> {
    state.with_conn(|c| {
        register::remove_crl(c, &sha256, Utc::now()).map_err(failed)?;
        register::trust_settings(c).map_err(failed)
    })
}

/// The policy for applications without a digital signature.
#[tauri::command]
pub fn register_trust_set_policy(
    state: State<'_, AppState>,
    policy: UnsignedPolicy,
) -> Result<TrustSettings, CommandError> {
    state.with_conn(|c| {
        register::set_unsigned_policy(c, policy, Utc::now()).map_err(failed)?;
        register::trust_settings(c).map_err(failed)
    })
}
