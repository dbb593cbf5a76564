//! Swedish numbers without the phonenumber crate's start-up cost.
//!
//! Nearly every number in an application is Swedish. Parsing one with the crate
//! compiled a dozen Unicode-aware regular expressions of its own parser, then
//! Sweden's metadata patterns with the full `regex` engine (literal prefilters,
//! lazy DFAs): about 5 ms, most of a `kanalansokan pdf` process and of the
//! registrar's per-file page check. This module applies the same metadata —
//! libphonenumber's territory "SE", copied from the crate with `\d` written
//! `[0-9]` — with `regex-lite`, which compiles these short patterns in
//! microseconds, and follows the crate's own steps for the shapes that can
//! reach it (ASCII digits and separators, see `phone::plausible`).
//!
//! The crate stays the reference: the tests compare every table entry below
//! with the crate's database and every result with the crate's, over thousands
//! of generated numbers. Numbers from other countries still go to the crate.

use std::sync::OnceLock;

use regex_lite::Regex;

/// Sweden's country calling code, as it starts an E.164 number.
pub(super) const COUNTRY_CODE: &str = "46";
/// The trunk prefix dialled before a national number ("070…").
const NATIONAL_PREFIX: &str = "0";
/// Dialled before a country code from Sweden ("0046…").
const INTERNATIONAL_PREFIX: &str = "00";
/// libphonenumber's limits on a national significant number.
const MIN_NSN: usize = 2;
const MAX_NSN: usize = 17;

/// The general pattern every valid Swedish number matches.
pub(super) const GENERAL: &str =
    "(?:[26][0-9][0-9]|9)[0-9]{9}|[1-9][0-9]{8}|[1-689][0-9]{7}|[1-4689][0-9]{6}|2[0-9]{5}";

/// The number types in the order the crate tries them (`validator::number_type`):
/// name, possible lengths, pattern. A number is valid when one of them matches.
pub(super) const TYPES: [(&str, &[usize], &str); 9] = [
    (
        "premium_rate",
        &[7, 8, 9, 10],
        "649[0-9]{6}|99[1-59][0-9]{4}(?:[0-9]{3})?|9(?:00|39|44)[1-8][0-9]{3,6}",
    ),
    ("toll_free", &[6, 7, 8, 9], "20[0-9]{4,7}"),
    ("shared_cost", &[9], "77[0-7][0-9]{6}"),
    ("personal_number", &[9], "75[1-8][0-9]{6}"),
    ("pager", &[9], "74[02-9][0-9]{6}"),
    ("uan", &[9], "10[1-8][0-9]{6}"),
    ("voicemail", &[12], "(?:25[245]|67[3-68])[0-9]{9}"),
    (
        "fixed_line",
        &[7, 8, 9],
        "(?:(?:[12][136]|3[356]|4[0246]|6[03]|8[0-9])[0-9]|90[1-9])[0-9]{4,6}|(?:1(?:2[0-35]|4[0-4]|5[0-25-9]|7[13-6]|[89][0-9])|2(?:2[0-7]|4[0136-8]|5[0138]|7[018]|8[01]|9[0-57])|3(?:0[0-4]|1[0-9]|2[0-25]|4[056]|7[0-2]|8[0-3]|9[023])|4(?:1[013-8]|3[0135]|5[14-79]|7[0-246-9]|8[0156]|9[0-689])|5(?:0[0-6]|[15][0-5]|2[0-68]|3[0-4]|4[0-9]|6[03-5]|7[013]|8[0-79]|9[01])|6(?:1[1-3]|2[0-4]|4[02-57]|5[0-37]|6[0-3]|7[0-2]|8[0247]|9[0-356])|9(?:1[0-68]|2[0-9]|3[02-5]|4[0-3]|5[0-4]|[68][01]|7[0135-8]))[0-9]{5,6}",
    ),
    ("mobile", &[9], "7[02369][0-9]{7}"),
];

