//! End-to-end test of signing in the real window (see e2e.rs for the set-up):
//! fill the form, draw a signature with WebDriver pointer actions, sign, find the
//! form locked, save the PDF (through the `KANALANSOKAN_SAVE_PATH` test hook, as
//! a native GTK dialog cannot be clicked over WebDriver), and `kanalansokan verify`
//! it. The signed view is saved as `tests/screenshots/signed.png`.

use std::path::Path;
use std::time::Duration;

use crate::support::{self, Session, screenshot};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};

pub(crate) async fn fill_valid_form(s: &Session) {
    s.type_into(
        "#f-unit",
        "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek",
    )
    .await;
    s.select("#f-channels-0-platform", "facebook").await;
    s.fill(&[
        (
            "#f-channels-0-address",
            "https://www.facebook.com/smedjebackensbibliotek",
        ),
        (
            "#f-purpose",
            "Sprida information om bibliotekets program och öppettider, och svara på frågor.",
        ),
        (
            "#f-audience",
            "Invånare i Smedjebackens kommun, särskilt barnfamiljer.",
        ),
        ("#f-responsible-0-name", "Åsa Öberg"),
        ("#f-responsible-0-phone", "0240-66 00 00"),
        ("#f-responsible-0-email", "asa.oberg@smedjebacken.se"),
        ("#f-operators-0-name", "Jörgen Nyström"),
        ("#f-operators-0-phone", "070-123 45 67"),
        ("#f-operators-0-email", "jorgen.nystrom@smedjebacken.se"),
        ("#f-operators-1-name", "Åsa Öberg"),
        ("#f-operators-1-phone", "0240-66 00 00"),
        ("#f-operators-1-email", "asa.oberg@smedjebacken.se"),
    ])
    .await;
    s.click("#f-guidelines_read").await;
    s.type_into("#f-approval-name", "Karin Ålund").await;
}

/// Moves, as relative steps, along `points` (absolute offsets from the canvas centre).
fn path_steps(points: &[(f64, f64)]) -> Vec<PointerAction> {
    points
        .windows(2)
        .map(|w| PointerAction::MoveBy {
            duration: Some(Duration::from_millis(12)),
            x: (w[1].0 - w[0].0).round(),
            y: (w[1].1 - w[0].1).round(),
        })
        .collect()
}

/// Draws two strokes on the pad, like a hand: press, move in small timed steps,
/// lift. A cursive wave for the name and a flourish under it.
///
/// "Rita underskrift" must be chosen (and stay chosen: the form shown anew keeps
/// the choice, see `e2e_signing::a_signature_choice_survives_the_form_shown_anew`).
/// The page may still scroll by itself when the strokes start (a check that
/// finished after the last edit brings its message into view), and WebDriver then
/// calls the canvas not interactable. So: scroll the pad into view, and if the
/// pointer actions are refused, clear the pad and draw again (at most three
/// times). A failure leaves a screenshot in the temp folder.
pub(crate) async fn draw_signature(s: &Session) {
    draw_signature_on(s, &SignaturePadCss::APPLICATION).await;
}

/// Where a signature pad and its choice are on the page.
pub(crate) struct SignaturePadCss {
    /// The "Rita underskrift" radio.
    pub kind: &'static str,
    pub canvas: &'static str,
    /// The pad's "Rensa".
    pub clear: &'static str,
}

impl SignaturePadCss {
    pub(crate) const APPLICATION: SignaturePadCss = SignaturePadCss {
        kind: "#signature-kind-drawn",
        canvas: "#signature-canvas",
        clear: "#signature-clear",
    };
}

/// [`draw_signature`] on the pad `pad` (the application's, or the notice's).
pub(crate) async fn draw_signature_on(s: &Session, pad: &SignaturePadCss) {
    s.wait_for(&format!("{}:checked", pad.kind)).await;
    let mut last = None;
    for attempt in 0..3 {
        if attempt > 0 {
            let _ = s.c.release_actions().await;
            let _ =
                s.c.execute(
                    "const b = document.querySelector(arguments[0]); if (b) b.click();",
                    vec![serde_json::json!(pad.clear)],
                )
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        }
        match draw_strokes(s, pad).await {
            Ok(()) => return,
            Err(e) => last = Some(e),
        }
    }
    if let Ok(png) = support::window_png(&s.c).await {
        let _ = std::fs::write(
            std::env::temp_dir().join("kanalansokan-draw-failed.png"),
            png,
        );
    }
    panic!("pointer actions: {last:?}");
}

