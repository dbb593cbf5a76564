//! Issue 3's commands: sign and seal, "Ny version", and the registrar's PDF
//! (bytes for the in-window preview, "Spara PDF…", "Öppna PDF", "Skriv ut"), which
//! use the digitally signed PDF as stored when there is one (issue 14).
//!
//! Each command is thin glue over the core (`seal`, `storage`, `pdf`, `fsutil`).
//! Native dialogs and the default viewer are reached from Rust, so the window
//! needs no plugin permissions: only `allow-<command>` for the commands below.
//!
//! # Test hook
//!
//! `KANALANSOKAN_SAVE_PATH=/some/file.pdf` makes "Spara PDF…" write there without
//! showing the save dialog. It exists for the end-to-end tests, which cannot click
//! in a native GTK dialog; a user never sets it.

use std::path::{Path, PathBuf};

use kanalansokan_core::error::UserError;
use kanalansokan_core::model::Application;
use kanalansokan_core::pdf::{self, PdfError};
use kanalansokan_core::{fsutil, seal, validate};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

/// Environment variable: save here instead of asking (end-to-end tests only).
pub const SAVE_PATH_ENV: &str = "KANALANSOKAN_SAVE_PATH";

/// Why signing did not happen, as the page receives it: a list of
/// `{code, message, field}`, every validation problem at once (or the one storage
/// error), so the form's error summary can show them as "Kontrollera" does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Problems(pub Vec<UserError>);

impl From<CommandError> for Problems {
    fn from(e: CommandError) -> Problems {
        Problems(vec![e.0])
    }
}

/// Signs the application the page shows: validates it for signing (all problems
/// at once, nothing signed if any), normalises, seals, and stores it as signed.
/// From then on the stored row is read-only; the page gets the sealed application.
#[tauri::command]
pub fn sign_application(
    state: State<'_, AppState>,
    app: serde_json::Value,
) -> Result<Application, Problems> {
    let app = crate::commands::parse(app)?;
    let signed = seal::sign(&app, chrono::Utc::now()).map_err(Problems)?;
    state.with_store(|s| s.store_signed(&signed))?;
    log::info!(
        "signed application {} version {}",
        signed.id,
        signed.version
    );
    Ok(signed)
}

/// "Ny version": a draft copy of a signed application with the same id and
/// version + 1; the signed version stays as it was.
#[tauri::command]
pub fn new_version(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Application, CommandError> {
    state.with_store(|s| s.new_version(&id, version, today()))
}

/// The PDF of a stored application as raw bytes, for the preview in the window.
/// A draft renders with its "UTKAST – ej signerad" marking.
#[tauri::command]
pub fn pdf_bytes(
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<tauri::ipc::Response, CommandError> {
    let (_, bytes) = render_stored(&state, &id, version)?;
    Ok(tauri::ipc::Response::new(bytes))
}

/// "Spara PDF…": asks where with the native save dialog (suggesting
/// `Ansokan-sociala-medier_<enhet>_<datum>.pdf`) and writes the file atomically.
/// Returns the path written, or `None` when the user cancelled.
///
/// Runs off the main thread (`async`): the blocking dialog needs the main thread's
/// event loop to be free.
#[tauri::command(async)]
pub fn save_pdf<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<Option<String>, CommandError> {
    let (name, bytes) = render_stored(&state, &id, version)?;
    let Some(path) = choose_save_path(&handle, "Spara ansökan som PDF", &name, "PDF-fil", "pdf")
    else {
        return Ok(None);
    };
    fsutil::write_atomic(&path, &bytes).map_err(|e| {
        log::warn!("saving PDF to {}: {e}", path.display());
        CommandError(UserError::new(
            "pdf.save_failed",
            format!(
                "PDF-filen kunde inte sparas som {}. Välj en annan mapp och försök igen.",
                path.display()
            ),
        ))
    })?;
    Ok(Some(path.display().to_string()))
}

/// "Öppna PDF": writes the PDF to the app's cache folder and opens it in the
/// system's default PDF viewer.
#[tauri::command(async)]
pub fn open_pdf<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<(), CommandError> {
    let path = write_stored_to_cache(&handle, &state, &id, version)?;
    open_in_viewer(&handle, &path)
}

/// How "Skriv ut" reached the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintedVia {
    /// Sent to the default printer.
    Printer,
    /// No print system answered: the PDF is open in the viewer, to print from there.
    Viewer,
}

/// "Skriv ut": prints the very same PDF that "Spara PDF…" saves, through the system:
///
/// - Linux and macOS: `lp -t <filnamn> -- <fil>` to the default CUPS printer. If
///   `lp` is missing or refuses (no CUPS, no default printer), the PDF is opened
///   in the default viewer instead, to print from there.
/// - Windows: the file's "print" verb (`ShellExecuteW`, see `shell_print.rs`),
///   which hands the file to the default PDF program's print command; if that
///   fails, the PDF is opened in the default viewer.
///
/// The file is written to the app's cache folder first.
#[tauri::command(async)]
pub fn print_pdf<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    version: u32,
) -> Result<PrintedVia, CommandError> {
    let path = write_stored_to_cache(&handle, &state, &id, version)?;
    match send_to_printer(&path) {
        Ok(()) => Ok(PrintedVia::Printer),
        Err(why) => {
            log::info!(
                "printing {} via the system failed ({why}); opening it",
                path.display()
            );
            open_in_viewer(&handle, &path)?;
            Ok(PrintedVia::Viewer)
        }
    }
}

