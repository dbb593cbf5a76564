//! End-to-end test of the register in the real window (see e2e.rs for the set-up):
//! import a folder of PDFs (the folder picker answered by the
//! `KANALANSOKAN_OPEN_PATHS` test hook, as a native GTK dialog cannot be clicked
//! over WebDriver), see a verdict per file, search, open an application, enter a
//! Dnr, close a channel, and export the public list (through
//! `KANALANSOKAN_SAVE_PATH`). The register is saved as `tests/screenshots/register.png`.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use kanalansokan_core::model::Application;

use crate::fixtures::{application, sign, typed, write_pdf};
use crate::support::{self, Session, screenshot};

/// Markup in a text field: must come out as text, never as elements.
const MARKUP_UNIT: &str = "Fritidsgården <b>Ungdom</b>";

/// Application `n` of `unit`, with its Instagram account, signed.
fn signed(n: u32, unit: &str, instagram: &str) -> Application {
    let mut app = application(n, unit);
    app.channels[1].address = format!("https://www.instagram.com/{instagram}");
    sign(app, typed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_folder_close_a_channel_and_export_the_public_list() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("Inkomna ansökningar");
    std::fs::create_dir(&inbox).unwrap();
    for (name, app) in [
        ("1 musikskolan.pdf", signed(1, "Musikskolan", "musikskolan")),
        ("2 fritid.pdf", signed(2, MARKUP_UNIT, "fritidsgarden")),
    ] {
        write_pdf(&inbox, name, &app);
    }
    std::fs::write(inbox.join("3 skannad.pdf"), b"%PDF-1.7\n trasig").unwrap();
    let html = dir.path().join("officiella-kanaler.html");
    let db = dir.path().join("kanalansokan.sqlite");
    let driver = support::Driver::start_with_env(
        &db,
        &[
            ("KANALANSOKAN_OPEN_PATHS", inbox.as_os_str()),
            ("KANALANSOKAN_SAVE_PATH", html.as_os_str()),
        ],
    );
    let s = Session::open(&driver).await;

    s.click("#tab-register").await;
    s.wait_for("#view-register:not([hidden])").await;
    s.wait_for_text("#reg-count", "Registret är tomt").await;
    assert_eq!(
        s.c.find(Locator::Css("#tab-register"))
            .await
            .unwrap()
            .attr("aria-current")
            .await
            .unwrap()
            .as_deref(),
        Some("page")
    );

    // Import the folder: a verdict row per file, then the summary.
    s.click("#import-folder").await;
    s.wait_for_text("#import-summary", "Importen är klar").await;
    s.wait_for_count("#verdict-rows tr", 3).await;
    let verdicts = s.text("#verdict-rows").await;
    assert_eq!(
        s.count("#verdict-rows .badge-imported").await,
        2,
        "{verdicts}"
    );
    assert_eq!(
        s.count("#verdict-rows .badge-rejected").await,
        1,
        "{verdicts}"
    );
    assert!(verdicts.contains("Avvisad"), "{verdicts}");
    assert!(verdicts.contains("3 skannad.pdf"), "{verdicts}");
    assert!(
        s.text("#import-summary")
            .await
            .contains("Importen är klar: 2 importerade, 1 avvisad."),
    );

    // The register: four channels; markup in a field is shown as text.
    s.wait_for_count("#reg-channel-rows tr", 4).await;
    assert!(s.text("#reg-channel-rows").await.contains(MARKUP_UNIT));
    assert_eq!(s.count("#reg-channel-rows b").await, 0);
    assert!(s.text("#reg-count").await.contains("4 av 4 kanaler"));
    s.c.execute("document.scrollingElement.scrollTop = 0;", vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(
        shots.join("register.png"),
        support::window_png(&s.c).await.unwrap(),
    )
    .unwrap();

    s.c.execute(
        "document.getElementById('channels-section').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&s.c, "register-channels").await;
    s.c.execute(
        "document.getElementById('events-section').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&s.c, "register-events").await;

    // Search, then filter by status.
    s.type_into("#reg-search", "musikskolan").await;
    s.wait_for_count("#reg-channel-rows tr", 2).await;
    assert!(s.text("#reg-count").await.contains("2 av 4 kanaler"));

    // Open the application: verified, its fields, its channels.
    s.click("#reg-channel-rows tr:first-child button").await;
    s.wait_for("#register-detail:not([hidden])").await;
    s.wait_for_text("#detail-title", "Musikskolan").await;
    assert!(s.text(".verify").await.contains("Verifierad"));
    assert!(s.text(".fields").await.contains("Karin Ålund"));
    // Phone numbers are stored as E.164 and shown the Swedish way.
    s.wait_for_text(".fields", "Åsa Öberg · 0240-66 00 00")
        .await;
    assert!(!s.text(".fields").await.contains("+46240660000"));

    // Dnr, typed and saved with Enter.
    let first_dnr = "#detail-body input.dnr-input";
    s.type_into(first_dnr, "KS 2026/00123\u{E007}").await;
    s.wait_for_text(".dnr-status", "Dnr sparat").await;

    // Close the Instagram channel with a date and a reason.
    let close =
        s.c.find(Locator::XPath(
            "//tr[contains(., 'instagram.com/musikskolan')]//button[contains(., 'Avsluta kanal')]",
        ))
        .await
        .expect("a close button for the Instagram channel");
    close.click().await.unwrap();
    s.wait_for("#close-dialog[open]").await;
    s.replace("#close-date", "2999-01-01").await;
    s.type_into("#close-reason", "Kanalen ersätts av Facebook.")
        .await;
    s.click("#close-confirm").await;
    s.wait_for_text("#close-error", "framtiden").await;
    let today = chrono::Local::now().date_naive().to_string();
    s.replace("#close-date", &today).await;
    s.click("#close-confirm").await;
    s.wait_for_text("#detail-status", "avslutad").await;
    assert!(s.text("#detail-body").await.contains("Avslutad"));
    screenshot(&s.c, "register-detail").await;

    // Back to the register: the log has the import, the Dnr and the closing.
    s.click("#detail-back").await;
    s.wait_for("#register-main:not([hidden])").await;
    s.wait_for_text("#event-rows", "avslutad").await;
    let log = s.text("#event-rows").await;
    assert!(log.contains("KS 2026/00123"), "{log}");
    s.select("#reg-status", "avslutad").await;
    s.wait_for_count("#reg-channel-rows tr", 1).await;

    // The public list: active channels only, no personal data.
    s.click("#export-html").await;
    s.wait_for_text("#export-status", "Sparat 3 aktiva kanaler")
        .await;
    let page = std::fs::read_to_string(&html).expect("the export was written");
    assert!(page.contains("lang=\"sv\""));
    assert!(page.contains("instagram.com/fritidsgarden"));
    assert!(
        !page.contains("instagram.com/musikskolan"),
        "closed channel listed"
    );
    assert!(
        !page.contains("@smedjebacken.se")
            && !page.contains("70-123")
            && !page.contains("701234567")
    );
    assert!(page.contains("Fritidsgården &lt;b&gt;Ungdom&lt;/b&gt;"));
    screenshot(&s.c, "register-exported").await;
    s.close().await;
}
