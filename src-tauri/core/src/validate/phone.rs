//! Telephone numbers: parsed with libphonenumber's metadata (the `phonenumber`
//! crate), Sweden as the default region, stored as E.164 ("+46701234567") and
//! shown the Swedish way ("070-123 45 67").

use std::panic;

use phonenumber::{Mode, PhoneNumber, country};

/// Characters people type in a phone number. Anything else (letters, "ankn.",
/// "#") is refused before the parser sees it.
fn plausible(text: &str) -> bool {
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    text.chars().count() <= super::text::MAX_PHONE
        && (5..=17).contains(&digits)
        && body.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.' | '/' | '\u{00A0}')
        })
}

/// Parses with the crate, which has panicked on odd input in earlier releases
/// (rust-phonenumber issues #32, #43): a panic is treated as "not a number".
fn parse(region: Option<country::Id>, text: &str) -> Option<PhoneNumber> {
    let text = text.to_string();
    panic::catch_unwind(move || {
        phonenumber::parse(region, &text)
            .ok()
            .filter(|n| n.is_valid())
    })
    .ok()
    .flatten()
}

/// The E.164 form of a number as typed, or `None` if it is not a valid number.
/// Swedish numbers may be typed nationally ("070-123 45 67", "0240-66 00 00");
/// others need their country code ("+47 22 12 34 56" or "0047 22 12 34 56").
pub(crate) fn to_e164(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if !plausible(typed) {
        return None;
    }
    let n = parse(Some(country::Id::SE), typed)?;
    Some(n.format().mode(Mode::E164).to_string())
}

/// How a stored (E.164) number is shown: Swedish numbers with the Swedish
/// grouping, others in international format. Anything unparseable is returned
/// as it is, so a draft still shows what was typed.
///
/// ```
/// use kanalansokan_core::validate::phone_display;
/// assert_eq!(phone_display("+46701234567"), "070-123 45 67");
/// assert_eq!(phone_display("+46812345678"), "08-123 456 78");
/// assert_eq!(phone_display("+46240660000"), "0240-66 00 00");
/// assert_eq!(phone_display("+4722123456"), "+47 22 12 34 56");
/// assert_eq!(phone_display("070-12"), "070-12");
/// ```
pub fn phone_display(e164: &str) -> String {
    let trimmed = e164.trim();
    if !trimmed.starts_with('+') || !plausible(trimmed) {
        return e164.to_string();
    }
    match parse(None, trimmed) {
        Some(n) if n.code().value() == 46 => n.format().mode(Mode::National).to_string(),
        Some(n) => n.format().mode(Mode::International).to_string(),
        None => e164.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_forms_become_e164() {
        for typed in [
            "070-123 45 67",
            "0701234567",
            "+46 70 123 45 67",
            "0046701234567",
        ] {
            assert_eq!(to_e164(typed).as_deref(), Some("+46701234567"), "{typed}");
        }
        assert_eq!(to_e164("08-123 456 78").as_deref(), Some("+46812345678"));
        assert_eq!(to_e164("0240-66 00 00").as_deref(), Some("+46240660000"));
    }

    #[test]
    fn foreign_numbers_need_country_code() {
        assert_eq!(to_e164("+47 22 12 34 56").as_deref(), Some("+4722123456"));
        assert_eq!(to_e164("+49 30 1234567").as_deref(), Some("+49301234567"));
    }

    #[test]
    fn nonsense_is_refused_without_panicking() {
        for typed in [
            "",
            "070-12",
            "abc",
            "  2 22#:",
            "003-836-4618x3001",
            "+",
            "++46",
            "0701234567890123456789",
            "070 123 45 67 ankn 12",
        ] {
            assert_eq!(to_e164(typed), None, "{typed}");
        }
    }
}
