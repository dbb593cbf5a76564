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
