// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `kanalansokan-window`: the desktop window (the menu entry starts this one).
//! Accepts `--db PATH` like the command-line tool; a subcommand given here is
//! run as well, so both binaries understand the same command line. A file given
//! as the only argument (`kanalansokan-window ansokan.pdf`) is opened in the window.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Issue 17: before anything else, while the process has one thread.
    kanalansokan_shell::painting::prefer_software_painting();
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    // `kanalansokan-window FILE` opens FILE in the window (issue 13).
    let mut args: Vec<_> = std::env::args_os().collect();
    let file = kanalansokan_shell::take_file_argument(&mut args);
    match kanalansokan_core::cli::run(args, &mut out, &mut err) {
        Ok(code) => ExitCode::from(code),
        Err(cli) => {
            // A start-up failure ends the process with a message, never a hang.
            kanalansokan_shell::startup::guard();
            match kanalansokan_shell::run_opening(cli.db, file.into_iter().collect()) {
                Ok(()) => ExitCode::SUCCESS,
                // The window system itself failed (no display, no WebKit, no WebView2).
                Err(e) => kanalansokan_shell::startup::fail(&e.to_string()),
            }
        }
    }
}
