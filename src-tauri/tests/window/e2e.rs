//! End-to-end tests in the real window: the built `kanalansokan` binary driven over
//! WebDriver (tauri-driver in front of WebKitWebDriver), on Xvfb when there is no
//! display. Each test has its own temporary database.
//!
//! Needs `tauri-driver` (cargo install tauri-driver --version '^2' --locked) and
//! `WebKitWebDriver` (apt: webkit2gtk-driver); `.ci/test.sh` installs both.
//! PNG screenshots of the window are written to `tests/out/screenshots/`.

use fantoccini::Locator;

use crate::support::{self, Session, screenshot};

const UNIT: &str = "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek";
const PURPOSE: &str =
    "Sprida information om bibliotekets program och öppettider, och svara på frågor.";
const AUDIENCE: &str = "Invånare i Smedjebackens kommun, särskilt barnfamiljer och unga vuxna.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fill_check_fix_and_find_the_draft_after_a_restart() {
    let _serial = support::serial().await;
    let db_dir = tempfile::tempdir().unwrap();
    let db = db_dir.path().join("kanalansokan.sqlite");
    let driver = support::Driver::start(&db);

    let s = Session::open(&driver).await;
    assert_eq!(s.c.title().await.unwrap(), "Kanalansökan");
    let h1 = s.c.find(Locator::Css("#form-title")).await.unwrap();
    assert_eq!(h1.text().await.unwrap(), "Sociala medier – Ansökan");
    // The paper form's rows: one channel, two people in each list.
    assert_eq!(s.count(".channel-grid.row").await, 1);
    assert_eq!(s.count("#responsible-rows .row").await, 2);
    assert_eq!(s.count("#operators-rows .row").await, 2);
    // Approval date defaults to today.
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(s.value("#f-approval-date").await, today);
    screenshot(&s.c, "form-empty").await;

    // Fill everything, with one bad e-mail and no deputy among the operators.
    s.type_into("#f-unit", UNIT).await;
    s.select("#f-channels-0-platform", "facebook").await;
    s.type_into(
        "#f-channels-0-address",
        "https://www.facebook.com/smedjebackensbibliotek",
    )
    .await;
    s.click("#add-channel").await;
    s.select("#f-channels-1-platform", "instagram").await;
    s.type_into("#f-channels-1-address", "@smedjebackensbibliotek")
        .await;
    s.fill(&[
        ("#f-purpose", PURPOSE),
        ("#f-audience", AUDIENCE),
        ("#f-responsible-0-name", "Åsa Öberg"),
        ("#f-responsible-0-phone", "0240-66 00 00"),
        ("#f-responsible-0-email", "asa.oberg.smedjebacken.se"),
        ("#f-operators-0-name", "Jörgen Nyström"),
        ("#f-operators-0-phone", "070-123 45 67"),
        ("#f-operators-0-email", "jorgen.nystrom@smedjebacken.se"),
    ])
    .await;
    s.click("#f-guidelines_read").await;
    s.type_into("#f-approval-name", "Karin Ålund").await;

    s.click("#check").await;
    s.wait_for("#error-summary:not([hidden])").await;
    // Focus moves to the summary so a screen reader reads it first.
    let active = s.c.active_element().await.unwrap();
    assert_eq!(
        active.attr("id").await.unwrap().as_deref(),
        Some("error-summary")
    );
    let fields = s.summary_fields().await;
    assert!(
        fields.contains(&"responsible[0].email".to_string()),
        "summary lists the bad e-mail: {fields:?}"
    );
    assert!(
        fields.iter().any(|f| f.starts_with("operators")),
        "summary lists the missing deputy: {fields:?}"
    );
    // The message sits beside the field and is tied to it.
    let email =
        s.c.find(Locator::Css("#f-responsible-0-email"))
            .await
            .unwrap();
    assert_eq!(
        email.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let described = email.attr("aria-describedby").await.unwrap().unwrap();
    let msg_id = described.split_whitespace().next().unwrap();
    let msg =
        s.c.find(Locator::Id(msg_id))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert!(!msg.trim().is_empty());
    assert!(s.count("#f-operators .field-error").await >= 1);
    // The summary names the field, not only the problem.
    let link = s
        .text("#error-summary-list a[data-field='responsible[0].email']")
        .await;
    assert!(link.starts_with("E-post, ansvarig 1: "), "{link}");
    s.c.set_window_size(1100, 2150).await.unwrap();
    screenshot(&s.c, "form-errors").await;

    // A summary link takes the user to the field.
    s.click("#error-summary-list a[data-field='responsible[0].email']")
        .await;
    let active = s.c.active_element().await.unwrap();
    assert_eq!(
        active.attr("id").await.unwrap().as_deref(),
        Some("f-responsible-0-email")
    );

    // Fix both problems.
    s.replace("#f-responsible-0-email", "asa.oberg@smedjebacken.se")
        .await;
    s.type_into("#f-operators-1-name", "Märta Ek").await;
    s.type_into("#f-operators-1-phone", "070-234 56 78").await;
    s.type_into("#f-operators-1-email", "marta.ek@smedjebacken.se")
        .await;
    s.click("#check").await;
    s.wait_for("#check-ok:not([hidden])").await;
    assert!(
        s.c.find(Locator::Css("#error-summary[hidden]"))
            .await
            .is_ok()
    );
    assert_eq!(s.count("[aria-invalid='true']").await, 0);
    s.wait_for("#save-status[data-state='saved']").await;
    let status = s.text("#save-status").await;
    assert!(status.starts_with("Sparat "), "{status}");
    // Times as a Swedish user reads them, in the local clock (dom.js writes them out
    // by hand): "Sparat 14:03:27", and the list's "v1 · 2026-11-29 14:03".
    assert!(is_clock(&status["Sparat ".len()..], 3), "{status}");
    let meta = s.text(".app-item.is-current .app-meta").await;
    let when = meta.rsplit(" · ").next().unwrap_or_default();
    let date = chrono::Local::now().format("%Y-%m-%d ").to_string();
    assert!(
        when.starts_with(&date) && is_clock(&when[date.len()..], 2),
        "{meta}"
    );
    // The whole form for the README, and the smallest supported window size.
    s.c.set_window_size(1100, 2150).await.unwrap();
    screenshot(&s.c, "form").await;
    s.c.set_window_size(1024, 768).await.unwrap();
    screenshot(&s.c, "form-1024x768").await;
    s.close().await;

    // Start again: the draft is there, exactly as typed.
    let s = Session::open(&driver).await;
    assert_eq!(s.value("#f-unit").await, UNIT);
    assert_eq!(s.value("#f-channels-0-platform").await, "facebook");
    assert_eq!(
        s.value("#f-channels-0-address").await,
        "https://www.facebook.com/smedjebackensbibliotek"
    );
    assert_eq!(s.value("#f-channels-1-platform").await, "instagram");
    assert_eq!(
        s.value("#f-channels-1-address").await,
        "@smedjebackensbibliotek"
    );
    assert_eq!(s.value("#f-purpose").await, PURPOSE);
    assert_eq!(s.value("#f-audience").await, AUDIENCE);
    assert_eq!(s.value("#f-responsible-0-name").await, "Åsa Öberg");
    assert_eq!(s.value("#f-responsible-0-phone").await, "0240-66 00 00");
    assert_eq!(
        s.value("#f-responsible-0-email").await,
        "asa.oberg@smedjebacken.se"
    );
    assert_eq!(s.value("#f-operators-0-name").await, "Jörgen Nyström");
    assert_eq!(s.value("#f-operators-1-name").await, "Märta Ek");
    assert_eq!(
        s.value("#f-operators-1-email").await,
        "marta.ek@smedjebacken.se"
    );
    assert_eq!(s.value("#f-approval-name").await, "Karin Ålund");
    assert_eq!(s.value("#f-approval-date").await, today);
    let checkbox = s.c.find(Locator::Css("#f-guidelines_read")).await.unwrap();
    assert!(checkbox.is_selected().await.unwrap());
    // The list shows it as a draft.
    assert_eq!(s.count("#app-list .app-item").await, 1);
    assert!(s.text("#app-list .app-item").await.contains(UNIT));
    assert!(s.text("#app-list .badge").await.contains("Utkast"));
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_duplicates_and_deletes_after_asking() {
    let _serial = support::serial().await;
    let db_dir = tempfile::tempdir().unwrap();
    let driver = support::Driver::start(&db_dir.path().join("k.sqlite"));
    let s = Session::open(&driver).await;

    s.type_into("#f-unit", "Tekniska förvaltningen").await;
    s.wait_for("#save-status[data-state='saved']").await;
    s.wait_for_text(
        "#app-list .app-item.is-current .app-title",
        "Tekniska förvaltningen",
    )
    .await;
    s.click("#app-list .app-item .button-small:not(.button-small-danger)")
        .await; // Kopiera
    s.wait_for_count("#app-list .app-item", 2).await;
    assert_eq!(s.value("#f-unit").await, "Tekniska förvaltningen");

    // Delete asks first; "Avbryt" keeps the draft.
    s.click("#app-list .app-item.is-current .button-small-danger")
        .await;
    s.wait_for("#confirm-delete[open]").await;
    screenshot(&s.c, "delete-dialog").await;
    s.click("#confirm-delete button[value='cancel']").await;
    assert_eq!(s.count("#app-list .app-item").await, 2);

    s.click("#app-list .app-item.is-current .button-small-danger")
        .await;
    s.wait_for("#confirm-delete[open]").await;
    s.click("#confirm-delete-yes").await;
    s.wait_for_count("#app-list .app-item", 1).await;
    screenshot(&s.c, "list").await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unusable_database_path_shows_a_clear_error_and_writes_nothing() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    // A regular file where a folder should be: cannot be created, even as root.
    let blocker = dir.path().join("inte-en-mapp");
    std::fs::write(&blocker, "orörd").unwrap();
    let driver = support::Driver::start(&blocker.join("kanalansokan.sqlite"));
    let s = Session::open_expecting("#fatal:not([hidden])", &driver).await;
    let text = s.text("#fatal").await;
    assert!(text.contains("kan inte öppna"), "{text}");
    assert!(
        text.contains("inte-en-mapp"),
        "the path is shown for support: {text}"
    );
    assert!(
        s.c.find(Locator::Css("#application-form[hidden]"))
            .await
            .is_ok()
    );
    screenshot(&s.c, "database-error").await;
    s.close().await;
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "orörd");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    {
        // A real Kanalansökan database, then marked as written by a future version.
        drop(kanalansokan_core::storage::Store::open(&db).unwrap());
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA user_version = 999;").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let driver = support::Driver::start(&db);
    let s = Session::open_expecting("#fatal:not([hidden])", &driver).await;
    let text = s.text("#fatal-message").await;
    assert!(text.contains("nyare version"), "{text}");
    s.close().await;
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the newer database is untouched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drawn_signature_is_kept_as_timed_vector_strokes() {
    use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
    use std::time::Duration;

    let _serial = support::serial().await;
    let db_dir = tempfile::tempdir().unwrap();
    let db = db_dir.path().join("k.sqlite");
    let driver = support::Driver::start(&db);
    let s = Session::open(&driver).await;
    s.type_into("#f-approval-name", "Karin Ålund").await;

    // Typed: starts from the name in print, shown in a signature style.
    s.click("#signature-kind-typed").await;
    assert_eq!(s.value("#f-approval-signature-text").await, "Karin Ålund");
    assert_eq!(s.text("#signing .typed-signature").await, "Karin Ålund");

    // Drawn: two strokes, undo one, draw another.
    s.click("#signature-kind-drawn").await;
    let canvas = s.c.find(Locator::Css("#signature-canvas")).await.unwrap();
    s.c.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&canvas).unwrap()],
    )
    .await
    .unwrap();
    let stroke = |id: &str, dx: f64| {
        let mut m = MouseActions::new(id.to_string()).then(PointerAction::MoveToElement {
            element: canvas.clone(),
            duration: None,
            x: -200.0 + dx,
            y: 10.0,
        });
        m = m.then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
        for i in 1..=8 {
            m = m.then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(20)),
                x: 12.0,
                y: if i % 2 == 0 { 18.0 } else { -18.0 },
            });
        }
        m.then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        })
    };
    s.c.perform_actions(stroke("pen1", 0.0)).await.unwrap();
    s.c.perform_actions(stroke("pen2", 150.0)).await.unwrap();
    s.click("#signature-undo").await;
    s.c.perform_actions(stroke("pen3", 250.0)).await.unwrap();
    s.wait_for("#save-status[data-state='saved']").await;
    screenshot(&s.c, "signature-drawn").await;
    s.close().await;
    drop(driver);

    // What was stored: two strokes of timed points inside the pad.
    let store = kanalansokan_core::storage::Store::open(&db).unwrap();
    let summary = store.list().unwrap().remove(0);
    let app = store.get(&summary.id, summary.version).unwrap();
    let Some(kanalansokan_core::model::Signature::Drawn {
        width,
        height,
        strokes,
    }) = app.approval.signature
    else {
        panic!(
            "expected a drawn signature, got {:?}",
            app.approval.signature
        );
    };
    assert_eq!(strokes.len(), 2, "undo removed one of three strokes");
    for stroke in &strokes {
        assert!(stroke.len() >= 5, "a stroke keeps its samples: {stroke:?}");
        assert!(stroke.iter().all(|p| p.x <= width && p.y <= height));
        assert_eq!(stroke[0].t, 0);
        assert!(
            stroke.windows(2).all(|w| w[0].t <= w[1].t),
            "time runs forward"
        );
        assert!(stroke.last().unwrap().t > 0, "timing is recorded");
    }
    assert!(
        strokes[1][0].x > strokes[0][0].x,
        "the redrawn stroke is the third one"
    );
}

/// "14:03" (`parts` = 2) or "14:03:27" (3): two digits each, colons between.
fn is_clock(text: &str, parts: usize) -> bool {
    let fields: Vec<&str> = text.split(':').collect();
    fields.len() == parts
        && fields
            .iter()
            .all(|f| f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()))
}
