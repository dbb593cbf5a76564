//! Issue 16, the rest of the notice in the real window (see e2e.rs for the
//! set-up): the manager signs a notice with the drawn signature and another
//! digitally with a certificate file (the application's dialog), `pdfsig` says the
//! saved file's signature is valid, and the registrar's import closes both
//! channels; a unit reports a channel opened before the app, typed in ("Anmäl att
//! en kanal avslutas…"), its problems beside the fields, and the import finds it
//! in the register by its address, or says "Kanalen finns inte i registret".
//!
//! Screenshots: `tests/out/screenshots/notice-*.png`.

use std::path::{Path, PathBuf};

use fantoccini::Locator;

use crate::e2e_signing::{SignaturePadCss, draw_signature_on};
use crate::fixtures::{application, assert_pdfsig_valid, sign, typed, write_pdf};
use crate::support::{self, Session, screenshot};

const NOTICE_PAD: SignaturePadCss = SignaturePadCss {
    kind: "#notice-signature-kind-drawn",
    canvas: "#notice-signature-pad canvas",
    clear: "#notice-signature-pad .signature-pad-buttons button:last-child",
};

fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

async fn script(s: &Session, js: &str) -> serde_json::Value {
    s.c.execute(js, vec![]).await.unwrap()
}

/// Scrolls the notice dialog so that `css` is in view (for a screenshot).
async fn scroll_to(s: &Session, css: &str) {
    s.c.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
        vec![serde_json::json!(css)],
    )
    .await
    .unwrap();
}

/// Last day, reason and the manager's name: what the dialog asks beyond the draft.
async fn fill_notice(s: &Session, reason: &str) {
    let today = today();
    s.fill(&[
        ("#notice-last-day", today.as_str()),
        ("#notice-reason", reason),
        ("#notice-approval-name", "Karin Ålund"),
    ])
    .await;
}

/// A notice typed in has no reporter yet; the manager signs with the name typed.
async fn fill_reporter_and_signature(s: &Session) {
    s.fill(&[
        ("#notice-reporter-name", "Åsa Öberg"),
        ("#notice-reporter-phone", "0240-66 00 00"),
        ("#notice-reporter-email", "asa.oberg@smedjebacken.se"),
        ("#notice-signature", "Karin Ålund"),
    ])
    .await;
}

/// The unit's desk with its one signed application: opens it and its "Anmäl att
/// kanalen avslutas…" dialog.
pub(crate) async fn open_notice_for_the_signed_application(s: &Session) {
    s.wait_for_count("#app-list .app-item", 1).await;
    s.click("#app-list .app-item .app-open").await;
    s.wait_for("#report-closure").await;
    s.click("#report-closure").await;
    s.wait_for("#notice-dialog[open]").await;
}

/// Moves the file the save hook wrote into the registrar's inbox as `name`.
fn deliver(saved: &Path, inbox: &Path, name: &str) -> Vec<u8> {
    let bytes = std::fs::read(saved).unwrap();
    std::fs::rename(saved, inbox.join(name)).unwrap();
    bytes
}

/// The unit's desk: a temp folder with the registrar's inbox holding the signed
/// application's PDF, the save hook's file and the database; the application in
/// "Mina ansökningar" when `stored`, and `ca` trusted by the register if given.
struct Desk {
    dir: tempfile::TempDir,
    inbox: PathBuf,
    saved: PathBuf,
    db: PathBuf,
}

fn desk(stored: bool, ca: Option<&[u8]>) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("Inkomna");
    std::fs::create_dir(&inbox).unwrap();
    let app = sign(application(1, "Biblioteket"), typed());
    write_pdf(&inbox, "1 ansokan.pdf", &app);
    let saved = dir.path().join("sparad.pdf");
    let db = dir.path().join("kanalansokan.sqlite");
    if stored {
        kanalansokan_core::storage::Store::open(&db)
            .unwrap()
            .store_signed(&app)
            .unwrap();
    }
    if let Some(ca) = ca {
        // The registrar trusts the manager's CA (as under "Betrodda utfärdare").
        kanalansokan_core::register::add_trusted_issuer(
            &rusqlite::Connection::open(&db).unwrap(),
            ca,
            chrono::Utc::now(),
        )
        .unwrap();
    }
    Desk {
        dir,
        inbox,
        saved,
        db,
    }
}

