//! Issue 16 end to end in the real window (see e2e.rs for the set-up): a unit
//! opens its signed application in "Mina ansökningar", chooses "Anmäl att
//! kanalen avslutas…", fills in and signs the notice and saves its PDF (through
//! the `KANALANSOKAN_SAVE_PATH` hook); the registrar imports the folder with the
//! application and the notice (the `KANALANSOKAN_OPEN_PATHS` hook): "Kanal
//! avslutad", the channel shows "Avslutad", and it is off the public list.

use fantoccini::Locator;

use crate::fixtures::{application, sign, typed, write_pdf};
use crate::support::{self, Session, screenshot};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_reports_a_closed_channel_and_the_registrar_imports_it() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("Inkomna");
    std::fs::create_dir(&inbox).unwrap();
    let app = sign(application(1, "Biblioteket"), typed());
    write_pdf(&inbox, "1 ansokan.pdf", &app);
    let notice_pdf = inbox.join("2 avslut.pdf");
    let db = dir.path().join("kanalansokan.sqlite");
    kanalansokan_core::storage::Store::open(&db)
        .unwrap()
        .store_signed(&app)
        .unwrap();
    let driver = support::Driver::start_with_env(
        &db,
        &[
            ("KANALANSOKAN_OPEN_PATHS", inbox.as_os_str()),
            ("KANALANSOKAN_SAVE_PATH", notice_pdf.as_os_str()),
        ],
    );
    let s = Session::open(&driver).await;

    // The unit: the signed application, then the notice for its Facebook page.
    crate::e2e_notice_signing::open_notice_for_the_signed_application(&s).await;
    let channels = s.text("#notice-channel-list").await;
    assert!(
        channels.contains("Facebook: https://www.facebook.com/smedjebackensbibliotek"),
        "{channels}"
    );
    assert_eq!(s.value("#notice-reporter-name").await, "Åsa Öberg");
    s.click("#notice-channel-1").await; // Instagram stays open
    // Saving with nothing filled in: every problem at once, nothing written.
    s.click("#notice-save").await;
    s.wait_for_text("#notice-errors", "Sista dag").await;
    let problems = s.text("#notice-errors").await;
    assert!(problems.contains("Anledning"), "{problems}");
    assert!(problems.contains("Namnförtydligande"), "{problems}");
    assert!(!notice_pdf.exists());
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    s.fill(&[
        ("#notice-last-day", today.as_str()),
        (
            "#notice-reason",
            "Biblioteket samlar sin information på webbplatsen.",
        ),
        ("#notice-approval-name", "Karin Ålund"),
        ("#notice-signature", "Karin Ålund"),
    ])
    .await;
    screenshot(&s.c, "notice-dialog").await;
    s.click("#notice-save").await;
    s.wait_for_text("#pdf-status", "Anmälan om avslutad kanal sparad")
        .await;
    assert_eq!(s.count("#notice-dialog[open]").await, 0);
    let saved = std::fs::read(&notice_pdf).unwrap();
    let notice = kanalansokan_core::pdf::notice::verify(&saved).unwrap();
    assert_eq!(notice.channels.len(), 1);
    assert_eq!(notice.last_day, today);

    // The registrar: the folder with the application and the notice.
    s.click("#tab-register").await;
    s.wait_for("#view-register:not([hidden])").await;
    s.click("#import-folder").await;
    s.wait_for_text("#import-summary", "Importen är klar").await;
    s.wait_for_count("#verdict-rows tr", 2).await;
    let verdicts = s.text("#verdict-rows").await;
    assert!(verdicts.contains("Importerad"), "{verdicts}");
    assert!(verdicts.contains("Kanal avslutad"), "{verdicts}");
    let rows =
        s.c.find_all(Locator::Css("#reg-channel-rows tr"))
            .await
            .unwrap();
    let mut statuses = Vec::new();
    for row in rows {
        statuses.push(row.text().await.unwrap());
    }
    let facebook = statuses
        .iter()
        .find(|r| r.contains("facebook.com"))
        .unwrap_or_else(|| panic!("{statuses:?}"));
    assert!(facebook.contains("Avslutad"), "{facebook}");
    screenshot(&s.c, "notice-imported").await;
    s.close().await;
    drop(driver);

    // Off the public list.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let html = dir.path().join("lista.html");
    kanalansokan_core::register::export(
        &conn,
        kanalansokan_core::register::ExportFormat::Html,
        &html,
        chrono::Utc::now(),
    )
    .unwrap();
    let html = std::fs::read_to_string(html).unwrap();
    assert!(!html.contains("facebook.com/smedjebackensbibliotek"));
    assert!(html.contains("instagram.com"));
}
