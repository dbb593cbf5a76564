//! The file name offered when saving: `Ansokan-sociala-medier_<enhet>_<ÅÅÅÅ-MM-DD>.pdf`,
//! ASCII only so that it survives e-mail, zip files and every file system; and
//! [`portable_file_name`], which makes any other name one that Windows accepts.

use unicode_normalization::UnicodeNormalization;

use crate::model::Application;

const MAX_UNIT_CHARS: usize = 60;

/// Letters that do not decompose into a base letter plus accents.
fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' => "l",
        'Ł' => "L",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'ø' => "o",
        'Ø' => "O",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ß' => "ss",
        'þ' => "th",
        'Þ' => "TH",
        'ŋ' => "n",
        'Ŋ' => "N",
        'ŧ' => "t",
        'Ŧ' => "T",
        _ => return None,
    })
}

/// Folds to ASCII letters, digits and single hyphens ("Kultur- och fritid / Bibliotek"
/// → "Kultur-och-fritid-Bibliotek").
fn ascii_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.nfd() {
        if let Some(s) = fold_special(c) {
            out.push_str(s);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if unicode_normalization::char::is_combining_mark(c) {
            // The accent of a decomposed letter: drop it, keep the letter.
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(MAX_UNIT_CHARS).collect();
    trimmed.trim_end_matches('-').to_string()
}

/// See the module documentation. The date is the approval date; if that is not
/// a date, the signing date; else "utan-datum".
///
/// ```
/// use kanalansokan_core::model::Application;
/// let mut app = Application::new_draft(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
/// app.unit = "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek".into();
/// assert_eq!(
///     kanalansokan_core::pdf::suggested_file_name(&app),
///     "Ansokan-sociala-medier_Kultur-och-fritidsforvaltningen-Smedjebackens-bibliotek_2026-11-27.pdf"
/// );
/// ```
pub fn suggested_file_name(app: &Application) -> String {
    let unit = match ascii_slug(&app.unit) {
        s if s.is_empty() => "enhet".to_string(),
        s => s,
    };
    let valid = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let date = valid(app.approval.date.trim())
        .or_else(|| {
            app.signed_at
                .as_deref()
                .and_then(|s| s.get(..10))
                .and_then(valid)
        })
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "utan-datum".into());
    format!("Ansokan-sociala-medier_{unit}_{date}.pdf")
}

/// Device names that Windows reserves in every folder, with or without an
/// extension ("Naming Files, Paths, and Namespaces", Win32 documentation): `CON`,
/// `CON.pdf` and `con .txt` are all the console, not a file.
fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = stem.chars();
    let prefix: String = chars
        .by_ref()
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    let digit: String = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && matches!(
            digit.as_str(),
            "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
        )
}

/// The longest name offered, in characters: far below Windows' 255 per name, so
/// that the folder the user picks still fits in the 260 of a classic path.
const MAX_FILE_NAME_CHARS: usize = 120;

