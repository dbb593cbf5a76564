//! Telephone numbers: checked against libphonenumber's metadata, Sweden as the
//! default region, stored as E.164 ("+46701234567") and shown the Swedish way
//! ("070-123 45 67"). Swedish numbers go through [`phone_se`] (Sweden's part of
//! the metadata, quick to start), all others through the `phonenumber` crate.

use std::panic;

use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, PhoneNumber, country};

use super::phone_se;

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

/// Parses with the crate (numbers from other countries), which has panicked on
/// odd input in earlier releases (rust-phonenumber issues #32, #43): a panic is
/// treated as "not a number". The crate's database is loaded on first use
/// (about 50 ms); Swedish numbers need it only if [`phone_se`] cannot answer.
fn crate_parse(region: Option<country::Id>, text: &str) -> Option<PhoneNumber> {
    let text = text.to_string();
    panic::catch_unwind(move || {
        phonenumber::parse_with(&DATABASE, region, &text)
            .ok()
            .filter(|n| n.is_valid_with(&DATABASE))
    })
    .ok()
    .flatten()
}

/// The national significant number of a valid Swedish number, or `None`.
fn valid_swedish(typed: &str) -> Option<String> {
    let nsn = phone_se::national_number(typed)?;
    match phone_se::is_valid(&nsn) {
        Some(valid) => valid.then_some(nsn),
        // Sweden's plan did not compile (a test rules it out): the crate decides.
        None => crate_parse(Some(country::Id::SE), typed).map(|n| n.national().to_string()),
    }
}

/// Answers already worked out on this thread, for a few hundred numbers.
///
/// Matching a number against Sweden's plan runs a dozen small patterns through
/// regex-lite's matcher; an import asks for each number twice (validating the
/// application, then laying out the pages it checks), and the same people and
/// switchboard numbers recur across a unit's applications and in the exports.
struct Memo {
    map: std::collections::HashMap<String, Option<String>>,
}

impl Memo {
    /// Beyond this many numbers the memo starts over (a CSV export of a large
    /// register must not grow it without bound).
    const MAX: usize = 512;

    fn new() -> Memo {
        Memo {
            map: std::collections::HashMap::new(),
        }
    }

    fn get_or(&mut self, key: &str, work: impl FnOnce() -> Option<String>) -> Option<String> {
        if let Some(known) = self.map.get(key) {
            return known.clone();
        }
        let answer = work();
        if self.map.len() >= Memo::MAX {
            self.map.clear();
        }
        self.map.insert(key.to_string(), answer.clone());
        answer
    }
}

thread_local! {
    static E164: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::new());
    static SHOWN: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::new());
}

/// The E.164 form of a number as typed, or `None` if it is not a valid number.
/// Swedish numbers may be typed nationally ("070-123 45 67", "0240-66 00 00");
/// others need their country code ("+47 22 12 34 56" or "0047 22 12 34 56").
pub(crate) fn to_e164(typed: &str) -> Option<String> {
    E164.with(|memo| memo.borrow_mut().get_or(typed, || e164_of(typed)))
}

fn e164_of(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if !plausible(typed) {
        return None;
    }
    if is_swedish(typed) {
        return valid_swedish(typed).map(|nsn| format!("+{}{nsn}", phone_se::COUNTRY_CODE));
    }
    let n = crate_parse(Some(country::Id::SE), typed)?;
    Some(n.format_with(&DATABASE).mode(Mode::E164).to_string())
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
    SHOWN
        .with(|memo| memo.borrow_mut().get_or(e164, || Some(shown(e164))))
        .unwrap_or_else(|| e164.to_string())
}

