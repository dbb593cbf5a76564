//! End-to-end test of "Politikers bloggar" in the real window (see e2e.rs for the
//! set-up): the registrar adds a politician's blog (a refused http:// address is
//! shown beside its field, fixed, then saved), adds a second on a committee,
//! edits one, ends the other with a reason, and exports the public list (through
//! `KANALANSOKAN_SAVE_PATH`): the active link with the disclaimer, not the ended
//! one. The section is saved as `tests/screenshots/politicians.png`, the dialog
//! with its field error as `tests/screenshots/politicians-dialog.png`.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;

use crate::support::{self, Session};

/// Markup in a name: must come out as text, never as elements.
const MARKUP_NAME: &str = "Kim <b>Fet</b> Nilsson";

/// The statement the guidelines require beside politicians' blogs.
const DISCLAIMER: &str =
    "Smedjebackens kommun ansvarar inte för inlägg och kommentarer i politikernas bloggar.";

async fn attr(s: &Session, css: &str, name: &str) -> Option<String> {
    s.c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .attr(name)
        .await
        .unwrap()
}

async fn save_png(s: &Session, name: &str) {
    // Two painted frames, as support::screenshot waits for.
    s.c.execute_async(
        "const done = arguments[arguments.length - 1];\n\
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        vec![],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(
        shots.join(format!("{name}.png")),
        support::window_png(&s.c).await.unwrap(),
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_edit_and_end_politicians_blogs_and_export_the_public_list() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("officiella-kanaler.html");
    let db = dir.path().join("kanalansokan.sqlite");
    let driver =
        support::Driver::start_with_env(&db, &[("KANALANSOKAN_SAVE_PATH", html.as_os_str())]);
    let s = Session::open(&driver).await;

    s.click("#tab-register").await;
    s.wait_for("#view-register:not([hidden])").await;
    s.wait_for_text("#politician-rows", "Inga bloggar ännu")
        .await;

    // Add: an http:// address is refused beside the address field, nothing saved.
    s.click("#politician-add").await;
    s.wait_for("#politician-dialog[open]").await;
    s.fill(&[
        ("#politician-name", MARKUP_NAME),
        ("#politician-party", "Gröna partiet"),
        ("#politician-address", "http://kim.example.se/blogg"),
    ])
    .await;
    s.click("#politician-save").await;
    s.wait_for_text("#error-politician-address", "https://")
        .await;
    assert_eq!(
        attr(&s, "#politician-address", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    assert_eq!(s.text("#error-politician-name").await, "");
    s.c.execute(
        "document.querySelector('#politician-dialog').scrollTop = 0;",
        vec![],
    )
    .await
    .unwrap();
    save_png(&s, "politicians-dialog").await;
    assert!(
        s.text("#politician-rows")
            .await
            .contains("Inga bloggar ännu")
    );

    s.replace("#politician-address", "https://kim.example.se/blogg")
        .await;
    s.click("#politician-save").await;
    s.wait_for("#politician-dialog:not([open])").await;
    s.wait_for_text("#politician-status", "tillagd").await;
    s.wait_for_count("#politician-rows tr[data-id]", 1).await;
    let rows = s.text("#politician-rows").await;
    assert!(rows.contains(MARKUP_NAME), "{rows}");
    assert!(rows.contains("Kommunfullmäktige"), "{rows}");
    assert_eq!(s.count("#politician-rows b").await, 0);

    // A second, on a committee: the committee's name is typed in.
    s.click("#politician-add").await;
    s.wait_for("#politician-dialog[open]").await;
    assert_eq!(s.value("#politician-name").await, "");
    s.fill(&[
        ("#politician-name", "Anna Berg"),
        ("#politician-party", "Socialdemokraterna"),
    ])
    .await;
    s.click("#politician-seat-committee").await;
    s.fill(&[
        ("#politician-seat", "Barn- och utbildningsnämnden"),
        ("#politician-address", "https://anna.example.se"),
    ])
    .await;
    s.click("#politician-save").await;
    s.wait_for_count("#politician-rows tr[data-id]", 2).await;
    // Natural Swedish order by name: Anna before Kim.
    assert!(
        s.text("#politician-rows tr:first-child")
            .await
            .contains("Anna Berg")
    );

    // Edit Kim's party.
    let kim = "#politician-rows tr[data-id='1']";
    s.click(&format!("{kim} button:first-child")).await;
    s.wait_for("#politician-dialog[open]").await;
    assert_eq!(s.value("#politician-name").await, MARKUP_NAME);
    assert!(s.text("#politician-dialog-title").await.contains("Ändra"));
    s.replace("#politician-party", "Miljöpartiet").await;
    s.click("#politician-save").await;
    s.wait_for_text("#politician-status", "ändrad").await;
    s.wait_for_text(kim, "Miljöpartiet").await;

    // End Anna's: without a reason the choice says so; then "the politician asked".
    let anna = "#politician-rows tr[data-id='2']";
    s.click(&format!("{anna} .button-small-danger")).await;
    s.wait_for("#politician-end-dialog[open]").await;
    s.click("#politician-end-confirm").await;
    s.wait_for_text("#error-politician-end-reason", "anledning")
        .await;
    s.click("#politician-end-asked").await;
    s.click("#politician-end-confirm").await;
    s.wait_for("#politician-end-dialog:not([open])").await;
    s.wait_for_text("#politician-status", "avslutad").await;
    // The ended row stays, marked and after the active one.
    s.wait_for("#politician-rows tr.is-closed[data-id='2']")
        .await;
    let last = s.text("#politician-rows tr:last-child").await;
    assert!(
        last.contains("Anna Berg") && last.contains("Avslutad"),
        "{last}"
    );
    assert!(last.contains("Politikern har bett om det."), "{last}");
    assert_eq!(s.count(&format!("{anna} button")).await, 0);

    // Every change is in the event log, markup as text.
    s.wait_for_text("#event-rows", "avslutad").await;
    let log = s.text("#event-rows").await;
    let mut kinds = Vec::new();
    for cell in
        s.c.find_all(Locator::Css("#event-rows td:nth-child(2)"))
            .await
            .unwrap()
    {
        kinds.push(cell.text().await.unwrap());
    }
    assert_eq!(
        kinds.iter().filter(|k| *k == "Politikers blogg").count(),
        4,
        "two added, one edited, one ended: {log}"
    );
    assert!(log.contains(MARKUP_NAME), "{log}");
    assert_eq!(s.count("#event-rows b").await, 0);

    s.c.execute(
        "document.getElementById('politicians-section').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await
    .unwrap();
    save_png(&s, "politicians").await;

    // The public list: the active link under the disclaimer, not the ended one.
    s.click("#export-html").await;
    s.wait_for_text(
        "#export-status",
        "Sparat 0 aktiva kanaler och 1 politikers blogg i",
    )
    .await;
    let page = std::fs::read_to_string(&html).expect("the export was written");
    assert!(page.contains("Politikers bloggar"), "{page}");
    assert!(page.contains(DISCLAIMER), "{page}");
    assert!(
        page.contains("Kim &lt;b&gt;Fet&lt;/b&gt; Nilsson"),
        "{page}"
    );
    assert!(
        page.contains("href=\"https://kim.example.se/blogg\""),
        "{page}"
    );
    assert!(page.contains("Miljöpartiet"), "{page}");
    assert!(!page.contains("anna.example.se"), "ended link listed");
    assert!(!page.contains("Anna Berg"), "ended link listed");
    s.close().await;
}
