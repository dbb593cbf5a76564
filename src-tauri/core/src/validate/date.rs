//! The approval date ("Datum"): stored and accepted only as ISO 8601
//! `ÅÅÅÅ-MM-DD` ("2026-11-28"), the form Swedish authorities write dates in.
//! Other ways people type a date ("28/11/2026", "28.11.2026", "20261128") are
//! refused, but the message offers the ISO form, so fixing it is one copy.

use chrono::NaiveDate;

use crate::error::UserError;

/// Parses exactly `YYYY-MM-DD` with a real calendar date.
pub(crate) fn parse_iso(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The ISO form of a date typed day first or without separators, if it is one.
fn guess(text: &str) -> Option<NaiveDate> {
    for sep in ['/', '.', '-', ' '] {
        let parts: Vec<&str> = text.split(sep).collect();
        if let [d, m, y] = parts.as_slice()
            && y.len() == 4
            && d.len() <= 2
            && m.len() <= 2
        {
            let joined = format!("{y}-{m:0>2}-{d:0>2}");
            if let Some(date) = parse_iso(&joined) {
                return Some(date);
            }
        }
    }
    if text.len() == 8 && text.bytes().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok();
    }
    None
}

/// The problem with the approval date (already trimmed), if any.
pub(crate) fn check(text: &str, today: NaiveDate, field: &str) -> Option<UserError> {
    if text.is_empty() {
        return Some(
            UserError::new(
                "approval.date.required",
                format!(
                    "Ange datum för godkännandet som ÅÅÅÅ-MM-DD, till exempel {}.",
                    today.format("%Y-%m-%d")
                ),
            )
            .with_field(field),
        );
    }
    let Some(date) = parse_iso(text) else {
        let message = match guess(text) {
            Some(d) => format!("Skriv datumet som ÅÅÅÅ-MM-DD: {}.", d.format("%Y-%m-%d")),
            // Echo short input only: a pasted paragraph would drown the message.
            None if text.chars().count() <= 20
                && text
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/' | '.' | ':')) =>
            {
                format!(
                    "\u{201D}{text}\u{201D} är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel {}.",
                    today.format("%Y-%m-%d")
                )
            }
            None => format!(
                "Det här är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel {}.",
                today.format("%Y-%m-%d")
            ),
        };
        return Some(UserError::new("approval.date.invalid", message).with_field(field));
    };
    if date > today {
        return Some(
            UserError::new(
                "approval.date.future",
                format!(
                    "Datumet {} har inte kommit än. Ett godkännande kan bara dateras i dag ({}) eller tidigare.",
                    date.format("%Y-%m-%d"),
                    today.format("%Y-%m-%d")
                ),
            )
            .with_field(field),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_only() {
        assert!(parse_iso("2026-11-28").is_some());
        assert!(parse_iso("2026-2-3").is_none());
        assert!(parse_iso("2026-02-30").is_none());
        assert!(parse_iso("+2026-11-28").is_none());
    }

    #[test]
    fn only_plain_input_is_echoed() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert!(check("igår", today, "d").unwrap().message.contains("igår"));
        let e = check("i\u{202E}går", today, "d").unwrap();
        assert!(!e.message.contains('\u{202E}'), "{}", e.message);
    }

    #[test]
    fn swedish_typing_gets_a_suggestion() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        for typed in ["28/11/2026", "28.11.2026", "20261128", "28-11-2026"] {
            let e = check(typed, today, "approval.date").unwrap();
            assert_eq!(e.code, "approval.date.invalid");
            assert!(e.message.contains("2026-11-28"), "{typed}: {}", e.message);
        }
    }
}
