//! Rules every text field shares: trimmed, NFC, a length limit, no control
//! characters, and nothing the PDF's font cannot draw.
//!
//! The rules apply to the *normalised* text ([`clean`]), the same text
//! [`super::normalize`] stores, so a trailing space or a decomposed "å" is never
//! an error, only something that is tidied away.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::UserError;
use crate::fonts::{self, Face};

/// "Förvaltning/enhetens namn".
pub const MAX_UNIT: usize = 200;
/// "Syftet med att delta" and "Målgruppen": room for a few paragraphs.
pub const MAX_LONG_TEXT: usize = 2000;
/// A person's name, the manager's name in print, a typed signature.
pub const MAX_NAME: usize = 100;
/// RFC 5321's limit for a whole address (a forward-path of 256 minus the angle brackets).
pub const MAX_EMAIL: usize = 254;
/// A channel address. Long enough for any real page address, short enough for the PDF.
pub const MAX_ADDRESS: usize = 2000;
/// The free platform name for "Annat" ("Mastodon", "Threads", …).
pub const MAX_PLATFORM_NAME: usize = 100;
/// A phone number as typed, with spaces and dashes.
pub const MAX_PHONE: usize = 40;

/// How a field is typed and drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    pub max: usize,
    /// Long texts (purpose, audience) may contain line breaks.
    pub multiline: bool,
    /// The font the PDF draws this field with.
    pub face: Face,
}

impl Spec {
    pub(crate) const fn line(max: usize) -> Spec {
        Spec {
            max,
            multiline: false,
            face: Face::Sans,
        }
    }

    pub(crate) const fn long(max: usize) -> Spec {
        Spec {
            max,
            multiline: true,
            face: Face::Sans,
        }
    }
}

/// The canonical form of a text: NFC, line breaks as `\n`, tabs as spaces (the PDF
/// has no tab stops), trimmed. One-line fields also lose runs of inner spaces,
/// which are always typing slips in a name.
///
/// ```
/// # use kanalansokan_core::validate::clean_text;
/// assert_eq!(clean_text("  A\u{30A}sa   Öberg\t", false), "Åsa Öberg");
/// assert_eq!(clean_text("Rad ett\r\nRad två \n", true), "Rad ett\nRad två");
/// ```
pub fn clean_text(text: &str, multiline: bool) -> String {
    // Most texts are clean already (every text of a signed application is):
    // then the steps below would give the text back unchanged, and are skipped.
    if is_clean(text, multiline) {
        return text.to_string();
    }
    tidy(text, multiline)
}

/// True when [`tidy`] would return `text` unchanged: NFC (the quick check says
/// so without normalising), no `\r` or tab, nothing to trim, and for one-line
/// fields no run of spaces.
fn is_clean(text: &str, multiline: bool) -> bool {
    is_nfc_quick(text.chars()) == IsNormalized::Yes
        && !text.contains(['\r', '\t'])
        && text.trim().len() == text.len()
        && (multiline || !text.contains("  "))
}

fn tidy(text: &str, multiline: bool) -> String {
    let nfc: String = text.nfc().collect();
    let unified = nfc
        .replace("\r\n", "\n")
        .replace(['\r'], "\n")
        .replace('\t', " ");
    if multiline {
        unified.trim().to_string()
    } else {
        // Split on spaces only: a line break in a one-line field stays, so it is refused.
        unified
            .split(' ')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_string()
    }
}

/// Characters that draw nothing but change what a text means or how it reads:
/// zero-width spaces and joiners, bidirectional overrides (which can make the
/// PDF show a different text than the data holds), the byte-order mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

/// "U+1F642": how a character is named when showing it would not help.
pub(crate) fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The first problem with an already [`clean_text`]ed value, if any.
pub(crate) fn check(clean: &str, spec: Spec, field: &str) -> Option<UserError> {
    for c in clean.chars() {
        if c == '\n' {
            if !spec.multiline {
                return Some(
                    UserError::new(
                        "text.line_break",
                        "Fältet ska vara en enda rad. Ta bort radbrytningen.",
                    )
                    .with_field(field),
                );
            }
        } else if c.is_control() || is_invisible_format(c) {
            return Some(
                UserError::new(
                    "text.control_character",
                    format!(
                        "Texten innehåller ett osynligt styrtecken ({}), ofta från inklistrad text. \
                         Ta bort det, till exempel genom att skriva om texten för hand.",
                        code_point(c)
                    ),
                )
                .with_field(field),
            );
        }
    }
    if let Some(c) = fonts::first_missing_glyph(clean, spec.face) {
        return Some(
            UserError::new(
                "text.unsupported_character",
                format!(
                    "Tecknet \u{201D}{c}\u{201D} ({}) kan inte skrivas ut i ansökans PDF. \
                     Ta bort det eller ersätt det med vanliga bokstäver.",
                    code_point(c)
                ),
            )
            .with_field(field),
        );
    }
    let len = clean.chars().count();
    if len > spec.max {
        return Some(
            UserError::new(
                "text.too_long",
                format!(
                    "Texten är för lång: {len} tecken. Högst {} tecken får plats; korta den.",
                    spec.max
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
    fn nfc_and_trim() {
        assert_eq!(clean_text(" A\u{30A} ", false), "Å");
    }

    #[test]
    fn the_shortcut_for_clean_texts_gives_what_tidying_gives() {
        let texts = [
            "",
            " ",
            "Åsa Öberg",
            "Åsa  Öberg",
            " Åsa",
            "Åsa ",
            "A\u{30A}sa",
            "Rad ett\nRad två",
            "Rad ett\r\nRad två",
            "\nRad",
            "Rad\n",
            "Tab\there",
            "\u{00A0}Åsa",
            "Åsa\u{00A0}\u{00A0}Öberg",
            "Åsa\u{2003}",
            "Ελένη Παπαδοπούλου",
            "Nguyễn Thị Ánh",
            "e\u{301}\u{323}",
            "a \n b",
            "a\n\nb",
            "x\u{3000}",
        ];
        for text in texts {
            for multiline in [false, true] {
                assert_eq!(
                    clean_text(text, multiline),
                    tidy(text, multiline),
                    "{text:?} multiline={multiline}"
                );
            }
        }
        assert!(is_clean("Åsa Öberg", false));
        assert!(!is_clean("Åsa  Öberg", false));
        assert!(is_clean("Åsa  Öberg", true));
    }

    #[test]
    fn one_line_keeps_line_breaks_so_they_are_refused() {
        let c = clean_text("Åsa\nÖberg", false);
        assert_eq!(
            check(&c, Spec::line(10), "x").map(|e| e.code),
            Some("text.line_break".to_string())
        );
    }

    #[test]
    fn bidi_override_is_refused() {
        let e = check("abc\u{202E}def", Spec::line(100), "x").unwrap();
        assert_eq!(e.code, "text.control_character");
        assert!(e.message.contains("U+202E"));
    }

    #[test]
    fn limit_counts_characters_not_bytes() {
        let s = "å".repeat(100);
        assert!(check(&s, Spec::line(100), "x").is_none());
        let s = "å".repeat(101);
        assert_eq!(
            check(&s, Spec::line(100), "x").unwrap().code,
            "text.too_long"
        );
    }
}
