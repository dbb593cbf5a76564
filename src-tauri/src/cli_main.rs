//! `kanalansokan`: the command-line tool (`validate`, `pdf`, `verify`, `import`,
//! `export`, `close`), which needs no display. Without a subcommand it starts the
//! window, `kanalansokan-window`, installed beside it.
//!
//! This binary uses only `kanalansokan-core`, so it does not link GTK or WebKit:
//! a subcommand starts in milliseconds, with a few megabytes of memory, on a
//! server without any desktop libraries.

use std::process::ExitCode;

fn main() -> ExitCode {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    match kanalansokan_core::cli::run(std::env::args_os(), &mut out, &mut err) {
        Ok(code) => ExitCode::from(code),
        Err(_) => open_window(),
    }
}

/// The window's binary: `kanalansokan-window` in the same folder as this one.
fn window_binary() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.join(format!(
        "kanalansokan-window{}",
        std::env::consts::EXE_SUFFIX
    ));
    path.is_file().then_some(path)
}

/// Hands over to the window with the same arguments (`--db PATH` among them).
fn open_window() -> ExitCode {
    let Some(window) = window_binary() else {
        eprintln!(
            "Kanalansökan kunde inte öppna sitt fönster: programmet kanalansokan-window saknas bredvid kanalansokan. Installera om Kanalansökan."
        );
        return ExitCode::from(2);
    };
    let mut cmd = std::process::Command::new(&window);
    cmd.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Replaces this process: the window is the same process the user started.
        let e = cmd.exec();
        eprintln!("Kanalansökan kunde inte öppna sitt fönster: {e}");
        ExitCode::from(2)
    }
    #[cfg(not(unix))]
    match cmd.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(2),
        Err(e) => {
            eprintln!("Kanalansökan kunde inte öppna sitt fönster: {e}");
            ExitCode::from(2)
        }
    }
}
