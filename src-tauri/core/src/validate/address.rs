//! Channel addresses (field 2, "Ange adress"): an https URL on the chosen
//! platform's own domain, or for Instagram, X and TikTok a handle (`@biblioteket`)
//! that [`super::normalize`] turns into the full address.

use url::{Host, Url};

use crate::error::UserError;
use crate::model::Platform;

/// The domains a platform's pages live on; subdomains (www., m., sv-se.) count too.
fn domains(p: Platform) -> &'static [&'static str] {
    match p {
        Platform::Facebook => &["facebook.com", "fb.com"],
        Platform::Instagram => &["instagram.com"],
        Platform::X => &["x.com", "twitter.com"],
        Platform::LinkedIn => &["linkedin.com"],
        Platform::YouTube => &["youtube.com", "youtu.be"],
        Platform::TikTok => &["tiktok.com"],
        Platform::Blog | Platform::Other => &[],
    }
}

/// An example address, shown in messages so a user sees what is expected.
fn example(p: Platform) -> &'static str {
    match p {
        Platform::Facebook => "https://www.facebook.com/smedjebackensbibliotek",
        Platform::Instagram => {
            "https://www.instagram.com/smedjebackensbibliotek eller @smedjebackensbibliotek"
        }
        Platform::X => "https://x.com/smedjebacken eller @smedjebacken",
        Platform::LinkedIn => "https://www.linkedin.com/company/smedjebackens-kommun",
        Platform::YouTube => "https://www.youtube.com/@smedjebacken",
        Platform::TikTok => "https://www.tiktok.com/@smedjebacken eller @smedjebacken",
        Platform::Blog | Platform::Other => "https://blogg.smedjebacken.se",
    }
}

/// The profile address for a handle, for the platforms where handles are how
/// people name an account. The user names they allow: letters, digits, `_` and
/// (Instagram, TikTok) `.`.
fn handle_url(p: Platform, handle: &str) -> Option<String> {
    let (max, dots) = match p {
        Platform::Instagram => (30, true),
        Platform::X => (15, false),
        Platform::TikTok => (24, true),
        _ => return None,
    };
    let ok = !handle.is_empty()
        && handle.len() <= max
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || (dots && c == '.'));
    if !ok {
        return None;
    }
    Some(match p {
        Platform::Instagram => format!("https://www.instagram.com/{handle}"),
        Platform::X => format!("https://x.com/{handle}"),
        _ => format!("https://www.tiktok.com/@{handle}"),
    })
}

/// The stored form of an address: a handle becomes the full https address;
/// everything else stays as typed (already trimmed and NFC).
pub(crate) fn normalize(platform: Option<Platform>, clean: &str) -> String {
    if let (Some(p), Some(handle)) = (platform, clean.strip_prefix('@'))
        && let Some(url) = handle_url(p, handle)
    {
        return url;
    }
    clean.to_string()
}

fn error(code: &str, message: String, field: &str) -> UserError {
    UserError::new(code, message).with_field(field)
}