/// The national formats in the crate's order: pattern, leading digits, format.
/// Every Swedish format puts the national prefix before the first group
/// (libphonenumber's rule "$NP$FG").
pub(super) const FORMATS: [(&str, &str, &str); 12] = [
    ("([0-9]{2})([0-9]{2,3})([0-9]{2})", "20", "$1-$2 $3"),
    ("([0-9]{3})([0-9]{4})", "9(?:00|39|44|9)", "$1-$2"),
    (
        "([0-9]{2})([0-9]{3})([0-9]{2})",
        "[12][136]|3[356]|4[0246]|6[03]|90[1-9]",
        "$1-$2 $3",
    ),
    (
        "([0-9])([0-9]{2,3})([0-9]{2})([0-9]{2})",
        "8",
        "$1-$2 $3 $4",
    ),
    (
        "([0-9]{3})([0-9]{2,3})([0-9]{2})",
        "1[2457]|2(?:[247-9]|5[0138])|3[0247-9]|4[1357-9]|5[0-35-9]|6(?:[125689]|4[02-57]|7[0-2])|9(?:[125-8]|3[02-5]|4[0-3])",
        "$1-$2 $3",
    ),
    (
        "([0-9]{3})([0-9]{2,3})([0-9]{3})",
        "9(?:00|39|44)",
        "$1-$2 $3",
    ),
    (
        "([0-9]{2})([0-9]{2,3})([0-9]{2})([0-9]{2})",
        "1[13689]|2[0136]|3[1356]|4[0246]|54|6[03]|90[1-9]",
        "$1-$2 $3 $4",
    ),
    (
        "([0-9]{2})([0-9]{3})([0-9]{2})([0-9]{2})",
        "10|7",
        "$1-$2 $3 $4",
    ),
    ("([0-9])([0-9]{3})([0-9]{3})([0-9]{2})", "8", "$1-$2 $3 $4"),
    (
        "([0-9]{3})([0-9]{2})([0-9]{2})([0-9]{2})",
        "[13-5]|2(?:[247-9]|5[0138])|6(?:[124-689]|7[0-2])|9(?:[125-8]|3[02-5]|4[0-3])",
        "$1-$2 $3 $4",
    ),
    (
        "([0-9]{3})([0-9]{2})([0-9]{2})([0-9]{3})",
        "9",
        "$1-$2 $3 $4",
    ),
    (
        "([0-9]{3})([0-9]{2})([0-9]{3})([0-9]{2})([0-9]{2})",
        "[26]",
        "$1-$2 $3 $4 $5",
    ),
];

