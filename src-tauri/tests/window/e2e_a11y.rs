//! Accessibility in the real window (issue 5; EN 301 549 / WCAG 2.1 AA):
//!
//! - axe-core (npm, `KANALANSOKAN_AXE` names its `axe.min.js`; `.ci/test.sh`
//!   installs it) runs in every view and state: empty form, form with errors,
//!   signed form, "Om", register (empty, with import verdicts), an application's
//!   detail and the "Avsluta kanal" dialog. Any serious or critical violation fails.
//! - The whole flow with the keyboard alone: every control is reached with Tab
//!   (never clicked), used with Enter, Space or typing, and shows a visible focus.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use fantoccini::key::Key;
use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::{pdf, seal};
use serde_json::Value;

use crate::support::{self, Session, screenshot};

/// The axe-core source, or a clear failure: under CI a missing axe is an error.
fn axe_source() -> Option<String> {
    match std::env::var_os("KANALANSOKAN_AXE") {
        Some(p) => Some(std::fs::read_to_string(&p).expect("KANALANSOKAN_AXE names axe.min.js")),
        None if std::env::var_os("CI").is_some() => {
            panic!("KANALANSOKAN_AXE is not set: run the tests with .ci/test.sh")
        }
        None => {
            eprintln!("KANALANSOKAN_AXE not set: accessibility check skipped (run .ci/test.sh)");
            None
        }
    }
}

/// Runs axe in the page and fails on serious or critical violations.
async fn check(s: &Session, axe: &Option<String>, state: &str) {
    let Some(source) = axe else { return };
    // Injected over WebDriver (not as a <script>, which the CSP would refuse).
    s.c.execute(
        &format!("if (!window.axe) {{ {source}\n; }} return true;"),
        vec![],
    )
    .await
    .expect("axe injects");
    let result = s
        .c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))))
               .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
            vec![],
        )
        .await
        .expect("axe runs");
    let violations = result.as_array().cloned().unwrap_or_default();
    let serious: Vec<&Value> = violations
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    for v in &violations {
        eprintln!(
            "axe [{state}] {} ({}): {} {}",
            v["id"], v["impact"], v["help"], v["nodes"]
        );
    }
    assert!(serious.is_empty(), "axe, {state}: {serious:#?}");
}

/// Presses Tab (Shift+Tab when `back`) until the focused element matches `css`;
/// fails if it is not reached: the control cannot be used with the keyboard.
async fn tab_to(s: &Session, css: &str) {
    for _ in 0..120 {
        let here: bool =
            s.c.execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![Value::String(css.into())],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false);
        if here {
            assert_focus_visible(s, css).await;
            return;
        }
        press(s, Key::Tab).await;
    }
    panic!("{css} cannot be reached with Tab");
}

/// The focused element shows a focus ring (outline or box-shadow).
async fn assert_focus_visible(s: &Session, css: &str) {
    let style =
        s.c.execute(
            "const cs = getComputedStyle(document.activeElement);
             return [cs.outlineStyle, cs.outlineWidth, cs.boxShadow].join(' | ');",
            vec![],
        )
        .await
        .unwrap();
    let style = style.as_str().unwrap_or_default().to_string();
    assert!(
        !style.starts_with("none") || !style.ends_with("none"),
        "{css} has no visible focus: {style}"
    );
}

async fn press(s: &Session, key: Key) {
    let k: char = key.into();
    s.c.active_element()
        .await
        .unwrap()
        .send_keys(&k.to_string())
        .await
        .unwrap();
}