async fn draw_strokes(
    s: &Session,
    pad: &SignaturePadCss,
) -> Result<(), fantoccini::error::CmdError> {
    assert!(
        s.c.find(Locator::Css(pad.kind))
            .await?
            .is_selected()
            .await?,
        "\"Rita underskrift\" was chosen and must stay chosen"
    );
    let canvas = s.c.find(Locator::Css(pad.canvas)).await?;
    s.c.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&canvas).unwrap()],
    )
    .await?;
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let wave: Vec<(f64, f64)> = (0..=44)
        .map(|i| {
            let i = f64::from(i);
            (
                -210.0 + i * 7.0 + 9.0 * (i * 0.9).cos(),
                -8.0 - 24.0 * (i * 0.9).sin() + i * 0.4,
            )
        })
        .collect();
    let flourish: Vec<(f64, f64)> = (0..=20)
        .map(|i| {
            let i = f64::from(i);
            (-190.0 + i * 17.0, 42.0 - 6.0 * (i * 0.3).sin())
        })
        .collect();
    let mut mouse = MouseActions::new("hand".into());
    for stroke in [&wave, &flourish] {
        let (x, y) = stroke[0];
        mouse = mouse
            .then(PointerAction::MoveToElement {
                element: canvas.clone(),
                duration: None,
                x: x.round(),
                y: y.round(),
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
        for step in path_steps(stroke) {
            mouse = mouse.then(step);
        }
        mouse = mouse.then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    }
    s.c.perform_actions(mouse).await
}

async fn disabled(s: &Session, css: &str) -> bool {
    let el =
        s.c.find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    !el.is_enabled().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fill_draw_sign_save_and_verify() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let pdf_path = dir.path().join("Ansökan signerad.pdf");
    // "Skriv ut" hands the PDF to `lp` (CUPS). A stand-in `lp` first on PATH keeps
    // what it was given, so the test can check it is the very PDF that is saved.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let printed = dir.path().join("printed");
    std::fs::create_dir(&printed).unwrap();
    let fake_lp = bin.join("lp");
    std::fs::write(
        &fake_lp,
        format!(
            "#!/bin/sh\n# lp -t TITLE -- FILE\nprintf '%s\\n' \"$2\" > '{out}/title'\ncp \"$4\" '{out}/job.pdf'\n",
            out = printed.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake_lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let driver = support::Driver::start_with_env(
        &db,
        &[
            ("KANALANSOKAN_SAVE_PATH", pdf_path.as_os_str()),
            ("PATH", path.as_os_str()),
        ],
    );
    let s = Session::open(&driver).await;

    fill_valid_form(&s).await;
    s.click("#signature-kind-drawn").await;
    draw_signature(&s).await;
    s.wait_for(".signature-pad[data-stroke-count='2']").await;
    assert!(s.text(".signature-pad-status").await.contains("2 streck"));
    // "Ångra streck" takes back the last stroke, "Rensa" all; then draw it again.
    s.click("#signature-undo").await;
    s.wait_for(".signature-pad[data-stroke-count='1']").await;
    s.click("#signature-clear").await;
    s.wait_for(".signature-pad[data-stroke-count='0']").await;
    draw_signature(&s).await;
    s.wait_for(".signature-pad[data-stroke-count='2']").await;

    s.click("#sign").await;
    s.wait_for("#signed-banner:not([hidden])").await;
    let banner = s.text("#signed-banner").await;
    assert!(
        banner.contains("Signerad") && banner.contains("kan inte ändras"),
        "{banner}"
    );
    assert_eq!(s.text("#doc-kind").await, "Signerad");
    // Stored as E.164 ("+46240660000"), shown the Swedish way (FORM.md).
    s.wait_for_value("#f-responsible-0-phone", "0240-66 00 00")
        .await;
    s.wait_for_value("#f-operators-0-phone", "070-123 45 67")
        .await;

    // Locked: every field, the signature choice and the pad.
    for css in [
        "#f-unit",
        "#f-purpose",
        "#f-channels-0-address",
        "#f-operators-1-email",
        "#f-guidelines_read",
        "#f-approval-name",
        "#signature-kind-typed",
        "#add-channel",
    ] {
        assert!(disabled(&s, css).await, "{css} is read-only once signed");
    }
    assert!(
        !s.c.find(Locator::Css("#sign"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap()
    );
    s.wait_for(".signature-pad.is-disabled").await;

    // The preview shows the PDF's pages, drawn by pdf.js.
    s.wait_for("#pdf-preview canvas.pdf-page[data-page='1']")
        .await;
    s.wait_for_text("#pdf-status", "Förhandsgranskning").await;
    s.c.execute("document.scrollingElement.scrollTop = 0;", vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = support::window_png(&s.c).await.expect("screenshot");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("signed.png"), png).unwrap();
    s.c.execute(
        "document.getElementById('f-approval').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&s.c, "signed-signature-and-preview").await;
    s.c.execute(
        "document.getElementById('pdf-preview').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&s.c, "signed-pdf-preview").await;

    // "Spara PDF…" writes where the test hook says; the file verifies.
    s.click("#pdf-save").await;
    s.wait_for_text("#pdf-status", "sparad").await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kanalansokan"))
        .arg("verify")
        .arg(&pdf_path)
        .output()
        .expect("kanalansokan verify runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf_path).unwrap();
    let app = kanalansokan_core::pdf::verify(&bytes).expect("intact and signed");
    assert_eq!(app.approval.name, "Karin Ålund");
    match app.approval.signature {
        Some(kanalansokan_core::model::Signature::Drawn {
            width,
            height,
            ref strokes,
        }) => {
            assert_eq!((width, height), (600, 200));
            assert_eq!(strokes.len(), 2);
            assert!(strokes.iter().all(|st| st.len() >= 2));
            assert!(strokes.iter().flatten().all(|p| p.x <= 600 && p.y <= 200));
        }
        other => panic!("a drawn signature, got {other:?}"),
    }

    // "Skriv ut": the print system gets the same PDF as "Spara PDF…" wrote, titled
    // with its file name.
    s.click("#pdf-print").await;
    s.wait_for_text("#pdf-status", "har skickats till skrivaren")
        .await;
    let job = std::fs::read(printed.join("job.pdf")).expect("lp got a file");
    assert_eq!(job, bytes, "the printed PDF is the saved PDF");
    let title = std::fs::read_to_string(printed.join("title")).unwrap();
    assert!(
        title.starts_with("Ansokan-sociala-medier_") && title.trim_end().ends_with(".pdf"),
        "{title}"
    );

    // "Ny version": an editable draft, version 2, same application.
    s.click("#new-version").await;
    s.wait_for("#signed-banner[hidden]").await;
    assert!(s.text("#doc-version").await.contains("version 2"));
    assert!(!disabled(&s, "#f-unit").await);
    // The new draft holds the numbers as a person would type them.
    assert_eq!(s.value("#f-responsible-0-phone").await, "0240-66 00 00");
    assert_eq!(s.count("#app-list .app-item").await, 2);
    s.close().await;
}

/// The form shown anew keeps the manager's choices of how to sign: here the
/// application is opened again from "Mina ansökningar" while "Skriv underskrift"
/// and "Signera med e-legitimation eller kort" are chosen in the same moment, so
/// the choice is made while the application is fetched, before the autosave has
/// stored it. It used to fall back to no choice (and the draw test had to choose
/// "Rita underskrift" again).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signature_choice_survives_the_form_shown_anew() {
    let _serial = support::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let driver = support::Driver::start(&db);
    let s = Session::open(&driver).await;
    s.type_into("#f-approval-name", "Karin Ålund").await;
    s.wait_for_text("#save-status", "Sparat").await;
    s.wait_for("#app-list .app-open[aria-current='true']").await;

    let reopen_and_choose = "document.querySelector(\"#app-list .app-open[aria-current='true']\").click();\n\
         document.getElementById('signature-kind-typed').click();\n\
         document.getElementById('signing-method-token').click();";
    // Focus elsewhere first, so "shown anew" is seen by focus moving to the title.
    s.click("#f-unit").await;
    s.c.execute(reopen_and_choose, vec![]).await.unwrap();
    // The application has been shown anew (focus goes to its title) and saved.
    shown_anew(&s).await;
    s.wait_for("#signature-kind-typed:checked").await;
    s.wait_for("#signing-method-token:checked").await;
    assert_eq!(s.value("#f-approval-signature-text").await, "Karin Ålund");
    assert!(
        s.c.find(Locator::Css("#f-approval-signature-text"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap(),
        "the typed signature's panel shows"
    );

    // Opened again the ordinary way: the stored draft has the typed signature.
    s.click("#f-unit").await;
    s.click("#app-list .app-open[aria-current='true']").await;
    shown_anew(&s).await;
    s.wait_for("#signature-kind-typed:checked").await;
    s.close().await;
    let store = kanalansokan_core::storage::Store::open(&db).unwrap();
    let summary = store.list().unwrap().remove(0);
    let app = store.get(&summary.id, summary.version).unwrap();
    assert!(
        matches!(
            app.approval.signature,
            Some(kanalansokan_core::model::Signature::Typed { ref text }) if text == "Karin Ålund"
        ),
        "{:?}",
        app.approval.signature
    );
}

/// Waits until the form has been shown anew (focus on its title, as
/// `openApplication` leaves it) and every pending save is done.
async fn shown_anew(s: &Session) {
    for _ in 0..200 {
        let v =
            s.c.execute(
                "return document.activeElement.id === 'form-title' \
                 && document.getElementById('save-status').dataset.state !== 'pending';",
                vec![],
            )
            .await
            .unwrap();
        if v == serde_json::Value::Bool(true) {
            // The autosave's delay (300 ms) and its round trip.
            tokio::time::sleep(Duration::from_millis(800)).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the form was not shown anew");
}