/// The table above, compiled once.
struct Plan {
    general: Regex,
    types: Vec<(&'static [usize], Regex)>,
    formats: Vec<(Regex, Regex, &'static str)>,
}

/// `None` only if a pattern above did not compile, which a test rules out; the
/// caller then falls back to the crate.
fn plan() -> Option<&'static Plan> {
    static PLAN: OnceLock<Option<Plan>> = OnceLock::new();
    PLAN.get_or_init(|| {
        // Anchored: every use below wants a match that starts at the first
        // digit, and leftmost-first gives the same match at position 0 with or
        // without the anchor — but unanchored, regex-lite's PikeVM would try
        // every later start too (a CSV export of 10,000 channels formats 30,000
        // numbers: 555 ms unanchored).
        let compile = |p: &str| {
            Regex::new(&format!("^(?:{p})"))
                .map_err(|e| log::error!("Swedish number pattern {p:?}: {e}"))
                .ok()
        };
        Some(Plan {
            general: compile(GENERAL)?,
            types: TYPES
                .iter()
                .map(|(_, lengths, p)| Some((*lengths, compile(p)?)))
                .collect::<Option<_>>()?,
            formats: FORMATS
                .iter()
                .map(|(p, leading, format)| Some((compile(p)?, compile(leading)?, *format)))
                .collect::<Option<_>>()?,
        })
    })
    .as_ref()
}

/// The crate's `Descriptor::is_match`: a possible length (when any are listed)
/// and a match that starts at the first digit (the patterns are anchored). Not
/// necessarily the whole number: that is how the crate does it, and the
/// lengths bound it.
fn matches_at_start(re: &Regex, lengths: &[usize], nsn: &str) -> bool {
    (lengths.is_empty() || lengths.contains(&nsn.len())) && re.is_match(nsn)
}

/// The national significant number of a Swedish number as typed ("070-123 45 67",
/// "+46 70 123 45 67", "0046 70…"), or `None` if `typed` is not one of those
/// shapes or the crate's parser would refuse it. Only ASCII digits and
/// separators may reach here (`phone::plausible`); separators are dropped as
/// the crate's parser drops them.
///
/// ```text
/// "070-123 45 67" → "701234567"      "+46 8 123 456 78" → "812345678"
/// ```
pub(super) fn national_number(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let rest = if typed.starts_with('+') {
        // The crate finds the country code in what follows the plus; a plus
        // with two digits or fewer is too short.
        if digits.len() <= MIN_NSN {
            return None;
        }
        digits.strip_prefix(COUNTRY_CODE)?
    } else if let Some(after) = digits.strip_prefix(INTERNATIONAL_PREFIX) {
        // "00" is the international prefix only when no "0" follows it.
        if after.len() <= MIN_NSN || after.starts_with('0') {
            return None;
        }
        after.strip_prefix(COUNTRY_CODE)?
    } else if digits.starts_with(NATIONAL_PREFIX) {
        &digits
    } else {
        return None;
    };
    // The crate strips the national prefix twice: once while reading the
    // national number, once more in `parse_with` ("+46 (0)70…" and also
    // "+46 00 70…"). Sweden's metadata lists no general possible lengths, so
    // the crate's "too short after stripping" check never keeps the prefix.
    let once = rest.strip_prefix(NATIONAL_PREFIX).unwrap_or(rest);
    let nsn = once.strip_prefix(NATIONAL_PREFIX).unwrap_or(once);
    // The crate stores the number as leading zeros plus an integer below 2^56
    // (so all zeros is no number).
    let value = nsn.trim_start_matches('0');
    let fits = value.parse::<u64>().is_ok_and(|v| v < 1 << 56);
    ((MIN_NSN..=MAX_NSN).contains(&nsn.len()) && fits).then(|| nsn.to_string())
}

/// True when `nsn` is a number in Sweden's plan (the crate's `number_type` is
/// not "unknown"). `None` if the plan could not be compiled.
pub(super) fn is_valid(nsn: &str) -> Option<bool> {
    let plan = plan()?;
    Some(
        matches_at_start(&plan.general, &[], nsn)
            && plan
                .types
                .iter()
                .any(|(lengths, re)| matches_at_start(re, lengths, nsn)),
    )
}

/// A valid national significant number the Swedish way ("070-123 45 67"): the
/// first format whose leading digits match at the start and whose pattern
/// matches the whole number, with the national prefix before the first group.
/// `None` when no format fits (the caller asks the crate).
pub(super) fn national_format(nsn: &str) -> Option<String> {
    let plan = plan()?;
    let (pattern, _, format) = plan.formats.iter().find(|(pattern, leading, _)| {
        leading.is_match(nsn) && pattern.find(nsn).is_some_and(|m| m.end() == nsn.len())
    })?;
    let with_prefix = format.replacen("$1", &format!("{NATIONAL_PREFIX}$1"), 1);
    Some(pattern.replace(nsn, with_prefix.as_str()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonenumber::metadata::{DATABASE, Descriptor};

    /// The crate's pattern as the table writes it: no layout whitespace, `[0-9]`.
    fn as_in_table(pattern: &str) -> String {
        pattern
            .split_whitespace()
            .collect::<String>()
            .replace("\\d", "[0-9]")
    }

    /// The table is the crate's metadata for Sweden, entry for entry, so an update
    /// of the crate that changes Sweden's plan fails here until the table follows.
    #[test]
    fn table_is_the_crates_metadata_for_sweden() {
        let se = DATABASE.by_id("SE").expect("the crate knows Sweden");
        assert_eq!(se.country_code().to_string(), COUNTRY_CODE);
        assert_eq!(se.national_prefix(), Some(NATIONAL_PREFIX));
        assert_eq!(
            se.international_prefix().map(|r| r.as_str()),
            Some(INTERNATIONAL_PREFIX)
        );
        // Without these, the crate's parser strips the prefix as assumed above.
        assert!(se.national_prefix_for_parsing().is_none());
        assert!(se.national_prefix_transform_rule().is_none());
        let d = se.descriptors();
        assert!(d.general().possible_length().is_empty());
        assert_eq!(as_in_table(d.general().national_number().as_str()), GENERAL);
        let crate_types: [(&str, Option<&Descriptor>); 9] = [
            ("premium_rate", d.premium_rate()),
            ("toll_free", d.toll_free()),
            ("shared_cost", d.shared_cost()),
            ("personal_number", d.personal_number()),
            ("pager", d.pager()),
            ("uan", d.uan()),
            ("voicemail", d.voicemail()),
            ("fixed_line", d.fixed_line()),
            ("mobile", d.mobile()),
        ];
        assert!(d.voip().is_none(), "a type the table does not list");
        for ((name, lengths, pattern), (crate_name, desc)) in TYPES.iter().zip(crate_types) {
            assert_eq!(*name, crate_name);
            let desc = desc.unwrap_or_else(|| panic!("{name} missing in the crate"));
            let crate_lengths: Vec<usize> =
                desc.possible_length().iter().map(|&l| l as usize).collect();
            assert_eq!(*lengths, crate_lengths.as_slice(), "{name}");
            assert_eq!(
                as_in_table(desc.national_number().as_str()),
                *pattern,
                "{name}"
            );
        }
        assert_eq!(se.formats().len(), FORMATS.len());
        for (f, (pattern, leading, format)) in se.formats().iter().zip(FORMATS) {
            assert_eq!(as_in_table(f.pattern().as_str()), pattern);
            let last = f.leading_digits().last().map(|r| as_in_table(r.as_str()));
            assert_eq!(last.as_deref(), Some(leading));
            assert_eq!(f.format(), format);
            assert_eq!(f.national_prefix(), Some("$NP$FG"));
        }
    }

    #[test]
    fn the_table_compiles() {
        assert!(plan().is_some());
    }

    #[test]
    fn national_numbers_from_the_ways_people_type_them() {
        for (typed, nsn) in [
            ("070-123 45 67", Some("701234567")),
            ("+46 70 123 45 67", Some("701234567")),
            ("0046 70 123 45 67", Some("701234567")),
            ("+46 (0)8-123 456 78", Some("812345678")),
            ("+47 22 12 34 56", None),
            ("0047 22 12 34 56", None),
            ("22 12 34 56", None),
            ("+46", None),
            ("0000", None),
        ] {
            assert_eq!(national_number(typed).as_deref(), nsn, "{typed}");
        }
        assert_eq!(is_valid("701234567"), Some(true));
        assert_eq!(is_valid("7012345"), Some(false));
        assert_eq!(
            national_format("701234567").as_deref(),
            Some("070-123 45 67")
        );
    }
}
