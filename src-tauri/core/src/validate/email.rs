//! E-mail addresses ("E-post").
//!
//! The check is deliberately practical rather than the full RFC 5322 grammar
//! (which allows quoted strings and comments no one types): an address is valid
//! when, after trimming,
//!
//! - it has exactly one `@`, and at most [`MAX_EMAIL`](super::text::MAX_EMAIL) characters;
//! - the part before `@` is 1–64 characters from `A–Z a–z 0–9 . ! # $ % & ' * + / = ? ^ _ ` { | } ~ -`,
//!   not starting or ending with `.` and without `..` (RFC 5322 "dot-atom");
//! - the part after `@` is a domain name of at least two labels, each 1–63
//!   letters, digits or `-` (not first or last), with a top-level domain of
//!   letters; international domain names (`åsa.se`) are accepted via IDNA.
//!
//! Letters like å, ä, ö before the `@` are refused with their own message: mail
//! systems that accept them are rare, and a Swede typing "åsa.öberg@…" almost
//! always means "asa.oberg@…".

use crate::error::UserError;

fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c)
}

fn domain_ok(domain: &str) -> bool {
    // IDNA maps "Åsa.se" to "xn--sa-via.se"; ASCII domains are only lower-cased.
    let Ok(url::Host::Domain(ascii)) = url::Host::parse(domain) else {
        return false;
    };
    let labels: Vec<&str> = ascii.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && ((tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
            || tld.starts_with("xn--"))
}

/// The stored form: the domain lower-cased (domains ignore case; the part before
/// `@` is left alone, as RFC 5321 asks).
pub(crate) fn normalize(clean: &str) -> String {
    match clean.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => clean.to_string(),
    }
}

/// The problem with a non-empty, cleaned address, if any.
pub(crate) fn check(email: &str, field: &str) -> Option<UserError> {
    let invalid = || {
        UserError::new(
            "person.email.invalid",
            "Det här är inte en giltig e-postadress. Skriv den som namn@exempel.se, \
             till exempel asa.oberg@smedjebacken.se.",
        )
        .with_field(field)
    };
    let Some((local, domain)) = email.split_once('@') else {
        return Some(invalid());
    };
    if domain.contains('@') {
        return Some(invalid());
    }
    if !local.is_ascii() {
        return Some(
            UserError::new(
                "person.email.non_ascii",
                "E-postadresser har nästan aldrig å, ä, ö eller andra specialtecken före @. \
                 Kontrollera adressen, till exempel asa.oberg@smedjebacken.se i stället för åsa.öberg@….",
            )
            .with_field(field),
        );
    }
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(local_char)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if !local_ok || !domain_ok(domain) {
        return Some(invalid());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for e in [
            "asa.oberg@smedjebacken.se",
            "Asa.Oberg@Smedjebacken.SE",
            "bibliotek+kanal@kommun.smedjebacken.se",
            "info@åsa.se",
            "o'brien@example.co.uk",
        ] {
            assert_eq!(check(e, "f"), None, "{e}");
        }
    }

    #[test]
    fn refuses_broken_addresses() {
        for e in [
            "asa.oberg",
            "asa@",
            "@smedjebacken.se",
            "asa@@smedjebacken.se",
            "asa@smedjebacken",
            "asa..oberg@smedjebacken.se",
            ".asa@smedjebacken.se",
            "asa oberg@smedjebacken.se",
            "asa@smedje_backen.se",
            "asa@-smedjebacken.se",
            "asa@smedjebacken.s3",
            "asa@[127.0.0.1]",
        ] {
            assert_eq!(
                check(e, "f").map(|e| e.code),
                Some("person.email.invalid".into()),
                "{e}"
            );
        }
        assert_eq!(
            check("åsa.öberg@smedjebacken.se", "f").map(|e| e.code),
            Some("person.email.non_ascii".into())
        );
    }

    #[test]
    fn domain_is_lower_cased() {
        assert_eq!(normalize("Asa@Smedjebacken.SE"), "Asa@smedjebacken.se");
    }
}