/// The stored application's PDF. A digitally signed one is the signed file exactly
/// as stored (issue 14: a signature cannot be made again). Otherwise it is
/// rendered: a signed one exactly as sealed; a draft normalised first (blank rows
/// dropped, text trimmed) so that the preview shows what signing would produce.
/// Returns the suggested file name too.
fn render_stored(
    state: &AppState,
    id: &str,
    version: u32,
) -> Result<(String, Vec<u8>), CommandError> {
    let (stored, signed_pdf) =
        state.with_store(|s| Ok((s.get(id, version)?, s.signed_pdf(id, version)?)))?;
    if let Some(bytes) = signed_pdf {
        return Ok((pdf::suggested_file_name(&stored), bytes));
    }
    let printable = if stored.is_signed() {
        stored
    } else {
        validate::normalize(&stored)
    };
    let bytes = pdf::render(&printable).map_err(render_failed)?;
    Ok((pdf::suggested_file_name(&printable), bytes))
}

fn render_failed(e: PdfError) -> CommandError {
    log::warn!("rendering the PDF failed: {e:?}");
    CommandError(match e {
        PdfError::NotRenderable(_) => UserError::new(
            "pdf.not_renderable",
            "Ansökan innehåller uppgifter som inte kan skrivas i PDF-filen. Klicka på Kontrollera och rätta felen.",
        ),
        PdfError::Writer(_) => UserError::new(
            "pdf.render_failed",
            "PDF-filen kunde inte skapas. Försök igen, och kontakta IT-supporten om felet finns kvar.",
        ),
    })
}

/// The path from the test hook, or from the native save dialog (`None`: cancelled).
/// `extension` (without the dot) is added when the user typed a name without one.
pub(crate) fn choose_save_path<R: Runtime>(
    handle: &AppHandle<R>,
    title: &str,
    suggested: &str,
    filter_name: &str,
    extension: &str,
) -> Option<PathBuf> {
    if let Some(hook) = std::env::var_os(SAVE_PATH_ENV).filter(|p| !p.is_empty()) {
        log::info!("{SAVE_PATH_ENV} is set: saving without a dialog");
        return Some(PathBuf::from(hook));
    }
    // A name Windows would refuse makes its dialog fail to show it (issue 15).
    let suggested = pdf::portable_file_name(suggested, &format!("kanalansokan.{extension}"));
    let mut dialog = handle
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested)
        .add_filter(filter_name, &[extension]);
    if let Ok(docs) = handle.path().document_dir() {
        dialog = dialog.set_directory(docs);
    }
    let chosen = dialog.blocking_save_file()?;
    let mut path = match chosen.into_path() {
        Ok(p) => p,
        Err(e) => {
            log::warn!("save dialog returned no local path: {e}");
            return None;
        }
    };
    // GTK's dialog does not add the filter's extension; a file without one would
    // not open with a double click.
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    Some(path)
}

