//! A window that cannot start ends the process with a message, and never hangs
//! (issue 15: under Wine without a display the window panicked with "failed to
//! create window" inside the event loop and then hung).
//!
//! Until the event loop reports [`tauri::RunEvent::Ready`], a panic anywhere (any
//! thread) shows [`failure_message`] — a message box on Windows, where the window
//! binary has no console, and stderr elsewhere — and exits with code 2. A
//! watchdog does the same if the window is not ready after [`STARTUP_LIMIT`].
//! After that, panics go to the default hook again: the core catches parser
//! panics on user files with `catch_unwind` (phone numbers, PDFs), and those must
//! stay errors, not end the program.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long the window may take to start before the process gives up. Generous:
/// a first start on a slow, virus-scanned municipal laptop takes seconds, not minutes.
pub const STARTUP_LIMIT: Duration = Duration::from_secs(120);

/// Exit code of a failed start (the command line's "could not be read at all").
pub const FAILED: i32 = 2;

static READY: AtomicBool = AtomicBool::new(false);

/// Installs the start-up panic hook and the watchdog. Call once, first thing.
pub fn guard() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if READY.load(Ordering::SeqCst) {
            default_hook(info);
            return;
        }
        let detail = match (
            info.payload().downcast_ref::<&str>(),
            info.payload().downcast_ref::<String>(),
        ) {
            (Some(s), _) => (*s).to_string(),
            (None, Some(s)) => s.clone(),
            (None, None) => "panic".to_string(),
        };
        let at = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        fail(&format!("{detail}{at}"));
    }));
    std::thread::spawn(|| {
        std::thread::sleep(STARTUP_LIMIT);
        if !READY.load(Ordering::SeqCst) {
            fail(&format!(
                "fönstret var inte klart efter {} sekunder",
                STARTUP_LIMIT.as_secs()
            ));
        }
    });
}

/// The window is up: from now on panics are the default hook's again.
pub fn ready() {
    READY.store(true, Ordering::SeqCst);
}

/// Tells the user and ends the process (never returns).
pub fn fail(detail: &str) -> ! {
    log::error!("the window could not start: {detail}");
    let message = failure_message(detail);
    eprintln!("{message}");
    show_message_box(&message);
    std::process::exit(FAILED)
}

/// What the user reads when the window cannot start: what happened, what to do,
/// and the technical detail for IT support last.
pub fn failure_message(detail: &str) -> String {
    let advice = if cfg!(windows) {
        "Kontrollera att Microsoft Edge WebView2 Runtime är installerad på datorn och \
         försök igen. Kontakta IT-supporten om felet finns kvar. Kommandoradsverktyget \
         kanalansokan.exe fungerar ändå."
    } else {
        "Kontrollera att det finns en grafisk skärm (DISPLAY eller WAYLAND_DISPLAY) och att \
         WebKitGTK är installerat, och försök igen. Kontakta IT-supporten om felet finns kvar."
    };
    format!(
        "Kanalansökan kunde inte öppna sitt fönster.\n\n{advice}\n\nTeknisk information: {detail}"
    )
}

#[cfg(windows)]
fn show_message_box(message: &str) {
    use std::ffi::c_void;
    #[link(name = "user32")]
    unsafe extern "system" {
        fn MessageBoxW(hwnd: *mut c_void, text: *const u16, caption: *const u16, kind: u32) -> i32;
    }
    const MB_OK: u32 = 0x0000_0000;
    const MB_ICONERROR: u32 = 0x0000_0010;
    const MB_SETFOREGROUND: u32 = 0x0001_0000;
    let wide = |s: &str| -> Vec<u16> { s.encode_utf16().chain(std::iter::once(0)).collect() };
    let (text, caption) = (wide(message), wide("Kanalansökan"));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; a null
    // owner window is allowed (Win32 MessageBoxW documentation).
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            caption.as_ptr(),
            MB_OK | MB_ICONERROR | MB_SETFOREGROUND,
        );
    }
}

#[cfg(not(windows))]
fn show_message_box(_message: &str) {
    // stderr only: a desktop launcher shows nothing, but the log and the terminal do.
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_says_what_happened_what_to_do_and_the_detail_last() {
        let m = failure_message("failed to create window");
        assert!(
            m.starts_with("Kanalansökan kunde inte öppna sitt fönster."),
            "{m}"
        );
        assert!(m.contains("IT-supporten"), "{m}");
        assert!(
            m.ends_with("Teknisk information: failed to create window"),
            "{m}"
        );
        if cfg!(windows) {
            assert!(m.contains("WebView2"), "{m}");
        }
    }
}