/// `name` as a file name that Windows accepts (and so every other system):
/// `<>:"/\|?*` and control characters become `-`, trailing dots and spaces go,
/// a reserved device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
/// `LPT1`–`LPT9`, with any extension) gets a `_` in front, and an overlong name is
/// shortened with its extension kept. Letters such as å, ä, ö stay: Windows has
/// no trouble with them. An empty result becomes `fallback`.
///
/// Used for every name suggested in a save dialog and for the files written for
/// the viewer and the printer.
///
/// ```
/// use kanalansokan_core::pdf::portable_file_name;
/// assert_eq!(portable_file_name("Ansökan: 1/2?.pdf", "ansokan.pdf"), "Ansökan- 1-2-.pdf");
/// assert_eq!(portable_file_name("CON.pdf", "ansokan.pdf"), "_CON.pdf");
/// assert_eq!(portable_file_name(" ... ", "ansokan.pdf"), "ansokan.pdf");
/// ```
pub fn portable_file_name(name: &str, fallback: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let mut name = replaced
        .trim_start_matches(' ')
        .trim_end_matches(['.', ' '])
        .to_string();
    if name.chars().count() > MAX_FILE_NAME_CHARS {
        let extension: String = match name.rfind('.') {
            Some(dot) if name.len() - dot <= 10 => name[dot..].to_string(),
            _ => String::new(),
        };
        let keep = MAX_FILE_NAME_CHARS - extension.chars().count();
        let stem: String = name.chars().take(keep).collect();
        name = format!("{}{extension}", stem.trim_end_matches(['.', ' ']));
    }
    if name.is_empty() || name.chars().all(|c| c == '.' || c == ' ' || c == '-') {
        return fallback.to_string();
    }
    if is_reserved_on_windows(&name) {
        name.insert(0, '_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_nordic_and_other_letters() {
        assert_eq!(ascii_slug("Åsa Öberg Ärlig"), "Asa-Oberg-Arlig");
        assert_eq!(
            ascii_slug("Łukasz Żółć, Đorđe, Áilu"),
            "Lukasz-Zolc-Dorde-Ailu"
        );
        assert_eq!(ascii_slug("  <CON>:*?  "), "CON");
        assert_eq!(ascii_slug("🙂"), "");
    }

    #[test]
    fn blank_unit_and_bad_date_have_fallbacks() {
        let mut app = Application::new_draft(chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        app.approval.date = "2026-13-45".into();
        assert_eq!(
            suggested_file_name(&app),
            "Ansokan-sociala-medier_enhet_utan-datum.pdf"
        );
    }

    #[test]
    fn characters_windows_refuses_are_replaced() {
        assert_eq!(
            portable_file_name("a<b>c:d\"e/f\\g|h?i*j.pdf", "x"),
            "a-b-c-d-e-f-g-h-i-j.pdf"
        );
        assert_eq!(
            portable_file_name("rad\nett\ttab\u{7f}.csv", "x"),
            "rad-ett-tab-.csv"
        );
        assert_eq!(
            portable_file_name("Åsa Öberg ärende 1.pdf", "x"),
            "Åsa Öberg ärende 1.pdf"
        );
    }

    #[test]
    fn trailing_dots_and_spaces_and_empty_names() {
        assert_eq!(portable_file_name("rapport. . ", "x"), "rapport");
        assert_eq!(portable_file_name("  namn.pdf  ", "x"), "namn.pdf");
        assert_eq!(portable_file_name("", "ansokan.pdf"), "ansokan.pdf");
        assert_eq!(portable_file_name("...", "ansokan.pdf"), "ansokan.pdf");
        assert_eq!(portable_file_name("???", "ansokan.pdf"), "ansokan.pdf");
    }

    #[test]
    fn reserved_device_names_get_a_prefix() {
        for reserved in [
            "CON",
            "con.pdf",
            "Prn.csv",
            "AUX",
            "nul.html",
            "COM1",
            "com9.pdf",
            "LPT1",
            "lpt9.txt",
            "COM¹.pdf",
            "CON .pdf",
            "con.tar.gz",
        ] {
            let safe = portable_file_name(reserved, "x");
            assert_eq!(safe, format!("_{reserved}"), "{reserved}");
            assert!(!is_reserved_on_windows(&safe), "{safe}");
        }
        for fine in [
            "COM10.pdf",
            "COM0",
            "LPT",
            "CONSOLE.pdf",
            "Ansokan_CON_2026.pdf",
            "nul-1.pdf",
        ] {
            assert_eq!(portable_file_name(fine, "x"), fine, "{fine}");
        }
    }

    #[test]
    fn overlong_names_keep_their_extension() {
        let long = format!("{}.pdf", "Förvaltning ".repeat(30));
        let safe = portable_file_name(&long, "x");
        assert!(safe.chars().count() <= MAX_FILE_NAME_CHARS, "{safe}");
        assert!(
            safe.ends_with("Förvaltning.pdf") || safe.ends_with(".pdf"),
            "{safe}"
        );
        assert!(!safe.contains(" .pdf"), "{safe}");
    }

    #[test]
    fn suggested_names_need_no_change_for_windows() {
        let mut app = Application::new_draft(chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        for unit in ["CON", "nul", "a<b>:c\"d|e?f*", "LPT1. ", "\u{1}\u{1f}"] {
            app.unit = unit.into();
            let name = suggested_file_name(&app);
            assert_eq!(portable_file_name(&name, "x"), name, "{unit}");
        }
    }

    #[test]
    fn long_units_are_cut() {
        let mut app = Application::new_draft(chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        app.unit = "Förvaltning ".repeat(20);
        let name = suggested_file_name(&app);
        assert!(name.len() < 110, "{name}");
        assert!(name.is_ascii());
        assert!(!name.contains("-_"));
    }
}
