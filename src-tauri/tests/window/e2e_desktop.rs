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
