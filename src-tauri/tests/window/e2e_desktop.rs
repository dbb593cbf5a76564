//! Desktop behaviour in the real window (issue 5): "Om Kanalansökan" says the
//! version and where the data and the log are, the log file is written, and
//! closing the window right after typing loses nothing.

use std::time::{Duration, Instant};

use crate::support::{self, Session, screenshot};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_names_the_files_and_closing_right_after_typing_keeps_the_text() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let driver = support::Driver::start(&db);
    let s = Session::open(&driver).await;

    s.click("#open-about").await;
    s.wait_for("#about-dialog[open]").await;
    assert_eq!(s.text("#about-version").await, env!("CARGO_PKG_VERSION"));
    assert_eq!(s.text("#about-db").await, db.display().to_string());
    assert!(s.text("#about-archive").await.ends_with("arkiv"));
    assert!(s.text("#about-log").await.contains("logs"));
    screenshot(&s.c, "about").await;
    s.click("#about-dialog button[value='close']").await;

    // The log file for support, in the OS's log folder (XDG_DATA_HOME here).
    let log = driver
        .home
        .path()
        .join("data/kanalansokan/logs/kanalansokan.log");
    let text = std::fs::read_to_string(&log).expect("the log file exists");
    assert!(text.contains("started"), "{text}");

    // Type and close at once, well inside the autosave's delay: the page saves
    // before the window goes. The close request is what desktop.rs sends the page
    // when the window manager asks to close (WebDriver has no way to press the
    // title bar's close button); the page then saves and the window closes.
    s.type_into("#f-unit", "Sparas vid stängning").await;
    let _ =
        s.c.execute(
            "window.dispatchEvent(new Event('kanalansokan-close'))",
            vec![],
        )
        .await;
    // The window goes (the session loses it)…
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.c.title().await.is_ok() {
        assert!(Instant::now() < deadline, "the window did not close");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // …and what was typed is in the database.
    loop {
        let saved = rusqlite::Connection::open(&db)
            .and_then(|c| {
                c.query_row(
                    "SELECT count(*) FROM applications WHERE body LIKE '%Sparas vid stängning%'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap_or(0);
        if saved > 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "what was typed just before closing was lost"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A second start hands over to the running window and exits, instead of opening
/// a second window on the same database. Needs a D-Bus session bus, as a desktop
/// has; `dbus-run-session` (apt: dbus) gives the test a private one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_start_hands_over_to_the_running_window() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let (display, _xvfb) = support::display();
    // If the second start did not hand over it would keep running: `timeout`
    // then reports 124 and the test fails.
    let script = r#"
"$APP" --db "$DB" & first=$!
for i in $(seq 1 200); do [ -s "$DB" ] && break; sleep 0.1; done
sleep 2
timeout 20 "$APP" --db "$DB"; second=$?
if kill -0 "$first" 2>/dev/null; then alive=yes; else alive=no; fi
kill "$first" 2>/dev/null; wait "$first" 2>/dev/null
echo "second=$second first-alive=$alive"
"#;
    let out = std::process::Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .env("APP", env!("CARGO_BIN_EXE_kanalansokan-window"))
        .env("DB", dir.path().join("kanalansokan.sqlite"))
        .env("DISPLAY", &display)
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("NO_AT_BRIDGE", "1")
        .env("GDK_BACKEND", "x11")
        .stderr(std::process::Stdio::null())
        .output()
        .expect("dbus-run-session (apt: dbus) runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("second=0 first-alive=yes"),
        "second start: {report}"
    );
}
