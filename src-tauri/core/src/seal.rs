//! The seal: a SHA-256 fingerprint of a signed application's content.
//!
//! # Canonical serialisation (how to recompute a seal elsewhere)
//!
//! [`canonical_bytes`] is the UTF-8 text of one JSON value, built like this:
//!
//! 1. Take the application as it is stored (the JSON format of [`crate::model`]),
//!    **remove the member `"seal"`**. Everything else stays, including
//!    `"signed_at"` and `"approval"."signature"` (the drawn strokes or typed text).
//!    Members that the format omits when empty stay omitted (`"signed_at"` on a
//!    draft, `"signature"` before a choice, `"platform_name"` when empty).
//! 2. Every string (values, not keys, which are ASCII) is put in Unicode
//!    Normalization Form C.
//! 3. Objects are written with their members sorted by key (byte-wise order of the
//!    UTF-8 key); arrays keep their order.
//! 4. No insignificant whitespace at all: `{"a":1,"b":[1,2]}`. Numbers are
//!    unsigned integers written in decimal without sign, exponent or leading
//!    zeros. Strings are written as `serde_json` writes them: `"` and `\` escaped
//!    with a backslash, control characters below U+0020 as `\n`, `\r`, `\t`, `\b`,
//!    `\f` or `\u00XX` (lower-case hex); everything else (Swedish letters, `/`,
//!    non-BMP characters) literally, as UTF-8.
//!
//! The seal ([`compute`]) is the SHA-256 of those bytes, written as 64 lower-case
//! hexadecimal digits.
//!
//! In Python, for the same application `d` (a dict loaded from the JSON):
//!
//! ```text
//! d.pop("seal", None)
//! nfc = lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else \
//!       [nfc(x) for x in v] if isinstance(v, list) else \
//!       {k: nfc(x) for k, x in v.items()} if isinstance(v, dict) else v
//! data = json.dumps(nfc(d), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
//! hashlib.sha256(data.encode()).hexdigest()
//! ```
//!
//! # What the seal proves, and what it does not
//!
//! It catches corruption, careless edits and a PDF page that disagrees with its
//! data. It does **not** prove who signed: anyone who knows this format can
//! recompute a seal for changed content.
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::{model::Application, seal};
//! let mut app: Application = serde_json::from_str(include_str!(
//!     "../../../tests/fixtures/signed-application.json"
//! )).unwrap();
//! assert!(seal::is_intact(&app));
//! app.purpose.push('!');
//! assert!(!seal::is_intact(&app));
//! ```

use sha2::{Digest, Sha256};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::UserError;
use crate::model::Application;
use crate::validate::{self, Check};

mod canonical;
pub mod notice;

/// The canonical bytes of `app` (see the module documentation); `seal` excluded.
pub fn canonical_bytes(app: &Application) -> Vec<u8> {
    canonical_bytes_of(app)
}

/// The canonical bytes of any sealed document of the model (the application,
/// the closure notice): its JSON as described in the module documentation,
/// the top-level member `seal` excluded.
pub(crate) fn canonical_bytes_of<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    canonical::to_vec(value, "seal").unwrap_or_else(|e| {
        // The model has no maps and no floats, so nothing in it can fail; an
        // empty form would give a seal that no signed content matches.
        log::error!("canonical form: {e}");
        Vec::new()
    })
}

/// The seal of any sealed document of the model: lower-case hex SHA-256 of
/// [`canonical_bytes_of`].
pub(crate) fn seal_of<T: serde::Serialize + ?Sized>(value: &T) -> String {
    hex(&Sha256::digest(canonical_bytes_of(value)))
}

/// A string value or key: NFC, escaped as `serde_json` escapes.
fn write_string(s: &str, out: &mut Vec<u8>) {
    // Most strings are NFC already (the quick check says so without allocating);
    // normalising them anyway was most of the seal's time.
    let normalized: String;
    let s = if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        normalized = s.nfc().collect();
        &normalized
    };
    // serde_json's string escaping is the documented one. Writing into a Vec
    // cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Lower-case hexadecimal, two digits per byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    s
}

/// The seal of `app`: lower-case hex SHA-256 of [`canonical_bytes`].
pub fn compute(app: &Application) -> String {
    seal_of(app)
}

/// True when `app` carries a seal and it matches its content.
pub fn is_intact(app: &Application) -> bool {
    match &app.seal {
        Some(seal) => *seal == compute(app),
        None => false,
    }
}

