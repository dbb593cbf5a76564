//! What people expect of a desktop program (issue 5), for the real window only:
//!
//! - **One instance**: starting Kanalansökan again brings the running window
//!   forward instead of opening a second one on the same database (D-Bus on
//!   Linux; without a session bus it starts normally).
//! - **Window size and position** are remembered between starts.
//! - **A log file** for support, `kanalansokan.log` in
//!   [`storage::log_dir`](kanalansokan_core::storage::log_dir) (beside the
//!   database), at most 1 MB, the previous file kept once. It holds internal
//!   errors, never form data. If the folder cannot be created the app still starts.
//! - **Nothing lost on close**: closing the window first lets the page save what is
//!   still waiting for the autosave ([`window_close_ready`]), with a safety net so
//!   a page that does not answer cannot keep the window open.
//!
//! The IPC tests build many apps in one process on the mock runtime; these plugins
//! are process-wide (one logger, one D-Bus name), so they are added in
//! [`with_desktop_plugins`] for the real app only.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::{Builder, Manager, Runtime, Window, WindowEvent, Wry};

/// The longest the page may take to save before the window closes anyway.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// Whether the page has saved and the window may close now.
#[derive(Default)]
pub struct Closing(AtomicBool);

/// Adds single-instance, window-state and the log file to the real app's builder.
pub fn with_desktop_plugins(builder: Builder<Wry>) -> Builder<Wry> {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
    let mut log = tauri_plugin_log::Builder::new()
        .clear_targets()
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepOne)
        .level(log::LevelFilter::Info);
    // The plugin refuses to start without its folder; a read-only profile must not
    // keep the window from opening, so the folder is made (or skipped) here.
    if let Some(dir) = kanalansokan_core::storage::log_dir()
        && std::fs::create_dir_all(&dir).is_ok()
    {
        log = log.target(Target::new(TargetKind::Folder {
            path: dir,
            file_name: Some("kanalansokan".into()),
        }));
    }
    if cfg!(debug_assertions) {
        log = log.target(Target::new(TargetKind::Stderr));
    }
    builder
        // First, so a second start hands over before anything else is set up.
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            // Issue 13: a file given to the second start opens in this window.
            let mut args: Vec<std::ffi::OsString> = argv.into_iter().map(Into::into).collect();
            if let Some(file) = crate::take_file_argument_in(&mut args, std::path::Path::new(&cwd))
            {
                app.state::<crate::state::AppState>()
                    .push_dropped(vec![file]);
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.eval("window.dispatchEvent(new Event('kanalansokan-open-files'))");
                }
            }
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(log.build())
        .plugin(tauri_plugin_window_state::Builder::default().build())
}

/// Called for every window event (see `lib.rs`): on a close request, asks the page
/// to save first and closes when it answers, or after [`CLOSE_GRACE`].
pub fn on_close_requested<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let closing = window.state::<Closing>();
    if closing.0.load(Ordering::SeqCst) {
        return; // the page has saved: let it close
    }
    api.prevent_close();
    let asked = window
        .get_webview_window(window.label())
        .map(|w| {
            w.eval("window.dispatchEvent(new Event('kanalansokan-close'))")
                .is_ok()
        })
        .unwrap_or(false);
    if !asked {
        close_now(window);
        return;
    }
    let w = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(CLOSE_GRACE);
        log::warn!("the page did not confirm saving within {CLOSE_GRACE:?}; closing");
        close_now(&w);
    });
}

fn close_now<R: Runtime>(window: &Window<R>) {
    window.state::<Closing>().0.store(true, Ordering::SeqCst);
    if let Err(e) = window.close() {
        log::warn!("closing the window: {e}");
    }
}

/// The page has saved everything pending: the window closes.
#[tauri::command]
pub fn window_close_ready<R: Runtime>(window: Window<R>) {
    close_now(&window);
}