/// Writes the PDF to `<cache>/pdf/<id>-v<version>/<suggested name>`: one folder per
/// version, so a viewer still showing one version never blocks writing another.
fn write_stored_to_cache<R: Runtime>(
    handle: &AppHandle<R>,
    state: &AppState,
    id: &str,
    version: u32,
) -> Result<PathBuf, CommandError> {
    let (name, bytes) = render_stored(state, id, version)?;
    write_to_cache(handle, &format!("{id}-v{version}"), &name, &bytes)
}

/// Writes `bytes` to `<cache>/pdf/<folder>/<name>` atomically, for the viewer or
/// the printer. `folder` and `name` are reduced to safe characters.
pub(crate) fn write_to_cache<R: Runtime>(
    handle: &AppHandle<R>,
    folder: &str,
    name: &str,
    bytes: &[u8],
) -> Result<PathBuf, CommandError> {
    let cache_failed = |detail: String| {
        log::warn!("writing the PDF to the cache: {detail}");
        CommandError(UserError::new(
            "pdf.cache_failed",
            "PDF-filen kunde inte skrivas till programmets tillfälliga mapp. Använd Spara PDF… i stället.",
        ))
    };
    let safe = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect::<String>()
            .trim_start_matches('.')
            .to_string()
    };
    // Also no trailing dot and no device name such as `CON` (Windows, issue 15).
    let file = pdf::portable_file_name(&safe(name), "ansokan.pdf");
    let dir = handle
        .path()
        .app_cache_dir()
        .map_err(|e| cache_failed(e.to_string()))?
        .join("pdf")
        .join(pdf::portable_file_name(&safe(folder), "pdf"));
    std::fs::create_dir_all(&dir).map_err(|e| cache_failed(format!("{}: {e}", dir.display())))?;
    let path = dir.join(file);
    fsutil::write_atomic(&path, bytes)
        .map_err(|e| cache_failed(format!("{}: {e}", path.display())))?;
    Ok(path)
}

pub(crate) fn open_in_viewer<R: Runtime>(
    handle: &AppHandle<R>,
    path: &Path,
) -> Result<(), CommandError> {
    handle
        .opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            log::warn!("opening {}: {e}", path.display());
            CommandError(UserError::new(
                "pdf.open_failed",
                "PDF-filen kunde inte öppnas. Finns det ett program för PDF-filer på datorn? Använd annars Spara PDF….",
            ))
        })
}

/// Hands `path` to the system's print service; `Err` says why it could not.
#[cfg(windows)]
fn send_to_printer(path: &Path) -> Result<(), String> {
    crate::shell_print::print_with_default_program(path)
}

/// Hands `path` to the system's print service; `Err` says why it could not.
#[cfg(not(windows))]
fn send_to_printer(path: &Path) -> Result<(), String> {
    let title = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = std::process::Command::new("lp")
        .args(["-t", &title, "--"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page reads a failed signing as a plain list of `{code, message, field}`.
    #[test]
    fn problems_serialise_as_a_list() {
        let p = Problems(vec![
            UserError::new("unit.required", "Ange förvaltningens eller enhetens namn.")
                .with_field("unit"),
        ]);
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!([{
                "code": "unit.required",
                "message": "Ange förvaltningens eller enhetens namn.",
                "field": "unit"
            }])
        );
        let from_storage: Problems = CommandError(UserError::new("x.y", "Fel.")).into();
        assert_eq!(from_storage.0.len(), 1);
    }

    #[test]
    fn printed_via_is_snake_case() {
        assert_eq!(
            serde_json::to_string(&PrintedVia::Viewer).unwrap(),
            r#""viewer""#
        );
    }
}
