//! Accessibility in the real window (issue 5; EN 301 549 / WCAG 2.1 AA):
//!
//! - axe-core (npm; `KANALANSOKAN_AXE` names its `axe.min.js`, else the copy
//!   `.ci/test.sh` installs in `target/test-tools/axe` is used; under `CI` a
//!   missing axe fails) is injected over WebDriver and runs in every view and
//!   state: empty form, form with errors, drawing pad, signed form, "Om", register
//!   (empty, with import verdicts), the manual-registration dialog, an
//!   application's detail, the "Avsluta kanal" dialog, after an export, and
//!   "Politikers bloggar" with its add and end dialogs (issue 16). Any
//!   serious or critical violation fails; the rest, and what axe leaves for a
//!   person to review, is printed. Each state is saved as
//!   `tests/out/screenshots/a11y-*.png`.
//! - The whole flow with the keyboard alone: every control is reached with Tab or
//!   Shift+Tab (never clicked), used with Enter, Space, the arrow keys, Escape or
//!   typing, and shows a visible focus ring; after a failed "Kontrollera" the
//!   error summary has focus, and focus returns where it was when a dialog closes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::key::Key;
use kanalansokan_core::model::Signature;
use serde_json::Value;

use crate::fixtures::{application, sign, typed, write_pdf};
use crate::support::{self, Session, screenshot};

/// Where `.ci/test.sh` installs axe-core: `$CARGO_TARGET_DIR/test-tools/axe`.
fn installed_axe() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|t| root.join(t))
        .unwrap_or_else(|| root.join("target"));
    let p = target.join("test-tools/axe/node_modules/axe-core/axe.min.js");
    p.is_file().then_some(p)
}

/// The axe-core source (`KANALANSOKAN_AXE`, else the copy `.ci/test.sh` installs).
/// Under CI a missing axe fails the test: an accessibility check that silently
/// does not run is worse than none.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("KANALANSOKAN_AXE")
        .map(PathBuf::from)
        .or_else(installed_axe);
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    match path {
        Some(p) => Some(
            std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("axe-core at {}: {e}", p.display())),
        ),
        None if ci => panic!(
            "axe-core is missing (KANALANSOKAN_AXE not set, nothing in target/test-tools/axe): \
             run the tests with .ci/test.sh, which installs it"
        ),
        None => {
            eprintln!("axe-core missing: accessibility check skipped (run .ci/test.sh)");
            None
        }
    }
}