/// The registrar imports the inbox folder; returns the verdicts' text once there
/// are `files` rows.
async fn import_inbox(s: &Session, files: usize) -> String {
    s.click("#tab-register").await;
    s.wait_for("#view-register:not([hidden])").await;
    s.click("#import-folder").await;
    s.wait_for_text("#import-summary", "Importen är klar").await;
    s.wait_for_count("#verdict-rows tr", files).await;
    s.text("#verdict-rows").await
}

/// The register's row for the channel at `address` says "Avslutad".
async fn assert_closed(s: &Session, address: &str) {
    let rows = channel_rows(s).await;
    let row = rows
        .iter()
        .find(|r| r.contains(address))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert!(row.contains("Avslutad"), "{row}");
}

async fn channel_rows(s: &Session) -> Vec<String> {
    let mut out = Vec::new();
    for row in
        s.c.find_all(Locator::Css("#reg-channel-rows tr"))
            .await
            .unwrap()
    {
        out.push(row.text().await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_signed_drawn_and_with_a_certificate_file_close_their_channels() {
    let _serial = support::serial().await;
    let (p12, ca) = crate::test_keys::mint_p12("Karin Ålund", "Rätt lösenord 1");
    let Desk {
        dir,
        inbox,
        saved,
        db,
    } = desk(true, Some(&ca));
    let p12_path = dir.path().join("karin.p12");
    std::fs::write(&p12_path, p12).unwrap();
    let driver = support::Driver::start_with_env(
        &db,
        &[
            ("KANALANSOKAN_OPEN_PATHS", inbox.as_os_str()),
            ("KANALANSOKAN_SAVE_PATH", saved.as_os_str()),
            ("KANALANSOKAN_P12_PATH", p12_path.as_os_str()),
        ],
    );
    let s = Session::open(&driver).await;
    // 1. Facebook, signed with the drawn signature.
    open_notice_for_the_signed_application(&s).await;
    s.click("#notice-channel-1").await; // Instagram stays open for now
    fill_notice(&s, "Biblioteket samlar sin information på webbplatsen.").await;
    s.click("#notice-signature-kind-drawn").await;
    // Nothing drawn yet: said beside the signature, nothing written.
    s.click("#notice-save").await;
    s.wait_for_text("#notice-errors", "Underskrift").await;
    s.wait_for("#notice-approval-signature .field-error").await;
    assert!(!saved.exists());
    draw_signature_on(&s, &NOTICE_PAD).await;
    s.wait_for("#notice-signature-pad .signature-pad[data-stroke-count='2']")
        .await;
    scroll_to(&s, "#notice-approval-signature").await;
    screenshot(&s.c, "notice-drawn").await;
    s.click("#notice-save").await;
    s.wait_for_text("#pdf-status", "Anmälan om avslutad kanal sparad")
        .await;
    let drawn = deliver(&saved, &inbox, "2 avslut ritad.pdf");
    let notice = kanalansokan_core::pdf::notice::verify(&drawn).unwrap();
    assert!(matches!(
        notice.approval.signature,
        Some(kanalansokan_core::model::Signature::Drawn { ref strokes, .. }) if strokes.len() == 2
    ));

    // 2. Instagram, signed digitally with the certificate file.
    s.click("#report-closure").await;
    s.wait_for("#notice-dialog[open]").await;
    s.click("#notice-channel-0").await; // Facebook is reported already
    fill_notice(&s, "Kontot används inte längre.").await;
    s.type_into("#notice-signature", "Karin Ålund").await;
    s.click("#notice-signing-method-file").await;
    scroll_to(&s, "#notice-signing-method").await;
    screenshot(&s.c, "notice-digital-choice").await;
    s.click("#notice-save").await;
    crate::e2e_digital_signing::choose_karin_p12_and_try_a_wrong_password(
        &s,
        "notice-p12-wrong-password",
    )
    .await;
    assert!(!saved.exists(), "nothing signed, nothing written");
    // Signed, but the first save fails (a folder where the file should go): the
    // dialog stays open with the signature, and Avbryt first warns that closing
    // drops it; saving again then works without signing again.
    std::fs::create_dir(&saved).unwrap();
    s.type_into("#p12-password", "Rätt lösenord 1").await;
    s.click("#p12-sign").await;
    s.wait_for_text(
        "#notice-signed-status",
        "elektroniskt signerad av Karin Ålund",
    )
    .await;
    s.wait_for("#notice-errors li").await;
    s.click("#notice-cancel").await;
    s.wait_for_text("#notice-signed-status", "inte sparad")
        .await;
    s.wait_for("#notice-dialog[open]").await;
    assert_eq!(s.text("#notice-save").await, "Spara PDF…");
    scroll_to(&s, "#notice-signed-status").await;
    screenshot(&s.c, "notice-unsaved-warning").await;
    std::fs::remove_dir(&saved).unwrap();
    s.click("#notice-save").await;
    // The status still says the first notice was saved: the dialog closes once
    // this one is signed and saved.
    s.wait_for("#notice-dialog:not([open])").await;
    let signed = deliver(&saved, &inbox, "3 avslut signerad.pdf");
    assert_pdfsig_valid(&inbox.join("3 avslut signerad.pdf"), "Karin Ålund");
    let notice = kanalansokan_core::pdf::notice::verify(&signed).unwrap();
    assert_eq!(notice.channels.len(), 1);
    assert_eq!(notice.channels[0].platform, "instagram");

    // The registrar imports the folder: both channels closed.
    let verdicts = import_inbox(&s, 3).await;
    assert_eq!(verdicts.matches("Kanal avslutad").count(), 2, "{verdicts}");
    assert!(verdicts.contains("Karin Ålund"), "{verdicts}");
    assert_closed(&s, "facebook.com").await;
    assert_closed(&s, "instagram.com").await;
    screenshot(&s.c, "notice-signed-imported").await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_typed_in_is_reported_and_found_in_the_register_by_its_address() {
    let _serial = support::serial().await;
    // The register knows the library's channels (imported at the registrar's
    // desk); this unit's "Mina ansökningar" has none of them.
    let Desk {
        dir: _dir,
        inbox,
        saved,
        db,
    } = desk(false, None);
    let driver = support::Driver::start_with_env(
        &db,
        &[
            ("KANALANSOKAN_OPEN_PATHS", inbox.as_os_str()),
            ("KANALANSOKAN_SAVE_PATH", saved.as_os_str()),
        ],
    );
    let s = Session::open(&driver).await;
    s.wait_for("#report-typed-closure").await;
    s.click("#report-typed-closure").await;
    s.wait_for("#notice-dialog[open]").await;
    assert_eq!(
        s.text("#notice-dialog-title").await,
        "Anmäl att en kanal avslutas"
    );

    // Saved with a bad address and "Annat" without its name: each message beside
    // its field, nothing written.
    s.type_into("#notice-unit", "Biblioteket").await;
    s.select("#notice-channels-0-platform", "facebook").await;
    s.type_into("#notice-channels-0-address", "facebook.com/biblioteket")
        .await;
    s.click("#notice-add-channel").await;
    s.select("#notice-channels-1-platform", "annat").await;
    s.type_into(
        "#notice-channels-1-address",
        "https://mastodon.nu/@smedjebackensbibliotek",
    )
    .await;
    s.click("#notice-save").await;
    s.wait_for("#notice-channels-0-address[aria-invalid='true']")
        .await;
    s.wait_for("#notice-channels-1-platform_name[aria-invalid='true']")
        .await;
    let beside = script(
        &s,
        "return document.getElementById('notice-channels-0-address').previousElementSibling.textContent;",
    )
    .await;
    assert!(
        beside.as_str().unwrap().contains("https"),
        "the address's message is beside it: {beside}"
    );
    assert!(s.text("#notice-errors").await.contains("Sista dag"));
    assert!(!saved.exists());
    scroll_to(&s, "#notice-channels").await;
    screenshot(&s.c, "notice-typed-in-errors").await;

    // Corrected: Facebook's address as in the register; Mastodon named, then
    // left for a notice of its own ("Ta bort").
    s.replace(
        "#notice-channels-0-address",
        "https://www.facebook.com/smedjebackensbibliotek",
    )
    .await;
    s.type_into("#notice-channels-1-platform_name", "Mastodon")
        .await;
    scroll_to(&s, "#notice-channels").await;
    screenshot(&s.c, "notice-typed-in").await;
    s.click("#notice-channels-1 button").await;
    s.wait_for_count("#notice-channel-list .notice-typed-channel", 1)
        .await;
    fill_notice(&s, "Biblioteket samlar sin information på webbplatsen.").await;
    fill_reporter_and_signature(&s).await;
    s.click("#notice-save").await;
    s.wait_for_text("#handover-message", "Anmälan om avslutad kanal sparad")
        .await;
    let bytes = deliver(&saved, &inbox, "2 avslut.pdf");
    let notice = kanalansokan_core::pdf::notice::verify(&bytes).unwrap();
    assert_eq!(notice.channels.len(), 1);
    assert!(notice.channels[0].application.is_none());
    assert_eq!(notice.unit, "Biblioteket");

    // The registrar: the application, then the notice, found by its address.
    let verdicts = import_inbox(&s, 2).await;
    assert!(verdicts.contains("Kanal avslutad"), "{verdicts}");
    assert_closed(&s, "facebook.com").await;

    // A notice for a channel the register does not have (Mastodon, "Annat").
    s.click("#tab-application").await;
    s.click("#report-typed-closure").await;
    s.wait_for("#notice-dialog[open]").await;
    s.type_into("#notice-unit", "Biblioteket").await;
    s.select("#notice-channels-0-platform", "annat").await;
    s.type_into("#notice-channels-0-platform_name", "Mastodon")
        .await;
    s.type_into(
        "#notice-channels-0-address",
        "https://mastodon.nu/@smedjebackensbibliotek",
    )
    .await;
    fill_notice(&s, "Kanalen används inte.").await;
    fill_reporter_and_signature(&s).await;
    s.click("#notice-save").await;
    s.wait_for("#notice-dialog:not([open])").await;
    deliver(&saved, &inbox, "3 avslut okand.pdf");
    s.click("#tab-register").await;
    s.click("#import-folder").await;
    s.wait_for_text("#verdict-rows", "Kanalen finns inte i registret")
        .await;
    let verdicts = s.text("#verdict-rows").await;
    assert!(verdicts.contains("Mastodon"), "{verdicts}");
    screenshot(&s.c, "notice-typed-in-imported").await;
    s.close().await;
}

/// The notice signed with a real PKCS#11 token (SoftHSM2, `softhsm.rs`), the
/// application's card dialog: a wrong PIN is said beside the PIN and signs
/// nothing; the right one signs, `pdfsig` says valid, the import closes the channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_signed_with_a_token_closes_its_channel() {
    use crate::softhsm::{self, PIN};
    let ca = crate::test_keys::TestCa::mint();
    let Some(token) = softhsm::token_with_keys(&ca) else {
        return;
    };
    let _serial = support::serial().await;
    let Desk {
        dir: _dir,
        inbox,
        saved,
        db,
    } = desk(true, Some(ca.cert_pem.as_bytes()));
    let mut env = token.env();
    env.push(("KANALANSOKAN_OPEN_PATHS", inbox.clone().into_os_string()));
    env.push(("KANALANSOKAN_SAVE_PATH", saved.clone().into_os_string()));
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    let driver = support::Driver::start_with_env(&db, &env);
    let s = Session::open(&driver).await;
    open_notice_for_the_signed_application(&s).await;
    s.click("#notice-channel-1").await; // Instagram stays open
    fill_notice(&s, "Biblioteket samlar sin information på webbplatsen.").await;
    s.type_into("#notice-signature", "Karin Ålund").await;
    s.click("#notice-signing-method-token").await;
    assert_eq!(s.text("#notice-save").await, "Signera och spara PDF…");
    s.click("#notice-save").await;
    s.wait_for("#token-dialog[open]").await;
    s.wait_for_text("#token-certificate-status", "2 certifikat på kortet")
        .await;
    s.type_into("#token-pin", "947160").await;
    s.click("#token-sign").await;
    s.wait_for_text("#token-pin-error", "Fel PIN-kod").await;
    screenshot(&s.c, "notice-token-wrong-pin").await;
    assert!(!saved.exists(), "nothing signed, nothing written");
    s.type_into("#token-pin", PIN).await;
    s.click("#token-sign").await;
    s.wait_for_text("#pdf-status", "Anmälan om avslutad kanal sparad")
        .await;
    deliver(&saved, &inbox, "2 avslut kort.pdf");
    assert_pdfsig_valid(&inbox.join("2 avslut kort.pdf"), "Karin Ålund");

    let verdicts = import_inbox(&s, 2).await;
    assert!(verdicts.contains("Kanal avslutad"), "{verdicts}");
    assert!(verdicts.contains("Karin Ålund"), "{verdicts}");
    assert_closed(&s, "facebook.com").await;
    s.close().await;
}