async fn keys(s: &Session, text: &str) {
    s.c.active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn focused_id(s: &Session) -> String {
    s.c.execute("return document.activeElement.id;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn signed_pdf(dir: &Path) {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.id = "8b3c4d5e-0000-4000-8000-000000000001".into();
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    let app = seal::sign(&app, Utc::now()).unwrap();
    std::fs::write(dir.join("ansokan.pdf"), pdf::render(&app).unwrap()).unwrap();
    std::fs::write(dir.join("trasig.pdf"), b"inte en pdf").unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_flow_with_the_keyboard_and_axe_in_every_view() {
    let _serial = support::serial().await;
    let axe = axe_source();
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inkorg");
    std::fs::create_dir(&inbox).unwrap();
    signed_pdf(&inbox);
    let html = dir.path().join("lista.html");
    let driver = support::Driver::start_with_env(
        &dir.path().join("kanalansokan.sqlite"),
        &[
            ("KANALANSOKAN_OPEN_PATHS", inbox.as_os_str()),
            ("KANALANSOKAN_SAVE_PATH", html.as_os_str()),
        ],
    );
    let s = Session::open(&driver).await;
    check(&s, &axe, "empty form").await;

    // "Kontrollera" with Enter: the error summary takes focus.
    tab_to(&s, "#check").await;
    press(&s, Key::Enter).await;
    s.wait_for("#error-summary:not([hidden])").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(focused_id(&s).await, "error-summary");
    check(&s, &axe, "form with errors").await;
    screenshot(&s.c, "keyboard-errors").await;

    // Fill the form from the first field, with Tab and typing only.
    tab_to(&s, "#f-unit").await;
    keys(&s, "Kultur- och fritidsförvaltningen / Biblioteket").await;
    tab_to(&s, "#f-channels-0-platform").await;
    // A <select>: the first letter picks "Facebook".
    keys(&s, "F").await;
    tab_to(&s, "#f-channels-0-address").await;
    keys(&s, "https://www.facebook.com/smedjebackensbibliotek").await;
    // "+ Lägg till kanal" with Space adds a row, "Ta bort" with Enter removes it.
    tab_to(&s, "#add-channel").await;
    press(&s, Key::Space).await;
    s.wait_for("#f-channels-1-address").await;
    tab_to(&s, "#channel-rows .row:nth-child(2) .button-remove").await;
    press(&s, Key::Enter).await;
    s.wait_for_count("#channel-rows .row", 1).await;
    tab_to(&s, "#f-purpose").await;
    keys(
        &s,
        "Sprida information om bibliotekets program och öppettider.",
    )
    .await;
    tab_to(&s, "#f-audience").await;
    keys(&s, "Invånare i Smedjebackens kommun.").await;
    for (css, text) in [
        ("#f-responsible-0-name", "Åsa Öberg"),
        ("#f-responsible-0-phone", "0240-66 00 00"),
        ("#f-responsible-0-email", "asa.oberg@smedjebacken.se"),
        ("#f-operators-0-name", "Jörgen Nyström"),
        ("#f-operators-0-phone", "070-123 45 67"),
        ("#f-operators-0-email", "jorgen.nystrom@smedjebacken.se"),
        ("#f-operators-1-name", "Märta Ek"),
        ("#f-operators-1-phone", "070-234 56 78"),
        ("#f-operators-1-email", "marta.ek@smedjebacken.se"),
    ] {
        tab_to(&s, css).await;
        keys(&s, text).await;
    }
    tab_to(&s, "#f-guidelines_read").await;
    press(&s, Key::Space).await;
    tab_to(&s, "#f-approval-name").await;
    keys(&s, "Karin Ålund").await;
    // The typed signature: Tab into the radio group, arrow keys choose.
    tab_to(&s, "input[name='signature-kind']").await;
    for _ in 0..3 {
        if focused_id(&s).await == "signature-kind-typed" {
            break;
        }
        press(&s, Key::Right).await;
    }
    assert_eq!(focused_id(&s).await, "signature-kind-typed");
    press(&s, Key::Space).await;
    tab_to(&s, "#f-approval-signature-text").await;
    keys(&s, "Karin Ålund").await;
    tab_to(&s, "#sign").await;
    press(&s, Key::Enter).await;
    s.wait_for("#signed-banner:not([hidden])").await;
    check(&s, &axe, "signed form").await;
    screenshot(&s.c, "keyboard-signed").await;

    // "Om" from the top bar, closed with Escape.
    s.c.execute(
        "document.activeElement.blur(); window.scrollTo(0, 0);",
        vec![],
    )
    .await
    .unwrap();
    tab_to(&s, "#open-about").await;
    press(&s, Key::Enter).await;
    s.wait_for("#about-dialog[open]").await;
    check(&s, &axe, "about dialog").await;
    press(&s, Key::Escape).await;
    s.wait_for("#about-dialog:not([open])").await;

    // The register, by keyboard: import the folder, open the application.
    tab_to(&s, "#tab-register").await;
    press(&s, Key::Enter).await;
    s.wait_for("#view-register:not([hidden])").await;
    s.wait_for_text("#reg-count", "Registret är tomt").await;
    check(&s, &axe, "empty register").await;
    tab_to(&s, "#import-folder").await;
    press(&s, Key::Enter).await;
    s.wait_for_text("#import-summary", "Importen är klar").await;
    s.wait_for_count("#verdict-rows tr", 2).await;
    check(&s, &axe, "import verdicts").await;
    screenshot(&s.c, "keyboard-register").await;
    tab_to(&s, "#reg-channel-rows tr:first-child button").await;
    press(&s, Key::Enter).await;
    s.wait_for("#register-detail:not([hidden])").await;
    s.wait_for_text("#detail-title", "Ansökan").await;
    check(&s, &axe, "application detail").await;

    // Close a channel through the dialog: date and reason typed, Enter submits.
    tab_to(&s, "#detail-body button.button-small-danger").await;
    press(&s, Key::Enter).await;
    s.wait_for("#close-dialog[open]").await;
    check(&s, &axe, "close dialog").await;
    tab_to(&s, "#close-reason").await;
    keys(&s, "Kanalen ersätts.").await;
    tab_to(&s, "#close-confirm").await;
    press(&s, Key::Enter).await;
    s.wait_for_text("#detail-status", "avslutad").await;

    // Back, and the public list exported with Enter.
    tab_to(&s, "#detail-back").await;
    press(&s, Key::Enter).await;
    s.wait_for("#register-main:not([hidden])").await;
    tab_to(&s, "#export-html").await;
    press(&s, Key::Enter).await;
    s.wait_for_text("#export-status", "Sparat").await;
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("lang=\"sv\"")
    );
    check(&s, &axe, "register after export").await;
    s.close().await;
}
