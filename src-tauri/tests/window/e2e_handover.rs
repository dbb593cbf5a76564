//! Issue 13 end to end in the real window, with two databases (two desks):
//! desk A (the unit head) fills in and sends the draft for approval; desk B (the
//! manager) opens the file through the file picker hook and through the command
//! line, sees the received draft, changes a field, signs with a drawn signature
//! and saves the PDF; desk A opens the signed PDF and sees it read-only and
//! signed; the registrar's `kanalansokan import` accepts it. Screenshots:
//! `tests/screenshots/received-draft.png` and `tests/screenshots/signed-on-desk-a.png`.

use std::path::Path;

use crate::e2e_signing::{draw_signature, fill_valid_form};
use crate::support::{self, Session};

fn shot(png: Vec<u8>, name: &str) {
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join(name), png).unwrap();
}

async fn scroll_top(s: &Session) {
    s.c.execute("document.scrollingElement.scrollTop = 0;", vec![])
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_head_sends_manager_signs_unit_head_gets_it_back_registrar_imports() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let sent = dir
        .path()
        .join("Ansokan-sociala-medier_Biblioteket_for-godkannande.pdf");
    let signed = dir.path().join("Ansokan-signerad.pdf");

    // Desk A: fill in, "Skicka till chef för godkännande…".
    let db_a = dir.path().join("enhet.sqlite");
    {
        let driver =
            support::Driver::start_with_env(&db_a, &[("KANALANSOKAN_SAVE_PATH", sent.as_os_str())]);
        let s = Session::open(&driver).await;
        fill_valid_form(&s).await;
        s.click("#send-for-approval").await;
        s.wait_for_text("#handover-message", "Skicka den till din chef")
            .await;
        s.wait_for_text("#app-list", "Skickad för godkännande")
            .await;
        s.close().await;
    }
    let draft = kanalansokan_core::pdf::extract_application(&std::fs::read(&sent).unwrap())
        .expect("the sent file is a Kanalansökan PDF");
    assert!(draft.seal.is_none());

    // Desk B, started with the file on its command line ("Öppna med").
    {
        let db_b2 = dir.path().join("chef-kommandorad.sqlite");
        let driver = support::Driver::start(&db_b2);
        let s = Session::open_with_args(
            "body[data-ready='true']",
            &driver,
            &[sent.to_str().unwrap()],
        )
        .await;
        s.wait_for_text("#handover-panel", "Mottagen").await;
        s.wait_for_text("#app-list", "for-godkannande.pdf").await;
        assert_eq!(s.value("#f-unit").await, draft.unit);
        s.close().await;
    }

    // Desk B: "Öppna ansökan från fil…", check, change, sign, save.
    let db_b = dir.path().join("chef.sqlite");
    {
        let driver = support::Driver::start_with_env(
            &db_b,
            &[
                ("KANALANSOKAN_OPEN_APPLICATION_PATH", sent.as_os_str()),
                ("KANALANSOKAN_SAVE_PATH", signed.as_os_str()),
            ],
        );
        let s = Session::open(&driver).await;
        s.click("#open-from-file").await;
        s.wait_for_text("#handover-panel", "Mottagen").await;
        assert!(
            s.text("#handover-message")
                .await
                .contains("har öppnats som ett utkast")
        );
        assert_eq!(s.value("#f-purpose").await, draft.purpose);
        // The same file again adds nothing.
        let listed = s.count("#app-list .app-item").await;
        s.click("#open-from-file").await;
        s.wait_for_text("#handover-message", "finns redan").await;
        assert_eq!(s.count("#app-list .app-item").await, listed);
        s.replace("#f-audience", "Alla invånare i Smedjebackens kommun.")
            .await;
        // Emptying the field showed its problem; typing a value takes it away at
        // once (not at the next click, where the page would move under the pointer).
        s.wait_for("#f-audience:not([aria-invalid])").await;
        s.wait_for(".changed-mark").await;
        assert_eq!(s.count(".changed-mark").await, 1);
        scroll_top(&s).await;
        shot(
            support::window_png(&s.c).await.unwrap(),
            "received-draft.png",
        );

        // Let the form settle (autosave, the field's problem cleared) before drawing.
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        s.click("#signature-kind-drawn").await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        draw_signature(&s).await;
        s.wait_for(".signature-pad[data-stroke-count='2']").await;
        s.click("#sign").await;
        s.wait_for("#signed-banner:not([hidden])").await;
        s.wait_for_text("#handover-panel", "kommunikatören").await;
        s.wait_for("#pdf-preview canvas.pdf-page[data-page='1']")
            .await;
        s.wait_for_text("#pdf-status", "Förhandsgranskning").await;
        s.click("#pdf-save").await;
        s.wait_for_text("#pdf-status", "sparad").await;
        s.close().await;
    }
    let back = kanalansokan_core::pdf::verify(&std::fs::read(&signed).unwrap())
        .expect("the manager's PDF is intact and signed");
    assert_eq!(back.id, draft.id);
    assert_eq!(back.audience, "Alla invånare i Smedjebackens kommun.");

    // Desk A: open the signed PDF; read-only, signed, the sent draft replaced.
    {
        let driver = support::Driver::start_with_env(
            &db_a,
            &[("KANALANSOKAN_OPEN_APPLICATION_PATH", signed.as_os_str())],
        );
        let s = Session::open(&driver).await;
        s.click("#open-from-file").await;
        s.wait_for("#signed-banner:not([hidden])").await;
        assert_eq!(s.text("#doc-kind").await, "Signerad");
        assert!(
            s.text("#handover-message")
                .await
                .contains("kan inte ändras")
        );
        assert_eq!(s.count("#app-list .app-item").await, 1);
        assert_eq!(
            s.value("#f-audience").await,
            "Alla invånare i Smedjebackens kommun."
        );
        scroll_top(&s).await;
        shot(
            support::window_png(&s.c).await.unwrap(),
            "signed-on-desk-a.png",
        );
        s.close().await;
    }

    // The registrar imports it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kanalansokan"))
        .arg("import")
        .arg(&signed)
        .arg("--db")
        .arg(dir.path().join("registrator.sqlite"))
        .output()
        .expect("kanalansokan import runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "import: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A file that is not an application, through the picker: a message naming it,
/// and the list as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_file_is_named_and_the_list_is_unchanged() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("semesterbild.png");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\nnot an application").unwrap();
    let driver = support::Driver::start_with_env(
        &dir.path().join("db.sqlite"),
        &[("KANALANSOKAN_OPEN_APPLICATION_PATH", bad.as_os_str())],
    );
    let s = Session::open(&driver).await;
    let before = s.count("#app-list .app-item").await;
    s.click("#open-from-file").await;
    s.wait_for_text("#handover-message", "semesterbild.png")
        .await;
    assert!(
        s.text("#handover-message")
            .await
            .contains("varken en PDF eller en ansökan i JSON-format")
    );
    assert_eq!(s.count("#app-list .app-item").await, before);
    s.close().await;
}
