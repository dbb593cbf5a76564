// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `kanalansokan`: with a subcommand a command-line tool that needs no display;
//! without one, the window.

use std::process::ExitCode;

fn main() -> ExitCode {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    match kanalansokan_core::cli::run(std::env::args_os(), &mut out, &mut err) {
        Ok(code) => ExitCode::from(code),
        Err(cli) => match kanalansokan_shell::run(cli.db) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                // Only reached when the window system itself fails (no display, no WebKit).
                eprintln!("Kanalansökan kunde inte öppna sitt fönster: {e}");
                ExitCode::from(2)
            }
        },
    }
}