/// Saves a screenshot of the state as `a11y-<shot>.png`, runs axe in the page and
/// fails on serious or critical violations.
async fn check(s: &Session, axe: &Option<String>, state: &str, shot: &str) {
    screenshot(&s.c, &format!("a11y-{shot}")).await;
    let Some(source) = axe else { return };
    // Injected over WebDriver (not as a <script>, which the CSP would refuse).
    s.c.execute(
        &format!("if (!window.axe) {{ {source}\n; }} return true;"),
        vec![],
    )
    .await
    .expect("axe injects");
    let result =
        s.c.execute_async(
            "const done = arguments[arguments.length - 1];
             const brief = (list) => list.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
             axe.run(document, { resultTypes: ['violations', 'incomplete'] })
               .then(r => done({ version: axe.version, passes: r.passes.length,
                   violations: brief(r.violations), incomplete: brief(r.incomplete) }))
               .catch(e => done({ violations: [{ id: 'axe-error', impact: 'critical',
                   help: String(e), nodes: [] }] }));",
            vec![],
        )
        .await
        .expect("axe runs");
    // A run that checked nothing is no evidence: axe always passes some rules here.
    let passes = result["passes"].as_u64().unwrap_or(0);
    eprintln!(
        "axe {} [{state}]: {passes} rules pass, {} violations, {} to review by hand",
        result["version"],
        result["violations"].as_array().map_or(0, Vec::len),
        result["incomplete"].as_array().map_or(0, Vec::len),
    );
    for v in result["incomplete"].as_array().into_iter().flatten() {
        eprintln!(
            "axe [{state}] review {} ({}): {} {}",
            v["id"], v["impact"], v["help"], v["nodes"]
        );
    }
    let violations = result["violations"].as_array().cloned().unwrap_or_default();
    assert!(
        passes > 0 || !violations.is_empty(),
        "axe, {state}: checked nothing: {result}"
    );
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

/// Presses Tab until the focused element matches `css`; fails if it is not
/// reached: the control cannot be used with the keyboard.
async fn tab_to(s: &Session, css: &str) {
    tab_until(s, css, false).await
}

/// As [`tab_to`], backwards with Shift+Tab.
async fn tab_back_to(s: &Session, css: &str) {
    tab_until(s, css, true).await
}

async fn tab_until(s: &Session, css: &str, back: bool) {
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
        if back {
            keys(
                s,
                &format!("{}{}", char::from(Key::Shift), char::from(Key::Tab)),
            )
            .await;
        } else {
            press(s, Key::Tab).await;
        }
    }
    panic!("{css} cannot be reached with Tab (back: {back})");
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

pub(crate) async fn press(s: &Session, key: Key) {
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

/// One application signed with a typed name, one signed on paper (its verdict row
/// offers "Registrera manuellt…" and its dialog), and a file that is not a PDF.
fn signed_pdf(dir: &Path) {
    let typed_app = sign(
        application(1, "Kultur- och fritidsförvaltningen / Biblioteket"),
        typed(),
    );
    write_pdf(dir, "ansokan.pdf", &typed_app);
    let paper = sign(application(2, "Musikskolan"), Signature::Paper);
    write_pdf(dir, "papper.pdf", &paper);
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
    check(&s, &axe, "empty form", "form-empty").await;

    // "Kontrollera" with Enter: the error summary takes focus.
    tab_to(&s, "#check").await;
    press(&s, Key::Enter).await;
    s.wait_for("#error-summary:not([hidden])").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(focused_id(&s).await, "error-summary");
    assert_focus_visible(&s, "#error-summary").await;
    check(&s, &axe, "form with errors", "form-errors").await;

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
    // The signature: Tab into the radio group; Space chooses the drawing pad
    // (checked by axe too), the arrow keys move on to the typed signature.
    tab_to(&s, "input[name='signature-kind']").await;
    assert_eq!(focused_id(&s).await, "signature-kind-drawn");
    press(&s, Key::Space).await;
    s.wait_for(".signature-panel[data-kind='drawn']:not([hidden])")
        .await;
    check(&s, &axe, "drawing pad shown", "signature-drawn").await;
    for _ in 0..3 {
        if focused_id(&s).await == "signature-kind-typed" {
            break;
        }
        press(&s, Key::Right).await;
    }
    assert_eq!(focused_id(&s).await, "signature-kind-typed");
    press(&s, Key::Space).await;
    // Choosing it fills in the name printed above, which is what this manager signs with.
    tab_to(&s, "#f-approval-signature-text").await;
    assert_eq!(s.value("#f-approval-signature-text").await, "Karin Ålund");
    tab_to(&s, "#sign").await;
    press(&s, Key::Enter).await;
    s.wait_for("#signed-banner:not([hidden])").await;
    assert_eq!(focused_id(&s).await, "signed-banner");
    check(&s, &axe, "signed form", "signed").await;

    // "Om" from the top bar (back up with Shift+Tab), closed with Escape.
    tab_back_to(&s, "#open-about").await;
    press(&s, Key::Enter).await;
    s.wait_for("#about-dialog[open]").await;
    check(&s, &axe, "about dialog", "about").await;
    press(&s, Key::Escape).await;
    s.wait_for("#about-dialog:not([open])").await;
    // Focus goes back to where it was.
    assert_eq!(focused_id(&s).await, "open-about");

    // The register, by keyboard: import the folder, open the application.
    tab_back_to(&s, "#tab-register").await;
    press(&s, Key::Enter).await;
    s.wait_for("#view-register:not([hidden])").await;
    s.wait_for_text("#reg-count", "Registret är tomt").await;
    check(&s, &axe, "empty register", "register-empty").await;
    tab_to(&s, "#import-folder").await;
    press(&s, Key::Enter).await;
    s.wait_for_text("#import-summary", "Importen är klar").await;
    s.wait_for_count("#verdict-rows tr", 3).await;
    assert_eq!(focused_id(&s).await, "import-summary");
    check(&s, &axe, "import verdicts", "register-verdicts").await;

    // The paper-signed file's "Registrera manuellt…" opens its dialog; Escape
    // closes it and focus returns to the button.
    tab_to(
        &s,
        "#verdict-rows button[aria-label^='Registrera manuellt']",
    )
    .await;
    press(&s, Key::Enter).await;
    s.wait_for("#manual-dialog[open]").await;
    assert_eq!(focused_id(&s).await, "manual-note");
    check(&s, &axe, "manual registration dialog", "manual-dialog").await;
    press(&s, Key::Escape).await;
    s.wait_for("#manual-dialog:not([open])").await;
    assert_focus_visible(
        &s,
        "#verdict-rows button[aria-label^='Registrera manuellt']",
    )
    .await;

    // The skip link leads to the heading of the view shown.
    tab_back_to(&s, ".skip-link").await;
    press(&s, Key::Enter).await;
    assert_eq!(focused_id(&s).await, "register-title");
    tab_to(&s, "#reg-channel-rows tr:first-child button").await;
    press(&s, Key::Enter).await;
    s.wait_for("#register-detail:not([hidden])").await;
    s.wait_for_text("#detail-title", "Ansökan").await;
    check(&s, &axe, "application detail", "register-detail").await;

    // Close a channel through the dialog: date and reason typed, Enter submits.
    tab_to(&s, "#detail-body button.button-small-danger").await;
    press(&s, Key::Enter).await;
    s.wait_for("#close-dialog[open]").await;
    check(&s, &axe, "close dialog", "close-dialog").await;
    tab_to(&s, "#close-reason").await;
    keys(&s, "Kanalen ersätts.").await;
    tab_to(&s, "#close-confirm").await;
    press(&s, Key::Enter).await;
    s.wait_for_text("#detail-status", "avslutad").await;

    assert_eq!(focused_id(&s).await, "detail-status");

    // Back, and the public list exported with Enter.
    tab_back_to(&s, "#detail-back").await;
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
    check(&s, &axe, "register after export", "register-exported").await;

    // "Politikers bloggar": the add dialog by keyboard, checked by axe, filled in
    // and saved with Enter; focus goes to the message that says it was added.
    tab_to(&s, "#politician-add").await;
    press(&s, Key::Enter).await;
    s.wait_for("#politician-dialog[open]").await;
    assert_eq!(focused_id(&s).await, "politician-name");
    check(&s, &axe, "politician dialog", "politician-dialog").await;
    keys(&s, "Åsa Öberg").await;
    tab_to(&s, "#politician-party").await;
    keys(&s, "Gröna partiet").await;
    tab_to(&s, "#politician-address").await;
    keys(&s, "https://asa.example.se").await;
    press(&s, Key::Enter).await;
    s.wait_for("#politician-dialog:not([open])").await;
    s.wait_for_text("#politician-status", "tillagd").await;
    assert_eq!(focused_id(&s).await, "politician-status");
    tab_to(&s, "#politician-rows .button-small-danger").await;
    press(&s, Key::Enter).await;
    s.wait_for("#politician-end-dialog[open]").await;
    check(&s, &axe, "politician end dialog", "politician-end-dialog").await;
    press(&s, Key::Escape).await;
    s.wait_for("#politician-end-dialog:not([open])").await;
    assert_focus_visible(&s, "#politician-rows .button-small-danger").await;
    // Ended by keyboard: the date is today's, the reason chosen with Space.
    press(&s, Key::Enter).await;
    s.wait_for("#politician-end-dialog[open]").await;
    tab_to(&s, "#politician-end-seat").await;
    press(&s, Key::Space).await;
    tab_to(&s, "#politician-end-confirm").await;
    press(&s, Key::Enter).await;
    s.wait_for_text("#politician-status", "avslutad").await;
    assert_eq!(focused_id(&s).await, "politician-status");
    check(&s, &axe, "politicians' blogs", "register-politicians").await;
    s.close().await;
}
