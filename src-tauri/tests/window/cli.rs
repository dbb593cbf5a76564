//! The same binary as a command-line tool: no display needed, clear errors, and
//! nothing written when the input is bad.

use std::process::Command;

fn kanalansokan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kanalansokan"));
    // A subcommand must never try to open a window.
    c.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    c
}

#[test]
fn valid_fixture_passes_without_a_display() {
    let out = kanalansokan()
        .args([
            "validate",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../tests/fixtures/valid-application.json"
            ),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bad_json_file_is_exit_2_with_a_swedish_message_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trasig.json");
    let content = b"{\"schema_version\": 1, \"unit\": \"Bibliotek\"";
    std::fs::write(&file, content).unwrap();
    let out = kanalansokan().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("trasig.json"), "names the file: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), content);
}

#[test]
fn help_needs_no_display() {
    let out = kanalansokan().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("validate"));
}

/// The command-line binary uses only the core: it must not load GTK or WebKit,
/// so a subcommand starts at once and runs on a server without a desktop.
#[cfg(target_os = "linux")]
#[test]
fn the_command_line_binary_does_not_link_the_window_libraries() {
    let out = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_kanalansokan"))
        .output()
        .expect("ldd (libc-bin) is on every Debian system");
    assert!(out.status.success());
    let libs = String::from_utf8_lossy(&out.stdout);
    for lib in ["gtk", "webkit", "gdk", "soup"] {
        assert!(!libs.contains(lib), "kanalansokan links {lib}:\n{libs}");
    }
    // The window binary does (the check above can tell the two apart).
    let window = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_kanalansokan-window"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&window.stdout).contains("webkit"));
}

/// Issue 15: the window binary with no display to open its window on ends at once
/// with a Swedish message and exit code 2; it does not hang (under Wine it once
/// panicked in the event loop and hung).
#[test]
fn window_without_a_display_ends_with_a_message_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kanalansokan-window"))
        .arg("--db")
        .arg(dir.path().join("k.sqlite"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        // No session bus either: single-instance must not be what fails or waits.
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .env("XDG_DATA_HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the window binary still runs after 60 s without a display");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("Kanalansökan kunde inte öppna sitt fönster."),
        "{stderr}"
    );
    assert!(stderr.contains("Teknisk information: "), "{stderr}");
}
