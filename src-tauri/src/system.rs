//! Handing a file to the operating system: its default viewer and its printer.
//!
//! | OS | open | print |
//! |---|---|---|
//! | Linux | `xdg-open FILE` | `lp FILE` (CUPS, default printer) |
//! | macOS | `open FILE` | `lp FILE` |
//! | Windows | `explorer FILE` | the PDF viewer's "print" verb via PowerShell `Start-Process -Verb Print` |

use std::io;
use std::path::Path;
use std::process::Command;

fn run(mut cmd: Command) -> io::Result<()> {
    let status = cmd.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("{cmd:?} exited with {status}")))
    }
}

/// Opens `path` in the default program for its type, without waiting for it.
pub fn open(path: &Path) -> io::Result<()> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    // xdg-open and open return at once; the viewer runs on its own.
    Command::new(program).arg(path).spawn().map(|_| ())
}

/// Sends `path` to the default printer.
pub fn print(path: &Path) -> io::Result<()> {
    if cfg!(target_os = "windows") {
        let mut cmd = Command::new("powershell");
        cmd.args([
            "-NoProfile",
            "-Command",
            "Start-Process",
            "-Verb",
            "Print",
            "-FilePath",
        ])
        .arg(path);
        run(cmd)
    } else {
        let mut cmd = Command::new("lp");
        cmd.arg("--").arg(path);
        run(cmd)
    }
}
