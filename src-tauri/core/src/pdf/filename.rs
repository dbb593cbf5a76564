//! The file name offered when saving: `Ansokan-sociala-medier_<enhet>_<ÅÅÅÅ-MM-DD>.pdf`,
//! ASCII only so that it survives e-mail, zip files and every file system.

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
    fn long_units_are_cut() {
        let mut app = Application::new_draft(chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        app.unit = "Förvaltning ".repeat(20);
        let name = suggested_file_name(&app);
        assert!(name.len() < 110, "{name}");
        assert!(name.is_ascii());
        assert!(!name.contains("-_"));
    }
}
