//! The Tauri window around `kanalansokan-core`: state, commands and the builder.
//! `cli_main.rs` (the command line) and `window_main.rs` (the window) are the binaries.

pub mod commands;
pub mod desktop;
pub mod digital_signing;
pub mod error;
pub mod handover;
pub mod notice;
pub mod painting;
pub mod politicians;
pub mod register;
pub mod shell_print;
pub mod signing;
pub mod startup;
pub mod state;
pub mod trust;

use std::path::PathBuf;

use tauri::{Builder, Runtime};

use crate::state::AppState;

/// Registers the state and every command on `builder`. The real app and the IPC
/// tests (mock runtime) both go through here, so they test the same wiring.
pub fn setup<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        // Issue 3: used from Rust only (src/signing.rs); the window gets no plugin permission.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .manage(desktop::Closing::default())
        .manage(digital_signing::ChosenCertificateFile::default())
        .manage(notice::SignedNotice::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::new_draft,
            commands::save_draft,
            commands::get_application,
            commands::list_applications,
            commands::duplicate_application,
            commands::delete_draft,
            commands::validate_application,
            commands::display_phones,
            // Issue 3: signing and the PDF.
            signing::sign_application,
            signing::new_version,
            signing::pdf_bytes,
            signing::save_pdf,
            signing::open_pdf,
            signing::print_pdf,
            // Issue 16: the unit's closure notice.
            notice::notice_draft,
            notice::save_notice_pdf,
            notice::blank_notice_draft,
            notice::sign_notice_with_token,
            notice::sign_notice_with_certificate_file,
            notice::save_signed_notice_pdf,
            // Issue 5: closing saves first.
            desktop::window_close_ready,
            // Issue 4: the register.
            register::register_channels,
            register::register_application,
            register::register_events,
            register::register_close_channel,
            register::register_set_dnr,
            register::register_manual,
            register::register_dispose,
            register::register_open_pdf,
            register::register_export,
            register::register_choose_files,
            register::register_choose_folder,
            register::register_take_dropped,
            register::register_import_start,
            register::register_import_status,
            register::register_import_cancel,
            // Issue 14: digital signing (PKCS#11 card/token or certificate file).
            digital_signing::pkcs11_settings,
            digital_signing::set_pkcs11_module,
            digital_signing::sign::token_certificates,
            digital_signing::sign::sign_with_token,
            digital_signing::choose_certificate_file,
            digital_signing::sign::sign_with_certificate_file,
            digital_signing::digital_signature,
            // Issue 13: handing the application over as a file.
            handover::send_for_approval,
            handover::open_application_file,
            handover::open_dropped_applications,
            handover::application_handover,
            // Issue 14: the registrar's trusted issuers.
            trust::register_trust,
            trust::register_trust_add_issuer,
            trust::register_trust_add_crl,
            trust::register_trust_remove_issuer,
            trust::register_trust_remove_crl,
            trust::register_trust_set_policy,
            // Issue 16: politicians' blog links.
            politicians::register_politicians,
            politicians::register_politician_add,
            politicians::register_politician_edit,
            politicians::register_politician_end,
        ])
        .on_window_event(|window, event| {
            desktop::on_close_requested(window, event);
            // Files dropped on the window: kept for the register view, which takes
            // them with `register_take_dropped` when told by the event below.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event
                && !paths.is_empty()
            {
                use tauri::Manager;
                window.state::<AppState>().push_dropped(paths.clone());
                if let Some(webview) = window.get_webview_window(window.label()) {
                    let _ = webview.eval("window.dispatchEvent(new Event('kanalansokan-drop'))");
                }
            }
        })
}

/// Takes the first argument that names an existing file (not an option, not the
/// value of `--db`, not a subcommand) out of `args` (program name first):
/// `kanalansokan-window FILE`, as "Öppna med" in a file manager starts it.
pub fn take_file_argument(args: &mut Vec<std::ffi::OsString>) -> Option<PathBuf> {
    take_file_argument_in(args, std::path::Path::new("."))
}

/// [`take_file_argument`] with a relative path taken from `cwd` (the second
/// start's folder, which the single-instance plugin passes on).
pub fn take_file_argument_in(
    args: &mut Vec<std::ffi::OsString>,
    cwd: &std::path::Path,
) -> Option<PathBuf> {
    let mut i = 1;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if arg == "--db" {
            i += 2;
            continue;
        }
        if arg.starts_with('-') {
            i += 1;
            continue;
        }
        let path = cwd.join(&args[i]);
        if path.is_file() {
            args.remove(i);
            return Some(path);
        }
        return None; // a subcommand: the command line handles it
    }
    None
}

/// The app's configuration, assets and capabilities, compiled in from
/// `tauri.conf.json`, `ui/` and `capabilities/`.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the window on the database at `db` (or the default location) and runs
/// until it is closed.
pub fn run(db: Option<PathBuf>) -> Result<(), tauri::Error> {
    run_opening(db, Vec::new())
}

/// [`run`], then opens `files` (given on the command line, issue 13) as if they
/// had been dropped on the Ansökan view: the page asks for them when it starts.
pub fn run_opening(db: Option<PathBuf>, files: Vec<PathBuf>) -> Result<(), tauri::Error> {
    let builder = desktop::with_desktop_plugins(tauri::Builder::default()).setup(move |app| {
        use tauri::Manager;
        let state = app.state::<AppState>();
        state.push_dropped(files.clone());
        log::info!(
            "Kanalansökan {} started; database {}",
            env!("CARGO_PKG_VERSION"),
            state
                .db_path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "(none)".into())
        );
        Ok(())
    });
    // Not `Builder::run`: the event loop's Ready tells the start-up guard that the
    // window is up (see `startup.rs`).
    setup(builder, AppState::open_in_background(db))
        .build(context())?
        .run(|_, event| {
            if let tauri::RunEvent::Ready = event {
                startup::ready();
            }
        });
    Ok(())
}
