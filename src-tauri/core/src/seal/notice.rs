//! The closure notice's seal: the application's scheme ([`super`]) applied to
//! the notice's JSON ([`crate::model::notice`]).
//!
//! To recompute it elsewhere: take the notice JSON as embedded in the PDF
//! (`kanalansokan-avslut.json`), remove the top-level member `"seal"`, and
//! follow [`super`]'s canonical serialisation exactly (NFC strings, members
//! sorted by key, no whitespace, `serde_json`'s string escaping); the seal is
//! the SHA-256 of those bytes in lower-case hex. The Python lines in [`super`]
//! work unchanged on a notice.
//!
//! ```
//! use kanalansokan_core::model::notice::ClosureNotice;
//! use kanalansokan_core::seal::notice;
//! let draft: ClosureNotice = serde_json::from_str(include_str!(
//!     "../../../../tests/fixtures/valid-notice.json"
//! )).unwrap();
//! let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z").unwrap().to_utc();
//! let mut signed = notice::sign(&draft, now).unwrap();
//! assert!(notice::is_intact(&signed));
//! signed.reason.push('!');
//! assert!(!notice::is_intact(&signed));
//! ```

use crate::error::UserError;
use crate::model::notice::ClosureNotice;
use crate::validate::{Check, notice as rules};

/// The canonical bytes of `notice`; `seal` excluded.
pub fn canonical_bytes(notice: &ClosureNotice) -> Vec<u8> {
    super::canonical_bytes_of(notice)
}

/// The seal of `notice`: lower-case hex SHA-256 of [`canonical_bytes`].
pub fn compute(notice: &ClosureNotice) -> String {
    super::seal_of(notice)
}

/// True when `notice` carries a seal and it matches its content.
pub fn is_intact(notice: &ClosureNotice) -> bool {
    notice
        .seal
        .as_ref()
        .is_some_and(|seal| *seal == compute(notice))
}

/// Signs `notice` at `now`, as [`super::sign`] signs an application: every rule
/// checked (today is `now`'s local calendar day), normalised, `signed_at` set,
/// sealed. Nothing is signed if any problem is found; a signed notice is refused.
pub fn sign(
    notice: &ClosureNotice,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ClosureNotice, Vec<UserError>> {
    if notice.is_signed() {
        return Err(vec![UserError::new(
            "notice.already_signed",
            "Anmälan är redan signerad och kan inte ändras.",
        )]);
    }
    let problems = rules::validate(notice, super::signing_day(now), Check::Signing);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(super::stamped(rules::normalize(notice), now, |n| {
        (&mut n.signed_at, &mut n.seal)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> ClosureNotice {
        serde_json::from_str(include_str!("../../../../tests/fixtures/valid-notice.json")).unwrap()
    }

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00.5Z")
            .unwrap()
            .to_utc()
    }

    #[test]
    fn canonical_form_is_the_applications_scheme() {
        let signed = sign(&fixture(), now()).unwrap();
        let text = String::from_utf8(canonical_bytes(&signed)).unwrap();
        assert!(
            text.starts_with(r#"{"approval":{"date":"2026-12-05","name":"Karin Ålund""#),
            "{text}"
        );
        assert!(text.contains(r#""kind":"avslut""#));
        assert!(!text.contains("\"seal\"") && !text.contains(": "));
        // The same bytes as a serde_json::Value with sorted members would give.
        let mut value = serde_json::to_value(&signed).unwrap();
        value.as_object_mut().unwrap().remove("seal");
        let sorted = serde_json::to_string(&value).unwrap(); // serde_json sorts maps (BTreeMap)
        assert_eq!(text, sorted);
    }

    #[test]
    fn signing_seals_and_refuses_twice_or_with_problems() {
        let signed = sign(&fixture(), now()).unwrap();
        assert_eq!(signed.signed_at.as_deref(), Some("2026-12-05T10:00:00Z"));
        assert_eq!(signed.reporter.phone, "+46240660000");
        assert!(is_intact(&signed));
        assert_eq!(
            sign(&signed, now()).unwrap_err()[0].code,
            "notice.already_signed"
        );
        let mut bad = fixture();
        bad.reason.clear();
        assert_eq!(
            sign(&bad, now()).unwrap_err()[0].code,
            "notice.reason.required"
        );
        assert!(!is_intact(&fixture()));
    }
}
