//! The shipped fixture `tests/fixtures/signed-application.json` is a complete,
//! signed application with a drawn signature, and its seal is correct.
//!
//! Regenerate it with `REGENERATE_FIXTURE=1 cargo test -p kanalansokan-core --test seal_fixture`.

use kanalansokan_core::model::{Application, Point, Signature, Stroke};
use kanalansokan_core::seal;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/signed-application.json"
);

/// A few smooth strokes, sampled like a pointer at 60 Hz: a "K", a looped "Å"
/// and a long flourish underneath.
fn strokes() -> Vec<Stroke> {
    let sample = |f: &dyn Fn(f64) -> (f64, f64), n: u32| -> Stroke {
        (0..=n)
            .map(|i| {
                let s = f64::from(i) / f64::from(n);
                let (x, y) = f(s);
                Point {
                    x: x.round().clamp(0.0, 600.0) as u32,
                    y: y.round().clamp(0.0, 200.0) as u32,
                    t: i * 16,
                }
            })
            .collect()
    };
    vec![
        // Upright of the K.
        sample(&|s| (60.0 + 6.0 * s, 40.0 + 110.0 * s), 12),
        // The K's arms as one curve.
        sample(
            &|s| {
                let a = (s - 0.5) * 2.0;
                (70.0 + 45.0 * a.abs(), 95.0 + 55.0 * a)
            },
            16,
        ),
        // "Ålund" as a running wave with loops.
        sample(
            &|s| {
                let a = s * std::f64::consts::PI * 6.0;
                (
                    150.0 + 330.0 * s + 18.0 * a.cos(),
                    110.0 - 30.0 * a.sin().abs() - 8.0 * s,
                )
            },
            60,
        ),
        // Flourish.
        sample(
            &|s| {
                (
                    120.0 + 400.0 * s,
                    165.0 + 12.0 * (s * std::f64::consts::PI).sin(),
                )
            },
            24,
        ),
    ]
}

fn build() -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.approval.signature = Some(Signature::Drawn {
        width: 600,
        height: 200,
        strokes: strokes(),
    });
    app.signed_at = Some("2026-11-27T14:32:05Z".into());
    app.seal = Some(seal::compute(&app));
    app
}

#[test]
fn fixture_is_signed_with_a_drawn_signature_and_an_intact_seal() {
    let expected = build();
    if std::env::var_os("REGENERATE_FIXTURE").is_some() {
        let mut text = serde_json::to_string_pretty(&expected).unwrap();
        text.push('\n');
        std::fs::write(FIXTURE, text).unwrap();
    }
    let text = std::fs::read_to_string(FIXTURE).expect("fixture exists");
    let app: Application = serde_json::from_str(&text).unwrap();
    assert_eq!(app, expected);
    assert!(seal::is_intact(&app));
    assert!(matches!(
        app.approval.signature,
        Some(Signature::Drawn { ref strokes, .. }) if strokes.len() >= 3
    ));
}

#[test]
fn changing_any_field_breaks_the_fixture_seal() {
    let app = build();
    let mut a = app.clone();
    a.unit.push(' ');
    assert!(!seal::is_intact(&a));
    let mut b = app.clone();
    b.guidelines_read = false;
    assert!(!seal::is_intact(&b));
    let mut c = app.clone();
    if let Some(Signature::Drawn { strokes, .. }) = &mut c.approval.signature {
        strokes[0][0].x += 1;
    }
    assert!(!seal::is_intact(&c));
    let mut d = app;
    d.seal = Some("0".repeat(64));
    assert!(!seal::is_intact(&d));
}