/// True for a host that is a registered-looking domain name: at least two
/// labels and a top-level domain of letters (or an IDN's "xn--" form). Refuses
/// IP addresses, "localhost" and intranet names that no one outside can open.
fn is_public_domain(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let mut labels = host.split('.');
    let Some(tld) = labels.next_back() else {
        return false;
    };
    let has_more = labels.next().is_some();
    has_more
        && ((tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
            || tld.starts_with("xn--"))
}

/// Checks one address (already through [`normalize`]) for a known platform.
/// `shown` is the platform's name in messages.
pub(crate) fn check(
    platform: Platform,
    address: &str,
    shown: &str,
    field: &str,
) -> Option<UserError> {
    if address.starts_with('@') {
        return Some(if handle_url(platform, "x").is_some() {
            error(
                "channels.address.handle_invalid",
                format!(
                    "\u{201D}{address}\u{201D} är inte ett giltigt användarnamn på {shown}. Ett användarnamn \
                     har bara bokstäver a–z, siffror, understreck och punkt. Du kan också skriva hela adressen, \
                     till exempel {}.",
                    example(platform)
                ),
                field,
            )
        } else {
            error(
                "channels.address.handle_not_supported",
                format!(
                    "Skriv hela adressen till kanalen, till exempel {}. Ett användarnamn med @ räcker bara \
                     för Instagram, X och TikTok.",
                    example(platform)
                ),
                field,
            )
        });
    }
    if address.chars().any(char::is_whitespace) {
        return Some(error(
            "channels.address.invalid",
            "Adressen får inte innehålla mellanslag. Kopiera den från webbläsarens adressfält."
                .to_string(),
            field,
        ));
    }
    let url = match Url::parse(address) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) if !address.contains('.') => {
            // A bare name ("smedjebacken"): no domain to build an address from.
            return Some(error(
                "channels.address.missing_scheme",
                format!(
                    "Det här är inte en hel adress. Skriv kanalens hela adress med https://, till exempel {}.",
                    example(platform)
                ),
                field,
            ));
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            // "instagram.com/x" chosen as Facebook: the wrong site is the bigger
            // problem, and saying so first saves a second round.
            let with_scheme = format!("https://{}", address.trim_start_matches('/'));
            if let Some(e) = check(platform, &with_scheme, shown, field)
                && e.code == "channels.address.host_mismatch"
            {
                return Some(e);
            }
            return Some(error(
                "channels.address.missing_scheme",
                format!(
                    "Skriv hela adressen med https:// först, till exempel https://{}.",
                    address.trim_start_matches('/')
                ),
                field,
            ));
        }
        Err(e) => {
            log::debug!("channel address does not parse: {e}");
            return Some(error(
                "channels.address.invalid",
                format!(
                    "Det här är inte en giltig webbadress. Kopiera adressen från webbläsarens adressfält, \
                     till exempel {}.",
                    example(platform)
                ),
                field,
            ));
        }
    };
    match url.scheme() {
        "https" => {}
        "http" => {
            let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
            let suggested = format!("https://{rest}");
            return Some(error(
                "channels.address.not_https",
                format!(
                    "Adressen ska börja med https:// (den säkra varianten), inte http://. Skriv {suggested}."
                ),
                field,
            ));
        }
        _ => {
            return Some(error(
                "channels.address.invalid",
                format!(
                    "Ange en webbadress som börjar med https://, till exempel {}.",
                    example(platform)
                ),
                field,
            ));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Some(error(
            "channels.address.invalid",
            "Adressen får inte innehålla användarnamn eller lösenord (något@ före domännamnet). \
             Kopiera adressen från webbläsarens adressfält."
                .to_string(),
            field,
        ));
    }
    let host = match url.host() {
        Some(Host::Domain(d)) if is_public_domain(d) => d.to_string(),
        _ => {
            return Some(error(
                "channels.address.host_invalid",
                "Adressen måste ha ett riktigt domännamn, till exempel www.smedjebacken.se, \
                 inte en IP-adress eller ett internt datornamn."
                    .to_string(),
                field,
            ));
        }
    };
    let host = host.strip_suffix('.').unwrap_or(&host);
    let allowed = domains(platform);
    if allowed.is_empty() {
        return None;
    }
    let belongs = allowed
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    if !belongs || url.port().is_some() {
        return Some(error(
            "channels.address.host_mismatch",
            format!(
                "Adressen går till {host}, inte till {shown}. Välj rätt plattform eller ange kanalens adress \
                 på {shown}, till exempel {}.",
                example(platform)
            ),
            field,
        ));
    }
    if url.path().trim_matches('/').is_empty() && url.query().is_none() {
        return Some(error(
            "channels.address.no_page",
            format!(
                "Adressen går till {shown}s startsida. Ange adressen till kanalens egen sida, till exempel {}.",
                example(platform)
            ),
            field,
        ));
    }
    None
}

/// What two addresses are compared by to find the same channel twice: host
/// lower-cased without "www."/"m.", no trailing slash, no fragment; on the social
/// platforms (whose account names ignore case) the path's case is ignored too.
/// `None` for an address that is not a valid https URL (it has its own error).
pub(crate) fn duplicate_key(platform: Option<Platform>, address: &str) -> Option<String> {
    let url = Url::parse(address).ok()?;
    if url.scheme() != "https" {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.');
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(host);
    let mut path = url.path().trim_end_matches('/').to_string();
    if let Some(q) = url.query() {
        path.push('?');
        path.push_str(q);
    }
    let case_blind = matches!(platform, Some(p) if !domains(p).is_empty());
    if case_blind {
        path = path.to_lowercase();
    }
    Some(format!("{host}{path}"))
}
