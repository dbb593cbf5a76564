//! Issue 14 end to end in the real window with a real PKCS#11 token (SoftHSM2,
//! see `softhsm.rs`): the manager signs with "Signera med e-legitimation eller
//! kort" (certificate from the token's list, PIN in the dialog; a wrong PIN and an
//! expired certificate are said beside their controls, nothing is signed), saves
//! the PDF, which `pdfsig` (poppler) reports valid; the registrar adds the test CA
//! under "Betrodda utfärdare", imports the PDF and sees the signer in the detail
//! view. The PIN never reaches the app's log or database.
//!
//! Screenshots in `tests/screenshots/`: `token-certificate-list.png`,
//! `token-expired-certificate.png`, `token-pin-dialog.png`, `token-wrong-pin.png`, `token-signed.png`,
//! `trust-issuers.png`, `register-detail-signer.png`.

use std::ffi::OsStr;
use std::path::Path;

use crate::e2e_signing::fill_valid_form;
use crate::softhsm::{self, PIN};
use crate::support::{self, Session};
use crate::test_keys::TestCa;

/// A PIN that is not the token's; as distinctive as [`PIN`] for the log check.
const WRONG_PIN: &str = "947160";

async fn script(s: &Session, js: &str) -> serde_json::Value {
    s.c.execute(js, vec![]).await.unwrap()
}

/// Saves a PNG of the window as `tests/screenshots/<name>.png` (committed, looked at).
async fn shot(s: &Session, name: &str) {
    support::screenshot(&s.c, name).await;
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/out/screenshots")
        .join(format!("{name}.png"));
    let to = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/screenshots");
    std::fs::create_dir_all(&to).unwrap();
    std::fs::copy(from, to.join(format!("{name}.png"))).unwrap();
}

