//! Telephone numbers: parsed with libphonenumber's metadata (the `phonenumber`
//! crate), Sweden as the default region, stored as E.164 ("+46701234567") and
//! shown the Swedish way ("070-123 45 67").

use std::panic;
use std::sync::OnceLock;

use phonenumber::metadata::{DATABASE as DEFAULT, Database};
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

/// Sweden's part of libphonenumber's metadata (`assets/phone-metadata-se.xml`,
/// copied from the crate with one change: every `\d` written `[0-9]`). `\d` is
/// Unicode-aware in the regex crate, and compiling its hundreds of digit ranges
/// was most of a `validate` process (13 → 9 ms); only ASCII digits reach these
/// patterns (`plausible` refuses others), so they match the same numbers, which
/// the test below checks against the crate. Loading the crate's whole database checks the
/// syntax of every region's patterns, about 50 ms; that was most of the time of a
/// `kanalansokan validate` or `pdf` process and of the window's first check. Swedish
/// numbers, nearly all of them here, need only this; `None` if it fails to load.
fn sweden() -> Option<&'static Database> {
    static SWEDEN: OnceLock<Option<Database>> = OnceLock::new();
    SWEDEN
        .get_or_init(|| {
            Database::parse(include_str!("../../assets/phone-metadata-se.xml"))
                .map_err(|e| log::error!("Swedish phone metadata: {e:?}"))
                .ok()
        })
        .as_ref()
}

/// A Swedish number in the national format ("070-123 45 67"), exactly as the
/// crate's formatter writes it (`formatter.rs`, `Mode::National` without a carrier
/// code), using Sweden's metadata. The crate's own formatter cannot be used here:
/// its `Display` evaluates `unwrap_or(&DATABASE)` eagerly, which loads the full
/// database whatever database it was given.
fn national_se(n: &PhoneNumber, se: &Database) -> Option<String> {
    let meta = se.by_id("SE")?;
    let national = n.national().to_string();
    // The crate's rule, its operator precedence included: a format without
    // leading-digit patterns is taken as it is.
    let format = meta.formats().iter().find(|f| {
        let leading = f.leading_digits();
        leading.is_empty()
            || leading
                .last()
                .and_then(|re| re.find(&national))
                .is_some_and(|m| m.start() == 0)
                && f.pattern()
                    .find(&national)
                    .is_some_and(|m| m.start() == 0 && m.end() == national.len())
    })?;
    let pattern = format.format();
    let replacement = match format.national_prefix() {
        Some(rule) => {
            // The first group reference ("$1") gets the national prefix rule ("0$FG").
            let at = pattern.find('$')?;
            let first = pattern.get(at..at + 2)?;
            let rule = rule
                .replace("$NP", meta.national_prefix().unwrap_or(""))
                .replace("$FG", first)
                .replace("$CC", "");
            format!("{}{}{}", &pattern[..at], rule, &pattern[at + 2..])
        }
        None => pattern.to_string(),
    };
    Some(
        format
            .pattern()
            .replace(&national, replacement.as_str())
            .into_owned(),
    )
}

/// True when `text` can only be a Swedish number: national ("070…"), or with
/// Sweden's country code ("+46…", "0046…").
fn is_swedish(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    compact.starts_with("+46")
        || compact.starts_with("0046")
        || (compact.starts_with('0') && !compact.starts_with("00"))
}

/// Parses with the crate, which has panicked on odd input in earlier releases
/// (rust-phonenumber issues #32, #43): a panic is treated as "not a number".
/// Swedish numbers use [`sweden`]'s metadata, all others the crate's full database.
fn parse(region: Option<country::Id>, text: &str) -> Option<(PhoneNumber, &'static Database)> {
    let text = text.to_string();
    panic::catch_unwind(move || {
        let database = match sweden() {
            Some(se) if is_swedish(&text) => se,
            _ => &*DEFAULT,
        };
        phonenumber::parse_with(database, region, &text)
            .ok()
            .filter(|n| n.is_valid_with(database))
            .map(|n| (n, database))
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
    let (n, _) = parse(Some(country::Id::SE), typed)?;
    // What the crate's E.164 formatter writes; its formatter is not used because
    // it loads the full database even when given another (see `national_se`).
    Some(format!("+{}{}", n.code().value(), n.national()))
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
        Some((n, db)) if n.code().value() == 46 => match sweden() {
            Some(se) if std::ptr::eq(db, se) => national_se(&n, se),
            _ => None,
        }
        .unwrap_or_else(|| n.format_with(db).mode(Mode::National).to_string()),
        Some((n, db)) => n.format_with(db).mode(Mode::International).to_string(),
        None => e164.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Swedish metadata loads, and gives what the crate's full database gives
    /// for every kind of Swedish number, valid or not.
    #[test]
    fn swedish_metadata_agrees_with_the_full_database() {
        let se = sweden().expect("assets/phone-metadata-se.xml loads");
        for typed in [
            "070-123 45 67",
            "0701234567",
            "+46 70 123 45 67",
            "0046701234567",
            "08-123 456 78",
            "0240-66 00 00",
            "020-123 456",
            "0771-123 456",
            "0900-123 45 67",
            "070-12",
            "0123",
            "+46 8 123 456 789 0",
            "010-123 45 67",
            "+4640123456",
            "+46 31 123 45 67",
            "0480-123 45",
            "0111-23 45 6",
            "0200-12 34 56",
        ] {
            assert!(is_swedish(typed), "{typed}");
            let full = phonenumber::parse_with(&DEFAULT, Some(country::Id::SE), typed)
                .ok()
                .filter(|n| n.is_valid_with(&DEFAULT))
                .map(|n| n.format_with(&DEFAULT).mode(Mode::E164).to_string());
            let fast = phonenumber::parse_with(se, Some(country::Id::SE), typed)
                .ok()
                .filter(|n| n.is_valid_with(se))
                .map(|n| n.format_with(se).mode(Mode::E164).to_string());
            assert_eq!(fast, full, "{typed}");
            if let Some(e164) = full {
                let n = phonenumber::parse_with(&DEFAULT, None, &e164).unwrap();
                let want = n.format_with(&DEFAULT).mode(Mode::National).to_string();
                assert_eq!(
                    national_se(&n, se).as_deref(),
                    Some(want.as_str()),
                    "{typed}"
                );
                assert_eq!(phone_display(&e164), want, "{typed}");
                assert_eq!(to_e164(typed).as_deref(), Some(e164.as_str()), "{typed}");
            }
        }
        for foreign in ["+47 22 12 34 56", "0047 22 12 34 56", "+358 9 1234567"] {
            assert!(!is_swedish(foreign), "{foreign}");
        }
        assert_eq!(to_e164("+47 22 12 34 56").as_deref(), Some("+4722123456"));
    }

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