/// Signs `app` at `now`: validates it for signing (every problem at once, with
/// `now`'s date in the local time zone as today), normalises it, sets `signed_at` (RFC 3339 UTC, whole
/// seconds) and seals it. Nothing is signed if any problem is found. An
/// application that is already signed is refused: it never changes.
pub fn sign(
    app: &Application,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Application, Vec<UserError>> {
    if app.is_signed() {
        return Err(vec![UserError::new(
            "application.already_signed",
            "Ansökan är redan signerad och kan inte ändras. Skapa en ny version för att göra ändringar.",
        )]);
    }
    // "Today" is the signer's calendar day: between midnight and 01:00/02:00 in
    // Sweden the UTC date is still yesterday, and today's approval date would be
    // refused as a date in the future.
    let problems = validate::validate(app, signing_day(now), Check::Signing);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(stamped(validate::normalize(app), now, |a| {
        (&mut a.signed_at, &mut a.seal)
    }))
}

/// The signer's calendar day at `now` (local time zone), the latest date a
/// signed document may carry.
pub(crate) fn signing_day(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    now.with_timezone(&chrono::Local).date_naive()
}

/// `doc` with `signed_at` set to `now` (RFC 3339 UTC, whole seconds) and sealed;
/// `fields` gives a document's `signed_at` and `seal`.
pub(crate) fn stamped<T: serde::Serialize>(
    mut doc: T,
    now: chrono::DateTime<chrono::Utc>,
    fields: fn(&mut T) -> (&mut Option<String>, &mut Option<String>),
) -> T {
    let (signed_at, seal) = fields(&mut doc);
    *signed_at = Some(now.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    *seal = None;
    let value = seal_of(&doc);
    *fields(&mut doc).1 = Some(value);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SCHEMA_VERSION, Signature};

    fn valid() -> Application {
        let mut app: Application = serde_json::from_str(include_str!(
            "../../../tests/fixtures/valid-application.json"
        ))
        .unwrap();
        app.approval.signature = Some(Signature::Typed {
            text: "Karin Ålund".into(),
        });
        app
    }

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-11-28T09:15:42.731Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    #[test]
    fn canonical_form_is_compact_sorted_and_has_no_seal() {
        let mut app = valid();
        app.seal = Some("abc".into());
        let text = String::from_utf8(canonical_bytes(&app)).unwrap();
        assert!(text.starts_with(r#"{"approval":{"date":"2026-11-27","name":"Karin Ålund","signature":{"kind":"typed","text":"Karin Ålund"}},"audience":"#));
        assert!(!text.contains("seal"));
        assert!(!text.contains(": ") && !text.contains('\n'));
        assert!(text.ends_with(&format!(r#""schema_version":{SCHEMA_VERSION},"unit":"Kultur- och fritidsförvaltningen / Smedjebackens bibliotek","version":1}}"#)));
    }

    /// The route the canonical form was first written by: a `serde_json::Value`,
    /// members sorted while writing. The direct writer must give the same bytes.
    fn via_value(app: &Application) -> Vec<u8> {
        fn write(value: &serde_json::Value, out: &mut Vec<u8>) {
            use serde_json::Value;
            match value {
                Value::Null | Value::Bool(_) | Value::Number(_) => {
                    out.extend_from_slice(value.to_string().as_bytes())
                }
                Value::String(s) => write_string(s, out),
                Value::Array(items) => {
                    out.push(b'[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        write(item, out);
                    }
                    out.push(b']');
                }
                Value::Object(map) => {
                    let mut entries: Vec<_> = map.iter().collect();
                    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                    out.push(b'{');
                    for (i, (key, item)) in entries.into_iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        write_string(key, out);
                        out.push(b':');
                        write(item, out);
                    }
                    out.push(b'}');
                }
            }
        }
        let mut unsealed = app.clone();
        unsealed.seal = None;
        let mut out = Vec::new();
        write(&serde_json::to_value(&unsealed).unwrap(), &mut out);
        out
    }

    #[test]
    fn direct_writer_gives_the_bytes_of_the_value_route() {
        let signed: Application = serde_json::from_str(include_str!(
            "../../../tests/fixtures/signed-application.json"
        ))
        .unwrap();
        let mut odd = valid();
        odd.unit = "Quote \" back\\slash \u{1} tab\t A\u{30a} 🙂".into();
        odd.channels[0].platform = "annat".into();
        odd.channels[0].platform_name = "Mastodon".into();
        odd.responsible.clear();
        odd.operators[0].email = String::new();
        let mut paper = valid();
        paper.approval.signature = Some(Signature::Paper);
        let mut unsigned = valid();
        unsigned.approval.signature = None;
        unsigned.signed_at = Some("2026-11-28T09:15:42Z".into());
        unsigned.version = u32::MAX;
        let apps = [signed, valid(), odd, paper, unsigned];
        for app in &apps {
            assert_eq!(
                String::from_utf8(canonical_bytes(app)).unwrap(),
                String::from_utf8(via_value(app)).unwrap()
            );
        }
        // The drawn signature's points and the paper variant are covered.
        assert!(matches!(
            apps[0].approval.signature,
            Some(Signature::Drawn { .. })
        ));
    }

    #[test]
    fn text_typed_two_ways_seals_the_same() {
        let mut composed = valid();
        composed.unit = "Å".into();
        let mut decomposed = valid();
        decomposed.unit = "A\u{30a}".into();
        assert_eq!(compute(&composed), compute(&decomposed));
    }

    #[test]
    fn seal_is_lower_case_hex_sha256() {
        let seal = compute(&valid());
        assert_eq!(seal.len(), 64);
        assert!(seal.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    }

    #[test]
    fn signing_sets_time_and_an_intact_seal() {
        let signed = sign(&valid(), now()).unwrap();
        assert_eq!(signed.signed_at.as_deref(), Some("2026-11-28T09:15:42Z"));
        assert!(is_intact(&signed));
        let mut edited = signed.clone();
        edited.operators[0].email = "x@smedjebacken.se".into();
        assert!(!is_intact(&edited));
        let mut resigned_time = signed.clone();
        resigned_time.signed_at = Some("2026-11-28T09:15:43Z".into());
        assert!(!is_intact(&resigned_time));
    }

    #[test]
    fn signing_refuses_without_signature_and_when_already_signed() {
        let mut unsigned = valid();
        unsigned.approval.signature = None;
        let problems = sign(&unsigned, now()).unwrap_err();
        assert!(!problems.is_empty());
        let signed = sign(&valid(), now()).unwrap();
        let again = sign(&signed, now()).unwrap_err();
        assert_eq!(again[0].code, "application.already_signed");
    }

    #[test]
    fn draft_is_not_intact() {
        assert!(!is_intact(&valid()));
    }
}
