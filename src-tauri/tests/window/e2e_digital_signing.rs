//! Issue 14 in the real window: the signing step offers the digital signature
//! beside the visible one; the certificate-file dialog is a real modal dialog
//! (focus inside, Escape closes it, the password is emptied, nothing is signed);
//! and a version signed without a key says "Inte elektroniskt signerad".
//! Screenshots: `tests/out/screenshots/digital-*.png`.

use crate::e2e_a11y::press;
use crate::e2e_signing::fill_valid_form;
use crate::support::{self, Session, screenshot};
use fantoccini::key::Key;

async fn script(s: &Session, js: &str) -> serde_json::Value {
    s.c.execute(js, vec![]).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_file_dialog_escape_signs_nothing_and_plain_signing_says_not_digital() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let p12 = dir.path().join("karin.p12");
    std::fs::write(&p12, b"not used before the password is given").unwrap();
    let driver =
        support::Driver::start_with_env(&db, &[("KANALANSOKAN_P12_PATH", p12.as_os_str())]);
    let s = Session::open(&driver).await;

    fill_valid_form(&s).await;
    s.click("#signature-kind-typed").await;
    s.wait_for("#signing-method").await;
    assert!(
        s.text("#signing-method")
            .await
            .contains("Signera med e-legitimation eller kort")
    );
    assert!(
        s.text("#signing-method")
            .await
            .contains("Signera med certifikatfil")
    );
    s.click("#signing-method-file").await;
    script(
        &s,
        "document.getElementById('signing-method').scrollIntoView({block: 'center'});",
    )
    .await;
    screenshot(&s.c, "digital-signing-choices").await;

    // "Signera" opens the certificate-file dialog, focus on "Välj fil…".
    s.click("#sign").await;
    s.wait_for("#p12-dialog[open]").await;
    assert_eq!(
        script(&s, "return document.activeElement.id;").await,
        "p12-choose"
    );
    s.click("#p12-choose").await;
    s.wait_for_text("#p12-file-name", "karin.p12").await;
    s.type_into("#p12-password", "hemligt").await;
    screenshot(&s.c, "digital-p12-dialog").await;

    // Escape closes it: the password is gone, nothing was signed.
    press(&s, Key::Escape).await;
    s.wait_for("#p12-dialog:not([open])").await;
    assert_eq!(s.value("#p12-password").await, "");
    assert_eq!(
        script(
            &s,
            "return document.getElementById('signed-banner').hidden;"
        )
        .await,
        true
    );
    assert_eq!(s.text("#doc-kind").await, "Utkast");

    // Signed without a key: the signed view says it is not digitally signed.
    s.click("#signing-method-none").await;
    s.click("#sign").await;
    s.wait_for("#signed-banner:not([hidden])").await;
    s.wait_for_text("#digital-signature-status", "Inte elektroniskt signerad")
        .await;
    assert!(
        !s.c.find(fantoccini::Locator::Css("#signing-method"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap(),
        "the choice is gone once signed"
    );
    script(&s, "document.scrollingElement.scrollTop = 0;").await;
    screenshot(&s.c, "digital-signed-view-not-digital").await;
    s.close().await;
}

/// In the certificate-file dialog (open or opening): "Välj fil…" picks
/// `karin.p12`, and a wrong password is said in the dialog, which stays open with
/// the field emptied; the screenshot `shot` shows it. The caller types the right one.
pub(crate) async fn choose_karin_p12_and_try_a_wrong_password(s: &Session, shot: &str) {
    s.wait_for("#p12-dialog[open]").await;
    s.click("#p12-choose").await;
    s.wait_for_text("#p12-file-name", "karin.p12").await;
    s.type_into("#p12-password", "fel").await;
    s.click("#p12-sign").await;
    s.wait_for_text("#p12-error", "ösenord").await;
    assert_eq!(s.value("#p12-password").await, "");
    s.wait_for("#p12-dialog[open]").await;
    screenshot(&s.c, shot).await;
}

/// Sign with a certificate file in the real window: a wrong password is said
/// clearly and keeps the dialog open; the right one signs; the signed view names
/// the signer; "Spara PDF…" writes exactly the stored signed bytes, which pdfsig
/// (poppler) reports valid and covering the whole document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_with_a_certificate_file_save_and_check_with_pdfsig() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let p12_path = dir.path().join("karin.p12");
    let (p12, _ca) = crate::test_keys::mint_p12("Karin Ålund", "Rätt lösenord 1");
    std::fs::write(&p12_path, p12).unwrap();
    let pdf_path = dir.path().join("signerad.pdf");
    let driver = support::Driver::start_with_env(
        &db,
        &[
            ("KANALANSOKAN_P12_PATH", p12_path.as_os_str()),
            ("KANALANSOKAN_SAVE_PATH", pdf_path.as_os_str()),
        ],
    );
    let s = Session::open(&driver).await;
    fill_valid_form(&s).await;
    s.click("#signature-kind-typed").await;
    s.click("#signing-method-file").await;
    s.click("#sign").await;
    choose_karin_p12_and_try_a_wrong_password(&s, "digital-p12-wrong-password").await;
    s.type_into("#p12-password", "Rätt lösenord 1").await;
    s.click("#p12-sign").await;
    s.wait_for("#signed-banner:not([hidden])").await;
    s.wait_for_text(
        "#digital-signature-status",
        "Elektroniskt signerad av Karin Ålund",
    )
    .await;
    s.wait_for("#pdf-preview canvas.pdf-page[data-page='1']")
        .await;
    script(&s, "document.scrollingElement.scrollTop = 0;").await;
    screenshot(&s.c, "digital-signed-view").await;

    s.click("#pdf-save").await;
    s.wait_for_text("#pdf-status", "sparad").await;
    let saved = std::fs::read(&pdf_path).unwrap();
    crate::fixtures::assert_pdfsig_valid(&pdf_path, "Karin Ålund");
    s.close().await;

    let store = kanalansokan_core::storage::Store::open(&db).unwrap();
    let summary = store.list().unwrap().remove(0);
    let stored = store
        .signed_pdf(&summary.id, summary.version)
        .unwrap()
        .expect("the signed PDF is stored");
    assert_eq!(saved, stored, "the saved file is the stored signed PDF");
}