fn shown(e164: &str) -> String {
    let trimmed = e164.trim();
    if !trimmed.starts_with('+') || !plausible(trimmed) {
        return e164.to_string();
    }
    if is_swedish(trimmed) {
        return match valid_swedish(trimmed) {
            Some(nsn) => phone_se::national_format(&nsn)
                .or_else(|| {
                    let n = crate_parse(None, trimmed)?;
                    Some(n.format_with(&DATABASE).mode(Mode::National).to_string())
                })
                .unwrap_or_else(|| e164.to_string()),
            None => e164.to_string(),
        };
    }
    match crate_parse(None, trimmed) {
        Some(n) => n
            .format_with(&DATABASE)
            .mode(Mode::International)
            .to_string(),
        None => e164.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the crate itself says for a number typed in Sweden: its E.164 form
    /// and its national format, if it is valid.
    fn crate_says(typed: &str) -> Option<(String, String)> {
        let n = phonenumber::parse_with(&DATABASE, Some(country::Id::SE), typed)
            .ok()
            .filter(|n| n.is_valid_with(&DATABASE))?;
        Some((
            n.format_with(&DATABASE).mode(Mode::E164).to_string(),
            n.format_with(&DATABASE).mode(Mode::National).to_string(),
        ))
    }

    #[test]
    fn remembered_answers_are_the_answers_and_the_memo_stays_bounded() {
        let typed: Vec<String> = (0..Memo::MAX + 100)
            .map(|i| format!("070-{:03} {:02} {:02}", i % 1000, i % 97, i % 89))
            .chain([
                "070-12".to_string(),
                "+4722123456".to_string(),
                " 08-123 456 78 ".to_string(),
            ])
            .collect();
        for _ in 0..2 {
            for t in &typed {
                assert_eq!(to_e164(t), e164_of(t), "{t}");
                assert_eq!(phone_display(t), shown(t), "{t}");
            }
        }
        E164.with(|m| assert!(m.borrow().map.len() <= Memo::MAX));
    }

    /// Every kind of Swedish number, valid or not, gives what the crate gives.
    #[test]
    fn swedish_numbers_agree_with_the_crate() {
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
            "+46 (0)70-123 45 67",
            "+46 00 70 123 45 67",
            "(08) 123 456 78",
            "0254 123 456 789",
            "+460",
        ] {
            assert!(is_swedish(typed), "{typed}");
            let want = crate_says(typed);
            assert_eq!(to_e164(typed), want.clone().map(|w| w.0), "{typed}");
            if let Some((e164, national)) = want {
                assert_eq!(phone_display(&e164), national, "{typed}");
            }
        }
        for foreign in ["+47 22 12 34 56", "0047 22 12 34 56", "+358 9 1234567"] {
            assert!(!is_swedish(foreign), "{foreign}");
        }
        assert_eq!(to_e164("+47 22 12 34 56").as_deref(), Some("+4722123456"));
    }

    /// Thousands of generated numbers — every two-digit start, lengths 4 to 14,
    /// typed in the ways people type them — give exactly what the crate gives,
    /// valid or not, E.164 and national format.
    #[test]
    fn generated_swedish_numbers_agree_with_the_crate() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut checked, mut valid) = (0, 0);
        for start in 10..100 {
            for len in 4..=14 {
                for variant in 0..4 {
                    let mut nsn = start.to_string();
                    while nsn.len() < len {
                        nsn.push(char::from(b'0' + (next() % 10) as u8));
                    }
                    let typed = match variant {
                        0 => format!("0{nsn}"),
                        1 => format!("+46 {} {}", &nsn[..2], &nsn[2..]),
                        2 => format!("0046{nsn}"),
                        _ => format!(
                            "0{}-{} {}",
                            &nsn[..2],
                            &nsn[2..len / 2 + 1],
                            &nsn[len / 2 + 1..]
                        ),
                    };
                    if !plausible(&typed) {
                        continue;
                    }
                    let want = crate_says(&typed);
                    assert_eq!(to_e164(&typed), want.clone().map(|w| w.0), "{typed}");
                    if let Some((e164, national)) = want {
                        assert_eq!(phone_display(&e164), national, "{typed}");
                        valid += 1;
                    }
                    checked += 1;
                }
            }
        }
        // The corpus must exercise both outcomes, or the comparison proves little.
        assert!(
            checked > 3000 && valid > 500,
            "{checked} checked, {valid} valid"
        );
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