fn env_of<'a>(pairs: &'a [(&'static str, std::ffi::OsString)]) -> Vec<(&'static str, &'a OsStr)> {
    pairs.iter().map(|(k, v)| (*k, v.as_os_str())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_with_a_softhsm_token_save_import_and_see_the_signer() {
    let ca = TestCa::mint();
    let Some(token) = softhsm::token_with_keys(&ca) else {
        return;
    };
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let pdf_path = dir.path().join("signerad med kort.pdf");
    let ca_path = dir.path().join("testkommunens-ca.pem");
    std::fs::write(&ca_path, &ca.cert_pem).unwrap();

    // The manager's desk, whose register view the registrar also uses here.
    let mut env = token.env();
    env.push(("KANALANSOKAN_SAVE_PATH", pdf_path.clone().into_os_string()));
    env.push(("KANALANSOKAN_OPEN_PATHS", ca_path.clone().into_os_string()));
    let driver = support::Driver::start_with_env(&db, &env_of(&env));
    let s = Session::open(&driver).await;
    fill_valid_form(&s).await;
    s.click("#signature-kind-typed").await;
    s.click("#signing-method-token").await;
    s.click("#sign").await;
    s.wait_for("#token-dialog[open]").await;

    // The token's certificates: the valid one chosen, the expired one listed as such.
    s.wait_for_text("#token-certificate-status", "2 certifikat på kortet")
        .await;
    assert_eq!(
        s.value("#token-module").await,
        token.module.display().to_string()
    );
    let options = s.text("#token-certificate").await;
    assert!(
        options.contains("Karin Ålund – giltigt till 2035-01-01"),
        "{options}"
    );
    assert!(
        options.contains("Karin Ålund – gick ut 2022-01-01"),
        "{options}"
    );
    assert_eq!(
        s.value("#token-certificate").await,
        r#"["Kanalansokan test","01"]"#
    );
    assert_eq!(
        script(&s, "return document.activeElement.id;").await,
        "token-pin",
        "focus on the PIN"
    );
    shot(&s, "token-certificate-list").await;

    // The expired certificate: said beside the list; signing it is refused before
    // the PIN is used.
    s.select("#token-certificate", r#"["Kanalansokan test","02"]"#)
        .await;
    s.wait_for_text(
        "#token-certificate-error",
        "Certifikatet gick ut 2022-01-01",
    )
    .await;
    shot(&s, "token-expired-certificate").await;
    s.type_into("#token-pin", PIN).await;
    s.click("#token-sign").await;
    s.wait_for_text(
        "#token-certificate-error",
        "kan inte användas för att signera",
    )
    .await;
    s.wait_for("#token-dialog[open]").await;
    assert_eq!(s.text("#doc-kind").await, "Utkast");

    // A wrong PIN: said beside the PIN field, which is emptied; still a draft.
    s.select("#token-certificate", r#"["Kanalansokan test","01"]"#)
        .await;
    s.wait_for("#token-certificate:not([aria-invalid])").await;
    s.replace("#token-pin", WRONG_PIN).await;
    shot(&s, "token-pin-dialog").await;
    s.click("#token-sign").await;
    // SoftHSM2 keeps no retry counter (no CKF_USER_PIN_COUNT_LOW / FINAL_TRY), so the
    // message has no count; a card that says how many tries are left gets them told
    // (core: pades::error, "Du har N försök kvar").
    s.wait_for_text(
        "#token-pin-error",
        "Fel PIN-kod. Kontrollera koden och försök igen.",
    )
    .await;
    assert_eq!(s.value("#token-pin").await, "");
    assert_eq!(
        script(
            &s,
            "return document.getElementById('token-pin').getAttribute('aria-invalid');"
        )
        .await,
        "true"
    );
    assert_eq!(s.text("#token-error").await, "", "nothing under the fields");
    s.wait_for("#token-dialog[open]").await;
    assert_eq!(s.text("#doc-kind").await, "Utkast");
    shot(&s, "token-wrong-pin").await;

    // The right PIN signs; the window says who signed, and with whose certificate.
    s.type_into("#token-pin", PIN).await;
    s.click("#token-sign").await;
    s.wait_for("#signed-banner:not([hidden])").await;
    s.wait_for_text(
        "#digital-signature-status",
        "Elektroniskt signerad av Karin Ålund",
    )
    .await;
    let line = s.text("#digital-signature-status").await;
    assert!(
        line.contains("med ett certifikat från Testkommunens CA (Smedjebackens kommun)."),
        "{line}"
    );
    assert!(!line.contains("CN="), "no raw distinguished name: {line}");
    assert_eq!(s.value("#token-pin").await, "", "the PIN field is emptied");
    s.wait_for("#pdf-preview canvas.pdf-page[data-page='1']")
        .await;
    script(&s, "document.scrollingElement.scrollTop = 0;").await;
    shot(&s, "token-signed").await;

    // "Spara PDF…": pdfsig finds a valid signature by Karin Ålund over the whole file.
    s.click("#pdf-save").await;
    s.wait_for_text("#pdf-status", "sparad").await;
    let out = std::process::Command::new("pdfsig")
        .arg(&pdf_path)
        .output()
        .expect("pdfsig (poppler-utils) must be installed");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("Signature Validation: Signature is Valid."),
        "{report}"
    );
    assert!(
        report.contains("Signer Certificate Common Name: Karin Ålund"),
        "{report}"
    );
    assert!(report.contains("Total document signed"), "{report}");

    // The registrar's side: "Betrodda utfärdare" gets the test CA.
    s.click("#tab-register").await;
    s.wait_for("#view-register:not([hidden])").await;
    s.wait_for_text("#trust-issuer-rows", "Inga betrodda utfärdare")
        .await;
    s.click("#trust-add-issuer").await;
    s.wait_for_text("#trust-status", "Utfärdaren har lagts till.")
        .await;
    let issuers = s.text("#trust-issuer-rows").await;
    assert!(issuers.contains("Testkommunens CA"), "{issuers}");
    assert!(
        !issuers.contains("CN="),
        "no raw distinguished name: {issuers}"
    );
    assert_eq!(
        script(
            &s,
            "return document.getElementById('trust-policy-accept').checked;"
        )
        .await,
        true,
        "unsigned applications are imported, marked, until the registrar refuses them"
    );
    script(
        &s,
        "document.getElementById('trust-section').scrollIntoView({block: 'start'});",
    )
    .await;
    shot(&s, "trust-issuers").await;
    s.close().await;

    // Neither PIN is in the app's log, which did record the failed attempt (nor
    // in its database).
    let logs = softhsm::app_logs(driver.home.path());
    assert!(logs.contains("WrongPin"), "the log has the failure: {logs}");
    for pin in [PIN, WRONG_PIN] {
        assert!(!logs.contains(pin), "the PIN {pin} is in the log: {logs}");
    }
    check_no_pin_in(&db);
    drop(driver);

    // Import the saved PDF; the detail view names the signer, verified.
    let driver =
        support::Driver::start_with_env(&db, &[("KANALANSOKAN_OPEN_PATHS", pdf_path.as_os_str())]);
    let s = Session::open(&driver).await;
    s.click("#tab-register").await;
    s.wait_for("#view-register:not([hidden])").await;
    s.click("#import-files").await;
    s.wait_for_text("#import-summary", "Importen är klar").await;
    let verdicts = s.text("#verdict-rows").await;
    assert_eq!(
        s.count("#verdict-rows .badge-imported").await,
        1,
        "{verdicts}"
    );
    s.wait_for_count("#reg-channel-rows tr", 1).await;
    s.click("#reg-channel-rows tr:first-child button").await;
    s.wait_for("#register-detail:not([hidden])").await;
    s.wait_for_text("#detail-signature", "Elektroniskt signerad av Karin Ålund")
        .await;
    let block = s.text("#detail-signature").await;
    let fields = script(
        &s,
        "return [...document.querySelectorAll('#detail-signature dt')]\
         .map((dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent);",
    )
    .await;
    let fields: Vec<String> = serde_json::from_value(fields).unwrap();
    for want in [
        "Signerad av: Karin Ålund",
        "Certifikatets innehavare: Karin Ålund (Smedjebackens kommun)",
        "Utfärdare: Testkommunens CA (Smedjebackens kommun)",
        "Resultat vid importen: Verifierad",
    ] {
        assert!(fields.iter().any(|f| f == want), "{want} in {fields:?}");
    }
    assert!(!block.contains("CN="), "no raw distinguished name: {block}");
    script(
        &s,
        "document.getElementById('detail-signature').scrollIntoView({block: 'center'});",
    )
    .await;
    shot(&s, "register-detail-signer").await;
    s.close().await;
}

fn check_no_pin_in(db: &Path) {
    let bytes = std::fs::read(db).unwrap();
    for pin in [PIN, WRONG_PIN] {
        assert!(
            !bytes.windows(pin.len()).any(|w| w == pin.as_bytes()),
            "the PIN {pin} is in the database"
        );
    }
}
