//! Issue 14's commands: the manager signs the application digitally, with an e-ID
//! card or token (PKCS#11) or with a certificate file (PKCS#12, .p12/.pfx).
//!
//! Thin glue over the core's `approval::sign_digitally` and `pades`. The PIN or
//! password arrives with the signing command, is used for that one signing and is
//! never stored or logged. The PKCS#11 module is a setting chosen once; the
//! certificate file is chosen with the native open dialog, and only its path is
//! kept in memory (the page cannot name a file to read).
//!
//! # Test hooks
//!
//! - `KANALANSOKAN_P12_PATH=/some/file.p12`: "Välj fil…" picks this file without
//!   showing the open dialog (the end-to-end tests cannot click in GTK's dialog).
//! - `KANALANSOKAN_PKCS11_MODULE=/path/libsofthsm2.so`: offered first among the
//!   modules, and used while no module has been chosen in the settings.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kanalansokan_core::error::UserError;
use kanalansokan_core::storage::{DigitalSignature, Setting};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandError;
use crate::state::AppState;

pub mod sign;

/// Environment variable: the certificate file "Välj fil…" picks (tests only).
pub const P12_PATH_ENV: &str = "KANALANSOKAN_P12_PATH";
/// Environment variable: a PKCS#11 module offered first and used by default.
pub const PKCS11_MODULE_ENV: &str = "KANALANSOKAN_PKCS11_MODULE";

/// A certificate file larger than this is not a certificate file (they are a few KB).
const MAX_P12_BYTES: u64 = 1024 * 1024;

/// The PKCS#11 modules of common e-ID middleware and tokens, offered when they are
/// installed on this computer.
const KNOWN_MODULES: &[&str] = if cfg!(windows) {
    &[
        // Net iD (SITHS, Freja eID+ card, many municipalities' staff cards).
        r"C:\Windows\System32\iidp11.dll",
        // Nexus Personal / Smart ID.
        r"C:\Program Files\Personal\bin64\personal64.dll",
        r"C:\Program Files (x86)\Personal\bin\personal.dll",
        // OpenSC.
        r"C:\Windows\System32\opensc-pkcs11.dll",
        r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
        // YubiKey (PIV).
        r"C:\Program Files\Yubico\Yubico PIV Tool\bin\libykcs11.dll",
        // SafeNet / Thales eToken.
        r"C:\Windows\System32\eTPKCS11.dll",
    ]
} else if cfg!(target_os = "macos") {
    &[
        "/Library/OpenSC/lib/opensc-pkcs11.so",
        "/usr/local/lib/libykcs11.dylib",
        "/usr/local/lib/pkcs11/libiidp11.dylib",
    ]
} else {
    &[
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/opensc-pkcs11.so",
        "/usr/lib/x86_64-linux-gnu/libykcs11.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/softhsm/libsofthsm2.so",
    ]
};

/// The certificate file chosen with "Välj fil…", until the next choice.
#[derive(Default)]
pub struct ChosenCertificateFile(pub(crate) Mutex<Option<PathBuf>>);

/// The card/token settings as the dialog shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pkcs11Settings {
    /// The module in use: the chosen one, else the test hook's, else the only
    /// installed known one; `None` if there is none.
    pub module: Option<String>,
    /// Installed modules to choose from (the chosen one included).
    pub suggestions: Vec<String>,
}

fn modules_installed() -> Vec<String> {
    let mut found: Vec<String> = std::env::var(PKCS11_MODULE_ENV)
        .ok()
        .filter(|m| !m.is_empty())
        .into_iter()
        .collect();
    for m in KNOWN_MODULES {
        if Path::new(m).is_file() && !found.iter().any(|f| f == m) {
            found.push((*m).to_string());
        }
    }
    found
}

pub(crate) fn current_settings(state: &AppState) -> Result<Pkcs11Settings, CommandError> {
    let chosen = state.with_store(|s| s.setting(Setting::Pkcs11Module))?;
    let mut suggestions = modules_installed();
    if let Some(c) = &chosen
        && !suggestions.contains(c)
    {
        suggestions.insert(0, c.clone());
    }
    let module = chosen.or_else(|| suggestions.first().cloned());
    Ok(Pkcs11Settings {
        module,
        suggestions,
    })
}

pub(crate) fn no_module() -> CommandError {
    CommandError(UserError::new(
        "sign.no_module",
        "Ingen programvara för e-legitimation eller kort är vald. Välj den under ”Programvara för kortet”, eller be IT-supporten om sökvägen.",
    )
    .with_field("pkcs11-module"))
}

/// The card/token settings: the module in use and the installed ones.
#[tauri::command]
pub fn pkcs11_settings(state: State<'_, AppState>) -> Result<Pkcs11Settings, CommandError> {
    current_settings(&state)
}

/// Chooses the PKCS#11 module once; it is remembered for the next signing.
#[tauri::command]
pub fn set_pkcs11_module(
    state: State<'_, AppState>,
    module: String,
) -> Result<Pkcs11Settings, CommandError> {
    let module = module.trim();
    if module.is_empty() || !Path::new(module).is_file() {
        return Err(CommandError(
            UserError::new(
                "sign.module_missing",
                "Filen finns inte. Välj programvaran för kortet i listan, eller kontrollera sökvägen.",
            )
            .with_field("pkcs11-module"),
        ));
    }
    state.with_store(|s| s.set_setting(Setting::Pkcs11Module, Some(module)))?;
    current_settings(&state)
}

/// "Välj fil…": the native open dialog for a certificate file (.p12/.pfx). Returns
/// the file's name to show, or `None` when the user cancelled.
#[tauri::command(async)]
pub fn choose_certificate_file<R: Runtime>(
    handle: AppHandle<R>,
    chosen: State<'_, ChosenCertificateFile>,
) -> Option<String> {
    let path = if let Some(hook) = std::env::var_os(P12_PATH_ENV).filter(|p| !p.is_empty()) {
        log::info!("{P12_PATH_ENV} is set: choosing without a dialog");
        PathBuf::from(hook)
    } else {
        handle
            .dialog()
            .file()
            .set_title("Välj certifikatfil")
            .add_filter("Certifikatfil", &["p12", "pfx", "P12", "PFX"])
            .blocking_pick_file()?
            .into_path()
            .ok()?
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    *chosen.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
    Some(name)
}

pub(crate) fn read_certificate_file(path: &Path) -> Result<Vec<u8>, CommandError> {
    use std::io::Read;
    let unreadable = |detail: String| {
        log::warn!("reading certificate file {}: {detail}", path.display());
        CommandError(UserError::new(
            "sign.file_unreadable",
            "Certifikatfilen kunde inte läsas. Välj filen igen, eller be IT-supporten om en ny.",
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_P12_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_P12_BYTES {
        return Err(unreadable(format!("larger than {MAX_P12_BYTES} bytes")));
    }
    Ok(bytes)
}

/// Who signed a version digitally; `None`: "Inte elektroniskt signerad".
#[tauri::command]
pub fn digital_signature(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Option<DigitalSignature>, CommandError> {
    state.with_store(|s| s.digital_signature(&id, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_certificate_file_is_refused_before_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("stor.p12");
        std::fs::write(&big, vec![0u8; (MAX_P12_BYTES + 1) as usize]).unwrap();
        assert_eq!(
            read_certificate_file(&big).unwrap_err().0.code,
            "sign.file_unreadable"
        );
        let small = dir.path().join("liten.p12");
        std::fs::write(&small, b"abc").unwrap();
        assert_eq!(read_certificate_file(&small).unwrap(), b"abc");
    }
}
